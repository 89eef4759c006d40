"""The boundaries mutation testing found untested: a floor or a salary exactly on a point or at
the top, a shortfall of a penny, and what a person who cannot be placed is told.

The scales are those of conftest.py (crc band 3: 20000 21000 22000 23000; band 4: 26000 27000
28000; band 5: 27500 29000 30500; ref band 3: 20500 21500 23500 24000; band 4: 26500 28500 30000;
band 5: 29000 31000 33000). Every expected figure is worked by hand in the comment above it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from rule_helpers import result, step

from paycalc.errors import PersonError
from paycalc.parity import figures
from paycalc.state import place_by_salary, place_on_point

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
