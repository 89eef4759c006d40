"""What every step kind shares: the keys any step may carry, what a step may read (Context) and
what it returns (Change). A kind is one subclass of `StepBase` in its own module of this package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import Field

from paycalc.state import Points, State
from paycalc.types import BandName, Id, Strict, Text

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
        args: Strict = getattr(self, self.kind)
        return args

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
