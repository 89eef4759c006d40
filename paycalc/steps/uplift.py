"""The `uplift` step kind: its keys, its rule and its description in one place."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from paycalc.money import HUNDRED, to_penny
from paycalc.state import State
from paycalc.steps.base import Change, Context, StepBase
from paycalc.types import Percent, Strict


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
