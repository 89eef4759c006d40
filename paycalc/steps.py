"""The step kinds of a scheme file: each is a model of its YAML keys and an `apply` rule.

Every kind has one shape: `apply(state, ctx) -> Change`. The engine sorts the steps by date and
calls them in turn; adding a kind means adding a class here and naming it in `STEP_KINDS`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Field, PositiveInt, Tag, model_validator

from paycalc import state as st
from paycalc.money import HUNDRED, fmt_pounds, percent_of, to_penny
from paycalc.state import Points, State
from paycalc.types import BandName, Id, Money, Percent, Strict, Text

Eligible = Literal["all", "top_of_band", "not_top_of_band"] | list[BandName]


@dataclass(frozen=True)
class Payment:
    """A one-off (unconsolidated) payment, full-time amount."""

    on: date
    amount: Decimal
    label: str


@dataclass(frozen=True)
class Context:
    """What a step may read besides the person: other scales and the person's own history."""

    period_start: date
    bands: Callable[[str], Mapping[str, Points]]  # a scale's bands, by scale id
    state_at: Callable[[date], State]  # the person's state at the end of a date


@dataclass(frozen=True)
class Change:
    """What one step did to one person."""

    state: State
    summary: str
    payments: tuple[Payment, ...] = ()


class StepBase(Strict):
    """Keys every step may carry, whatever its kind."""

    kind: ClassVar[str] = ""
    on: date
    eligible: Eligible = "all"
    eligible_on: date | None = Field(
        default=None,
        description="Read eligibility on the state at the end of this date (e.g. 2020-03-31 for "
        "'at the top of their band on 31 March 2020') instead of just before the step.",
    )
    paid_on: date | None = Field(
        default=None, description="When a backdated award was paid; arrears are reported."
    )
    quote: Text | None = None
    source: Id | None = None
    note: Text | None = None

    def apply(self, state: State, ctx: Context) -> Change:  # pragma: no cover - abstract
        raise NotImplementedError

    def is_eligible(self, state: State) -> bool:
        who = self.eligible
        if who == "all":
            return True
        if who == "top_of_band":
            return state.at_top
        if who == "not_top_of_band":
            return not state.at_top
        return state.band in who

    def args(self) -> Strict:
        return getattr(self, self.kind)

    def describe(self) -> str:
        """The step in plain words, with who gets it and when."""
        return f"{self.what()}{self.who()}"

    def what(self) -> str:  # pragma: no cover - every kind overrides it
        return self.kind

    def who(self) -> str:
        who = self.eligible
        if who == "all":
            text = ""
        elif who == "top_of_band":
            text = " for staff at the top of their band"
        elif who == "not_top_of_band":
            text = " for staff not at the top of their band"
        else:
            text = " for band" + ("s " if len(who) > 1 else " ") + ", ".join(who)
        if text and self.eligible_on:
            text += f" on {self.eligible_on:%-d %B %Y}"
        return text


# --- increment ---------------------------------------------------------------------------------


class IncrementArgs(Strict):
    points: PositiveInt = 1


class Increment(StepBase):
    """Move up N points, never past the band top; the top and protected salaries get nothing."""

    kind: ClassVar[str] = "increment"
    increment: IncrementArgs

    def what(self) -> str:
        n = self.increment.points
        return f"move up {n} point{'s' if n > 1 else ''} (not past the band top)"

    def apply(self, state: State, ctx: Context) -> Change:
        if state.at_top:
            return Change(state, "at the top of the band: no increment")
        point = min(state.point + self.increment.points, len(state.points))
        new = replace(state, point=point, salary=state.points[point - 1])
        return Change(new, f"point {state.point} → {point}")


# --- assimilate --------------------------------------------------------------------------------


class AssimilateArgs(Strict):
    to: Id
    method: st.Method = "next_point_at_or_above"
    band_map: dict[BandName, BandName] = Field(default_factory=dict)


class Assimilate(StepBase):
    """Move onto another scale (same band name, or through `band_map`); nobody loses pay."""

    kind: ClassVar[str] = "assimilate"
    assimilate: AssimilateArgs

    def what(self) -> str:
        a = self.assimilate
        mapped = f", bands mapped {dict(a.band_map)}" if a.band_map else ""
        return f"move onto scale {a.to} ({a.method.replace('_', ' ')}; nobody loses pay{mapped})"

    def apply(self, state: State, ctx: Context) -> Change:
        a = self.assimilate
        band = a.band_map.get(state.band, state.band)
        new = st.assimilate(state, a.to, ctx.bands(a.to), band, a.method)
        where = "protected above the band top" if new.protected else f"point {new.point}"
        return Change(new, f"onto {a.to} band {band} {where} ({a.method.replace('_', ' ')})")


