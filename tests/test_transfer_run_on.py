"""`compare OFFER+transfer-2021-EMPLOYER`: a run named so is one column, the whole run (pay
before the offer to pay after the transfer), so a payroll means the same people in the offer's
column and the run's; nothing is joined unless named so. Figures worked by hand from the scale
files named in each comment."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.engine import end_scale
from paycalc.engine import runs_on as engine_runs_on
from paycalc.files.registry import Registry
from paycalc.model import Scheme


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.bundled()


def _compare_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    out = runner.invoke(
        cli, ["compare", *args, "--format", "json"], env={"COLUMNS": "60", "NO_COLOR": "1"}
    )
    assert out.exit_code == 0, out.output
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def _row(data: dict[str, Any], scheme: str) -> dict[str, Any]:
    (row,) = [r for r in data["results"] if r["scheme"] == scheme]
    return row


def test_a_transfer_runs_on_from_its_employers_offer_and_no_other(registry: Registry) -> None:
    def runs_on(first: Scheme, then: Scheme) -> bool:
        return engine_runs_on(first, then, lambda scale: registry.scale(scale).employer)

    transfer = registry.scheme("transfer-2021-interserve")
    # interserve-2020 assimilates onto nps-2019-20 in December 2020: the transfer's starting scale.
    assert end_scale(registry.scheme("interserve-2020")) == "nps-2019-20"
    assert runs_on(registry.scheme("interserve-2020"), transfer)
    # Seetec's offer also ends on nps-2019-20, but it is another employer's.
    assert not runs_on(registry.scheme("seetec-2020"), transfer)
    # The NPS's own award is not a CRC offer the transfer follows.
    assert not runs_on(registry.scheme("nps-2020"), transfer)
    # A transfer does not run on from itself, nor an offer from its transfer (it starts later).
    assert not runs_on(transfer, transfer)
    assert not runs_on(transfer, registry.scheme("interserve-2020"))


def test_a_run_named_with_plus_is_one_column_from_the_offer_through_the_transfer(
    runner: CliRunner,
) -> None:
    # Sodexo band 3 point 1 on 31 March 2021: 22,300 (sodexo-2020-21). 1 April 2021: increment to
    # point 2, 22,700 (+400, under 2 % of 22,300 = 446, so 46 is paid once). 26 June 2021: onto
    # nps-2020-21 band 3 [24113 ...] at the next point at or above 22,700: 24,113.
    # Cash 1 April 2021 - 31 March 2022 (365 days, no 29 February): 22,700 x 86/365 (1 April -
    # 25 June) = 5,348.4932 + 24,113 x 279/365 = 18,431.5808 -> 23,780.07, + 46.00 = 23,826.07;
    # against 22,300 for the year: +1,526.07.
    data = _compare_json(
        runner,
        "sodexo-2021",
        "sodexo-2021+transfer-2021-sodexo",
        "--band",
        "3",
        "--point",
        "1",
        "--from",
        "2021-04-01",
        "--to",
        "2022-03-31",
    )
    row = _row(data, "sodexo-2021+transfer-2021-sodexo")
    assert row["run"] == ["sodexo-2021", "transfer-2021-sodexo"]
    assert (row["before"], row["after"]) == ("22300.00", "24113.00")
    assert row["unconsolidated"] == "46.00"
    assert row["cash_gain"] == "1526.07"
    # The offer alone stops at 22,700: 400 a year + the 46 one-off = 446.00.
    offer = _row(data, "sodexo-2021")
    assert (offer["after"], offer["cash_gain"]) == ("22700.00", "446.00")
    (info,) = [s for s in data["schemes"] if s["id"] == "sodexo-2021+transfer-2021-sodexo"]
    assert info["run"] == ["sodexo-2021", "transfer-2021-sodexo"]
    assert "; then Transfer of Sodexo CRC staff" in info["title"]


def test_an_offer_and_its_transfer_named_apart_are_two_columns_never_joined(
    runner: CliRunner,
) -> None:
    data = _compare_json(
        runner, "sodexo-2021", "transfer-2021-sodexo", "--band", "3", "--point", "1"
    )
    # The transfer alone starts from the point held on 25 June 2021: 22,300 -> 24,113.
    row = _row(data, "transfer-2021-sodexo")
    assert (row["run"], row["before"], row["after"]) == (
        ["transfer-2021-sodexo"],
        "22300.00",
        "24113.00",
    )


def test_compare_transfer_alone_starts_from_the_point_held_on_25_june_2021(
    runner: CliRunner,
) -> None:
    # Without the offer, point 1 is the point held on the day before transfer: 22,300 -> 24,113.
    row = _row(
        _compare_json(runner, "transfer-2021-sodexo", "--band", "3", "--point", "1"),
        "transfer-2021-sodexo",
    )
    assert (row["before"], row["after"], row["unconsolidated"]) == ("22300.00", "24113.00", "0.00")


def test_another_employers_transfer_does_not_run_on_from_an_offer(runner: CliRunner) -> None:
    # transfer-2021-seetec starts on nps-2019-20, which interserve-2020 ends on; named beside
    # it, it stays alone: band 3 point 1 of nps-2019-20 is 23,186.
    row = _row(
        _compare_json(
            runner, "interserve-2020", "transfer-2021-seetec", "--band", "3", "--point", "1"
        ),
        "transfer-2021-seetec",
    )
    assert row["before"] == "23186.00"
    # Named as a run, it is refused in one line, with the rule.
    out = runner.invoke(cli, ["compare", "interserve-2020+transfer-2021-seetec"])
    assert out.exit_code == 2, out.output
    assert out.stderr == (
        "paycalc: interserve-2020+transfer-2021-seetec: transfer-2021-seetec (from 2021-06-26, "
        "on nps-2019-20, Seetec (KSS CRC, including the ex-Working Links CRCs)) does not run on "
        "from interserve-2020: a run's next scheme starts after the one before ends "
        "(2021-06-25), on the scale it ends on (nps-2019-20), and is of the run's employer "
        "(Interserve (Purple Futures)) or of that scale's (National Probation Service (HMPPS))\n"
    )


def test_payroll_costs_the_same_people_for_the_offer_and_its_transfer(
    tmp_path: Any, runner: CliRunner
) -> None:
    # The payroll is Interserve staff in 2019/20 (interserve-2019-20 band 3: point 1 22,374, top
    # 27,300): pay bill before 22,374 + 27,300 x 0.5 = 36,024.00 in both columns (read on the
    # NPS 2019/20 scale, as before, the transfer column said 23,186 + 28,209 x 0.5 = 37,290.50).
    # After: point 1 -> April 2020 increment 22,673 -> December 2020 next NPS point at or above
    # 23,186 -> April 2021 increment 24,113 -> transfer, already an nps-2020-21 point: 24,113;
    # the top -> 28,209 (the NPS band 3 top) x 0.5 = 14,104.50; 38,217.50.
    payroll = tmp_path / "staff.csv"
    payroll.write_text("employee_id,band,point,fte\nE1,3,1,1\nE2,3,top,0.5\n")
    data = _compare_json(
        runner,
        "interserve-2020",
        "interserve-2020+transfer-2021-interserve",
        "--payroll",
        str(payroll),
    )
    bills = {s["scheme"]: (s["pay_bill_before"], s["pay_bill_after"]) for s in data["summaries"]}
    assert bills == {
        "interserve-2020": ("36024.00", "38217.50"),
        "interserve-2020+transfer-2021-interserve": ("36024.00", "38217.50"),
    }
