"""The boundaries mutation testing found untested: a value exactly on a point or at the top, a
shortfall of a penny, `same_point` and `band_map`, pro rata by days and across a year end, the
overlap removal of a salary between points, a protected salary against a longer reference band.

The scales are those of conftest.py (crc band 3: 20000 21000 22000 23000; band 4: 26000 27000
28000; band 5: 27500 29000 30500; ref band 3: 20500 21500 23500 24000; band 4: 26500 28500 30000;
band 5: 29000 31000 33000). Every expected figure is worked by hand in the comment above it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from pydantic import ValidationError

from paycalc.engine import EngineError, run, year_fraction
from paycalc.errors import PersonError
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec
from paycalc.parity import figures
from paycalc.state import State, place_by_salary, place_on_point
from paycalc.steps import ProRata, RemoveOverlap, Uplift
from paycalc.steps.assimilate import protection_end
from paycalc.steps.base import StepError


def result(make_scheme, body: str, **person):  # type: ignore[no-untyped-def]
    registry, path = make_scheme(body)
    return run(registry.scheme(path), PersonSpec(**person), registry), registry


def step(text: str) -> str:
    return f"steps:\n  - {text}\n"


# --- a floor exactly equal to a point -------------------------------------------------------


def test_a_floor_equal_to_a_point_moves_to_that_point_not_the_one_above(make_scheme) -> None:
    # floor 22000 from point 1 (20000): point 3 is worth exactly 22000, which meets it
    res, _ = result(
        make_scheme, step("{on: 2020-04-01, floor: {salary: 22000}}"), band="3", point=1
    )
    assert (res.end.point, res.end.salary, res.end.protected) == (3, D("22000"), False)


def test_a_floor_equal_to_the_salary_changes_nothing(make_scheme) -> None:
    # point 3 is 22000 already: at the minimum, so no change and the summary says so
    res, _ = result(
        make_scheme, step("{on: 2020-04-01, floor: {salary: 22000}}"), band="3", point=3
    )
    assert (res.end.point, res.end.salary) == (3, D("22000"))
    assert res.events[0].summary == "already at or above the minimum £22,000.00"


def test_a_floor_equal_to_the_band_top_is_the_top_point_not_protected(make_scheme) -> None:
    # band 3 top is 23000: a floor of 23000 is met by point 4 itself
    res, _ = result(
        make_scheme, step("{on: 2020-04-01, floor: {salary: 23000}}"), band="3", point=1
    )
    assert (res.end.point, res.end.salary, res.end.protected) == (4, D("23000"), False)
    assert res.events[0].summary == "raised to the minimum £23,000.00"


def test_a_floor_a_penny_above_the_top_is_paid_exactly_protected(make_scheme) -> None:
    res, _ = result(
        make_scheme, step("{on: 2020-04-01, floor: {salary: 23000.01}}"), band="3", point=2
    )
    assert (res.end.point, res.end.salary, res.end.protected) == (4, D("23000.01"), True)


# --- the minimum increase: every shortfall is paid, however small ---------------------------


@pytest.mark.parametrize(
    ("percent", "one_off"),
    [
        # increment 20000 -> 21000 is a rise of 1000 (5 %); 5.00005 % of 20000 is 1000.01
        ("5.00005", "0.01"),
        # 5.0025 % of 20000 = 1000.50: short by 0.50
        ("5.0025", "0.50"),
        # 5.005 % of 20000 = 1001.00: short by exactly 1.00
        ("5.005", "1.00"),
        # 5.00505 % of 20000 = 1001.01: short by 1.01
        ("5.00505", "1.01"),
        # exactly 5 %: the rise meets it, nothing to pay
        ("5", "0.00"),
    ],
)
def test_a_minimum_increase_shortfall_of_a_pound_or_less_is_paid(
    make_scheme, percent: str, one_off: str
) -> None:
    body = (
        "steps:\n  - {on: 2020-04-01, increment: {}}\n"
        f"  - {{on: 2020-04-01, minimum_increase: {{percent: {percent}}}}}\n"
    )
    res, registry = result(make_scheme, body, band="3", point=1)
    assert figures(res, registry).unconsolidated == D(one_off)


def test_a_minimum_increase_met_exactly_pays_nothing_and_says_so(make_scheme) -> None:
    # the increment is 1000, exactly 5 % of 20000: no one-off at all, not one of 0.00
    body = (
        "steps:\n  - {on: 2020-04-01, increment: {}}\n"
        "  - {on: 2020-04-01, minimum_increase: {percent: 5}}\n"
    )
    res, _ = result(make_scheme, body, band="3", point=1)
    assert res.events[1].payments == ()
    assert res.events[1].summary == "rise already at least 5 % of £20,000.00"


def test_a_minimum_increase_top_up_is_labelled_with_its_percent(make_scheme) -> None:
    # 6 % of 20000 = 1200, the rise 1000: a top-up of 200
    body = (
        "steps:\n  - {on: 2020-04-01, increment: {}}\n"
        "  - {on: 2020-04-01, minimum_increase: {percent: 6}}\n"
    )
    res, _ = result(make_scheme, body, band="3", point=1)
    payment = res.events[1].payments[0]
    assert (payment.on, payment.amount, payment.label) == (
        date(2020, 4, 1),
        D("200.00"),
        "top-up to 6 %",
    )


def test_a_consolidated_minimum_increase_landing_exactly_on_a_point_takes_that_point(
    make_scheme,
) -> None:
    # 10 % of 20000 = 2000: 22000 is exactly point 3
    body = step("{on: 2020-04-01, minimum_increase: {percent: 10, as: consolidated}}")
    res, _ = result(make_scheme, body, band="3", point=1)
    assert (res.end.point, res.end.salary, res.end.protected) == (3, D("22000"), False)


def test_minimum_increase_measured_from_reads_the_salary_the_day_before(make_scheme) -> None:
    # The increment of 1 July takes point 1 (20000) to point 2 (21000). Measured from 1 July the
    # base is the salary on 30 June, 20000: 6 % is 1200, the rise is 1000, so 200 is paid.
    # Measured from 2 July the base is 21000 and the rise since then is 0: 6 % of 21000 = 1260.
    for since, one_off in (("2020-07-01", "200.00"), ("2020-07-02", "1260.00")):
        body = (
            "steps:\n  - {on: 2020-07-01, increment: {}}\n"
            "  - {on: 2020-09-01, minimum_increase: "
            f"{{percent: 6, measured_from: {since}}}}}\n"
        )
        res, registry = result(make_scheme, body, band="3", point=1)
        assert figures(res, registry).unconsolidated == D(one_off), since


def test_minimum_increase_top_up_is_paid_on_paid_on_when_given(make_scheme) -> None:
    # 6 % of 20000 = 1200 with no rise at all; paid on 2021-05-01, after the period ends
    # (2021-03-31), so it is outside the period's one-offs but inside the default cash window
    body = step("{on: 2020-04-01, minimum_increase: {percent: 6}, paid_on: 2021-05-01}")
    res, registry = result(make_scheme, body, band="3", point=1)
    assert [(p.on, p.amount) for p in res.events[0].payments] == [(date(2021, 5, 1), D("1200.00"))]
    f = figures(res, registry)
    assert f.unconsolidated == D("0.00")
    assert f.cash_gain == D("1200.00")


# --- a salary exactly on a point or at the top ----------------------------------------------


def test_a_salary_exactly_at_the_band_top_is_the_top_point_not_protected(make_scheme) -> None:
    res, registry = result(
        make_scheme, step("{on: 2020-04-01, increment: {}}"), band="3", salary="23000"
    )
    assert (res.start.point, res.start.protected, res.start.at_top) == (4, False, True)
    assert "protected salary above the band top: no increments" not in figures(res, registry).notes


def test_a_salary_a_penny_above_the_top_is_protected_and_noted(make_scheme) -> None:
    res, registry = result(
        make_scheme, step("{on: 2020-04-01, increment: {}}"), band="3", salary="23000.01"
    )
    assert (res.start.point, res.start.protected) == (4, True)
    assert "protected salary above the band top: no increments" in figures(res, registry).notes


def test_a_salary_exactly_on_a_point_is_placed_on_it(make_scheme) -> None:
    # 21000 is point 2 exactly; a penny less is still point 1
    res, _ = result(make_scheme, step("{on: 2020-04-01, increment: {}}"), band="3", salary="21000")
    assert (res.start.point, res.end.point, res.end.salary) == (2, 3, D("22000"))
    res, _ = result(
        make_scheme, step("{on: 2020-04-01, increment: {}}"), band="3", salary="20999.99"
    )
    assert (res.start.point, res.end.point, res.end.salary) == (1, 2, D("21000"))


def test_a_salary_exactly_at_the_band_minimum_is_point_one(make_scheme) -> None:
    res, _ = result(make_scheme, step("{on: 2020-04-01, increment: {}}"), band="3", salary="20000")
    assert (res.start.point, res.end.salary) == (1, D("21000"))


def test_uplift_of_a_salary_between_points_rounds_the_salary_itself(make_scheme) -> None:
    # 21500 is between points; 2.5 % of it is 537.50, so 22037.50; points are uplifted apart
    res, _ = result(
        make_scheme, step("{on: 2020-04-01, uplift: {percent: 2.5}}"), band="3", salary="21500"
    )
    assert (res.end.point, res.end.salary) == (2, D("22037.50"))
    assert res.end.points == (D("20500.00"), D("21525.00"), D("22550.00"), D("23575.00"))


# --- assimilation: same_point and band_map --------------------------------------------------


@pytest.mark.parametrize(
    ("point", "expected_point", "expected"),
    [
        (1, 1, "20500"),  # crc 20000 -> ref point 1, 20500
        (2, 2, "21500"),  # crc 21000 -> ref point 2, 21500
        (4, 4, "24000"),  # crc 23000 -> ref point 4, 24000
    ],
)
def test_same_point_assimilation_keeps_the_point_number(
    make_scheme, point: int, expected_point: int, expected: str
) -> None:
    body = step("{on: 2020-04-01, assimilate: {to: ref, method: same_point}}")
    res, _ = result(make_scheme, body, band="3", point=point)
    assert (res.end.scale_id, res.end.point, res.end.salary) == ("ref", expected_point, D(expected))


def test_same_point_assimilation_that_would_cut_pay_takes_the_next_point_up(make_scheme) -> None:
    # crc band 4 point 3 is 28000; ref band 4 point 3 is 30000: fine. Salary 28600 sits on crc
    # point 3 (28000 <= 28600); ref point 3 is 30000 >= 28600, kept. Salary 26900 is crc point
    # 1; ref point 1 (26500) is below it, so the next point at or above: 28500 (point 2)
    body = step("{on: 2020-04-01, assimilate: {to: ref, method: same_point}}")
    res, _ = result(make_scheme, body, band="4", salary="26900")
    assert (res.end.point, res.end.salary) == (2, D("28500"))


def test_nearest_assimilation_prefers_the_higher_point_on_a_tie(make_scheme) -> None:
    # 22500 is 1000 from 21500 and 1000 from 23500: the higher wins, and it pays more anyway
    body = step("{on: 2020-04-01, assimilate: {to: ref, method: nearest}}")
    res, _ = result(make_scheme, body, band="3", salary="22500")
    assert (res.end.point, res.end.salary) == (3, D("23500"))


def test_nearest_assimilation_below_the_salary_takes_the_next_point_up(make_scheme) -> None:
    # 21600: nearest ref point is 21500 (100 away), which would cut pay: 23500 instead
    body = step("{on: 2020-04-01, assimilate: {to: ref, method: nearest}}")
    res, _ = result(make_scheme, body, band="3", salary="21600")
    assert (res.end.point, res.end.salary) == (3, D("23500"))


SHORT = """\
kind: scale
id: short
title: A scale whose band 3 has two points
employer: Test NPS
effective: 2019-04-01
status: illustrative
bands:
  - {name: "3", points: [20500, 21500]}
