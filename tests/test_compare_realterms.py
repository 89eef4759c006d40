"""`compare --prices` and `compare --payroll --on-costs`: rows against prices, costs with
employer NI and pension."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from validate_helpers import invoke_assert_code

D = Decimal


def test_every_row_against_rpi_follows_the_formula(runner: CliRunner) -> None:
    # nps-2020 and sodexo-2020 both start on 1 April 2020 and end on 31 March 2021: RPI March
    # 2020 292.6 against March 2021 296.9, +1.47 % (296.9 / 292.6 = 1.014696).
    # By hand, nps-2020 band 3 point 1: 23,186 -> 24,113 is 1.039981; / 1.014696 = 1.024919,
    # +2.49 % in real terms.
    args = ["compare", "nps-2020", "sodexo-2020", "--band", "3", "--prices", "rpi"]
    rows = json.loads(invoke_assert_code(runner, 0, [*args, "--format", "json"]).stdout)["results"]
    assert {r["scheme"] for r in rows} == {"nps-2020", "sodexo-2020"}
    first = next(r for r in rows if r["scheme"] == "nps-2020" and r["point"] == 1)
    assert (first["before"], first["after"]) == ("23186.00", "24113.00")
    assert first["real_consolidated_increase_pct"] == "2.49"
    for row in rows:
        assert row["prices_months"] == ["2020-03", "2021-03"]
        assert row["prices_values"] == ["292.6", "296.9"]
        assert row["prices_change_pct"] == "1.47"
        before, after = D(row["before"]), D(row["after"])
        real = (after / before / (D("296.9") / D("292.6")) - 1) * 100
        assert row["real_consolidated_increase_pct"] == str(
            real.quantize(D("0.01"), "ROUND_HALF_UP")
        )


def test_the_report_names_the_index_and_months_and_ranks_in_real_terms(runner: CliRunner) -> None:
    args = ["compare", "nps-2020", "sodexo-2020", "--band", "3", "--prices", "rpi"]
    text = " ".join(invoke_assert_code(runner, 0, args).stdout.split())
    assert "nps-2020 RPI 292.6 (March 2020) to 296.9 (March 2021), 1.47 %" in text
    assert "offers ranked on the median real total rise" in text
    # The top of band 3 (28,209, no consolidated rise) against +1.4696 %: 28,209 x 296.9 /
    # 292.6 = 28,623.55, short by 414.55.
    assert "falls behind by £414.55 a year" in text


def test_csv_rows_carry_the_real_terms_columns(runner: CliRunner) -> None:
    args = ["compare", "nps-2020", "--band", "3", "--prices", "cpi", "--format", "csv"]
    header = invoke_assert_code(runner, 0, args).stdout.splitlines()[0].split(",")
    assert {"prices_change_pct", "real_consolidated_increase_pct", "falls_behind_by"} <= set(header)


def test_one_person_at_nps_band_3_top_costed_with_on_costs(
    tmp_path: Path, runner: CliRunner
) -> None:
    # NPS band 3 top, 2020/21: £28,209. nps-2020 ends 31 March 2021, so 2020/21 NI: secondary
    # threshold £8,788 at 13.8 % (HMRC). NI = (28,209 - 8,788) x 13.8 % = 19,421 x 0.138 =
    # 2,680.098 -> £2,680.10. Pension 29.6 % (HMPPS, LGPS): 28,209 x 0.296 = 8,349.864 ->
    # £8,349.86. Employment cost after: 28,209 + 2,680.10 + 8,349.86 = £39,238.96.
    # The 2 % one-off at the top, 564.18, adds NI: (28,773.18 - 8,788) x 13.8 % = 2,757.95484
    # -> 2,757.95, less 2,680.10 = 77.85; the offer costs 564.18 + 77.85 = £642.03.
    payroll = tmp_path / "one.csv"
    payroll.write_text("employee_id,band,point\n1,3,top\n", encoding="utf-8")
    args = ["compare", "nps-2020", "--payroll", payroll, "--on-costs", "--pension-rate", "29.6"]
    summary = json.loads(invoke_assert_code(runner, 0, [*args, "--format", "json"]).stdout)
    costs = summary["summaries"][0]["on_costs"]
    assert costs["tax_year"] == "2020-21"
    assert costs["employer_ni_after"] == "2680.10"
    assert costs["employer_pension_after"] == "8349.86"
    assert costs["employment_cost_after"] == "39238.96"
    assert costs["employer_ni_on_one_offs"] == "77.85"
    assert costs["cost_of_offer_with_on_costs"] == "642.03"


def test_on_costs_need_a_payroll_and_a_pension_rate_needs_on_costs(
    tmp_path: Path, runner: CliRunner
) -> None:
    result = invoke_assert_code(runner, 2, ["compare", "nps-2020", "--on-costs"])
    assert "--on-costs needs a payroll" in result.stderr
    payroll = tmp_path / "one.csv"
    payroll.write_text("employee_id,band,point\n1,3,top\n", encoding="utf-8")
    result = invoke_assert_code(runner, 2, ["compare", "nps-2020", "--payroll", payroll,
                                    "--pension-rate", "29.6"])  # fmt: skip
    assert "--pension-rate needs --on-costs" in result.stderr
    args = ["compare", "nps-2020", "--payroll", payroll, "--on-costs", "--pension-rate", "101"]
    result = invoke_assert_code(runner, 2, args)
    assert "not a percentage" in result.stderr
