"""The 26 June 2021 transfer to the Probation Service and the NPS 2021/22 award, as the issue's
"Done when" list asks: the placement, a protected salary with its end date, +£250 below £24,000,
and the cash window running past 25 June 2021 when a transfer is compared."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.engine import run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec
from paycalc.steps.assimilate import protection_end

TRANSFERS = ["interserve", "sodexo", "seetec", "dtv", "mtc", "rrp", "wwm"]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.bundled()


def _explain(runner: CliRunner, *args: str) -> str:
    out = runner.invoke(cli, ["explain", *args], env={"COLUMNS": "60", "NO_COLOR": "1"})
    assert out.exit_code == 0, out.output
    return out.stdout


def test_explain_interserve_top_of_band_3_shows_the_26_june_2021_placement(
    runner: CliRunner,
) -> None:
    text = _explain(runner, "transfer-2021-interserve", "--band", "3", "--point", "top")
    # NPS 2019/20 band 3 top 28209 is also the 2020/21 top, point 5 of [24113 .. 28209].
    row = next(line for line in text.splitlines() if line.startswith("2021-06-26"))
    assert "£28,209.00" in row
    assert "onto nps-2020-21 band 3 point 5" in " ".join(
        text.split()
    )  # wrapped to the width, any spacing


@pytest.mark.parametrize("employer", TRANSFERS)
def test_every_crc_employer_has_a_transfer_scheme_dated_26_june_2021(
    runner: CliRunner, employer: str
) -> None:
    text = _explain(runner, f"transfer-2021-{employer}", "--band", "3", "--point", "top")
    assert any(line.startswith("2021-06-26  assimilate") for line in text.splitlines())
    assert "onto nps-2020-21 band 3" in " ".join(text.split())  # wrapped to the width, any spacing


def test_a_salary_above_the_matched_band_top_is_protected_to_25_june_2024(
    runner: CliRunner,
) -> None:
    # dtv-2020 leaves band 3 top at 26700 x 1.06 = 28302, above the NPS band 3 top 28209 by 93.
    text = _explain(runner, "transfer-2021-dtv", "--band", "3", "--salary", "28302")
    flat = " ".join(text.split())
    assert "£93.00 above the band top, protected until 2024-06-25" in flat
    assert "protected until 25 June 2024, above the band top, £28,302.00" in flat
    assert "Parity gap: £93.00" in flat


def test_a_placement_on_a_point_records_no_protection(registry: Registry) -> None:
    scheme = registry.scheme("transfer-2021-sodexo")
    res = run(scheme, PersonSpec(band="3", point="top"), registry)
    # Sodexo band 3 top 26600 -> the next NPS point 27124 (point 4).
    assert (res.end.salary, res.end.point, res.end.protected) == (D("27124"), 4, False)
    assert res.end.protected_until is None


def test_three_years_from_26_june_2021_ends_on_25_june_2024() -> None:
    assert protection_end(date(2021, 6, 26), 3) == date(2024, 6, 25)
    # A 29 February start has its anniversary on 1 March in a common year.
    assert protection_end(date(2020, 2, 29), 1) == date(2021, 2, 28)


def _compare_json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    out = runner.invoke(cli, ["compare", *args, "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_nps_2021_gives_250_exactly_at_the_top_of_band_2(runner: CliRunner) -> None:
    data = _compare_json(runner, "nps-2021", "--band", "2")
    top = next(r for r in data["results"] if r["top"])
    # 22259 + 250 = 22509, every point of band 2 being below 24000.
    assert (top["before"], top["after"], top["consolidated_increase"]) == (
        "22259.00",
        "22509.00",
        "250.00",
    )
    below_top = [r for r in data["results"] if not r["top"]]
    # Below the top: progression and £250, e.g. point 1 20525 -> 21087 + 250 = 21337.
    assert below_top[0]["after"] == "21337.00"


@pytest.mark.parametrize(("band", "top"), [("3", "28209.00"), ("4", "37174.00"), ("6", "49018.00")])
def test_nps_2021_gives_nothing_at_the_top_of_bands_above_24000(
    runner: CliRunner, band: str, top: str
) -> None:
    data = _compare_json(runner, "nps-2021", "--band", band, "--point", "top")
    (row,) = data["results"]
    assert (row["before"], row["after"], row["consolidated_increase"]) == (top, top, "0.00")


def test_a_transfer_alone_counts_cash_from_26_june_2021_to_31_march_2022(
    runner: CliRunner,
) -> None:
    data = _compare_json(runner, "transfer-2021-sodexo", "--band", "3", "--point", "1")
    assert data["window"] == ["2021-06-26", "2022-03-31"]
    (row,) = data["results"]
    # 22300 -> 24113 from 26 June 2021: 1813 x (189 days of 2021 + 90 of 2022) / 365
    # = 1813 x 279 / 365 = 1385.83.
    assert row["cash_gain"] == "1385.83"


def test_a_crc_offer_and_its_transfer_share_one_window_from_the_first_start_to_the_last_end(
    runner: CliRunner,
) -> None:
    # sodexo-2021 runs 1 April to 25 June 2021; the transfer 26 June 2021 to 31 March 2022.
    data = _compare_json(
        runner, "sodexo-2021", "transfer-2021-sodexo", "--band", "3", "--point", "top"
    )
    assert data["window"] == ["2021-04-01", "2022-03-31"]


def test_compare_without_a_transfer_counts_cash_over_the_offers_own_period(
    runner: CliRunner,
) -> None:
    data = _compare_json(runner, "sodexo-2021", "--band", "3", "--point", "top")
    assert data["window"] == ["2021-04-01", "2021-06-25"]


def test_to_alone_moves_the_windows_end_and_its_start_stays_the_rules(runner: CliRunner) -> None:
    data = _compare_json(
        runner, "transfer-2021-sodexo", "--band", "3", "--point", "1", "--to", "2021-12-31"
    )
    assert data["window"] == ["2021-06-26", "2021-12-31"]


def test_compare_notes_carry_the_protection_end_date(runner: CliRunner) -> None:
    data = _compare_json(runner, "transfer-2021-dtv", "--band", "3", "--salary", "28302")
    (row,) = data["results"]
    assert row["protected"] is True
    assert any("protected until 2024-06-25" in note for note in row["notes"])
