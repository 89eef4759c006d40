"""Every cell paycalc writes to a CSV goes through one writer that quotes what needs quoting
and defuses formula starts: no row ever splits in two, no cell ever runs in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paycalc.apply.run import apply_payroll

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_a_multiline_cell_with_a_formula_after_the_break_stays_one_quoted_row(
    tmp_path: Path,
) -> None:
    # The row has a '-50' cell, which used to send it down the unquoted formula path, and an
    # address whose second line starts with '='. Read back, the output has the header and
    # exactly one data row; the address cell is escaped as a whole ("'" only at the very
    # start: the cell starts with 'F', so it is left as it is) and keeps its line break.
    src = write(
        tmp_path / "p.csv",
        "employee_id,band,point,address,adjust\nE1,3,1,\"Flat 2\n=cmd|' /C calc'!A0\",-50\n",
    )
    report = apply_payroll(SCHEME, src, tmp_path / "o.csv")
    assert (report.counts.read, report.counts.written) == (1, 1)
    rows = read_rows(tmp_path / "o.csv")
    assert len(rows) == 2
    assert rows[1][3] == "Flat 2\n=cmd|' /C calc'!A0"
    assert rows[1][4] == "-50"


def test_a_cell_starting_with_a_carriage_return_is_quoted_and_escaped(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", 'employee_id,band,point,x\nE1,3,1,"\r=1+1"\n')
    apply_payroll(SCHEME, src, tmp_path / "o.csv")
    rows = read_rows(tmp_path / "o.csv")
    assert len(rows) == 2
    assert rows[1][3] == "'\r=1+1"


def test_a_rejected_row_with_line_breaks_stays_one_row_in_the_rejects(tmp_path: Path) -> None:
    # Band 9 does not exist: the row is rejected. Its cells keep their break inside quotes.
    src = write(tmp_path / "p.csv", 'employee_id,band,point,x\nE1,9,1,"a\n@SUM(1)",-5\n')
    apply_payroll(SCHEME, src, tmp_path / "o.csv")
    rows = read_rows(tmp_path / "o.csv.rejects.csv")
    assert len(rows) == 2
    assert rows[1][0] == "2"
    assert rows[1][6] == "a\n@SUM(1)"


def test_the_rejects_column_cell_is_escaped_like_any_other(tmp_path: Path) -> None:
    # The band column's header is '-Band-' (it normalises to 'band'); a row with an unknown
    # band names that column, and the cell must not start a formula.
    src = write(tmp_path / "p.csv", "employee_id,-Band-,point\nE1,9,1\n")
    apply_payroll(SCHEME, src, tmp_path / "o.csv")
    rows = read_rows(tmp_path / "o.csv.rejects.csv")
    assert rows[1][1] == "'-Band-"


def test_a_header_with_a_line_break_is_written_quoted(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", 'employee_id,band,point,"home\naddress"\nE1,3,1,x\n')
    apply_payroll(SCHEME, src, tmp_path / "o.csv")
    rows = read_rows(tmp_path / "o.csv")
    assert len(rows) == 2
    assert rows[0][3] == "home\naddress"


def test_the_writer_quotes_a_carriage_return_and_a_line_feed() -> None:
    from paycalc.csvcell import csv_line

    # The compare csv writer must quote like apply's: a note holding '\r' stays in its row.
    line = csv_line(["a", "\r=x", "b\nc"])
    assert next(csv.reader([line + "\r\n"])) == ["a", "'\r=x", "b\nc"] or list(
        csv.reader(line.splitlines(keepends=True))
    ) == [["a", "'\r=x", "b\nc"]]


_CELLS = st.text(alphabet=st.sampled_from('ab1,"=+-@\t\r\n .'), max_size=8)


@given(st.lists(_CELLS, min_size=1, max_size=5))
def test_every_line_the_writer_makes_reads_back_as_one_row_with_no_live_formula(
    cells: list[str],
) -> None:
    from paycalc.csvcell import csv_line, escape_cell

    line = csv_line(cells)
    [row] = list(csv.reader(io_lines(line + "\r\n")))
    assert row == [escape_cell(c) for c in cells]
    for cell in row:
        assert not cell.startswith(("=", "@", "\t", "\r")) or cell.startswith("'")


def io_lines(text: str) -> list[str]:
    import io

    return list(io.StringIO(text, newline=""))


def test_a_formula_cell_goes_into_an_xlsx_output_as_text_not_a_formula(tmp_path: Path) -> None:
    # openpyxl stores a string starting with '=' as a formula, which Excel runs on opening;
    # the input's cells (header and rows) must arrive as text cells holding the same text.
    openpyxl = pytest.importorskip("openpyxl")
    src = write(
        tmp_path / "p.csv",
        'employee_id,band,point,=HYPERLINK("http://x")\nE1,3,1,"=cmd|\' /C calc\'!A0"\n',
    )
    apply_payroll(SCHEME, src, tmp_path / "o.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "o.xlsx").worksheets[0]
    header, row = list(sheet.iter_rows(max_row=2))
    assert (header[3].value, header[3].data_type) == ('=HYPERLINK("http://x")', "s")
    assert (row[3].value, row[3].data_type) == ("=cmd|' /C calc'!A0", "s")


_PLAIN = st.text(alphabet=st.sampled_from("ab1 .£=+-@\t"), max_size=6).filter(
    lambda c: not c.startswith(("=", "+", "-", "@", "\t"))
)


@given(st.lists(_PLAIN, min_size=2, max_size=5))
def test_a_line_apply_copies_unchanged_is_exactly_what_the_writer_would_write(
    cells: list[str],
) -> None:
    # apply's hot loop copies a line with no '"' and no cell starting like a formula as it is;
    # that is only safe because the one writer would write those cells the same way.
    from paycalc.csvcell import csv_line

    assert csv_line(cells) == ",".join(cells)


# Notes a payroll may hold, each with what a spreadsheet must see of it in the output: a cell
# starting with = + - @ or a tab gets a leading quote unless it is a plain number.
_NOTES = {
    "x": "x",
    "=1+1": "'=1+1",
    "-5": "-5",  # a plain number: a spreadsheet reads it as a number and runs nothing
    "-5 days": "'-5 days",
    "@a": "'@a",
    "+44 1": "'+44 1",
    "\tx": "'\tx",
    '"a,b"': "a,b",  # quoted in the file: read as one cell
    '"=x,y"': "'=x,y",
}


@settings(max_examples=12, deadline=None)
@given(
    total=st.integers(2_040, 4_200),  # across the writer's batch of 2,048 rows
    special=st.lists(st.tuples(st.integers(0, 4_199), st.sampled_from(sorted(_NOTES))), max_size=6),
)
def test_apply_defuses_a_formula_cell_wherever_it_falls_in_a_batch_of_rows(
    tmp_path_factory: pytest.TempPathFactory, total: int, special: list[tuple[int, str]]
) -> None:
    notes = ["x"] * total
    for at, note in special:
        notes[at % total] = note
    text = "employee_id,band,point,note\n" + "".join(
        f"E{i},3,1,{note}\n" for i, note in enumerate(notes)
    )
    tmp = tmp_path_factory.mktemp("batch")
    report = apply_payroll(SCHEME, write(tmp / "p.csv", text), tmp / "out.csv")
    assert report.counts.written == total
    rows = read_rows(tmp / "out.csv")[1:]
    assert [row[3] for row in rows] == [_NOTES[note] for note in notes]
    assert [row[0] for row in rows] == [f"E{i}" for i in range(total)]


def test_a_line_quoted_as_csv_quotes_is_copied_as_written_and_any_other_is_rewritten(
    tmp_path: Path,
) -> None:
    # Row 2 quotes as a CSV writer does (a comma inside, a doubled quote): copied byte for
    # byte, its needless quotes around "3" kept. Row 3 has text after a closing quote, which
    # csv.reader reads as 'ab c' and a spreadsheet may read otherwise: written again cell by
    # cell, as read. Row 4's quoted cell starts like a formula: defused.
    text = (
        "employee_id,band,point,note\r\n"
        'E1,"3",1,"Smith, ""Jo"""\r\n'
        'E2,3,1,"ab" c\r\n'
        'E3,3,1,"=1+1"\r\n'
    )
    apply_payroll(SCHEME, write(tmp_path / "p.csv", text), tmp_path / "out.csv")
    lines = (tmp_path / "out.csv").read_bytes().decode("utf-8").split("\r\n")
    assert lines[1].startswith('E1,"3",1,"Smith, ""Jo""",')
    assert lines[2].startswith("E2,3,1,ab c,")
    assert lines[3].startswith("E3,3,1,'=1+1,")
    assert [row[3] for row in read_rows(tmp_path / "out.csv")[1:]] == [
        'Smith, "Jo"',
        "ab c",
        "'=1+1",
    ]
