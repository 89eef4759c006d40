"""The `index_uplift` step kind: a consolidated rise whose percentage comes from a price index,
as claims are written ("3 % above RPI"): the index's change over the months named, plus points.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, ClassVar, Literal

from paycalc.money import HUNDRED
from paycalc.state import State
from paycalc.steps.base import Change, CheckContext, Context, Issue, StepBase, StepError
from paycalc.steps.uplift import Uplift, UpliftArgs
from paycalc.types import Before, Id, Strict, Text, decimal_value

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MEASURED = re.compile(r"^\s*(\d{1,2}) months? to (\w+)\s*$", re.IGNORECASE)
ONE_DECIMAL = Decimal("0.1")


def _measured(text: str) -> tuple[int, int]:
    """'12 months to February' as (12, 2); ValueError for anything else."""
    found = _MEASURED.match(text)
    month = found.group(2).capitalize() if found else ""
    if found is None or month not in MONTHS or not 1 <= int(found.group(1)) <= 60:
        raise ValueError(
            f"'{text}' is not a period of the index: write it as '12 months to February' "
            "(1 to 60 months, to a month named in full)"
        )
    return int(found.group(1)), MONTHS.index(month) + 1


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


class IndexUpliftArgs(Strict):
    index: Id
    """The price index file (kind: prices) the percentage is read from, e.g. rpi."""
    measured: Text
    """The index's change over which months: '12 months to February' is the change from
    February a year before to the last February before the step's date."""
    plus: Annotated[Decimal, Before(decimal_value)] = Decimal(0)
    """Percentage points added to the index's change (3 for 'RPI + 3 %')."""
    rate: Literal["one_decimal", "exact"] = "one_decimal"
    """one_decimal: the index's change rounded half up to one decimal place, as ONS publishes
    a 12-month rate; exact: the change as the two values give it, unrounded."""
    combine: Literal["add", "compound"] = "add"
    """add: change + plus (RPI 8.2 % + 3 = 11.2 %); compound: (1 + change) x (1 + plus) - 1."""
    round: Literal["penny", "pound"] = "penny"
    """Round each new point half up to the penny or to the whole pound."""

    def __post_init__(self) -> None:
        _measured(self.measured)
        if not -100 < self.plus <= 100:
            raise ValueError("'plus' is percentage points above -100 and at most 100")

    def months(self, on: date) -> tuple[date, date]:
        """The first and last month of the measure for a step on `on`: the last month named
        before the step's own month, and `count` months before it."""
        count, month = _measured(self.measured)
        year = on.year if month < on.month else on.year - 1
        last = date(year, month, 1)
        return _months_back(last, count), last

    def change(self, values: Mapping[date, Decimal], on: date) -> Decimal:
        """The index's change over the measure, in per cent, rounded as `rate` says."""
        first, last = self.months(on)
        missing = [m for m in (first, last) if m not in values]
        if missing:
            raise StepError(
                f"price index '{self.index}' has no value for {missing[0]:%B %Y}, which "
                f"'{self.measured}' needs for a rise on {on}"
            )
        change = (values[last] / values[first] - 1) * HUNDRED
        if self.rate == "one_decimal":
            return change.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
        return change

    def percent(self, change: Decimal) -> Decimal:
        if self.combine == "compound":
            return ((1 + change / HUNDRED) * (1 + self.plus / HUNDRED) - 1) * HUNDRED
        return change + self.plus


class IndexUplift(StepBase):
    """A consolidated rise of the salary and of every point by a price index's change over
    named months, plus percentage points (a claim of 'RPI + 3 %')."""

    kind: ClassVar[str] = "index_uplift"
    example: ClassVar[str] = (
        "index_uplift: {index: rpi, plus: 3, measured: 12 months to February}  # RPI + 3 %"
    )
    index_uplift: IndexUpliftArgs

    def what(self) -> str:
        a = self.index_uplift
        rate = " (to one decimal, as published)" if a.rate == "one_decimal" else " (unrounded)"
        plus = ""
        if a.plus:
            how = "compounded with" if a.combine == "compound" else "plus"
            plus = f" {how} {a.plus} percentage points"
        rounded = ", each rounded to the pound" if a.round == "pound" else ""
        return (
            f"consolidated rise of {a.index.upper()}'s change over the {a.measured}{rate}{plus}, "
            f"on salaries and scale points{rounded}"
        )

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        if ctx.index_of is None:  # the caller cannot read price indices: nothing to check
            return
        a = self.index_uplift
        values = ctx.index_of(a.index)
        if values is None:
            yield Issue(f"price index '{a.index}' not found", ("index_uplift", "index"), "PC201")
            return
        try:
            a.change(values, self.on)
        except StepError as e:
            yield Issue(e.message, ("index_uplift", "measured"), "PC202")

    def apply(self, state: State, ctx: Context) -> Change:
        a = self.index_uplift
        change = a.change(ctx.index_values(a.index), self.on)
        percent = a.percent(change)
        first, last = a.months(self.on)
        measure = f"{a.index.upper()} {first:%B %Y} to {last:%B %Y}: {change} %"
        if a.plus:
            measure += f", {'compounded with' if a.combine == 'compound' else 'plus'} {a.plus}"
        # Shown to four places (a compounded percentage has many); applied exactly.
        shown = percent.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
        if percent <= 0:
            return Change(state, f"no rise: {measure} gives {shown} %")
        # The rise itself is an uplift by that percentage, with the uplift's own rules (every
        # point and the salary raised, points kept in order).
        done = Uplift(on=self.on, uplift=UpliftArgs(percent=percent, round=a.round)).apply(
            state, ctx
        )
        return Change(done.state, f"+{shown:f} % ({measure})", done.payments)
