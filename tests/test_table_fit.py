"""Tables that line up: figures right-aligned whether or not a mark (▲ ▼) follows them, plain
or in a rich box, in colour or not, and every line within the width asked for."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from paycalc.cli import cli
from paycalc.table import (
    NARROWEST,
    Cell,
    Column,
    Doc,
    Table,
    plain_doc,
    print_doc,
    rich_table,
)

words = st.text("abcdefghij", min_size=1, max_size=10)
texts = st.lists(words, min_size=1, max_size=6).map(" ".join)
figures = st.integers(min_value=-(10**7), max_value=10**7).map(lambda n: f"{n / 100:,.2f}")
marks = st.sampled_from(["", " ▲", " ▼", "  "])


@st.composite
def tables(draw: st.DrawFn) -> Table:
    n_text = draw(st.integers(min_value=1, max_value=3))
    n_fig = draw(st.integers(min_value=1, max_value=3))
    columns = [Column(draw(texts)) for _ in range(n_text)]
    columns += [Column(draw(texts), "right") for _ in range(n_fig)]
    rows = [
        [Cell(draw(texts)) for _ in range(n_text)]
        + [Cell(draw(figures) + draw(marks)) for _ in range(n_fig)]
        for _ in range(draw(st.integers(min_value=1, max_value=4)))
    ]
    return Table(columns, rows, title=draw(texts))


def _figure_ends(lines: list[str], table: Table) -> dict[int, set[int]]:
    """For each figure column, the set of columns on screen where its figures end."""
    ends: dict[int, set[int]] = {}
    for row in table.rows:
        for i, cell in enumerate(row):
            if table.columns[i].align != "right":
                continue
            figure = cell.text.rstrip(" ▲▼")
            found = [line for line in lines if re.search(rf"(^|\s){re.escape(figure)}(\s|$)", line)]
            for line in found[:1]:
                start = re.search(rf"(^|\s){re.escape(figure)}(\s|$)", line)
                assert start is not None
                ends.setdefault(i, set()).add(line.index(figure, start.start()) + len(figure))
    return ends


def _unique_figures(table: Table) -> bool:
    seen = [c.text.rstrip(" ▲▼") for row in table.rows for c in row[-3:]]
    return len(seen) == len(set(seen))


@given(tables(), st.integers(min_value=60, max_value=140))
def test_every_line_fits_and_figures_end_in_one_column(table: Table, columns: int) -> None:
    # Whenever it can: the figures whole and each text column at least 6 wide.
    figure_widths = [
        max(len(row[i].text) for row in table.rows)
        for i, c in enumerate(table.columns)
        if c.align == "right"
    ]
    texts = len(table.columns) - len(figure_widths)
    assume(sum(figure_widths) + NARROWEST * texts + 2 * (len(table.columns) - 1) <= columns)
    lines = plain_doc(Doc([table]), columns).splitlines()
    assert max(map(len, lines)) <= columns
    if _unique_figures(table):
        for ends in _figure_ends(lines, table).values():
            assert len(ends) == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


MARKED = Table(
    [Column("offer"), Column("median total%", "right"), Column("gap at top £", "right")],
    [
        [Cell("dtv-2020"), Cell("7.84 ▲", "bold"), Cell("93.00 ▲")],
        [Cell("interserve-2020"), Cell("7.56"), Cell("0.00")],
        [Cell("sodexo-2020"), Cell("3.40  "), Cell("-524.00 ▼")],
    ],
)


@pytest.mark.parametrize(
    "env",
    [{}, {"NO_COLOR": "1"}, {"TERM": "dumb"}, {"TERM": "dumb", "NO_COLOR": "1"}],
    ids=["colour", "no-colour", "dumb", "dumb-no-colour"],
)
@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_a_terminal_box_sets_marked_and_unmarked_figures_in_one_column(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], columns: str
) -> None:
    for name in ("NO_COLOR", "TERM", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**env, "COLUMNS": columns}.items():
        monkeypatch.setenv(name, value)
    stream = _Terminal()
    print_doc(Doc([MARKED]), stream)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue())
    lines = plain.splitlines()
    assert max(map(len, lines)) <= int(columns)
    # 7.84 ▲, 7.56 and 3.40 end in one column; 93.00 ▲, 0.00 and -524.00 ▼ in another.
    ends = {
        (line.index(f) + len(f)) for f in ("7.84", "7.56", "3.40") for line in lines if f in line
    }
    assert len(ends) == 1
    ends = {
        (line.index(f) + len(f))
        for f in ("93.00", " 0.00", "-524.00")
        for line in lines
        if f in line
    }
    assert len(ends) == 1


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_a_compact_rich_table_fits_and_sets_figures_in_one_column(columns: int) -> None:
    from rich.console import Console

    stream = io.StringIO()
    console = Console(file=stream, width=columns, force_terminal=True, no_color=True)
    console.print(rich_table(MARKED, columns, compact=True))
    lines = re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue()).splitlines()
    assert max(map(len, lines)) <= columns
    ends = {line.index(f) + len(f) for f in ("7.84", "7.56", "3.40") for line in lines if f in line}
    assert len(ends) == 1


def test_plain_text_sets_marked_and_unmarked_figures_in_one_column() -> None:
    lines = plain_doc(Doc([MARKED]), 60).splitlines()
    ends = {line.index(f) + len(f) for f in ("7.84", "7.56", "3.40") for line in lines if f in line}
    assert len(ends) == 1


def test_a_figure_columns_title_ends_where_its_figures_do() -> None:
    table = Table(
        [Column("offer"), Column("rise", "right")],
        [[Cell("dtv-2020"), Cell("7.84 ▲")], [Cell("sodexo-2020"), Cell("3.40")]],
    )
    lines = plain_doc(Doc([table]), 60).splitlines()
    assert lines[0].index("rise") + 4 == lines[2].index("7.84") + 4 == lines[3].index("3.40") + 4


def test_a_long_column_title_wraps_instead_of_widening_the_table() -> None:
    table = Table(
        [Column("band"), Column("consolidated increase in the period", "right")],
        [[Cell("3"), Cell("1,234.56")]],
    )
    lines = plain_doc(Doc([table]), 40).splitlines()
    assert max(map(len, lines)) <= 40
    assert "1,234.56" in "\n".join(lines)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("columns", [60, 80])
def test_no_line_of_list_is_wider_than_the_terminal(
    runner: CliRunner, here: Path, columns: int
) -> None:
    # A local file with a long title, beside the bundled ones: marked with its path.
    args = ["--from-scale", "sodexo-2020-21", "--reference", "nps-2020-21"]
    text = runner.invoke(cli, ["new-scheme", "counter-2021-round", *args]).stdout
    (here / "counter-2021-round.yaml").write_text(text)
    out = runner.invoke(cli, ["list"], env={"COLUMNS": str(columns)})
    assert out.exit_code == 0, out.output
    assert max(map(len, out.stdout.splitlines())) <= columns
    assert "./counter-2021-round.yaml" in out.stdout


PAYROLL = """\
Emp No,Grade,Spinal Point,Annual Salary,FTE %,Actual Pay
1,Band 3,1,"£22,300.00",100,22300
2,3,2,22800,50,11400
3,3,9,26600,60,15960
4,4,1,28700,10,28700
5,3,,99999,100,99999
2,3,2,22700,100,22700
"""


@pytest.mark.parametrize("columns", [60, 80])
def test_no_line_of_check_is_wider_than_the_terminal(
    runner: CliRunner, here: Path, columns: int
) -> None:
    (here / "staff.csv").write_text(PAYROLL)
    args = ["check", "staff.csv", "--scale", "sodexo-2020-21"]
    out = runner.invoke(cli, args, env={"COLUMNS": str(columns)})
    assert out.exit_code == 1, out.output  # flags found
    assert max(map(len, out.stdout.splitlines())) <= columns


def test_a_table_whose_figures_cannot_fit_comes_in_parts_each_within_the_width() -> None:
    # The case hypothesis found: three text columns of 6 and figure columns of 11, 9 and 13
    # characters with their marks need 6 + 6 + 6 + 11 + 9 + 13 = 51 plus five gaps of 2 = 61,
    # one more than 60, and figures never wrap: the table comes in two parts, each led by the
    # first column, every line at most 60 wide.
    def cells(*texts: str) -> list[Cell]:
        return [Cell(text, "") for text in texts]

    columns = [Column("aaaaaa"), Column("aaaaaa"), Column("a")]
    columns += [Column("a", "right") for _ in range(3)]
    rows = [
        cells("a", "a", "aaaaaa", "0.00", "0.00", "0.00"),
        cells("a", "a", "a", "-1,000.00", "0.00", "0.00"),
        cells("a", "a", "a", "0.00", "-100.00", "-100,000.00"),
        cells("a", "a", "a", "0.00 ▲", "0.00 ▲", "0.00 ▲"),
    ]
    lines = plain_doc(Doc([Table(columns, rows, title="a")]), 60).splitlines()
    assert max(map(len, lines)) <= 60
    assert "a (1 of 2)" in lines and "a (2 of 2)" in lines
