"""Several offers compared: "which offer is best" first, identical offers shown once, and the
rate for the job equal to the `top` row.

Hand-worked figures use the fixture scales in tests/fixtures/compare/ (see test_parity_rule.py):
Acme's band 3 total rises are 4.76, 2.33, 4.55, 6.67, 2.98 % (median 4.55); Bravo's are all 4.50.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.compare.ranking import median
from paycalc.compare.run import Selection, compare
from paycalc.files.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures" / "compare"
ACME = str(FIXTURES / "acme-2020.yaml")
BRAVO = str(FIXTURES / "bravo-2020.yaml")


def run(runner: CliRunner, *args: str) -> str:
    out = runner.invoke(cli, ["compare", *args])
    assert out.exit_code == 0, out.output
    return out.stdout


def test_median_of_an_even_count_is_halfway_between_the_middle_two() -> None:
    from decimal import Decimal as D

    assert median([D(3), D(1), D(2)]) == 2
    assert median([D(4), D(1), D(2), D(3)]) == D("2.5")


def test_offers_are_ranked_on_the_median_total_rise_with_the_top_against_the_reference_top(
    runner: CliRunner,
) -> None:
    doc = json.loads(run(runner, ACME, BRAVO, "--band", "3", "--format", "json"))
    # The top against the top of reference band 3 (25,000), whatever the parity rule: Acme's
    # top ends on 24,000 (-1,000.00); Bravo's on 23,500 x 1.045 = 24,557.50 (-442.50).
    assert [(s["rank"], s["schemes"], s["median_total_increase_pct"]) for s in doc["ranking"]] == [
        (1, ["acme-2020"], "4.55"),
        (2, ["bravo-2020"], "4.50"),
    ]
    assert [s["top_against_reference_top"] for s in doc["ranking"]] == ["-1000.00", "-442.50"]
    # Bravo's median cash gain is point 3's: 990 a year over 275/366 + 176/365 of a year.
    assert doc["ranking"][1]["median_cash_gain"] == "1221.23"


def test_the_ranking_comes_first_in_the_table_and_marks_the_best(runner: CliRunner) -> None:
    text = run(runner, ACME, BRAVO, "--band", "3")
    assert text.index("Which offer is best") < text.index("side by side")
    line = next(x for x in text.splitlines() if x.startswith(" 1 acme-2020"))
    assert line.split() == ["1", "acme-2020", "4.55", "▲", "894.76", "-1,000.00"]


def test_a_single_offer_has_no_ranking(runner: CliRunner) -> None:
    assert json.loads(run(runner, BRAVO, "--format", "json"))["ranking"] == []
    assert "Which offer is best" not in run(runner, BRAVO)


def test_identical_offers_are_shown_once_and_named_together(
    tmp_path: Path, runner: CliRunner
) -> None:
    shutil.copytree(FIXTURES / "scales", tmp_path / "scales")
    twin = tmp_path / "bravo-twin.yaml"
    twin.write_text(Path(BRAVO).read_text().replace("title: Bravo", "title: Twin of Bravo"))
    doc = json.loads(run(runner, BRAVO, str(twin), ACME, "--band", "3", "--format", "json"))
    assert [s["schemes"] for s in doc["ranking"]] == [["acme-2020"], ["bravo-2020", "bravo-twin"]]
    text = run(runner, BRAVO, str(twin), ACME, "--band", "3")
    assert "bravo-2020 = bravo-twin: identical, the same figures on every line; one column." in text
    after_table = text.splitlines()[
        text.splitlines().index("after £ (each starting salary's pay after the offer)") + 1
    ]
    assert after_table.split() == ["before", "£", "bravo-2020", "=", "bravo-twin", "acme-2020"]
    page = run(runner, BRAVO, str(twin), ACME, "--band", "3", "--format", "html")
    # A report for members names offers by employer, and says a shared line is identical.
    assert page.count("<polyline") == 2
    assert "Bravo CRC: bravo-2020 = Bravo CRC: bravo-twin (identical)" in page


@pytest.mark.parametrize("rule", ["transfer", "same-point"])
def test_the_rate_for_the_job_equals_the_top_row_in_every_band_of_every_bundled_offer(
    rule: str,
) -> None:
    registry = Registry.bundled()
    checked = 0
    for scheme in registry.ids("scheme"):
        c = compare([scheme], registry, Selection(point="top"), parity=rule)
        for rate in c.rates:
            [top] = c.rows_of(scheme, rate.band)
            assert top.top or top.figures.protected
            f = top.figures
            assert (rate.max_after, rate.reference_salary) == (f.after, f.reference_salary), (
                scheme,
                rate.band,
            )
            assert rate.gap == f.parity_gap
            checked += 1
    assert checked >= 40
