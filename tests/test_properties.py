"""Properties the engine guarantees for every valid scale, scheme and person (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, reject
from hypothesis import strategies as st
from strategies import PERIOD, people, scale_pair, schemes

from paycalc import engine
from paycalc.money import HUNDRED, to_penny
from paycalc.parity import cash_in_window, figures
from paycalc.steps import Assimilate, Increment

HALF_PENNY = Decimal("0.005")


def run(scheme, person, scales):  # type: ignore[no-untyped-def]
    """The engine's run. A flat uplift below a threshold can put a band's points out of order, or
    lift a lower band past the upper one so removing their overlap would empty it: the engine
    refuses such a scheme (an error in the scheme, not a pay figure), so it is dropped."""
    try:
        return engine.run(scheme, person, scales)
    except engine.EngineError as e:
        if "the uplift puts band" in str(e) or "would delete every point" in str(e):
            reject()
        raise


@st.composite
def cases(draw, fte: bool = True, extra_steps=None):  # type: ignore[no-untyped-def]
    scales = draw(scale_pair())
    scheme = draw(schemes(scales, extra_steps))
    person = draw(people(scales, fte=fte))
    return scales, scheme, person


@given(cases())
def test_no_step_lowers_pay_and_no_increment_passes_the_top_or_moves_a_protected_salary(
    case,
) -> None:  # type: ignore[no-untyped-def]
    scales, scheme, person = case
    result = run(scheme, person, scales)
    for event in result.events:
        assert event.after.salary >= event.before.salary
        if isinstance(event.step, Assimilate) and event.eligible and not event.after.protected:
            # next point at or above (and every method's fallback) lands on a real point
            assert event.after.salary == event.after.points[event.after.point - 1]
    check_increments(result)


@given(cases())
def test_every_state_stands_on_the_highest_point_at_or_below_its_salary(case) -> None:  # type: ignore[no-untyped-def]
    """The State invariant every rule relies on: a salary is on the highest point whose value is
    at or below it, or above the band top and protected; never on a point worth more."""
    scales, scheme, person = case
    result = run(scheme, person, scales)
    for state in (result.start, *(e.after for e in result.events)):
        points = state.points
        assert list(points) == sorted(set(points))
        if state.protected:
            assert state.salary > points[-1] and state.point == len(points)
        else:
            assert points[0] <= points[state.point - 1] <= state.salary
            assert state.point == len(points) or points[state.point] > state.salary


def check_increments(result) -> None:  # type: ignore[no-untyped-def]
    """An increment never passes the band top, and a protected salary never gets one."""
    for event in result.events:
        state = event.after
        assert 1 <= state.point <= len(state.points)
        if not isinstance(event.step, Increment) or not event.eligible:
            continue
        if event.before.protected or event.before.at_top:
            assert event.after == event.before
        else:
            moved = state.point - event.before.point
            assert 1 <= moved <= event.step.increment.points
            assert state.salary == state.points[state.point - 1]
            assert state.salary <= state.points[-1]


@given(st.data())
def test_minimum_increase_makes_the_rise_at_least_the_percent_to_the_penny(data) -> None:  # type: ignore[no-untyped-def]
    percent = data.draw(st.integers(1, 1000).map(lambda n: Decimal(n) / 100))
    how = data.draw(st.sampled_from(["unconsolidated", "consolidated"]))
    last = {"on": PERIOD[1], "minimum_increase": {"percent": percent, "as": how}}
    scales, scheme, person = data.draw(cases(extra_steps=[last]))
    result = run(scheme, person, scales)
    f = figures(result, scales)
    required = to_penny(f.before * percent / HUNDRED)
    rise = f.after - f.before
    if how == "consolidated":
        assert rise >= required - HALF_PENNY * 2
    else:
        assert rise + f.unconsolidated >= required - HALF_PENNY * 2
        if person.fte == 1:  # a part-timer's pennies are too coarse for a 2-decimal percent
            assert f.total_increase_pct >= percent - Decimal("0.01")


@given(st.data())
def test_fte_scales_every_money_figure_linearly_to_the_penny(data) -> None:  # type: ignore[no-untyped-def]
    scales, scheme, person = data.draw(cases(fte=False))
    fte = data.draw(st.integers(1, 999).map(lambda n: Decimal(n) / 1000))
    full = figures(run(scheme, person, scales), scales)
    part_result = run(scheme, replace(person, fte=fte), scales)
    part = figures(part_result, scales)
    n_payments = len(part_result.payments())
    for name in ("before", "after", "reference_salary"):
        assert abs(getattr(part, name) - getattr(full, name) * fte) <= HALF_PENNY
    assert abs(part.unconsolidated - full.unconsolidated * fte) <= HALF_PENNY * max(n_payments, 1)
    assert abs(part.parity_gap - full.parity_gap * fte) <= HALF_PENNY * 2


@given(st.data())
def test_cash_in_a_window_is_salary_day_by_day_plus_payments(data) -> None:  # type: ignore[no-untyped-def]
    scales, scheme, person = data.draw(cases())
    first = data.draw(st.dates(date(2019, 10, 1), date(2021, 3, 1)))
    last = first + timedelta(days=data.draw(st.integers(0, 120)))
    result = run(scheme, person, scales)
    cash, baseline = cash_in_window(result, person.fte, (first, last))
    # the slow, obvious way: each day's pay at the salary in force that day (a step takes
    # effect on its own date), plus the one-offs dated inside the window
    salary_days = baseline_days = Decimal(0)
    start_pay = to_penny(result.start.salary * person.fte)
    day = first
    while day <= last:
        days_in_year = 366 if day.year % 4 == 0 else 365
        salary_days += to_penny(result.state_at(day).salary * person.fte) / days_in_year
        baseline_days += start_pay / days_in_year
        day += timedelta(days=1)
    payments = sum(
        (to_penny(p.amount * person.fte) for p in result.payments(first, last)), Decimal(0)
    )
    assert abs(cash - (to_penny(salary_days) + payments)) <= Decimal("0.01")
    assert abs(baseline - to_penny(baseline_days)) <= Decimal("0.01")
