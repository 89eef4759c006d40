"""The `floor` step kind: its keys, its rule and its description in one place."""

from __future__ import annotations

from typing import ClassVar

from paycalc import state as st
from paycalc.money import fmt_pounds
from paycalc.state import State
from paycalc.steps.base import Change, Context, StepBase
from paycalc.types import Money, Strict


class FloorArgs(Strict):
    salary: Money


class Floor(StepBase):
    """A consolidated minimum salary: below it, move to the lowest point worth at least that
    (above the band top: exactly that, protected)."""

    kind: ClassVar[str] = "floor"
    example: ClassVar[str] = "floor: {salary: 18000}          # consolidated minimum salary"
    floor: FloorArgs

    def what(self) -> str:
        return f"minimum salary {fmt_pounds(self.floor.salary)} (consolidated)"

    def apply(self, state: State, ctx: Context) -> Change:
        new = st.move_to_at_least(state, self.floor.salary)
        if new is state:
            return Change(state, f"already at or above the minimum {fmt_pounds(self.floor.salary)}")
        return Change(new, f"raised to the minimum {fmt_pounds(self.floor.salary)}")
