"""The `assimilate` step kind: its keys, its rule and its description in one place."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from paycalc import state as st
from paycalc.state import State
from paycalc.steps.base import Change, Context, StepBase
from paycalc.types import BandName, Id, Strict


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
