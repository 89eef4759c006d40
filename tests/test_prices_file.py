"""The `prices` file kind: a price index as quoted monthly values, validated like a scale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_schema import errors
from validate_helpers import invoke_assert_code, validate_json

from paycalc.errors import NotFound
from paycalc.files.registry import Registry, bundled_dir

GOOD = """\
kind: prices
id: idx
title: A test index
index: test index, March 2021 = 100
status: published
sources: [{id: s, title: Test source, url: "https://example.org/idx"}]
values:
  - {month: 2021-03, value: 100.0, source: s}
  - {month: 2021-04, value: 101.5, source: s}
"""


def write(tmp_path: Path, text: str, name: str = "idx.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_prices_file_validates_and_is_found_by_id(tmp_path: Path, runner: CliRunner) -> None:
    path = write(tmp_path, GOOD)
    invoke_assert_code(runner, 0, ["validate", path])
    registry = Registry([tmp_path])
    assert registry.index_values("idx") == {
        date(2021, 3, 1): Decimal("100.0"),
        date(2021, 4, 1): Decimal("101.5"),
    }


@pytest.mark.parametrize(
    ("change", "code", "line", "words"),
    [
        pytest.param(
            ("2021-04, value: 101.5", "2021-02, value: 101.5"),
            "PC203",
            9,
            "2021-02 comes after 2021-03",
            id="months-out-of-order",
        ),
        pytest.param(
            ("2021-04, value: 101.5", "2021-03, value: 101.5"),
            "PC203",
            9,
            "each once",
            id="month-twice",
        ),
        pytest.param(
            ("101.5, source: s", "101.5, source: t"),
            "PC206",
            9,
            "source 't' is not declared",
            id="undeclared-source",
        ),
        pytest.param(("value: 101.5", "value: 0"), "PC103", 9, "above 0", id="value-not-positive"),
        pytest.param(
            ("month: 2021-04", "month: 2021-13"), "PC103", 9, "written YYYY-MM", id="month-13"
        ),
        pytest.param(
            ("month: 2021-04", "month: 2021-04-01"), "PC103", 9, "written YYYY-MM", id="a-date"
        ),
        pytest.param(
            ("source: s}\n", "source: s, rate: 1}\n"),
            "PC101",
            8,
            "unknown key 'rate'",
            id="unknown-key",
        ),
    ],
)
def test_a_bad_prices_file_is_reported_at_its_line(
    tmp_path: Path, change: tuple[str, str], code: str, line: int, words: str, runner: CliRunner
) -> None:
    path = write(tmp_path, GOOD.replace(*change, 1))
    problems = validate_json(runner, 1, path)["problems"]
    found = [p for p in problems if p["code"] == code]
    assert found, problems
    assert found[0]["line"] == line
    assert words in found[0]["message"]


def test_a_scheme_id_is_not_a_price_index() -> None:
    with pytest.raises(NotFound, match="nps-2020 is a scheme, not a price index"):
        Registry.bundled().prices("nps-2020")


def test_the_schema_accepts_the_bundled_indices_and_rejects_a_bad_month() -> None:
    from paycalc.files.yamlio import load_file

    for name in ("rpi", "cpi"):
        data = load_file(bundled_dir() / "prices" / f"{name}.yaml")
        assert errors(data, "prices") == []
        assert errors(data) == []  # the combined schema tells the kinds apart by `kind`
    data = load_file(bundled_dir() / "prices" / "rpi.yaml")
    data["values"][0]["month"] = "2021-3"
    assert any("does not match" in e for e in errors(data, "prices"))


@pytest.mark.parametrize(
    ("ident", "month", "value"),
    [
        # The three values the issue quotes from the LRD "Pay and prices" table (RPI).
        ("rpi", date(2021, 3, 1), "296.9"),
        ("rpi", date(2021, 4, 1), "301.1"),
        ("rpi", date(2021, 12, 1), "317.7"),
        # CPI March 2021 and March 2022: ONS gives 0.7 % and 7.0 % over 12 months
        # (108.6 -> 109.4 is 0.74 %; 109.4 -> 117.1 is 7.04 %).
        ("cpi", date(2020, 3, 1), "108.6"),
        ("cpi", date(2021, 3, 1), "109.4"),
        ("cpi", date(2022, 3, 1), "117.1"),
    ],
)
def test_the_bundled_indices_hold_the_quoted_values(ident: str, month: date, value: str) -> None:
    assert Registry.bundled().index_values(ident)[month] == Decimal(value)


def test_the_bundled_indices_run_from_march_2018_to_march_2025_without_a_gap() -> None:
    for ident in ("rpi", "cpi"):
        months = sorted(Registry.bundled().index_values(ident))
        assert months[0] == date(2018, 3, 1) and months[-1] == date(2025, 3, 1)
        assert len(months) == 7 * 12 + 1
