"""Applies a scheme to one person: a dated timeline of consolidated salary and one-off payments.

Pure: scales come in through the registry's `bands` lookup, nothing is printed or written. All
figures here are full-time; `parity` scales them by FTE.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, getcontext
from functools import lru_cache
from typing import Protocol

from paycalc.errors import PaycalcError
from paycalc.model import Period, PersonSpec, Scheme
from paycalc.money import ZERO, to_penny
from paycalc.state import Points, State, place_by_salary, place_on_point
from paycalc.steps import Context, Payment, StepBase
from paycalc.steps.base import StepError


class BandSource(Protocol):
    """What the engine reads scales through (a Registry is one): a scale's bands by id."""

    def bands(self, scale_id: str) -> Mapping[str, Points]: ...


class EngineError(PaycalcError):
    """Raised when a step would break a rule the engine guarantees (it would lower pay), or a
    scheme cannot be applied to a person (e.g. a band missing from the scale it moves onto)."""


@dataclass(frozen=True)
class Event:
    """One step as it applied to one person."""

    index: int  # position of the step in the file
    step: StepBase
    eligible: bool
    before: State
    after: State
    summary: str
    payments: tuple[Payment, ...] = ()
    back_pay: Decimal = ZERO  # arrears of consolidated pay between `on` and `paid_on`


@dataclass(frozen=True)
class Result:
    """A person's timeline under a scheme (full-time figures)."""

    scheme: Scheme
    person: PersonSpec
    start: State
    events: tuple[Event, ...]

    def state_at(self, day: date) -> State:
        """The state at the end of `day`."""
        return _state_at(self.start, self.events, day)

    @property
    def end(self) -> State:
        return self.state_at(self.scheme.period.end)

    def payments(self, first: date | None = None, last: date | None = None) -> list[Payment]:
        """One-off payments dated inside [first, last] (default: the scheme's period)."""
        first = first or self.scheme.period.start
        last = last or self.scheme.period.end
        return [p for e in self.events for p in e.payments if first <= p.on <= last]

    def salary_changes(self) -> list[tuple[date, Decimal]]:
        """(date, full-time salary from that date) for each change of consolidated salary."""
        changes: list[tuple[date, Decimal]] = []
        salary = self.start.salary
        for event in self.events:
            if event.after.salary != salary:
                salary = event.after.salary
                if changes and changes[-1][0] == event.step.on:
                    changes[-1] = (event.step.on, salary)
                else:
                    changes.append((event.step.on, salary))
        return changes


def place(scheme: Scheme, person: PersonSpec, scales: BandSource) -> State:
    """Where the person stands on the scheme's starting scale."""
    bands = scales.bands(scheme.from_scale)
    if person.point is not None:
        return place_on_point(bands, scheme.from_scale, person.band, person.point)
    assert person.salary is not None  # PersonSpec guarantees one of the two
    return place_by_salary(bands, scheme.from_scale, person.band, person.salary)


def run(scheme: Scheme, person: PersonSpec, scales: BandSource) -> Result:
    """Apply every step of `scheme`, in date order, to `person`."""
    return _run(scheme, scheme.ordered_steps(), person, scales)


def runner(scheme: Scheme, scales: BandSource) -> Callable[[PersonSpec], Result]:
    """`run` for many people under one scheme (a comparison runs every point of every band):
    the steps are put in date order once, not once a person."""
    steps = scheme.ordered_steps()
    return lambda person: _run(scheme, steps, person, scales)


