"""Control characters and terminal escapes from a file are shown escaped in every text output,
never sent to the terminal, and a line break in a YAML key cannot forge an extra report line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "payroll"
# In YAML's double-quoted style \e is ESC and \a is BEL: the title sets the terminal's title to
# PWNED and clears the screen when printed raw; \u202e reverses the text after it.
NASTY_TITLE = '"\\e]0;PWNED\\a\\e[2J Award \\u202e reversed"'
RAW = ("\x1b", "\x07", "\u202e")


@pytest.fixture
def nasty(tmp_path: Path) -> Path:
    """The test scheme with a hostile title, its scales beside it."""
    text = (FIXTURES / "award.yaml").read_text(encoding="utf-8")
    lines = [f"title: {NASTY_TITLE}" if ln.startswith("title:") else ln for ln in text.split("\n")]
    scheme = tmp_path / "award.yaml"
    scheme.write_text("\n".join(lines), encoding="utf-8")
    shutil.copytree(FIXTURES / "scales", tmp_path / "scales")
    return scheme


def output(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def assert_escaped(text: str) -> None:
    for raw in RAW:
        assert raw not in text
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in text


def test_show_escapes_a_terminal_sequence_in_the_title(nasty: Path, runner: CliRunner) -> None:
    assert_escaped(output(runner, "show", str(nasty)))


def test_explain_escapes_a_terminal_sequence_in_the_title(nasty: Path, runner: CliRunner) -> None:
    assert_escaped(output(runner, "explain", str(nasty), "--band", "3", "--point", "1"))


def test_compare_table_escapes_a_terminal_sequence_in_the_title(
    nasty: Path, runner: CliRunner
) -> None:
    assert_escaped(output(runner, "compare", str(nasty), "--band", "3"))


def test_compare_markdown_escapes_a_terminal_sequence_in_the_title(
    nasty: Path, runner: CliRunner
) -> None:
    # Markdown escapes the escape's backslash and bracket again, so it renders as '\x1b[2J'.
    text = output(runner, "compare", str(nasty), "--band", "3", "--format", "markdown")
    for raw in RAW:
        assert raw not in text
    assert "\\\\x1b\\]0;PWNED\\\\x07\\\\x1b\\[2J" in text


def test_an_error_naming_a_hostile_key_is_printed_escaped(
    tmp_path: Path, runner: CliRunner
) -> None:
    shutil.copytree(FIXTURES / "scales", tmp_path / "scales")
    text = (FIXTURES / "award.yaml").read_text(encoding="utf-8")
    (tmp_path / "award.yaml").write_text(text + '"\\e[2J\\e]0;PWNED\\a": 1\n', encoding="utf-8")
    result = runner.invoke(cli, ["show", str(tmp_path / "award.yaml")])
    assert result.exit_code == 2
    for raw in RAW:
        assert raw not in result.stderr
    assert "\\x1b[2J\\x1b]0;PWNED\\x07" in result.stderr


def test_list_escapes_a_terminal_sequence_in_the_title(nasty: Path, runner: CliRunner) -> None:
    runner.env["PAYCALC_PATH"] = str(nasty.parent)
    assert_escaped(output(runner, "list"))


def test_validate_escapes_a_terminal_sequence_in_an_unknown_key(
    tmp_path: Path, runner: CliRunner
) -> None:
    shutil.copytree(FIXTURES / "scales", tmp_path / "scales")
    text = (FIXTURES / "award.yaml").read_text(encoding="utf-8")
    (tmp_path / "award.yaml").write_text(text + '"\\e[2J\\e]0;PWNED\\a": 1\n', encoding="utf-8")
    out = output(runner, "validate", str(tmp_path / "award.yaml"))
    for raw in RAW:
        assert raw not in out
    assert "\\x1b[2J\\x1b]0;PWNED\\x07" in out


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_line_break_in_a_yaml_key_cannot_forge_a_validate_line(
    tmp_path: Path, fmt: str, runner: CliRunner
) -> None:
    # The key's text after its line break looks like a problem in another file. The report
    # must still be one line per problem: here one unknown key and the summary line (text),
    # or the group, the one problem, the end of the group and the summary (github).
    shutil.copytree(FIXTURES / "scales", tmp_path / "scales")
    text = (FIXTURES / "award.yaml").read_text(encoding="utf-8")
    forged = '"x\\nother.yaml:1:1: PC999 forged": 1\n'
    (tmp_path / "award.yaml").write_text(text + forged, encoding="utf-8")
    out = output(runner, "validate", str(tmp_path / "award.yaml"), "--format", fmt)
    lines = out.rstrip("\n").split("\n")
    assert not any(line.startswith("other.yaml") for line in lines)
    assert len(lines) == (2 if fmt == "text" else 4), lines
    if fmt == "text":
        assert "x\\nother.yaml:1:1: PC999 forged" in lines[0]


def test_one_hostile_cell_among_clean_ones_is_escaped_and_a_cells_line_break_kept() -> None:
    """Tables are escaped with one search over all their cells; when it finds something, each
    cell is escaped on its own, the table it came from is left as it was."""
    from paycalc.table import Cell, Column, Doc, Table, plain_doc

    table = Table([Column("name"), Column("pay", "right")], title="T")
    table.add("a", "1.00")
    table.add(Cell("b\x1bc", "bad"), "22.00")
    table.add("two\nlines", "3.00")
    # Widths: name 6 (`b\x1bc` printed is six characters), pay 5 ("22.00"); two spaces between
    # columns, text left and figures right; the two-line cell takes two lines, the second with
    # an empty pay cell (trailing spaces dropped).
    assert plain_doc(Doc([table]), 100).split("\n") == [
        "T",
        "name      pay",
        "------  -----",
        "a        1.00",
        "b\\x1bc  22.00",
        "two      3.00",
        "lines",
        "",
    ]
    assert [row[0].text for row in table.rows] == ["a", "b\x1bc", "two\nlines"]
    assert table.rows[1][0].style == "bad"
