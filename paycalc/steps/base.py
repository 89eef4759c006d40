"""What every step kind shares: the keys any step may carry, what a step may read (Context) and
what it returns (Change), and the hooks through which the rest of paycalc asks a kind about
itself (the scales and bands it names, its cross-file check, its template example). A kind is
one subclass of `StepBase` in its own module of this package; nothing outside it names the kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal

from paycalc.errors import PaycalcError
from paycalc.state import Points, State
from paycalc.types import BandName, Day, Id, Strict, Text

Eligible = Literal["all", "top_of_band", "not_top_of_band"] | list[BandName]
Bands = Mapping[str, Points]
Key = tuple[str | int, ...]  # a path of keys under a step, e.g. ("assimilate", "to")


class StepError(PaycalcError):
    """A step that cannot be applied under its own rules (an uplift that would put a band's
    points out of order); the engine adds which scheme and step. A step raises only this or a
    PersonError, so any other exception from a step is a bug, not bad input."""


@dataclass(frozen=True)
class Payment:
    """A one-off (unconsolidated) payment, full-time amount."""

    on: date
    amount: Decimal
    label: str


def _no_index(ident: str) -> Mapping[date, Decimal]:
    raise StepError(f"price index '{ident}' cannot be read here (no prices files are searched)")


@dataclass(frozen=True)
class Context:
    """What a step may read besides the person: other scales, price indices and the person's
    own history."""

    period_start: date
    bands: Callable[[str], Mapping[str, Points]]  # a scale's bands, by scale id
    state_at: Callable[[date], State]  # the person's state at the end of a date
    # A price index's values by the first day of their month, by the index's id or path.
    index_values: Callable[[str], Mapping[date, Decimal]] = _no_index


@dataclass(frozen=True)
class Issue:
    """A cross-file problem of one step; the checker turns `key` into the file's line and col."""

    message: str
    key: Key = ()
    code: str = "PC202"


@dataclass(frozen=True)
class CheckContext:
    """What a step's cross-file check may read: the scales its scheme names, where found."""

    bands_now: Bands  # the bands of the scale in force just before the step
    bands_of: Callable[[str], Bands | None]  # a named scale's bands; None if it was not found
    # A price index's values (None if it was not found); None when the caller reads no prices.
    index_of: Callable[[str], Mapping[date, Decimal] | None] | None = None


@dataclass(frozen=True)
class Change:
    """What one step did to one person."""

    state: State
    summary: str
    payments: tuple[Payment, ...] = ()


class StepBase(Strict):
    """Keys every step may carry, whatever its kind."""

    kind: ClassVar[str] = ""
    # The kind's commented example in `paycalc new-scheme`'s template: the step's YAML below its
    # `on:` line, comments allowed; $start, $end, $from_scale, $reference, $lower and $upper (two
    # band names of the start scale) are filled in. Uncommented, it must be a valid step.
    example: ClassVar[str] = ""
    on: Day
    eligible: Eligible = "all"
    eligible_on: Day | None = None
    """Read eligibility on the state at the end of this date (e.g. 2020-03-31 for 'at the top of
    their band on 31 March 2020') instead of just before the step."""
    paid_on: Day | None = None
    """When a backdated award was paid; arrears are reported."""
    quote: Text | None = None
    source: Id | None = None
    note: Text | None = None

    def apply(self, state: State, ctx: Context) -> Change:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- what the kind tells the rest of paycalc; the defaults suit a kind that names nothing ---

    def scales_named(self) -> list[tuple[Key, str]]:
        """The scales this step names (they must exist), each with the key that names it."""
        return []

    def bands_named(self) -> list[tuple[Key, str]]:
        """The bands this step names that must be on the scale in force when it runs."""
        return []

    def moves_to(self) -> str | None:
        """The scale staff are on after this step, if the step moves them to another one."""
        return None

    def placement(self, scale_id: str) -> tuple[str, dict[str, str]] | None:
        """How this step places staff on `scale_id` (method, band map), if it moves them there;
        parity places people on a reference scale the same way."""
        return None

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        """Cross-file problems only this kind knows of (beyond the scales and bands it names,
        which the checker looks up itself); run when the scale in force was found."""
        return iter(())

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