def _run(
    scheme: Scheme, steps: list[tuple[int, StepBase]], person: PersonSpec, scales: BandSource
) -> Result:
    start = place(scheme, person, scales)
    events: list[Event] = []

    def state_at(day: date) -> State:
        return _state_at(start, events, day)

    # A Registry also reads price indices (for an index-linked rise); a bare band source not.
    index_values = getattr(scales, "index_values", None)
    if index_values is None:
        ctx = Context(scheme.period.start, scales.bands, state_at)
    else:
        ctx = Context(scheme.period.start, scales.bands, state_at, index_values)
    state = start
    for index, step in steps:
        judged_on = state if step.eligible_on is None else state_at(step.eligible_on)
        if not step.is_eligible(judged_on):
            events.append(Event(index, step, False, state, state, _not_eligible(step)))
            continue
        try:
            change = step.apply(state, ctx)
        except StepError as e:  # only what steps raise on purpose: anything else is a bug
            raise EngineError(f"{scheme.id} step {index + 1} ({step.kind}): {e.message}") from None
        if change.state.salary < state.salary:
            raise EngineError(
                f"{scheme.id} step {index + 1} ({step.kind}) would lower consolidated pay from "
                f"{state.salary} to {change.state.salary}; a pay rule never cuts pay"
            )
        events.append(
            Event(
                index,
                step,
                True,
                state,
                change.state,
                change.summary,
                change.payments,
                _back_pay(step, state.salary, change.state.salary),
            )
        )
        state = change.state
    return Result(scheme, person, start, tuple(events))


def end_scale(scheme: Scheme) -> str:
    """The scale staff are on when the scheme ends: the last one a step moves them to."""
    return scheme.end_scale()


def runs_on(first: Scheme, then: Scheme, scale_employer: Callable[[str], str]) -> bool:
    """Whether `then` starts from the pay `first` leaves staff on (`runs.follows`): starting
    after `first` ends, on the scale `first` ends on, a scheme of `first`'s employer or of the
    employer whose scale that is (`scale_employer` gives a scale's employer by id)."""
    from paycalc.runs import End, follows

    scale = end_scale(first)
    ends = End(first.employer, first.period.end, scale, scale_employer(scale))
    return follows(ends, then.employer, then.period.start, then.from_scale)


def chained(first: Scheme, then: Scheme) -> Scheme:
    """`then` run on from the start of `first`: one timeline from `first`'s scale and start date
    to `then`'s end and reference, so a person's before is their pay before `first` and their
    cash counts both. The staff are `first`'s: the run keeps its employer and the areas it
    covers (a CRC's staff stay that story's after the transfer). Keeps `then`'s id (reports name
    the run by it) and says so in the title."""
    own = {s.id for s in then.sources}
    start = first.period.start
    return replace(
        then,
        title=f"{then.title}, after {first.id} from {start.day} {start:%B %Y}",
        employer=first.employer,
        covers=first.covers,
        from_scale=first.from_scale,
        period=Period(start=first.period.start, end=then.period.end),
        steps=[*first.steps, *then.steps],
        sources=[*then.sources, *(s for s in first.sources if s.id not in own)],
        not_modelled=[*first.not_modelled, *then.not_modelled],
        examples=[],
    )


def _state_at(start: State, events: Sequence[Event], day: date) -> State:
    """The state after every event dated on or before `day` (events are in date order)."""
    state = start
    for event in events:
        if event.step.on > day:
            break
        state = event.after
    return state


def _not_eligible(step: StepBase) -> str:
    who = step.eligible if isinstance(step.eligible, str) else "bands " + ", ".join(step.eligible)
    when = f" on {step.eligible_on}" if step.eligible_on else ""
    return f"not eligible (for {who.replace('_', ' ')}{when})"


def _back_pay(step: StepBase, old: Decimal, new: Decimal) -> Decimal:
    if step.paid_on is None or step.paid_on <= step.on or new <= old:
        return ZERO
    return to_penny((new - old) * year_fraction(step.on, step.paid_on))


def year_fraction(first: date, stop: date) -> Decimal:
    """Days from `first` up to (not including) `stop`, each as a fraction of its calendar year."""
    context = getcontext()
    return _year_fraction(first, stop, context.prec, context.rounding)


# Remembered: the same few spans (a scheme's pay dates, the cash window) come back for every
# person of a run. The answer depends on the two dates and the precision and rounding of the
# division, so those are the key.
@lru_cache(maxsize=4096)
def _year_fraction(first: date, stop: date, _prec: int, _rounding: str) -> Decimal:
    total = Decimal(0)
    day = first
    while day < stop:
        year_end = date(day.year + 1, 1, 1)
        chunk_end = min(stop, year_end)
        days_in_year = (year_end - date(day.year, 1, 1)).days
        total += Decimal((chunk_end - day).days) / days_in_year
        day = chunk_end
    return total
