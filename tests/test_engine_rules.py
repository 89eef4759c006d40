"""Each step kind does what its rule says, on a small scale whose figures are easy to check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from paycalc.engine import run
from paycalc.errors import PersonError
from paycalc.model import PersonSpec
from paycalc.parity import figures


def result(make_scheme, body: str, **person):  # type: ignore[no-untyped-def]
    registry, path = make_scheme(body)
    scheme = registry.scheme(path)
    return run(scheme, PersonSpec(**person), registry), registry


def after(make_scheme, body: str, **person) -> D:  # type: ignore[no-untyped-def]
    res, _ = result(make_scheme, body, **person)
    return res.end.salary


INCREMENT = "steps:\n  - {on: 2020-04-01, increment: {points: 1}}\n"


def test_increment_moves_up_one_point(make_scheme) -> None:
    assert after(make_scheme, INCREMENT, band="3", point=2) == D("22000")


def test_increment_never_moves_past_the_band_top(make_scheme) -> None:
    body = "steps:\n  - {on: 2020-04-01, increment: {points: 3}}\n"
    assert after(make_scheme, body, band="3", point=3) == D("23000")


def test_the_top_of_the_band_gets_no_increment(make_scheme) -> None:
    assert after(make_scheme, INCREMENT, band="3", point="top") == D("23000")


def test_a_protected_salary_above_the_top_gets_no_increment(make_scheme) -> None:
    res, _ = result(make_scheme, INCREMENT, band="3", salary="23500")
    assert res.start.protected
    assert res.end.salary == D("23500")


def test_a_salary_between_points_is_placed_on_the_point_below_and_moves_to_the_next(
    make_scheme,
) -> None:
    res, _ = result(make_scheme, INCREMENT, band="3", salary="21500")
    assert res.start.point == 2
    assert res.end.salary == D("22000")


def test_a_salary_below_the_band_minimum_cannot_be_placed(make_scheme) -> None:
    with pytest.raises(PersonError, match="below the minimum"):
        result(make_scheme, INCREMENT, band="3", salary="19999.99")


def test_a_point_beyond_the_band_cannot_be_placed(make_scheme) -> None:
    with pytest.raises(PersonError, match="beyond band 3"):
        result(make_scheme, INCREMENT, band="3", point=5)


def test_an_unknown_band_names_the_bands_there_are(make_scheme) -> None:
    with pytest.raises(
        PersonError, match=r"band '9' is not on scale crc \(its bands are 3, 4, 5\)"
    ):
        result(make_scheme, INCREMENT, band="9", point=1)


ASSIMILATE = "steps:\n  - {{on: 2020-04-01, assimilate: {{to: ref, method: {method}}}}}\n"


@pytest.mark.parametrize(
    ("method", "point", "expected"),
    [
        ("next_point_at_or_above", 2, "21500"),  # 21000 -> lowest ref point >= it
        ("next_point_at_or_above", 1, "20500"),
        ("same_point", 3, "23500"),
        ("nearest", 2, "21500"),
    ],
)
def test_assimilation_places_by_its_method(make_scheme, method, point, expected) -> None:
    body = ASSIMILATE.format(method=method)
    assert after(make_scheme, body, band="3", point=point) == D(expected)


def test_assimilation_never_pays_less_whatever_the_method(make_scheme) -> None:
    # 28600 sits between ref band 4 points 28500 (nearest, same point 2) and 30000
    for method in ("same_point", "nearest", "next_point_at_or_above"):
        body = ASSIMILATE.format(method=method)
        assert after(make_scheme, body, band="4", salary="28600") >= D("28600")


def test_a_salary_above_the_new_band_top_is_kept_and_protected(make_scheme) -> None:
    body = ASSIMILATE.format(method="next_point_at_or_above")
    res, _ = result(make_scheme, body, band="3", salary="24500")
    assert res.end.salary == D("24500")
    assert res.end.protected


def test_uplift_raises_salary_and_every_point_rounded_to_the_penny(make_scheme) -> None:
    body = (
        "steps:\n  - {on: 2020-04-01, uplift: {percent: 1.5}}\n"
        "  - {on: 2020-05-01, increment: {}}\n"
    )
    res, _ = result(make_scheme, body, band="3", point=1)
    assert res.state_at(res.scheme.period.start).salary == D("20300.00")
    assert res.end.salary == D("21315.00")  # point 2 uplifted: 21000 x 1.015


def test_floor_moves_to_the_lowest_point_that_meets_it(make_scheme) -> None:
    body = "steps:\n  - {on: 2020-04-01, floor: {salary: 21500}}\n"
    assert after(make_scheme, body, band="3", point=1) == D("22000")
    assert after(make_scheme, body, band="3", point=4) == D("23000")


def test_a_floor_above_the_band_top_pays_exactly_the_floor_protected(make_scheme) -> None:
    body = "steps:\n  - {on: 2020-04-01, floor: {salary: 24000}}\n"
    res, _ = result(make_scheme, body, band="3", point=1)
    assert (res.end.salary, res.end.protected) == (D("24000"), True)


MIN_UNCONSOLIDATED = (
    "steps:\n  - {on: 2020-04-01, increment: {}}\n"
    "  - {on: 2020-04-01, minimum_increase: {percent: 6}}\n"
)


def test_minimum_increase_pays_the_shortfall_as_a_one_off(make_scheme) -> None:
    res, registry = result(make_scheme, MIN_UNCONSOLIDATED, band="3", point=1)
    f = figures(res, registry)
    # 6 % of 20000 = 1200; the increment gave 1000; the one-off is 200
    assert (f.after, f.unconsolidated, f.total_increase_pct) == (D("21000"), D("200.00"), D("6.00"))


def test_minimum_increase_pays_nothing_when_the_rise_is_enough(make_scheme) -> None:
    body = MIN_UNCONSOLIDATED.replace("percent: 6", "percent: 4")
    res, registry = result(make_scheme, body, band="3", point=1)
    assert figures(res, registry).unconsolidated == D("0.00")


def test_consolidated_minimum_increase_moves_to_the_point_that_meets_it(make_scheme) -> None:
    body = "steps:\n  - {on: 2020-04-01, minimum_increase: {percent: 6, as: consolidated}}\n"
    # 20000 x 1.06 = 21200: the lowest point at or above is 22000
    assert after(make_scheme, body, band="3", point=1) == D("22000")
    # 23000 x 1.06 = 24380, above the top: exactly that, protected
    res, _ = result(make_scheme, body, band="3", point=4)
    assert (res.end.salary, res.end.protected) == (D("24380.00"), True)


def test_lump_sum_pro_rata_by_months_is_the_amount_times_months_over_twelve(make_scheme) -> None:
    body = (
        "steps:\n  - on: 2020-04-01\n    lump_sum: {amount: 300, pro_rata: "
        "{from: 2020-04-01, to: 2020-11-30, by: months}}\n"
    )
    res, registry = result(make_scheme, body, band="3", point=1)
    assert figures(res, registry).unconsolidated == D("200.00")


def test_lump_sum_percent_is_of_the_salary_on_the_day_rounded_half_up(make_scheme) -> None:
    body = "steps:\n  - {on: 2020-04-01, lump_sum: {percent: 2.5}}\n"
    res, registry = result(make_scheme, body, band="3", salary="20000.20")
    assert figures(res, registry).unconsolidated == D("500.01")  # 500.005 rounds up


def test_eligibility_on_a_date_reads_the_state_at_the_end_of_that_day(make_scheme) -> None:
    # point 3 reaches the top by the increment; at 31 March 2020 it was not at the top
    body = (
        "steps:\n  - {on: 2020-04-01, increment: {}}\n"
        "  - {on: 2020-04-01, lump_sum: {amount: 100}, eligible: top_of_band}\n"
        "  - {on: 2020-04-01, lump_sum: {amount: 10}, eligible: top_of_band, "
        "eligible_on: 2020-03-31}\n"
    )
    res, registry = result(make_scheme, body, band="3", point=3)
    assert figures(res, registry).unconsolidated == D("100.00")


def test_eligible_band_list_limits_a_step_to_those_bands(make_scheme) -> None:
    body = "steps:\n  - {on: 2020-04-01, lump_sum: {amount: 100}, eligible: [4]}\n"
    r3, registry = result(make_scheme, body, band="3", point=1)
    r4, _ = result(make_scheme, body, band="4", point=1)
    assert figures(r3, registry).unconsolidated == D("0.00")
    assert figures(r4, registry).unconsolidated == D("100.00")


def test_remove_overlap_moves_staff_off_deleted_points(make_scheme) -> None:
    body = "steps:\n  - {on: 2020-04-01, remove_overlap: {lower: 4, upper: 5}}\n"
    # band 4 top is 28000: band 5 point 27500 goes; its staff move to 29000 (new point 1)
    res, _ = result(make_scheme, body, band="5", point=1)
    assert (res.end.salary, res.end.point) == (D("29000"), 1)
    res, _ = result(make_scheme, body, band="5", point="top")
    assert (res.end.salary, res.end.point) == (D("30500"), 2)


def test_steps_run_in_date_order_and_ties_in_file_order(make_scheme) -> None:
    body = (
        "steps:\n  - {on: 2020-06-01, increment: {}}\n"
        "  - {on: 2020-04-01, lump_sum: {percent: 10}}\n"
        "  - {on: 2020-04-01, increment: {}}\n"
    )
    res, _ = result(make_scheme, body, band="3", point=1)
    assert [e.step.kind for e in res.events] == ["lump_sum", "increment", "increment"]
    assert res.events[0].payments[0].amount == D("2000.00")  # 10 % of 20000, before any rise


def test_back_pay_is_the_arrears_from_on_to_paid_on(make_scheme) -> None:
    body = "steps:\n  - {on: 2020-04-01, increment: {}, paid_on: 2020-05-31}\n"
    res, _ = result(make_scheme, body, band="3", point=1)
    # 1000 a year for 60 days of 2020 (a 366-day year)
    assert res.events[0].back_pay == D("163.93")


def test_fte_multiplies_salary_and_every_payment(make_scheme) -> None:
    res, registry = result(make_scheme, MIN_UNCONSOLIDATED, band="3", point=1, fte="0.6")
    f = figures(res, registry)
    assert (f.before, f.after, f.unconsolidated) == (D("12000.00"), D("12600.00"), D("120.00"))
    assert f.total_increase_pct == D("6.00")


def test_cash_in_window_counts_salary_per_day_and_payments(make_scheme) -> None:
    body = (
        "steps:\n  - {on: 2021-01-01, increment: {}}\n"
        "  - {on: 2020-04-01, lump_sum: {amount: 50}}\n"
    )
    res, registry = result(make_scheme, body, band="3", point=1)
    f = figures(res, registry, window=(date(2020, 1, 1), date(2021, 12, 31)))
    # a whole 2020 at 20000, a whole 2021 at 21000, plus 50
    assert f.cash_in_period == D("41050.00")
    assert f.cash_baseline == D("40000.00")
    assert f.cash_gain == D("1050.00")


def test_reference_salary_is_the_same_point_when_the_scheme_does_not_assimilate(
    make_scheme,
) -> None:
    res, registry = result(make_scheme, INCREMENT, band="3", point=1)
    f = figures(res, registry)
    assert (f.reference_salary, f.parity_gap, f.parity_gap_pct) == (
        D("21500"),
        D("-500"),
        D("-2.33"),
    )


def test_reference_salary_follows_the_schemes_assimilation_method(make_scheme) -> None:
    body = ASSIMILATE.format(method="next_point_at_or_above")
    res, registry = result(make_scheme, body, band="3", point=2)
    f = figures(res, registry)
    assert (f.after, f.reference_salary, f.parity_gap) == (D("21500"), D("21500"), D("0"))


def test_a_tiny_part_timers_minimum_increase_is_met_to_the_penny_not_to_the_percent(
    make_scheme,
) -> None:
    # Found by hypothesis: at FTE 0.001 the one-off of 404.00 (1.6 % of 25,250) is paid as
    # 0.40, which meets 1.6 % of 25.25 (0.404) to the penny but reads as 1.58 %.
    body = "steps:\n  - {on: 2021-03-31, minimum_increase: {percent: 1.6}}\n"
    res, registry = result(make_scheme, body, band="3", salary="25250", fte="0.001")
    f = figures(res, registry)
    assert (f.before, f.unconsolidated, f.total_increase_pct) == (D("25.25"), D("0.40"), D("1.58"))