"""
ONLY_BAND_3 = "band_map: {'4': '3', '5': '3'}"


@pytest.mark.parametrize(
    ("to", "point", "expected_point", "expected", "protected"),
    [
        # onto a longer band (6 points): tops aligned, so crc point 2 (two below the top of 4)
        # goes to point 4 (two below the top of 6), 24000; point 1 to point 3, 23500; the top
        # to the top, 26000
        ("longref", 2, 4, "24000", False),
        ("longref", 1, 3, "23500", False),
        ("longref", 4, 6, "26000", False),
        # onto a shorter band (2 points): crc point 1 is three below the top, below the new
        # bottom: the bottom, 20500. Point 2 would also be the bottom, 20500, below its 21000:
        # the next point up instead, 21500. Point 3 (22000) is above the whole band: protected
        ("short", 1, 1, "20500", False),
        ("short", 2, 2, "21500", False),
        ("short", 3, 2, "22000", True),
    ],
)
def test_same_point_from_top_counts_points_down_from_the_top(
    make_scheme,
    tmp_path: Path,
    to: str,
    point: int,
    expected_point: int,
    expected: str,
    protected: bool,
) -> None:
    (tmp_path / "scales" / "longref.yaml").write_text(LONG_REF)
    (tmp_path / "scales" / "short.yaml").write_text(SHORT)
    body = step(
        f"{{on: 2020-04-01, assimilate: {{to: {to}, method: same_point_from_top, {ONLY_BAND_3}}}}}"
    )
    res, _ = result(make_scheme, body, band="3", point=point)
    assert (res.end.point, res.end.salary, res.end.protected) == (
        expected_point,
        D(expected),
        protected,
    )


def test_band_map_assimilates_onto_the_mapped_band(make_scheme) -> None:
    # crc band 3 point 2 (21000) onto ref band 4: the lowest ref band 4 point >= 21000 is 26500
    body = step("{on: 2020-04-01, assimilate: {to: ref, band_map: {'3': '4'}}}")
    res, registry = result(make_scheme, body, band="3", point=2)
    assert (res.end.band, res.end.point, res.end.salary) == ("4", 1, D("26500"))
    assert res.events[0].summary == "onto ref band 4 point 1 (next point at or above)"
    # the parity reference is read through the same map: ref band 4, at or above 26500
    f = figures(res, registry)
    assert (f.reference_band, f.reference_salary, f.parity_gap) == ("4", D("26500"), D("0"))


def test_a_band_missing_from_the_map_keeps_its_name(make_scheme) -> None:
    body = step("{on: 2020-04-01, assimilate: {to: ref, band_map: {'3': '4'}}}")
    res, _ = result(make_scheme, body, band="5", point=1)
    # crc band 5 point 1 (27500) onto ref band 5: the lowest point >= 27500 is 29000
    assert (res.end.band, res.end.salary) == ("5", D("29000"))


def test_assimilation_exactly_at_the_new_band_top_is_not_protected(make_scheme) -> None:
    # salary 24000 in crc band 3 is protected (above 23000); ref band 3 top is 24000: on it
    body = step("{on: 2020-04-01, assimilate: {to: ref}}")
    res, _ = result(make_scheme, body, band="3", salary="24000")
    assert res.start.protected
    assert (res.end.point, res.end.salary, res.end.protected) == (4, D("24000"), False)


def test_the_schemes_own_band_map_places_the_reference_without_assimilation(make_scheme) -> None:
    # no assimilation: band 3 is read as ref band 4 (26500 28500 30000). crc band 3 point 2
    # (21000) under transfer: the lowest ref band 4 point at or above 21000 is 26500, gap -5500;
    # under same-point: ref band 4 point 2, 28500, gap -7500
    body = "band_map: {'3': '4'}\n" + step("{on: 2020-04-01, lump_sum: {amount: 1}}")
    res, registry = result(make_scheme, body, band="3", point=2)
    f = figures(res, registry)
    assert (f.reference_band, f.reference_salary, f.parity_gap) == ("4", D("26500"), D("-5500"))
    f = figures(res, registry, parity="same-point")
    assert (f.reference_band, f.reference_salary, f.parity_gap) == ("4", D("28500"), D("-7500"))


# --- pro rata by days, and periods across a year end ----------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "by", "fraction"),
    [
        # April to November 2020: 8 whole months of 12
        ("2020-04-01", "2020-11-30", "months", (8, 12)),
        # October 2020 to March 2021 crosses the year end: Oct Nov Dec Jan Feb Mar = 6 months
        ("2020-10-01", "2021-03-31", "months", (6, 12)),
        # one month
        ("2020-04-01", "2020-04-30", "months", (1, 12)),
        # 1 Apr to 30 Sep 2020: 30+31+30+31+31+30 = 183 days; 1 Apr 2020 to 1 Apr 2021 = 365
        ("2020-04-01", "2020-09-30", "days", (183, 365)),
        # 1 Oct 2020 to 31 Mar 2021: 31+30+31+31+28+31 = 182 days, of 365
        ("2020-10-01", "2021-03-31", "days", (182, 365)),
        # 1 Apr 2019 to 31 Mar 2020 holds 29 Feb 2020: 366 days of a 366-day year
        ("2019-04-01", "2020-03-31", "days", (366, 366)),
        # from 29 Feb 2020 the year ends on 1 Mar 2021: 366 days; one day is 1/366
        ("2020-02-29", "2020-02-29", "days", (1, 366)),
        # from 1 Mar 2020 the year is 365 days; 1 Mar to 31 Mar is 31 days
        ("2020-03-01", "2020-03-31", "days", (31, 365)),
        # from 29 March 2020 the year ends on 29 March 2021 (365 days); 29 March to 28 April
        # is 31 days
        ("2020-03-29", "2020-04-28", "days", (31, 365)),
        # from 10 February 2020 the year holds 29 February: 366 days
        ("2020-02-10", "2020-02-10", "days", (1, 366)),
    ],
)
def test_pro_rata_fraction_counts_whole_months_or_days_of_the_year_from_its_start(
    start: str, end: str, by: str, fraction: tuple[int, int]
) -> None:
    pro_rata = ProRata.model_validate({"from": start, "to": end, "by": by})
    assert pro_rata.fraction() == fraction


def test_a_lump_sum_pro_rata_by_days_is_rounded_half_up(make_scheme) -> None:
    # 1000 x 183/365 = 501.3698..., so 501.37
    body = (
        "steps:\n  - on: 2020-04-01\n    lump_sum: {amount: 1000, pro_rata: "
        "{from: 2020-04-01, to: 2020-09-30, by: days}}\n"
    )
    res, registry = result(make_scheme, body, band="3", point=1)
    assert figures(res, registry).unconsolidated == D("501.37")
    assert res.events[0].summary == "one-off £501.37 (£1,000.00 × 183/365 days)"


def test_a_lump_sum_is_a_one_off_payment_dated_when_it_is_paid(make_scheme) -> None:
    body = step("{on: 2020-04-01, lump_sum: {amount: 400}, paid_on: 2020-06-30}")
    res, _ = result(make_scheme, body, band="3", point=1)
    (payment,) = res.events[0].payments
    assert (payment.on, payment.amount, payment.label) == (
        date(2020, 6, 30),
        D("400"),
        "one-off payment",
    )


def test_a_lump_sum_pro_rata_by_months_across_the_year_end(make_scheme) -> None:
    # 2 % of 21000 = 420.00, for October 2020 to March 2021: 6/12, so 210.00
    body = (
        "steps:\n  - on: 2020-10-01\n    lump_sum: {percent: 2, pro_rata: "
        "{from: 2020-10-01, to: 2021-03-31}}\n"
    )
    res, registry = result(make_scheme, body, band="3", point=2)
    assert figures(res, registry).unconsolidated == D("210.00")
    assert res.events[0].summary == "one-off £210.00 (2 % of salary × 6/12 months)"


@pytest.mark.parametrize(
    ("first", "stop", "expected"),
    [
        # 2020 is a leap year: 60 days (April and May) of 366
        ("2020-04-01", "2020-05-31", D(60) / 366),
        # 1 Dec 2020 to 1 Feb 2021: 31 days of 2020's 366 and 31 of 2021's 365
        ("2020-12-01", "2021-02-01", D(31) / 366 + D(31) / 365),
        # a whole 2021: exactly one
        ("2021-01-01", "2022-01-01", D(1)),
        # nothing
        ("2021-01-01", "2021-01-01", D(0)),
    ],
)
def test_year_fraction_counts_each_day_as_a_share_of_its_own_year(
    first: str, stop: str, expected: D
) -> None:
    assert year_fraction(date.fromisoformat(first), date.fromisoformat(stop)) == expected


def test_back_pay_across_the_year_end_uses_each_years_length(make_scheme) -> None:
    # +1000 a year from 1 Dec 2020, paid 1 Feb 2021: 1000 x (31/366 + 31/365)
    # = 84.699... + 84.931... = 169.63
    body = step("{on: 2020-12-01, increment: {}, paid_on: 2021-02-01}")
    res, _ = result(make_scheme, body, band="3", point=1)
    assert res.events[0].back_pay == D("169.63")


def test_back_pay_is_nothing_when_paid_on_time_or_nothing_rose(make_scheme) -> None:
    on_time = step("{on: 2020-12-01, increment: {}, paid_on: 2020-12-01}")
    res, _ = result(make_scheme, on_time, band="3", point=1)
    assert res.events[0].back_pay == D("0")
    at_top = step("{on: 2020-12-01, increment: {}, paid_on: 2021-02-01}")
    res, _ = result(make_scheme, at_top, band="3", point="top")
    assert res.events[0].back_pay == D("0")


# --- removing an overlap --------------------------------------------------------------------


def test_remove_overlap_moves_a_salary_below_the_new_minimum_up_to_it(make_scheme) -> None:
    # Band 4's top is 28000, so band 5 loses 27500 and starts at 29000. A salary of 28500 was on
    # band 5 point 1 (27500), which is deleted: like everyone on a deleted point it moves up to
    # the band's next remaining point, 29000, now point 1. It must not stay at 28500 on a point
    # worth 29000 (below the band's new minimum, which no one can be placed at).
    body = step("{on: 2020-04-01, remove_overlap: {lower: 4, upper: 5}}")
    res, _ = result(make_scheme, body, band="5", salary="28500")
    assert (res.end.point, res.end.salary, res.end.protected) == (1, D("29000"), False)
    assert res.end.points == (D("29000"), D("30500"))


def test_remove_overlap_renumbers_a_salary_between_kept_points(make_scheme) -> None:
    # 29500 was on point 2 (29000); with 27500 gone it is on point 1 and keeps its salary
    body = step("{on: 2020-04-01, remove_overlap: {lower: 4, upper: 5}}")
    res, _ = result(make_scheme, body, band="5", salary="29500")
    assert (res.end.point, res.end.salary) == (1, D("29500"))
    assert res.events[0].summary == "renumbered: point 2 → 1"


OVERLAP = """\
kind: scale
id: ov
title: A scale whose band 5 starts exactly at band 4's top
employer: Test CRC
effective: 2019-04-01
status: illustrative
bands:
  - {name: "3", points: [20000, 21000]}
  - {name: "4", points: [26000, 27000, 28000]}
  - {name: "5", points: [27000, 28000, 29000]}
