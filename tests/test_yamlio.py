"""The YAML loader reads numbers exactly, refuses what could hide a mistake or run code, and
remembers where every key stands."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from paycalc.errors import FileProblems
from paycalc.files.yamlio import load_file, load_text, mark_at


def problem(text: str):  # type: ignore[no-untyped-def]
    with pytest.raises(FileProblems) as e:
        load_text(text, "f.yaml")
    return e.value.problems[0]


def test_numbers_are_decimal_from_their_text() -> None:
    data = load_text("a: 2.5\nb: 29180.00\nc: 300\n", "f.yaml")
    assert data == {"a": Decimal("2.5"), "b": Decimal("29180.00"), "c": Decimal("300")}
    assert str(data["b"]) == "29180.00"


def test_only_true_and_false_are_booleans_so_the_key_on_stays_a_word() -> None:
    data = load_text("on: 2020-04-01\nyes: no\nflag: true\n", "f.yaml")
    assert data == {"on": date(2020, 4, 1), "yes": "no", "flag": True}


def test_every_key_and_item_knows_its_line_and_column() -> None:
    data = load_text("kind: scheme\nsteps:\n  - on: 2020-04-01\n    increment: {points: 1}\n", "f")
    assert mark_at(data, ("steps", 0, "increment", "points")) == (4, 17)
    assert mark_at(data, ("steps", 0)) == (3, 5)
    # a location that goes beyond the data points at the deepest part that exists
    assert mark_at(data, ("steps", 0, "lump_sum", "amount")) == (3, 5)


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    p = problem("a: 1\nb: 2\na: 3\n")
    assert (p.code, p.line, p.col) == ("PC003", 3, 1)
    assert "duplicate key 'a' (first at line 1)" in p.message


def test_scientific_notation_is_refused_for_money() -> None:
    p = problem("amount: 1e3\n")
    assert (p.code, p.line, p.col) == ("PC004", 1, 9)
    assert "scientific notation" in p.message


def test_tabs_are_named_as_tabs() -> None:
    p = problem("a:\n\tb: 1\n")
    assert (p.code, p.line) == ("PC002", 2)
    assert "tab" in p.message


def test_aliases_are_refused_which_defuses_a_yaml_bomb() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    p = problem(bomb)
    assert p.code == "PC004"
    assert "aliases" in p.message


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    p = problem(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert p.code == "PC004"
    assert not marker.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"# only a comment\n", "empty"),
        (b"\x00\x01binary", "not a text file"),
        (b"a: \xa3300\n", "not UTF-8"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    with pytest.raises(FileProblems) as e:
        load_file(path)
    assert words in e.value.problems[0].message


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("a: 1\n" * 300_000)
    with pytest.raises(FileProblems) as e:
        load_file(path)
    assert "too large" in e.value.problems[0].message


def test_utf8_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffa: £300\r\nb: 2\r\n".encode())
    assert load_file(path) == {"a": "£300", "b": Decimal("2")}
