"""The `increment` step kind: its keys, its rule and its description in one place."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from paycalc.state import State
from paycalc.steps.base import Change, Context, StepBase
from paycalc.types import Count, Strict


class IncrementArgs(Strict):
    points: Count = 1


class Increment(StepBase):
    """Move up N points, never past the band top; the top and protected salaries get nothing."""

    kind: ClassVar[str] = "increment"
    example: ClassVar[str] = (
        "increment: {points: 1}    # move up one point; the top of the band gets nothing"
    )
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
