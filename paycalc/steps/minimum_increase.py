"""The `minimum_increase` step kind: its keys, its rule and its description in one place."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar, Literal

from paycalc import state as st
from paycalc.money import fmt_pounds, percent_of
from paycalc.state import State
from paycalc.steps.base import Change, Context, Payment, StepBase
from paycalc.types import Day, Percent, Strict


class MinimumIncreaseArgs(Strict):
    percent: Percent
    as_: Literal["unconsolidated", "consolidated"] = "unconsolidated"
    measured_from: Day | None = None


class MinimumIncrease(StepBase):
    """If the consolidated rise since `measured_from` is short of the percent, make up the
    difference: as a one-off payment, or by raising the salary (to the lowest point that meets
    it)."""

    kind: ClassVar[str] = "minimum_increase"
    example: ClassVar[str] = (
        "minimum_increase: {percent: 2, as: unconsolidated}\n"
        "# ^ if the consolidated rise since the period start is below 2 %, pay the difference"
    )
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
