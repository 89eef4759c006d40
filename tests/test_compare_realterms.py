"""`compare --prices` and `compare --payroll --on-costs`: rows against prices, costs with
employer NI and pension."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

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


def test_the_report_names_the_index_and_months_once_and_says_who_keeps_pace(
    runner: CliRunner,
) -> None:
    args = ["compare", "nps-2020", "sodexo-2020", "--band", "3", "--prices", "rpi"]
    text = " ".join(invoke_assert_code(runner, 0, args).stdout.split())
    span = "RPI 292.6 (March 2020) to 296.9 (March 2021), 1.47 %"
    # Said once, under "Against prices": both offers share the months, and the ranking's.
    assert text.count(span) == 1
    read = "Every offer is read against prices from the month before its rise to the last month"
    assert f"{read} compared, and ranked over the same months: {span}." in text
    assert "RPI real %: the median total rise in real terms" in text
    # The top of band 3 (28,209, no consolidated rise) against +1.4696 %: 28,209 x 296.9 /
    # 292.6 = 28,623.55, short by 414.55, in the side-by-side table of keeping pace.
    said = "Against RPI: keeps pace, or falls behind by (minus) £ a year in March 2021 prices"
    assert said in text
    assert "28,209.00 -414.55" in text
    # nps-2020's point 1: 24,113 against 23,186 x 296.9 / 292.6 = 23,526.74: keeps pace.
    assert "23,186.00 keeps pace" in text
    # The separate ranked table of real rises is gone: the ranking holds the figure.
    assert "offers ranked on the median real total rise" not in text


def test_the_ranking_has_the_median_real_total_rise_worked_by_hand(runner: CliRunner) -> None:
    # sodexo-2020 band 3, total rises by point: 2.00, 3.52, 3.40, 3.70, 3.57, 2.00, 2.50; the
    # median is 3.40 %, the 23,500 line (23,500 -> 24,300, no one-off). Against RPI March 2020
    # 292.6 to March 2021 296.9: 24,300 x 292.6 / (23,500 x 296.9) = 7,110,180 / 6,977,150 =
    # 1.019067, a real total rise of 1.91 %.
    args = ["compare", "nps-2020", "sodexo-2020", "--band", "3", "--prices", "rpi"]
    doc = json.loads(invoke_assert_code(runner, 0, [*args, "--format", "json"]).stdout)
    sodexo = next(s for s in doc["ranking"] if s["schemes"] == ["sodexo-2020"])
    assert sodexo["median_total_increase_pct"] == "3.40"
    assert sodexo["median_real_total_increase_pct"] == "1.91"
    assert doc["ranking_prices"] == {
        "prices_index": "rpi",
        "prices_months": ["2020-03", "2021-03"],
        "prices_values": ["292.6", "296.9"],
        "prices_change_pct": "1.47",
    }
    text = invoke_assert_code(runner, 0, args).stdout
    line = next(x for x in text.splitlines() if "sodexo-2020" in x and "3.40" in x)
    assert line.split()[1:4] == ["sodexo-2020", "3.40", "1.91"]


LATE = """\
steps:
  - {on: START, uplift: {percent: 2}}
"""


def test_an_offer_paying_the_same_rise_later_is_not_better_in_real_terms_in_the_ranking(
    make_scheme: Any, runner: CliRunner
) -> None:
    # Band 3 of the test scale, 20,000 to 23,000: both offers raise every point by 2 % (20,000
    # -> 20,400, ...), one from 1 April 2020, one from 1 October 2020, both to 31 March 2021.
    # The ranking reads both over March 2020 (292.6) to March 2021 (296.9): 1.02 x 292.6 /
    # 296.9 = 1.005227, +0.52 % each. Over its own months (September 2020, 294.3, to March
    # 2021) the later one's rows show 1.02 x 294.3 / 296.9 = 1.011068, +1.11 %: better-looking
    # for paying less, which the ranking must not reward. The earlier pays more cash: rank 1.
    _, early = make_scheme(LATE.replace("START", "2020-04-01"))
    _, late = make_scheme(LATE.replace("START", "2020-10-01"))
    late_path = Path(late)
    late_path.write_text(
        late_path.read_text().replace("start: 2020-04-01", "start: 2020-10-01"), encoding="utf-8"
    )
    args = ["compare", early, late, "--band", "3", "--prices", "rpi", "--format", "json"]
    doc = json.loads(invoke_assert_code(runner, 0, args).stdout)
    ranking = {s["schemes"][0]: s for s in doc["ranking"]}
    first, second = ranking["s0"], ranking["s1"]
    assert (first["rank"], second["rank"]) == (1, 2)
    assert first["median_real_total_increase_pct"] == "0.52"
    assert second["median_real_total_increase_pct"] == "0.52"
    late_rows = [r for r in doc["results"] if r["scheme"] == "s1"]
    assert {r["real_total_increase_pct"] for r in late_rows} == {"1.11"}
    assert {tuple(r["prices_months"]) for r in late_rows} == {("2020-09", "2021-03")}
    # The report says both: each offer's own months, and the ranking's.
    text = " ".join(invoke_assert_code(runner, 0, args[:-2]).stdout.split())
    # 296.9 / 294.3 = 1.008835, +0.88 %.
    assert "s1 RPI 294.3 (September 2020) to 296.9 (March 2021), 0.88 %" in text
    assert (
        "The ranking reads every offer over the same months, from the month before the first "
        "rise compared: RPI 292.6 (March 2020) to 296.9 (March 2021), 1.47 %." in text
    )


def test_one_offers_band_line_says_how_many_points_keep_pace(runner: CliRunner) -> None:
    # sodexo-2020 alone: RPI March 2020 to March 2021, x 1.014696. Band 3 salaries after
    # against before x 1.014696: 22,300 -> 22,700 (22,627.73: keeps pace), 22,700 -> 23,500,
    # 23,500 -> 24,300, 24,300 -> 25,200, 25,200 -> 26,100 (each keeps pace), 26,100 ->
    # 26,600 (26,483.57: keeps pace), 26,600 -> 26,600 (26,990.91: short by 390.91).
    args = ["compare", "sodexo-2020", "--band", "3", "--prices", "rpi"]
    text = " ".join(invoke_assert_code(runner, 0, args).stdout.split())
    assert (
        "Against RPI: 6 of 7 points keep pace; at the top, the salary falls behind RPI by "
        "£390.91 a year in March 2021 prices." in text
    )


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