# --- uplift ------------------------------------------------------------------------------------


class UpliftArgs(Strict):
    percent: Percent


class Uplift(StepBase):
    """A consolidated percentage rise of the salary and of every point of the scale."""

    kind: ClassVar[str] = "uplift"
    uplift: UpliftArgs

    def what(self) -> str:
        return f"consolidated rise of {self.uplift.percent} % on salaries and scale points"

    def apply(self, state: State, ctx: Context) -> Change:
        factor = 1 + self.uplift.percent / HUNDRED
        bands = {
            name: tuple(to_penny(v * factor) for v in pts) for name, pts in state.bands.items()
        }
        salary = (
            bands[state.band][state.point - 1]
            if _on_point(state)
            else to_penny(state.salary * factor)
        )
        return Change(replace(state, bands=bands, salary=salary), f"+{self.uplift.percent} %")


def _on_point(state: State) -> bool:
    return not state.protected and state.salary == state.points[state.point - 1]


# --- floor -------------------------------------------------------------------------------------


class FloorArgs(Strict):
    salary: Money


class Floor(StepBase):
    """A consolidated minimum salary: below it, move to the lowest point worth at least that
    (above the band top: exactly that, protected)."""

    kind: ClassVar[str] = "floor"
    floor: FloorArgs

    def what(self) -> str:
        return f"minimum salary {fmt_pounds(self.floor.salary)} (consolidated)"

    def apply(self, state: State, ctx: Context) -> Change:
        new = st.move_to_at_least(state, self.floor.salary)
        if new is state:
            return Change(state, f"already at or above the minimum {fmt_pounds(self.floor.salary)}")
        return Change(new, f"raised to the minimum {fmt_pounds(self.floor.salary)}")


# --- minimum_increase --------------------------------------------------------------------------


class MinimumIncreaseArgs(Strict):
    percent: Percent
    as_: Literal["unconsolidated", "consolidated"] = Field(default="unconsolidated", alias="as")
    measured_from: date | None = None


class MinimumIncrease(StepBase):
    """If the consolidated rise since `measured_from` is short of the percent, make up the
    difference: as a one-off payment, or by raising the salary (to the lowest point that meets
    it)."""

    kind: ClassVar[str] = "minimum_increase"
    minimum_increase: MinimumIncreaseArgs

    def what(self) -> str:
        m = self.minimum_increase
        since = f" since {m.measured_from}" if m.measured_from else " over the period"
        how = "a one-off payment" if m.as_ == "unconsolidated" else "a higher salary point"
        return f"at least {m.percent} % rise{since}; any shortfall made up by {how}"

    def apply(self, state: State, ctx: Context) -> Change:
        m = self.minimum_increase
        since = m.measured_from or ctx.period_start
        before = ctx.state_at(since - timedelta(days=1)).salary
        target = percent_of(before, m.percent)
        shortfall = target - (state.salary - before)
        if shortfall <= 0:
            return Change(state, f"rise already at least {m.percent} % of {fmt_pounds(before)}")
        if m.as_ == "unconsolidated":
            pay = Payment(self.paid_on or self.on, shortfall, f"top-up to {m.percent} %")
            return Change(state, f"one-off {fmt_pounds(shortfall)} to reach {m.percent} %", (pay,))
        new = st.move_to_at_least(state, before + target)
        return Change(new, f"raised to reach {m.percent} % over {fmt_pounds(before)}")


# --- lump_sum ----------------------------------------------------------------------------------


class ProRata(Strict):
    from_: date = Field(alias="from")
    to: date
    by: Literal["months", "days"] = "months"

    @model_validator(mode="after")
    def _whole_months(self) -> ProRata:
        if self.to < self.from_:
            raise ValueError("'to' is before 'from'")
        if self.by == "months" and (
            self.from_.day != 1
            or self.to.day != calendar.monthrange(self.to.year, self.to.month)[1]
        ):
            raise ValueError("by months runs from the 1st of a month to the last day of a month")
        return self

    def fraction(self) -> tuple[int, int]:
        """(numerator, denominator): whole months of 12, or days of the year that starts at
        `from`."""
        if self.by == "months":
            months = (self.to.year - self.from_.year) * 12 + self.to.month - self.from_.month + 1
            return months, 12
        year_end = (
            self.from_.replace(year=self.from_.year + 1)
            if not (self.from_.month == 2 and self.from_.day == 29)
            else date(self.from_.year + 1, 3, 1)
        )
        return (self.to - self.from_).days + 1, (year_end - self.from_).days


