"""`paycalc validate --sources DIR`: every quote must appear in the source text it cites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from validate_helpers import VALID, validate_json

from paycalc.validate.quotes import normalise_quote, quote_in


@pytest.fixture
def offers(tmp_path: Path) -> Path:
    shutil.copytree(VALID, tmp_path / "offers")
    return tmp_path / "offers"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_quotes_found_in_their_source_pass(runner: CliRunner) -> None:
    assert validate_json(runner, 0, "--sources", VALID, VALID)["problems"] == []


def test_a_quote_missing_from_its_source_is_pc207_at_the_quote(
    offers: Path, runner: CliRunner
) -> None:
    _edit(offers / "good.yaml", "one spine point increment", "two spine point increments")
    [problem] = validate_json(runner, 1, "--sources", offers, offers)["problems"]
    assert (problem["line"], problem["col"], problem["code"]) == (14, 5, "PC207")
    assert problem["message"] == (
        'quote not found in offer-letter.txt: "April 2020 – two spine point increments for all '
        'staff not at the top."'
    )


def test_a_not_modelled_quote_is_checked_too(offers: Path, runner: CliRunner) -> None:
    _edit(offers / "good.yaml", "will remain unchanged", "will be unchanged")
    [problem] = validate_json(runner, 1, "--sources", offers, offers)["problems"]
    assert (problem["line"], problem["code"]) == (23, "PC207")


def test_quotes_are_not_checked_without_sources(offers: Path, runner: CliRunner) -> None:
    _edit(offers / "good.yaml", "one spine point increment", "two spine point increments")
    assert validate_json(runner, 0, offers)["problems"] == []


def test_a_source_file_not_in_the_sources_directory_is_not_checked(
    offers: Path, runner: CliRunner
) -> None:
    _edit(offers / "good.yaml", "one spine point increment", "two spine point increments")
    (offers / "offer-letter.txt").unlink()
    assert validate_json(runner, 0, "--sources", offers, offers)["problems"] == []


def test_a_quote_whose_source_is_a_web_page_is_not_checked(offers: Path, runner: CliRunner) -> None:
    _edit(offers / "good.yaml", "file: offer-letter.txt", "url: https://example.org/letter")
    _edit(offers / "good.yaml", "one spine point increment", "two spine point increments")
    assert validate_json(runner, 0, "--sources", offers, offers)["problems"] == []


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        pytest.param('the staff\'s "extras"', True, id="straight-for-curly-quotes"),
        pytest.param("the staff’s “extras”", True, id="curly-quotes"),
        pytest.param("will   remain\n  unchanged", True, id="whitespace-and-line-breaks"),
        pytest.param("Allowances … unchanged", True, id="ellipsis-pieces-in-order"),
        pytest.param("Allowances ... unchanged", True, id="three-dots"),
        pytest.param("unchanged … Allowances", False, id="ellipsis-pieces-out-of-order"),
        pytest.param("allowances (the staff's", False, id="case-matters"),
        pytest.param("Allowances will remain", False, id="words-left-out-without-ellipsis"),
    ],
)
def test_quote_matching_normalises_whitespace_and_quote_characters(quote: str, found: bool) -> None:
    source = normalise_quote("Allowances (the staff’s “extras”) will remain\nunchanged.")
    assert quote_in(quote, source) is found
