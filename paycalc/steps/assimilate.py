"""The `assimilate` step kind: its keys, its rule and its description in one place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field, replace
from datetime import date, timedelta
from typing import ClassVar

from paycalc import state as st
from paycalc.money import fmt_pounds
from paycalc.state import State
from paycalc.steps.base import Change, CheckContext, Context, Issue, Key, StepBase
from paycalc.types import BandName, Count, ScaleRef, Strict


class AssimilateArgs(Strict):
    to: ScaleRef
    method: st.Method = "next_point_at_or_above"
    band_map: dict[BandName, BandName] = field(default_factory=dict)
    protect_for_years: Count | None = None
    """A salary above the new band's maximum is kept (pay protected) for this many years from
    the step's date; the last protected day is recorded and shown (HMPPS: 'pay protected for 3
    years following transfer date')."""


class Assimilate(StepBase):
    """Move onto another scale (same band name, or through `band_map`); nobody loses pay."""

    kind: ClassVar[str] = "assimilate"
    example: ClassVar[str] = (
        "assimilate: {to: $reference, method: next_point_at_or_above}\n"
        "# ^ move onto another scale; methods: next_point_at_or_above | same_point |\n"
        "#   same_point_from_top | nearest; protect_for_years: 3 dates a protection's end"
    )
    assimilate: AssimilateArgs

    def scales_named(self) -> list[tuple[Key, str]]:
        return [(("assimilate", "to"), self.assimilate.to)]

    def moves_to(self) -> str:
        return self.assimilate.to

    def placement(self, scale_id: str) -> tuple[str, dict[str, str]] | None:
        a = self.assimilate
        return (a.method, dict(a.band_map)) if a.to == scale_id else None

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        a = self.assimilate
        target = ctx.bands_of(a.to)
        if target is None:
            return
        for band in ctx.bands_now:
            if a.band_map.get(band, band) not in target:
                yield Issue(
                    f"band '{band}' has no match on {a.to} (add it to band_map)", ("assimilate",)
                )

    def what(self) -> str:
        a = self.assimilate
        mapped = f", bands mapped {dict(a.band_map)}" if a.band_map else ""
        kept = (
            f"; pay above the band maximum protected for {a.protect_for_years} years, to "
            f"{protection_end(self.on, a.protect_for_years):%-d %B %Y}"
            if a.protect_for_years
            else ""
        )
        return (
            f"move onto scale {a.to} ({a.method.replace('_', ' ')}; nobody loses pay{mapped}{kept})"
        )

    def apply(self, state: State, ctx: Context) -> Change:
        a = self.assimilate
        band = a.band_map.get(state.band, state.band)
        new = st.assimilate(state, a.to, ctx.bands(a.to), band, a.method)
        if new.protected and a.protect_for_years:
            new = replace(new, protected_until=protection_end(self.on, a.protect_for_years))
        elif new.protected:
            # Still above the band top: a protection already dated keeps its end (a transferee
            # protected to 25 June 2024 moved onto the next year's values of the scale).
            new = replace(new, protected_until=state.protected_until if state.protected else None)
        if not new.protected:
            where = f"point {new.point}"
        elif new.protected_until is not None:
            excess = new.salary - new.points[-1]
            until = new.protected_until
            where = f"{fmt_pounds(excess)} above the band top, protected until {until}"
        else:
            where = "protected above the band top"
        return Change(new, f"onto {a.to} band {band} {where} ({a.method.replace('_', ' ')})")


def protection_end(start: date, years: int) -> date:
    """The last day of a protection lasting `years` from `start` (26 June 2021 + 3 years ends on
    25 June 2024); a 29 February start counts its anniversary as 1 March."""
    year = start.year + years
    try:
        anniversary = start.replace(year=year)
    except ValueError:  # 29 February, in a year that has none (calendar is not imported for it)
        anniversary = date(year, 3, 1)
    return anniversary - timedelta(days=1)
