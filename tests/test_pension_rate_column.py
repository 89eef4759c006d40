"""A payroll's own `pension_rate` column: each person's employer pension rate for --on-costs
(apply --summary and compare --payroll), read through the one reader, only when asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from validate_helpers import invoke_assert_code

from paycalc.payroll.rows import RowError, parse_position

# Three people at the top of NPS band 3 under nps-2020: £28,209 before and after, and a 2 %
# one-off of £564.18 each. 2020/21 employer NI: (28,209 - 8,788) x 13.8 % = £2,680.10 each,
# and on the one-off (28,773.18 - 8,788) x 13.8 % = 2,757.95 less 2,680.10 = £77.85 each.
# Pension: the first at 29.6 % (their column) = 28,209 x 0.296 = £8,349.86; the second at 0 %
# (not in the scheme) = £0.00; the third has a blank cell, so --pension-rate 20 applies:
# 28,209 x 0.20 = £5,641.80. Total pension 8,349.86 + 0 + 5,641.80 = £13,991.66, before and
# after alike. Employment cost after: 3 x 28,209 + 3 x 2,680.10 + 13,991.66 = 84,627 +
# 8,040.30 + 13,991.66 = £106,658.96. The offer costs 3 x (564.18 + 77.85) = £1,926.09.
PAYROLL = "employee_id,band,point,Pension Rate\n1,3,top,29.6\n2,3,top,0\n3,3,top,\n"
EXPECTED = {
    "employer_pension_before": "13991.66",
    "employer_pension_after": "13991.66",
    "employment_cost_after": "106658.96",
    "cost_of_offer_with_on_costs": "1926.09",
    "pension_rate": "20",
    "pension_rates": {"29.6": 1, "0": 1, "20": 1},
}


@pytest.fixture
def payroll(tmp_path: Path) -> Path:
    path = tmp_path / "pay.csv"
    path.write_text(PAYROLL, encoding="utf-8")
    return path


def _picked(costs: dict[str, object]) -> dict[str, object]:
    return {k: costs[k] for k in EXPECTED}


def test_compare_costs_each_person_at_their_own_rate_by_hand(
    payroll: Path, runner: CliRunner
) -> None:
    args = ["compare", "nps-2020", "--payroll", payroll, "--on-costs", "--pension-rate", "20"]
    doc = json.loads(invoke_assert_code(runner, 0, [*args, "--format", "json"]).stdout)
    assert _picked(doc["summaries"][0]["on_costs"]) == EXPECTED
    text = " ".join(invoke_assert_code(runner, 0, args).stdout.split())
    assert "employer pension 0 % (1 person), 20 % (1 person), 29.6 % (1 person)" in text


def test_apply_costs_each_person_at_their_own_rate_as_compare_does(
    payroll: Path, tmp_path: Path, runner: CliRunner
) -> None:
    args = ["apply", "nps-2020", payroll, "-o", tmp_path / "out.csv", "--on-costs",
            "--pension-rate", "20"]  # fmt: skip
    doc = json.loads(invoke_assert_code(runner, 0, [*args, "--format", "json"]).stdout)
    assert _picked(doc["on_costs"]) == EXPECTED
    assert doc["columns"]["pension_rate"] == "Pension Rate"
    args[4] = tmp_path / "out2.csv"
    text = " ".join(invoke_assert_code(runner, 0, [*args, "--summary"]).stdout.split())
    assert "Employer pension, % of pay: 0 % (1 person), 20 % (1 person), 29.6 %" in text


def test_without_on_costs_the_column_is_copied_through_unread(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = tmp_path / "pay.csv"
    path.write_text("employee_id,band,point,pension_rate\n1,3,top,LGPS\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    doc = json.loads(
        invoke_assert_code(
            runner, 0, ["apply", "nps-2020", path, "-o", out, "--format", "json"]
        ).stdout
    )
    assert "pension_rate" not in doc["columns"]
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("1,3,top,LGPS,")
    args = ["apply", "nps-2020", path, "-o", tmp_path / "o2.csv", "--columns",
            "pension_rate=pension_rate"]  # fmt: skip
    result = invoke_assert_code(runner, 2, args)
    assert "the employer pension rate is read only with --on-costs" in result.stderr


def test_with_on_costs_a_bad_rate_rejects_the_row_naming_the_column(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = tmp_path / "pay.csv"
    path.write_text("employee_id,band,point,pension_rate\n1,3,top,LGPS\n2,3,1,29.6\n")
    out, rejects = tmp_path / "out.csv", tmp_path / "rej.csv"
    args = ["apply", "nps-2020", path, "-o", out, "--rejects", rejects, "--on-costs", "--summary"]
    invoke_assert_code(runner, 3, args)
    rejected = rejects.read_text(encoding="utf-8").splitlines()
    assert len(rejected) == 2 and "pension_rate" in rejected[1]
    assert "pension_rate LGPS" in rejected[1] or "'LGPS'" in rejected[1]


@pytest.mark.parametrize(
    ("written", "rate"),
    [("29.6", "29.6"), ("29.6%", "29.6"), (" 0 ", "0"), ("100", "100"), ("", None)],
)
def test_a_pension_rate_is_a_percentage_from_0_to_100(written: str, rate: str | None) -> None:
    position = parse_position("3", "1", "", "", written)
    assert (None if position.pension_rate is None else str(position.pension_rate)) == rate


@pytest.mark.parametrize("written", ["-1", "100.5", "LGPS", "0.296.1"])
def test_a_pension_rate_outside_0_to_100_is_the_columns_error(written: str) -> None:
    with pytest.raises(RowError) as e:
        parse_position("3", "1", "", "", written)
    assert e.value.column == "pension_rate"


def test_the_cost_of_reaching_the_reference_counts_the_persons_own_rate_by_hand(
    tmp_path: Path, runner: CliRunner
) -> None:
    # sodexo-2020's band 3 top: 26,600 after, against NPS 27,124 (transfer rule): 524.00 short.
    # With on-costs at their own 29.6 % (2020/21 NI): NI on 27,124 is (27,124 - 8,788) x 13.8 %
    # = 2,530.368 -> 2,530.37, on 26,600 it is 17,812 x 13.8 % = 2,458.056 -> 2,458.06: 72.31
    # more; pension 27,124 x 29.6 % = 8,028.704 -> 8,028.70 against 26,600 x 29.6 % = 7,873.60:
    # 155.10 more. Closing the gap costs 524.00 + 72.31 + 155.10 = 751.41 a year.
    path = tmp_path / "pay.csv"
    path.write_text("employee_id,band,point,employer_pension_pct\n1,3,top,29.6\n")
    args = ["compare", "sodexo-2020", "--payroll", path, "--on-costs", "--format", "json"]
    costs = json.loads(invoke_assert_code(runner, 0, args).stdout)["summaries"][0]["on_costs"]
    assert costs["cost_to_reach_reference_with_on_costs"] == "751.41"
    assert costs["pension_rates"] == {"29.6": 1} and costs["pension_rate"] is None
    args = ["apply", "sodexo-2020", path, "-o", tmp_path / "out.csv", "--on-costs", "--summary"]
    text = " ".join(invoke_assert_code(runner, 0, args).stdout.split())
    assert "closing the gap to the reference, a year £751.41" in text
    assert "Employer pension, % of pay: 29.6 %." in text
