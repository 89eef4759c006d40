"""On-costs: employer National Insurance (annual) and employer pension, per person and summed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paycalc.errors import FileProblems
from paycalc.files.oncost_data import bundled_ni_path, employer_ni_table
from paycalc.oncosts import (
    OnCostError,
    OnCostTotals,
    employer_ni,
    employer_pension,
    on_costs,
    tax_year_of,
)

D = Decimal
TABLE = employer_ni_table()


def year(tax_year: str) -> object:
    return next(y for y in TABLE.years if y.tax_year == tax_year)


def test_nps_band_3_top_in_2020_21_by_hand() -> None:
    # £28,209 (NPS band 3 top, 2020/21); secondary threshold £8,788, 13.8 % (HMRC, 2020/21):
    # NI = (28,209 - 8,788) x 13.8 % = 19,421 x 0.138 = 2,680.098 -> £2,680.10.
    # LGPS employer contribution 29.6 % (HMPPS, 8 June 2021): 28,209 x 0.296 = 8,349.864
    # -> £8,349.86. Employment cost: 28,209 + 2,680.10 + 8,349.86 = £39,238.96.
    costs = on_costs(D(28209), D(28209), TABLE.year(date(2021, 3, 31)), D("29.6"))
    assert costs.tax_year == "2020-21"
    assert costs.employer_ni_after == D("2680.10")
    assert costs.employer_pension_after == D("8349.86")
    assert costs.employment_cost_after == D("39238.96")


def test_the_bundled_table_holds_each_years_quoted_threshold_and_rate() -> None:
    found = {y.tax_year: (y.secondary_threshold, y.rate) for y in TABLE.years}
    assert found == {
        "2018-19": (D(8424), D("13.8")),
        "2019-20": (D(8632), D("13.8")),
        "2020-21": (D(8788), D("13.8")),
        "2021-22": (D(8840), D("13.8")),
        "2022-23": (D(9100), D("14.53")),
        "2023-24": (D(9100), D("13.8")),
        "2024-25": (D(9100), D("13.8")),
    }


def test_2022_23_uses_the_annual_rate_and_says_why() -> None:
    # (30,000 - 9,100) x 14.53 % = 20,900 x 0.1453 = 3,036.77.
    ni_year = TABLE.year(date(2022, 12, 1))
    assert employer_ni(D(30000), ni_year) == D("3036.77")
    assert ni_year.note is not None and "15.05 %" in ni_year.note and "14.53 %" in ni_year.note


@pytest.mark.parametrize(
    ("day", "tax_year"),
    [
        (date(2021, 4, 5), "2020-21"),
        (date(2021, 4, 6), "2021-22"),
        (date(2000, 1, 1), "1999-00"),
    ],
)
def test_a_tax_year_runs_from_6_april(day: date, tax_year: str) -> None:
    assert tax_year_of(day) == tax_year


def test_no_ni_below_or_at_the_threshold() -> None:
    ni_year = TABLE.year(date(2020, 6, 1))
    assert employer_ni(D(8788), ni_year) == D(0)
    assert employer_ni(D(5000), ni_year) == D(0)
    assert employer_ni(D("8788.10"), ni_year) == D("0.01")  # 0.10 x 13.8 % = 0.0138


def test_a_year_not_in_the_table_is_named() -> None:
    with pytest.raises(OnCostError, match="no employer National Insurance rates for the tax "
                       "year 2025-26"):  # fmt: skip
        TABLE.year(date(2025, 5, 1))


def test_no_pension_rate_means_no_pension_cost() -> None:
    assert employer_pension(D(30000), None) == D(0)


def test_totals_add_each_persons_pennies_and_the_cost_to_reach_the_reference() -> None:
    # Two people at 2020/21 rates, pension 10 %:
    #   A: 20,000 -> 20,500; NI (20,000 - 8,788) x 13.8 % = 1,547.256 -> 1,547.26 before,
    #      11,712 x 13.8 % = 1,616.256 -> 1,616.26 after; pension 2,000.00 -> 2,050.00.
    #      Cost 23,547.26 -> 24,166.26.  Reference 21,000: NI 12,212 x 13.8 % = 1,685.256
    #      -> 1,685.26, pension 2,100.00, cost 24,785.26: 619.00 more than A's.
    #   B: 30,000 -> 30,000 (at the reference): NI 21,212 x 13.8 % = 2,927.256 -> 2,927.26,
    #      pension 3,000.00, cost 35,927.26 both times.
    ni_year = TABLE.year(date(2021, 3, 31))
    totals = OnCostTotals()
    a = on_costs(D(20000), D(20500), ni_year, D(10))
    totals.add(a, on_costs(D(20000), D(21000), ni_year, D(10)))
    totals.add(on_costs(D(30000), D(30000), ni_year, D(10)), None)
    shown = totals.to_dict()
    assert shown["employer_ni_before"] == "4474.52"  # 1,547.26 + 2,927.26
    assert shown["employer_ni_after"] == "4543.52"  # 1,616.26 + 2,927.26
    assert shown["employment_cost_before"] == "59474.52"  # 23,547.26 + 35,927.26
    assert shown["employment_cost_after"] == "60093.52"  # 24,166.26 + 35,927.26
    assert shown["cost_of_offer_with_on_costs"] == "619.00"
    assert shown["cost_to_reach_reference_with_on_costs"] == "619.00"
    assert shown["on_costs_tax_years"] == ["2020-21"]


@given(st.decimals("0", "200000", places=2), st.decimals("0", "200000", places=2))
def test_more_pay_never_costs_less_ni(low: Decimal, high: Decimal) -> None:
    low, high = sorted((low, high))
    ni_year = TABLE.year(date(2020, 6, 1))
    assert employer_ni(low, ni_year) <= employer_ni(high, ni_year)
    assert employer_ni(high, ni_year) <= high * ni_year.rate / 100 + D("0.005")


def test_a_bad_table_is_reported_at_its_line(tmp_path: Path) -> None:
    text = bundled_ni_path().read_text(encoding="utf-8")
    bad = tmp_path / "ni.yaml"
    bad.write_text(text.replace("rate: 13.8, source: budget-2018-19", "rate: 0, source: x"))
    with pytest.raises(FileProblems) as caught:
        employer_ni_table(bad)
    [problem] = caught.value.problems
    assert problem.code == "PC103" and problem.line is not None and "rate" in problem.message
