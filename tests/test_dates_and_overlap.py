"""Pro rata by months and by days, periods and back pay across a year end, and removing the
overlap of two bands (a salary between a deleted point and the first kept one included).

The scales are those of conftest.py (crc band 3: 20000 21000 22000 23000; band 4: 26000 27000
28000; band 5: 27500 29000 30500; ref band 3: 20500 21500 23500 24000; band 4: 26500 28500 30000;
band 5: 29000 31000 33000). Every expected figure is worked by hand in the comment above it.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_DOWN, localcontext
from decimal import Decimal as D
from pathlib import Path

import pytest
from rule_helpers import result, step

from paycalc.engine import year_fraction
from paycalc.errors import PersonError
from paycalc.files.load import validated
from paycalc.parity import figures
from paycalc.state import State
from paycalc.steps import ProRata, RemoveOverlap
from paycalc.steps.base import StepError

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
    pro_rata = validated(ProRata, {"from": start, "to": end, "by": by})
    assert pro_rata.fraction() == fraction


def test_pro_rata_by_months_ends_on_the_calendars_last_day_of_a_month() -> None:
    # Every month of the years a file may hold (1900 has no 29 February, 2000 has).
    for year in range(1900, 2100):
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            end = date(year, month, last).isoformat()
            assert validated(ProRata, {"from": f"{year}-{month:02}-01", "to": end}).to.day == last
            if last > 28:
                with pytest.raises(ValueError, match="last day of a month"):
                    ProRata(from_=date(year, month, 1), to=date(year, month, last - 1))


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


def test_year_fraction_is_remembered_for_one_decimal_precision_never_across_two() -> None:
    # 1 Apr 2020 to 1 Apr 2021: 275 days of 2020's 366 (Apr-Dec: 30+31+30+31+31+30+31+30+31)
    # and 90 of 2021's 365 (Jan-Mar: 31+28+31). At 5 digits: 275/366 = 0.751366... -> 0.75137,
    # 90/365 = 0.246575... -> 0.24658, sum 0.99795. At the default 28 digits the sum is
    # 0.751366120... + 0.246575342... = 0.997941462..., which a remembered answer must not hide.
    first, stop = date(2020, 4, 1), date(2021, 4, 1)
    assert str(year_fraction(first, stop)).startswith("0.997941462")
    with localcontext() as ctx:
        ctx.prec = 5
        assert year_fraction(first, stop) == D("0.99795")
    assert str(year_fraction(first, stop)).startswith("0.997941462")


def test_year_fraction_is_remembered_for_one_rounding_never_across_two() -> None:
    # The same span at 5 digits: rounded half even, 0.75137 + 0.24658 = 0.99795 (above); cut
    # down, 275/366 = 0.751366... -> 0.75136 and 90/365 = 0.246575... -> 0.24657, sum 0.99793.
    first, stop = date(2020, 4, 1), date(2021, 4, 1)
    with localcontext() as ctx:
        ctx.prec = 5
        assert year_fraction(first, stop) == D("0.99795")
        ctx.rounding = ROUND_DOWN
        assert year_fraction(first, stop) == D("0.99793")


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


REMOVE_4_5 = validated(
    RemoveOverlap, {"on": "2020-04-01", "remove_overlap": {"lower": "4", "upper": "5"}}
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
