"""The `lump_sum` step kind: its keys, its rule and its description in one place."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from paycalc.money import fmt_pounds, percent_of, to_penny
from paycalc.state import State
from paycalc.steps.base import Change, Context, Eligible, Payment, StepBase
from paycalc.types import Day, Money, Percent, Strict


class ProRata(Strict):
    from_: Day
    to: Day
    by: Literal["months", "days"] = "months"

    def __post_init__(self) -> None:
        if self.to < self.from_:
            raise ValueError("'to' is before 'from'")
        if self.by == "months" and (
            self.from_.day != 1 or self.to.day != _days_in_month(self.to.year, self.to.month)
        ):
            raise ValueError("by months runs from the 1st of a month to the last day of a month")

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
    eligible: Eligible | None = None
    """Same as the step's own `eligible`, written beside the amount as offers often put it."""

    def __post_init__(self) -> None:
        if (self.amount is None) == (self.percent is None):
            raise ValueError("a lump_sum has exactly one of 'amount' or 'percent'")


class LumpSum(StepBase):
    """A one-off payment: a fixed amount or a percent of the salary on the day, maybe pro rata."""

    kind: ClassVar[str] = "lump_sum"
    example: ClassVar[str] = (
        "lump_sum: {amount: 300, pro_rata: {from: $start, to: $end, by: months}}\n"
        "eligible: top_of_band            # a one-off payment; or {percent: 1} of salary"
    )
    lump_sum: LumpSumArgs

    def __post_init__(self) -> None:
        if self.lump_sum.eligible is not None:
            if self.eligible != "all":
                raise ValueError("give 'eligible' on the step or inside lump_sum, not both")
            object.__setattr__(self, "eligible", self.lump_sum.eligible)

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


def _days_in_month(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1], without importing calendar (a tenth of a bare Python
    start, paid by every run that loads a scheme)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31
