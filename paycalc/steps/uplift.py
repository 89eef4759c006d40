"""The `uplift` step kind: its keys, its rule and its description in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar, Literal

from paycalc.limits import MAX_DIGITS
from paycalc.money import HUNDRED, fmt_pounds, to_penny
from paycalc.state import Points, State, settle
from paycalc.steps.base import Change, Context, StepBase, StepError
from paycalc.types import Money, Percent, Strict

# Scales raised by an uplift step, by (step, scale) identity: see `Uplift.raised`. A run meets a
# few scales per step (each person's comes from the same file, and the same raised one goes on
# to the next step), so a small bound is never reached in an ordinary run.
_RAISED: dict[tuple[int, int], tuple[object, object, Mapping[str, Points]]] = {}
_REMEMBER = 256


class UpliftArgs(Strict):
    percent: Percent | None = None
    amount: Money | None = None
    """A flat consolidated rise in pounds on every point (e.g. 250)."""
    below: Money | None = None
    """Only points (and salaries) below this value rise; the rest stay as they are (NPS 2021/22:
    '£250 increase to pay points that were below £24,000')."""
    at_or_above: Money | None = None
    """Only points (and salaries) at or above this value rise (NJC 2021/22: 1.75 % on every point
    but the bottom one, which had 2.75 %)."""
    round: Literal["penny", "pound"] = "penny"
    """Round each new point half up to the penny or, as the NJC spine does, to the whole pound."""

    def __post_init__(self) -> None:
        if (self.amount is None) == (self.percent is None):
            raise ValueError("an uplift has exactly one of 'percent' or 'amount'")

    def raise_(self, value: Decimal) -> Decimal:
        """`value` after the uplift: unchanged at or above `below` or below `at_or_above`."""
        if self.below is not None and value >= self.below:
            return value
        if self.at_or_above is not None and value < self.at_or_above:
            return value
        if self.amount is not None:
            new = value + self.amount
        else:
            assert self.percent is not None  # _one_of guarantees one of the two
            new = value * (1 + self.percent / HUNDRED)
        # Values come in with at most MAX_DIGITS digits before the point (the files, the
        # command line and every earlier step keep them so), so `new` has at most two more,
        # far inside what quantize can round; a rise past the bound stops here, before a
        # hundred doublings can pass Decimal's 28 digits.
        if new.adjusted() >= MAX_DIGITS:
            raise StepError(
                f"the uplift takes {fmt_pounds(value)} past {MAX_DIGITS} digits before the point, "
                "beyond any pay"
            )
        if self.round == "pound":
            return new.quantize(Decimal(1), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))
        return to_penny(new)


class Uplift(StepBase):
    """A consolidated rise of the salary and of every point of the scale: a percentage or a flat
    amount, optionally only below a threshold."""

    kind: ClassVar[str] = "uplift"
    example: ClassVar[str] = (
        "uplift: {percent: 2.5}          # consolidated rise of salaries and every scale point\n"
        "# ^ or {amount: 250, below: 24000}: a flat rise on points below a value"
    )
    uplift: UpliftArgs

    def what(self) -> str:
        u = self.uplift
        rise = f"{u.percent} %" if u.percent is not None else fmt_pounds(u.amount)  # type: ignore[arg-type]
        where = f" below {fmt_pounds(u.below)}" if u.below is not None else ""
        if u.at_or_above is not None:
            where += f" at or above {fmt_pounds(u.at_or_above)}"
        rounded = ", each rounded to the pound" if u.round == "pound" else ""
        return f"consolidated rise of {rise} on salaries and scale points{where}{rounded}"

    def raised(self, bands: Mapping[str, Points]) -> Mapping[str, Points]:
        """Every point of the scale after the uplift. The same scale comes in for every person
        of a run (compare's every point of every band), so the answer is remembered for it:
        without that, a run over P points cost P times the whole scale for each uplift (a
        scale of 5,000 points took 74 s to compare through one uplift)."""
        key = (id(self), id(bands))
        found = _RAISED.get(key)
        if found is not None and found[0] is self and found[1] is bands:
            return found[2]
        u = self.uplift
        new = {name: tuple(u.raise_(v) for v in pts) for name, pts in bands.items()}
        for name, pts in new.items():
            for i in range(1, len(pts)):
                if pts[i] <= pts[i - 1]:
                    # A threshold can lift a point past the next one (23,900 + 250 over 24,000);
                    # points out of order would misplace everyone, so the scheme must say more.
                    raise StepError(
                        f"the uplift puts band {name} point {i} ({pts[i - 1]}) at or above point "
                        f"{i + 1} ({pts[i]})"
                    )
        if len(_RAISED) >= _REMEMBER:
            _RAISED.clear()
        # The step and the scale are kept with the answer, so their ids cannot be reused.
        _RAISED[key] = (self, bands, new)
        return new

    def apply(self, state: State, ctx: Context) -> Change:
        u = self.uplift
        bands = self.raised(state.bands)
        # Off a point, the salary rises by itself; but never below the new value of the point it
        # stands on (a threshold can lift point 1 past a salary just above it), and it is placed
        # again, since a threshold can also lift it past the next point, or the top past it.
        salary = max(u.raise_(state.salary), bands[state.band][state.point - 1])
        rise = f"+{u.percent} %" if u.percent is not None else f"+{fmt_pounds(u.amount)}"  # type: ignore[arg-type]
        if salary == state.salary and (u.below is not None or u.at_or_above is not None):
            rise = f"no rise: {fmt_pounds(state.salary)} is outside the range raised"
        elif u.below is not None:
            rise += f" (below {fmt_pounds(u.below)})"
        elif u.at_or_above is not None:
            rise += f" (at or above {fmt_pounds(u.at_or_above)})"
        return Change(settle(replace(state, bands=bands), salary), rise)
