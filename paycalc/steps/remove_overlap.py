"""The `remove_overlap` step kind: its keys, its rule and its description in one place."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from paycalc import state as st
from paycalc.money import fmt_pounds
from paycalc.state import State
from paycalc.steps.base import Change, Context, Key, StepBase, StepError
from paycalc.types import BandName, Strict


class RemoveOverlapArgs(Strict):
    lower: BandName
    upper: BandName


class RemoveOverlap(StepBase):
    """The upper band's points at or below the lower band's top are deleted; staff on them move
    up to the upper band's next remaining point."""

    kind: ClassVar[str] = "remove_overlap"
    example: ClassVar[str] = (
        "remove_overlap: {lower: $lower, upper: $upper}\n"
        "# ^ upper band points at or below the lower band's top are deleted; staff move up"
    )
    remove_overlap: RemoveOverlapArgs

    def bands_named(self) -> list[tuple[Key, str]]:
        r = self.remove_overlap
        return [(("remove_overlap",), r.lower), (("remove_overlap",), r.upper)]

    def what(self) -> str:
        r = self.remove_overlap
        return (
            f"remove the overlap of bands {r.lower} and {r.upper}: band {r.upper} points at "
            f"or below the band {r.lower} top are deleted, staff on them move up"
        )

    def apply(self, state: State, ctx: Context) -> Change:
        r = self.remove_overlap
        lower_top = st.band_points(state.bands, r.lower, state.scale_id)[-1]
        upper = st.band_points(state.bands, r.upper, state.scale_id)
        kept = tuple(v for v in upper if v > lower_top)
        if not kept:
            raise StepError(f"removing the overlap would delete every point of band {r.upper}")
        bands = {**state.bands, r.upper: kept}
        if state.band != r.upper:
            return Change(replace(state, bands=bands), "not in the upper band: no change")
        moved = replace(state, bands=bands)
        if state.protected:
            return Change(replace(moved, point=len(kept)), "protected salary: no change")
        # Below the new minimum: the point it stood on was deleted (a salary between a deleted
        # point and the first kept one too), so it moves up like everyone on a deleted point.
        if state.salary < kept[0]:
            new = replace(moved, point=1, salary=kept[0])
            return Change(new, f"point in the overlap deleted: moved up to {fmt_pounds(kept[0])}")
        point = st.point_at_or_below(kept, state.salary)
        return Change(replace(moved, point=point), f"renumbered: point {state.point} → {point}")