class LumpSumArgs(Strict):
    amount: Money | None = None
    percent: Percent | None = None
    pro_rata: ProRata | None = None
    eligible: Eligible | None = Field(
        default=None, description="Same as the step's own `eligible` (kept for DESIGN's example)."
    )

    @model_validator(mode="after")
    def _one_of(self) -> LumpSumArgs:
        if (self.amount is None) == (self.percent is None):
            raise ValueError("a lump_sum has exactly one of 'amount' or 'percent'")
        return self


class LumpSum(StepBase):
    """A one-off payment: a fixed amount or a percent of the salary on the day, maybe pro rata."""

    kind: ClassVar[str] = "lump_sum"
    lump_sum: LumpSumArgs

    @model_validator(mode="after")
    def _eligible_once(self) -> LumpSum:
        if self.lump_sum.eligible is not None:
            if self.eligible != "all":
                raise ValueError("give 'eligible' on the step or inside lump_sum, not both")
            object.__setattr__(self, "eligible", self.lump_sum.eligible)
        return self

    def what(self) -> str:
        ls = self.lump_sum
        base = fmt_pounds(ls.amount) if ls.amount is not None else f"{ls.percent} % of salary"
        if ls.pro_rata:
            num, den = ls.pro_rata.fraction()
            base += f" × {num}/{den} ({ls.pro_rata.by} {ls.pro_rata.from_} to {ls.pro_rata.to})"
        return f"one-off (unconsolidated) payment of {base}"

    def apply(self, state: State, ctx: Context) -> Change:
        ls = self.lump_sum
        if ls.amount is not None:
            full, what = ls.amount, fmt_pounds(ls.amount)
        else:
            full, what = percent_of(state.salary, ls.percent), f"{ls.percent} % of salary"  # type: ignore[arg-type]
        amount = full
        if ls.pro_rata is not None:
            num, den = ls.pro_rata.fraction()
            amount = to_penny(full * num / den)
            what += f" × {num}/{den} {ls.pro_rata.by}"
        pay = Payment(self.paid_on or self.on, amount, "one-off payment")
        return Change(state, f"one-off {fmt_pounds(amount)} ({what})", (pay,))


# --- remove_overlap ----------------------------------------------------------------------------


class RemoveOverlapArgs(Strict):
    lower: BandName
    upper: BandName


class RemoveOverlap(StepBase):
    """The upper band's points at or below the lower band's top are deleted; staff on them move
    up to the upper band's next remaining point."""

    kind: ClassVar[str] = "remove_overlap"
    remove_overlap: RemoveOverlapArgs

    def what(self) -> str:
        r = self.remove_overlap
        return (
            f"remove the overlap of bands {r.lower} and {r.upper}: band {r.upper} points at "
            f"or below the band {r.lower} top are deleted, staff on them move up"
        )

    def apply(self, state: State, ctx: Context) -> Change:
        r = self.remove_overlap
        lower_top = st.band_points(state.bands, r.lower, state.scale_id)[-1]
        upper = st.band_points(state.bands, r.upper, state.scale_id)
        kept = tuple(v for v in upper if v > lower_top)
        if not kept:
            raise ValueError(f"removing the overlap would delete every point of band {r.upper}")
        bands = {**state.bands, r.upper: kept}
        if state.band != r.upper:
            return Change(replace(state, bands=bands), "not in the upper band: no change")
        moved = replace(state, bands=bands)
        if state.protected:
            return Change(replace(moved, point=len(kept)), "protected salary: no change")
        if state.salary <= lower_top:
            new = replace(moved, point=1, salary=kept[0])
            return Change(new, f"point in the overlap deleted: moved up to {fmt_pounds(kept[0])}")
        point = st.point_at_or_below(kept, state.salary)
        return Change(replace(moved, point=point), f"renumbered: point {state.point} → {point}")


STEP_KINDS: dict[str, type[StepBase]] = {
    cls.kind: cls
    for cls in (Increment, Assimilate, Uplift, Floor, MinimumIncrease, LumpSum, RemoveOverlap)
}


def step_kind(value: Any) -> str | None:
    """The discriminator: which kind key a raw step mapping (or a built step) carries."""
    if isinstance(value, StepBase):
        return value.kind
    if isinstance(value, dict):
        found = [k for k in STEP_KINDS if k in value]
        return found[0] if len(found) == 1 else None
    return None


Step = Annotated[
    Annotated[Increment, Tag("increment")]
    | Annotated[Assimilate, Tag("assimilate")]
    | Annotated[Uplift, Tag("uplift")]
    | Annotated[Floor, Tag("floor")]
    | Annotated[MinimumIncrease, Tag("minimum_increase")]
    | Annotated[LumpSum, Tag("lump_sum")]
    | Annotated[RemoveOverlap, Tag("remove_overlap")],
    Discriminator(
        step_kind,
        custom_error_type="step_kind",
        custom_error_message="a step needs exactly one kind key",
    ),
]