"""


def test_remove_overlap_deletes_an_upper_point_equal_to_the_lower_top(
    make_scheme, tmp_path: Path
) -> None:
    # crc band 5 point 1 (27500) assimilates onto ov band 5 at 28000 (point 2). That point is
    # worth exactly band 4's top, so it is in the overlap: deleted with 27000, and the person
    # moves up to 29000, the only point left, now point 1
    (tmp_path / "scales" / "ov.yaml").write_text(OVERLAP)
    body = (
        "steps:\n  - {on: 2020-04-01, assimilate: {to: ov}}\n"
        "  - {on: 2020-04-01, remove_overlap: {lower: 4, upper: 5}}\n"
    )
    res, _ = result(make_scheme, body, band="5", point=1)
    assert (res.end.point, res.end.salary, res.end.points) == (1, D("29000"), (D("29000"),))
    assert res.events[1].summary == "point in the overlap deleted: moved up to £29,000.00"


def test_remove_overlap_renumbers_a_salary_exactly_on_the_first_kept_point(make_scheme) -> None:
    # band 5 point 2 is 29000, which is kept: it becomes point 1 by renumbering, not by a move
    body = step("{on: 2020-04-01, remove_overlap: {lower: 4, upper: 5}}")
    res, _ = result(make_scheme, body, band="5", point=2)
    assert (res.end.point, res.end.salary) == (1, D("29000"))
    assert res.events[0].summary == "renumbered: point 2 → 1"


REMOVE_4_5 = RemoveOverlap.model_validate(
    {"on": "2020-04-01", "remove_overlap": {"lower": "4", "upper": "5"}}
)


def test_remove_overlap_of_a_band_the_scale_lacks_names_the_scale() -> None:
    bands = {"4": (D("26000"), D("28000"))}
    state = State("crc", bands, "4", 1, D("26000"))
    with pytest.raises(PersonError, match=r"band '5' is not on scale crc \(its bands are 4\)"):
        REMOVE_4_5.apply(state, None)  # type: ignore[arg-type]
    state = State("crc", {"5": (D("29000"),)}, "5", 1, D("29000"))
    with pytest.raises(PersonError, match=r"band '4' is not on scale crc \(its bands are 5\)"):
        REMOVE_4_5.apply(state, None)  # type: ignore[arg-type]


def test_remove_overlap_that_would_empty_the_upper_band_is_refused() -> None:
    # band 4's top (30000) is above every band 5 point
    bands = {"4": (D("26000"), D("30000")), "5": (D("27000"), D("29000"))}
    state = State("crc", bands, "4", 1, D("26000"))
    with pytest.raises(StepError, match="removing the overlap would delete every point of band 5"):
        REMOVE_4_5.apply(state, None)  # type: ignore[arg-type]


def test_remove_overlap_leaves_other_bands_but_shortens_the_upper_for_later_steps(
    make_scheme,
) -> None:
    # a band 4 person is not moved, but the scale they carry has band 5 shortened
    body = step("{on: 2020-04-01, remove_overlap: {lower: 4, upper: 5}}")
    res, _ = result(make_scheme, body, band="4", point=1)
    assert (res.end.salary, res.end.bands["5"]) == (D("26000"), (D("29000"), D("30500")))
    assert res.events[0].summary == "not in the upper band: no change"


def test_remove_overlap_keeps_a_protected_salary_on_the_new_top(make_scheme) -> None:
    # 31000 is above band 5's top (30500): protected, on the new top, point 2 of 2
    body = step("{on: 2020-04-01, remove_overlap: {lower: 4, upper: 5}}")
    res, _ = result(make_scheme, body, band="5", salary="31000")
    assert (res.end.point, res.end.salary, res.end.protected) == (2, D("31000"), True)
    assert res.events[0].summary == "protected salary: no change"


# --- a protected salary against a longer reference band -------------------------------------

LONG_REF = """\
kind: scale
id: longref
title: A reference scale whose band 3 is longer
employer: Test NPS
effective: 2019-04-01
status: illustrative
bands:
  - {name: "3", points: [20500, 21500, 23500, 24000, 25000, 26000]}
