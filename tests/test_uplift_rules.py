"""Uplifts: a percentage rounded half up or to the pound, a flat amount below or at or above a
value, and what happens to a salary the raised points pass.

The scales are those of conftest.py (crc band 3: 20000 21000 22000 23000; band 4: 26000 27000
28000; band 5: 27500 29000 30500; ref band 3: 20500 21500 23500 24000; band 4: 26500 28500 30000;
band 5: 29000 31000 33000). Every expected figure is worked by hand in the comment above it.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from pydantic import ValidationError
from rule_helpers import result, step

from paycalc.engine import EngineError
from paycalc.files.load import validated
from paycalc.parity import figures
from paycalc.steps import Uplift

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
            validated(Uplift, {"on": "2020-04-01", "uplift": body})


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
