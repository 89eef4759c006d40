"""On-costs: employer National Insurance (annual) and employer pension, per person and summed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import get_type_hints

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from paycalc.errors import FileProblems
from paycalc.files.oncost_data import bundled_ni_path, employer_ni_table
from paycalc.oncosts import (
    NiYear,
    OnCostError,
    OnCostSettings,
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
    with pytest.raises(OnCostError) as caught:
        TABLE.year(date(2025, 5, 1))
    assert str(caught.value) == (
        "no employer National Insurance rates for the tax year 2025-26 (known: 2018-19, "
        "2019-20, 2020-21, 2021-22, 2022-23, 2023-24, 2024-25)"
    )


@pytest.mark.parametrize("written", ["2020-21", "1999-00"])
def test_a_tax_year_is_written_as_its_first_year_and_the_next_years_two_digits(
    written: str,
) -> None:
    # A validator of its own (not the one the bundled table built first), so that the pattern
    # is read afresh.
    tax_year = TypeAdapter(get_type_hints(NiYear, include_extras=True)["tax_year"])
    assert tax_year.validate_python(written) == written
    for wrong in ("2020/21", "2020-2021", "20-21", "2120-21", " 2020-21"):
        with pytest.raises(ValidationError):
            tax_year.validate_python(wrong)


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


# 2020/21 (threshold £8,788, 13.8 %) with a 10 % pension, worked by hand:
#   P, 20,000 -> 20,500 with a £300 one-off, £500 below a reference of 21,000:
#     NI before (20,000 - 8,788) x 13.8 % = 11,212 x 0.138 = 1,547.256 -> 1,547.26;
#     NI after 11,712 x 0.138 = 1,616.256 -> 1,616.26; pension 2,000.00 -> 2,050.00;
#     cost 23,547.26 -> 24,166.26. NI on pay and one-off, 12,012 x 0.138 = 1,657.656 ->
#     1,657.66, so the one-off adds 1,657.66 - 1,616.26 = 41.40.
#     On the reference: NI 12,212 x 0.138 = 1,685.256 -> 1,685.26, pension 2,100.00, cost
#     24,785.26: 24,785.26 - 24,166.26 = 619.00 to reach it.
#   Q, 30,000 -> 30,000, at the reference: NI 21,212 x 0.138 = 2,927.256 -> 2,927.26,
#     pension 3,000.00, cost 35,927.26.
# Three people as P and one as Q:
#   NI 3 x 1,547.26 + 2,927.26 = 7,569.04 before, 3 x 1,616.26 + 2,927.26 = 7,776.04 after;
#   pension 3 x 2,000 + 3,000 = 9,000.00 before, 3 x 2,050 + 3,000 = 9,150.00 after;
#   cost 3 x 23,547.26 + 35,927.26 = 106,569.04 before, 3 x 24,166.26 + 35,927.26 =
#   108,426.04 after; one-offs 900.00 with 3 x 41.40 = 124.20 NI; the offer costs
#   108,426.04 - 106,569.04 + 900.00 + 124.20 = 2,881.20; reaching the reference 3 x 619.00 =
#   1,857.00.
P_AND_Q = {
    "on_costs_tax_years": ["2020-21"],
    "employer_ni_before": "7569.04",
    "employer_ni_after": "7776.04",
    "employer_pension_before": "9000.00",
    "employer_pension_after": "9150.00",
    "employment_cost_before": "106569.04",
    "employment_cost_after": "108426.04",
    "employer_ni_on_one_offs": "124.20",
    "cost_of_offer_with_on_costs": "2881.20",
    "cost_to_reach_reference_with_on_costs": "1857.00",
}


def test_totals_count_each_position_as_many_times_as_people_are_on_it() -> None:
    ni_year = TABLE.year(date(2021, 3, 31))
    totals = OnCostTotals()
    p = on_costs(D(20000), D(20500), ni_year, D(10), D(300))
    assert (p.employer_ni_one_off, p.pension_rate) == (D("41.40"), D(10))
    # Three as P, added as two and then one, each time with the cost of reaching the reference.
    reference = on_costs(D(20000), D(21000), ni_year, D(10))
    totals.add(p, reference, 2)
    totals.add(p, reference)
    totals.add(on_costs(D(30000), D(30000), ni_year, D(10)), None)
    assert totals.to_dict() == P_AND_Q
    assert totals.one_offs == D(900)


@dataclass(frozen=True)
class Figures:
    """A position's pay figures as the comparison gives them (paycalc.oncosts.PayFigures)."""

    before: Decimal
    after: Decimal
    reference_salary: Decimal
    unconsolidated: Decimal = Decimal(0)

    @property
    def parity_gap(self) -> Decimal:
        return self.after - self.reference_salary


P = Figures(D(20000), D(20500), D(21000), D(300))
Q = Figures(D(30000), D(30000), D(30000))


def test_a_scheme_tally_costs_reaching_the_reference_only_for_those_below_it() -> None:
    tally = OnCostSettings(TABLE, D(10)).for_period_ending(date(2021, 3, 31))
    own, reference = tally.person(P)
    assert own.one_off == D(300) and own.employer_ni_one_off == D("41.40")
    # On the reference salary: the same pay before, 21,000 after, with NI and the 10 % pension.
    assert reference is not None
    assert (reference.pay_before, reference.pay_after) == (D(20000), D(21000))
    assert (reference.employer_ni_after, reference.employer_pension_after) == (
        D("1685.26"),
        D("2100.00"),
    )
    assert reference.one_off == 0
    # At the reference, or 50p above it, there is no gap to close.
    assert tally.person(Q)[1] is None
    assert tally.person(Figures(D(25000), D("25000.50"), D(25000)))[1] is None
    tally.add(P, 3)
    tally.add(Q, 1)
    found = tally.to_dict()["on_costs"]
    assert isinstance(found, dict)
    assert found == {
        "tax_year": "2020-21",
        "secondary_threshold": "8788.00",
        "ni_rate": "13.8",
        "ni_basis": "annual: (pay - secondary threshold) x rate, per person",
        "pension_rate": "10",
        "pension_rates": {"10": 4},  # the rate each person was costed at, by head count: 3 + 1
        **P_AND_Q,
    }
    assert tally.line() == (
        "with on-costs (employer NI 2020-21, annual: pay above 8788.00 at 13.8 %; employer "
        "pension 10 %): employment cost 106569.04 before, 108426.04 after (NI 7569.04 to "
        "7776.04, pension 9000.00 to 9150.00); one-offs 900.00 with 124.20 employer NI: the "
        "offer costs 2881.20 and closing the gap 1857.00 a year"
    )


def test_a_tally_without_a_pension_rate_says_none() -> None:
    # Q alone with no pension: cost 30,000 + 2,927.26 = 32,927.26 before and after.
    tally = OnCostSettings(TABLE, None).for_period_ending(date(2021, 3, 31))
    tally.add(Q, 1)
    assert tally.to_dict()["on_costs"]["pension_rate"] is None  # type: ignore[index]
    assert "; employer pension none): employment cost 32927.26 before, 32927.26 after" in (
        tally.line()
    )