"""


@pytest.mark.parametrize(
    ("parity", "person", "protected", "reference", "gap"),
    [
        # crc band 3 has 4 points, the reference band 3 has 6. 23500 is protected above crc's
        # top (23000). Same point: a protected salary is compared with the reference top, 26000,
        # not point 4 (24000, the number of crc's top): gap 23500 - 26000 = -2500.
        ("same-point", {"salary": "23500"}, True, "26000", "-2500"),
        # the top point itself is not protected: same point number 4, 24000, gap -1000
        ("same-point", {"point": "top"}, False, "24000", "-1000"),
        # transfer: the lowest reference point at or above the salary, 23500 itself: gap 0
        ("transfer", {"salary": "23500"}, True, "23500", "0"),
        # transfer from the top, 23000: the lowest point at or above it is 23500: gap -500
        ("transfer", {"point": "top"}, False, "23500", "-500"),
        # above the whole reference band (26000.01 > 26000): compared with its top
        ("transfer", {"salary": "26000.01"}, True, "26000", "0.01"),
    ],
)
def test_a_protected_salary_against_a_longer_reference_band(
    make_scheme,
    tmp_path: Path,
    parity: str,
    person: dict[str, str],
    protected: bool,
    reference: str,
    gap: str,
) -> None:
    (tmp_path / "scales" / "longref.yaml").write_text(LONG_REF)
    registry, path = make_scheme(step("{on: 2020-04-01, increment: {}}"))
    res = run(registry.scheme(path), PersonSpec(band="3", **person), registry)
    f = figures(res, Registry([tmp_path]), against="longref", parity=parity)
    assert (f.protected, f.reference_salary, f.parity_gap) == (protected, D(reference), D(gap))


# --- a flat uplift below a threshold --------------------------------------------------------

THRESHOLD = "steps:\n  - {{on: 2020-04-01, uplift: {{amount: 500, below: {below}}}}}\n"


def test_a_threshold_uplift_that_lifts_a_salary_past_the_next_point_places_it_again(
    make_scheme,
) -> None:
    # below 22000: band 3 becomes 20500 21500 22000 23000. 21800 (between points 2 and 3) is
    # below 22000 so rises by 500 to 22300, past point 3 (22000, not raised): it stands on
    # point 3 now, and the increment takes it to point 4, 23000 (before the fix it stayed on
    # point 2 and the increment "would lower pay" to 22000)
    body = THRESHOLD.format(below=22000) + "  - {on: 2020-05-01, increment: {}}\n"
    res, _ = result(make_scheme, body, band="3", salary="21800")
    assert (res.events[0].after.point, res.events[0].after.salary) == (3, D("22300"))
    assert (res.end.point, res.end.salary) == (4, D("23000"))


def test_a_threshold_uplift_never_leaves_a_salary_below_its_own_points_new_value(
    make_scheme,
) -> None:
    # below 20300: only point 1 rises, 20000 -> 20500. A salary of 20400 stands on point 1 and is
    # not itself below 20300, but point 1 now pays 20500: it is paid that
    res, _ = result(make_scheme, THRESHOLD.format(below=20300), band="3", salary="20400")
    assert (res.end.point, res.end.salary, res.end.protected) == (1, D("20500"), False)


def test_a_threshold_uplift_that_lifts_the_top_past_a_protected_salary_pays_the_top(
    make_scheme,
) -> None:
    # below 23200: every band 3 point rises by 500, the top to 23500. A protected 23300 counts as
    # the top of the band and is not itself below 23200: it is paid the new top, 23500, on point
    # 4, no longer protected
    res, _ = result(make_scheme, THRESHOLD.format(below=23200), band="3", salary="23300")
    assert res.start.protected
    assert (res.end.point, res.end.salary, res.end.protected) == (4, D("23500"), False)


def test_a_threshold_uplift_leaves_salaries_at_or_above_it_alone(make_scheme) -> None:
    # below 21000: point 2 (21000) is not below it, so neither it nor its salary rises
    res, _ = result(make_scheme, THRESHOLD.format(below=21000), band="3", point=2)
    assert (res.end.point, res.end.salary) == (2, D("21000"))
    assert res.events[0].summary == "no rise: £21,000.00 is outside the range raised"
    res, _ = result(make_scheme, THRESHOLD.format(below=21000), band="3", point=1)
    assert res.events[0].summary == "+£500.00 (below £21,000.00)"


# --- protection for a number of years -------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "last_day"),
    [
        # HMPPS: protected for 3 years from the transfer of 26 June 2021: to 25 June 2024
        ("2021-06-26", 3, "2024-06-25"),
        # from 29 February 2020, one year on is 1 March 2021 (no 29 February): to 28 February
        ("2020-02-29", 1, "2021-02-28"),
        # four years on, 2024 has a 29 February: to 28 February 2024
        ("2020-02-29", 4, "2024-02-28"),
        # any other 29th, or any other February day, is the same date a year on
        ("2020-03-29", 1, "2021-03-28"),
        ("2020-02-10", 1, "2021-02-09"),
    ],
)
def test_a_protection_ends_the_day_before_its_anniversary(
    start: str, years: int, last_day: str
) -> None:
    assert protection_end(date.fromisoformat(start), years) == date.fromisoformat(last_day)


def test_a_protected_assimilation_records_and_says_when_protection_ends(make_scheme) -> None:
    # 24500 onto ref band 3 (top 24000): kept, 500 above the top, protected for 3 years from
    # 1 April 2020, so to 31 March 2023
    body = step("{on: 2020-04-01, assimilate: {to: ref, protect_for_years: 3}}")
    res, _ = result(make_scheme, body, band="3", salary="24500")
    assert (res.end.salary, res.end.protected, res.end.protected_until) == (
        D("24500"),
        True,
        date(2023, 3, 31),
    )
    assert res.events[0].summary == (
        "onto ref band 3 £500.00 above the band top, protected until 2023-03-31 "
        "(next point at or above)"
    )
    # a salary that fits the new band is not protected and has no end date
    res, _ = result(make_scheme, body, band="3", point=1)
    assert (res.end.protected, res.end.protected_until) == (False, None)
    # without a number of years, protection has no end date
    body = step("{on: 2020-04-01, assimilate: {to: ref}}")
    res, _ = result(make_scheme, body, band="3", salary="24500")
    assert (res.end.protected_until, res.events[0].summary) == (
        None,
        "onto ref band 3 protected above the band top (next point at or above)",
    )


# --- uplift: percent rounding, a floor of the range, rounding to the pound ------------------


def test_a_percentage_uplift_of_a_salary_between_points_rounds_half_up(make_scheme) -> None:
    # 22111 (between 22000 and 23000) x 1.025 = 22663.775: 22663.78; the points become 22550
    # and 23575, so it stays on point 3
    res, _ = result(
        make_scheme, step("{on: 2020-04-01, uplift: {percent: 2.5}}"), band="3", salary="22111"
    )
    assert (res.end.point, res.end.salary) == (3, D("22663.78"))


def test_an_uplift_at_or_above_a_value_rounded_to_the_pound(make_scheme) -> None:
    # 1.75 % on points at or above 21000, each to the pound: 20000 stays; 21000 x 1.0175 =
    # 21367.50 -> 21368; 22000 -> 22385; 23000 x 1.0175 = 23402.50 -> 23403
    body = step("{on: 2020-04-01, uplift: {percent: 1.75, at_or_above: 21000, round: pound}}")
    res, _ = result(make_scheme, body, band="3", point=2)
    assert res.end.points == (D("20000"), D("21368.00"), D("22385.00"), D("23403.00"))
    assert (res.end.salary, res.events[0].summary) == (
        D("21368.00"),
        "+1.75 % (at or above £21,000.00)",
    )
    res, _ = result(make_scheme, body, band="3", point=1)
    assert (res.end.salary, res.events[0].summary) == (
        D("20000"),
        "no rise: £20,000.00 is outside the range raised",
    )


def test_an_uplift_that_would_put_points_out_of_order_is_refused(make_scheme) -> None:
    # 1500 below 21500: 20000 -> 21500 and 21000 -> 22500, past point 3 (22000, not raised)
    body = step("{on: 2020-04-01, uplift: {amount: 1500, below: 21500}}")
    with pytest.raises(
        EngineError,
        match=r"step 1 \(uplift\): the uplift puts band 3 point 2 \(22500(\.00)?\) at or above "
        r"point 3 \(22000(\.00)?\)",
    ):
        result(make_scheme, body, band="3", point=1)


def test_an_uplift_needs_exactly_one_of_percent_or_amount() -> None:
    for body in ({}, {"percent": 1, "amount": 1}):
        with pytest.raises(ValidationError, match="an uplift has exactly one of 'percent' or"):
            Uplift.model_validate({"on": "2020-04-01", "uplift": body})


def test_an_uplift_that_makes_two_points_equal_is_refused(make_scheme) -> None:
    # 1000 below 20500: point 1 becomes 21000, equal to point 2 (not raised)
    body = step("{on: 2020-04-01, uplift: {amount: 1000, below: 20500}}")
    with pytest.raises(
        EngineError,
        match=r"the uplift puts band 3 point 1 \(21000(\.00)?\) at or above point 2 "
        r"\(21000(\.00)?\)",
    ):
        result(make_scheme, body, band="3", point=1)


@pytest.mark.parametrize(
    ("point", "paid"),
    [(1, "100.00"), (3, "100.00"), ("top", "0.00")],
)
def test_a_step_for_staff_not_at_the_top_pays_everyone_below_it(
    make_scheme, point: int | str, paid: str
) -> None:
    body = step("{on: 2020-04-01, lump_sum: {amount: 100}, eligible: not_top_of_band}")
    res, registry = result(make_scheme, body, band="3", point=point)
    assert figures(res, registry).unconsolidated == D(paid)


# --- what a person who cannot be placed is told, and which column is wrong ------------------

CRC_BANDS = {"3": (D("20000"), D("21000"), D("22000"), D("23000")), "4": (D("26000"),)}


def test_a_person_who_cannot_be_placed_is_told_why_and_which_column() -> None:
    cases = [
        (
            lambda: place_on_point(CRC_BANDS, "crc", "9", 1),
            "band",
            "band '9' is not on scale crc (its bands are 3, 4)",
        ),
        (
            lambda: place_on_point(CRC_BANDS, "crc", "3", 5),
            "point",
            "point 5 is beyond band 3 of crc, which has points 1 to 4",
        ),
        (
            lambda: place_by_salary(CRC_BANDS, "crc", "9", D("20000")),
            "band",
            "band '9' is not on scale crc (its bands are 3, 4)",
        ),
        (
            lambda: place_by_salary(CRC_BANDS, "crc", "3", D("19999.99")),
            "salary",
            "salary £19,999.99 is below the minimum of band 3 on crc (£20,000.00)",
        ),
    ]
    for place, column, message in cases:
        with pytest.raises(PersonError) as caught:
            place()
        assert (caught.value.column, str(caught.value)) == (column, message)


def test_same_point_assimilation_lands_on_the_new_scales_band(make_scheme) -> None:
    body = step("{on: 2020-04-01, assimilate: {to: ref, method: same_point}}")
    res, _ = result(make_scheme, body, band="3", point=2)
    assert (res.end.scale_id, res.end.band) == ("ref", "3")
    assert res.end.points == (D("20500"), D("21500"), D("23500"), D("24000"))


def test_a_protection_end_is_kept_while_protected_and_dropped_when_the_top_passes_it(
    make_scheme,
) -> None:
    # 24500 onto ref band 3 (top 24000), protected to 31 March 2023. A 1 % uplift in June:
    # 24745 against a top of 24240, still protected, still to 31 March 2023. A flat 1000 below
    # 24500 instead lifts the top to 25000 past the salary (not itself below 24500): paid the
    # top, 25000, no longer protected, and no end date
    head = "steps:\n  - {on: 2020-04-01, assimilate: {to: ref, protect_for_years: 3}}\n"
    res, _ = result(
        make_scheme, head + "  - {on: 2020-06-01, uplift: {percent: 1}}\n", band="3", salary="24500"
    )
    assert (res.end.scale_id, res.end.salary, res.end.protected, res.end.protected_until) == (
        "ref",
        D("24745.00"),
        True,
        date(2023, 3, 31),
    )
    res, _ = result(
        make_scheme,
        head + "  - {on: 2020-06-01, uplift: {amount: 1000, below: 24500}}\n",
        band="3",
        salary="24500",
    )
    assert (res.end.salary, res.end.point, res.end.protected, res.end.protected_until) == (
        D("25000"),
        4,
        False,
        None,
    )
