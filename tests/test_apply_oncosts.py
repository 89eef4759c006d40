"""`apply --summary --on-costs`: the award's cost with employer NI and pension, over a payroll."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from validate_helpers import invoke_assert_code


def summary(
    runner: CliRunner, tmp_path: Path, scheme: str, rows: str, *extra: str
) -> dict[str, object]:
    payroll = tmp_path / "pay.csv"
    payroll.write_text("employee_id,band,point,fte\n" + rows, encoding="utf-8")
    args = ["apply", scheme, payroll, "-o", tmp_path / "out.csv", "--format", "json", *extra]
    return json.loads(invoke_assert_code(runner, 0, args).stdout)  # type: ignore[no-any-return]


def test_one_person_at_nps_band_3_top_by_hand(tmp_path: Path, runner: CliRunner) -> None:
    # As compare: £28,209 in 2020/21, NI (28,209 - 8,788) x 13.8 % = £2,680.10, pension
    # 28,209 x 29.6 % = £8,349.86, employment cost £39,238.96.
    found = summary(
        runner, tmp_path, "nps-2020", "1,3,top,1\n", "--on-costs", "--pension-rate", "29.6"
    )
    costs = found["on_costs"]
    assert isinstance(costs, dict)
    assert costs["employer_ni_after"] == "2680.10"
    assert costs["employer_pension_after"] == "8349.86"
    assert costs["employment_cost_after"] == "39238.96"


def test_part_time_ni_is_on_actual_pay_and_people_on_one_position_are_counted(
    tmp_path: Path, runner: CliRunner
) -> None:
    # claim-2022 ends 31 March 2025: 2024/25 NI, threshold £9,100 at 13.8 %, no pension.
    # Band 4 point 1 at FTE 0.5 before: 30,208 x 0.5 = 15,104; NI (15,104 - 9,100) x 13.8 % =
    # 6,004 x 0.138 = 828.552 -> 828.55. Two people on it: 1,657.10.
    found = summary(runner, tmp_path, "claim-2022", "1,4,1,0.5\n2,4,1,0.5\n", "--on-costs")
    costs = found["on_costs"]
    assert isinstance(costs, dict)
    assert costs["tax_year"] == "2024-25"
    assert costs["employer_ni_before"] == "1657.10"
    assert costs["pension_rate"] is None and costs["employer_pension_after"] == "0.00"


def test_apply_and_compare_cost_a_payroll_alike(tmp_path: Path, runner: CliRunner) -> None:
    rows = "1,3,1,1\n2,3,top,0.5\n3,4,2,1\n4,4,2,1\n"
    applied = summary(runner, tmp_path, "nps-2021", rows, "--on-costs", "--pension-rate", "29.6")
    args = ["compare", "nps-2021", "--payroll", tmp_path / "pay.csv", "--on-costs",
            "--pension-rate", "29.6", "--format", "json"]  # fmt: skip
    compared = json.loads(invoke_assert_code(runner, 0, args).stdout)["summaries"][0]["on_costs"]
    assert applied["on_costs"] == compared


def test_on_costs_need_the_summary(tmp_path: Path, runner: CliRunner) -> None:
    payroll = tmp_path / "pay.csv"
    payroll.write_text("employee_id,band,point\n1,3,top\n", encoding="utf-8")
    args = ["apply", "nps-2020", payroll, "-o", tmp_path / "out.csv", "--on-costs"]
    assert "add --summary" in invoke_assert_code(runner, 2, args).stderr
