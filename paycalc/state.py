"""Where a person stands on a pay scale, and the pure functions that place and move them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from paycalc.errors import PersonError
from paycalc.money import fmt_pounds

Points = tuple[Decimal, ...]
Method = Literal["next_point_at_or_above", "same_point", "same_point_from_top", "nearest"]


@dataclass(frozen=True)
class State:
    """A person at one moment: the scale they are on (its bands as they stand after any uplift or
    overlap removal), their band, point and full-time consolidated salary.

    `point` is the highest point whose value is at or below the salary (1-based). A salary above
    the band top is `protected`: it keeps its value, gets no increment and counts as top of band.
    `protected_until` is the last day of a time-limited protection (HMPPS protected transferees'
    excess over the band maximum for 3 years); None means no end date is known.
    """

    scale_id: str
    bands: Mapping[str, Points]
    band: str
    point: int
    salary: Decimal
    protected: bool = False
    protected_until: date | None = None

    @property
    def points(self) -> Points:
        return self.bands[self.band]

    @property
    def at_top(self) -> bool:
        return self.protected or self.point >= len(self.points)

    def describe(self) -> str:
        where = "protected, above the band top" if self.protected else f"point {self.point}"
        if self.protected and self.protected_until is not None:
            where = f"protected until {self.protected_until:%-d %B %Y}, above the band top"
        if not self.protected and self.at_top:
            where += " (top)"
        return f"{self.scale_id} band {self.band} {where}, {fmt_pounds(self.salary)}"


def band_points(bands: Mapping[str, Points], band: str, scale_id: str) -> Points:
    """The points of `band`, or a PersonError naming the bands the scale has."""
    try:
        return bands[band]
    except KeyError:
        known = ", ".join(bands)
        raise PersonError(
            f"band '{band}' is not on scale {scale_id} (its bands are {known})", column="band"
        ) from None


def place_on_point(
    bands: Mapping[str, Points], scale_id: str, band: str, point: int | str
) -> State:
    """A person on a given point of a band (`point` may be 'top')."""
    points = band_points(bands, band, scale_id)
    index = len(points) if point == "top" else int(point)
    if index < 1 or index > len(points):
        raise PersonError(
            f"point {point} is beyond band {band} of {scale_id}, which has points 1 to "
            f"{len(points)}",
            column="point",
        )
    return State(scale_id, bands, band, index, points[index - 1])


def place_by_salary(
    bands: Mapping[str, Points], scale_id: str, band: str, salary: Decimal
) -> State:
    """A person known only by salary: on the highest point at or below it; above the band top they
    are protected; below the band minimum they cannot be placed."""
    points = band_points(bands, band, scale_id)
    if salary < points[0]:
        raise PersonError(
            f"salary {fmt_pounds(salary)} is below the minimum of band {band} on {scale_id} "
            f"({fmt_pounds(points[0])})",
            column="salary",
        )
    return State(
        scale_id,
        bands,
        band,
        point_at_or_below(points, salary),
        salary,
        protected=salary > points[-1],
    )


def point_at_or_below(points: Points, salary: Decimal) -> int:
    """1-based index of the highest point whose value is at or below `salary` (at least 1)."""
    index = 1
    for i, value in enumerate(points, start=1):
        if value <= salary:
            index = i
        else:
            break
    return index


def settle(state: State, salary: Decimal) -> State:
    """`state` paid `salary`: on the highest point of its band at or below it, protected (keeping
    any protection end) above the top. For a rule that changes points and salary apart."""
    points = state.points
    protected = salary > points[-1]
    return replace(
        state,
        point=point_at_or_below(points, salary),
        salary=salary,
        protected=protected,
        protected_until=state.protected_until if protected else None,
    )


def move_to_at_least(state: State, target: Decimal) -> State:
    """Raise the salary to the lowest point of the band worth at least `target`; above the band
    top, to exactly `target`, protected. Never lowers pay."""
    if target <= state.salary:
        return state
    for i, value in enumerate(state.points, start=1):
        if value >= target:
            return replace(state, point=i, salary=value, protected=False, protected_until=None)
    return replace(state, point=len(state.points), salary=target, protected=True)


def assimilate(
    state: State,
    scale_id: str,
    bands: Mapping[str, Points],
    band: str,
    method: Method,
) -> State:
    """Move onto another scale: `same_point` counts points from the bottom, `same_point_from_top`
    from the top. The chosen point is never worth less than the current salary: a
    method that would pick a lower point picks the next point at or above instead, and a salary
    above the new band's top is kept, protected."""
    points = band_points(bands, band, scale_id)
    salary = state.salary
    if method == "same_point":
        candidate = min(state.point, len(points))
    elif method == "same_point_from_top":
        # Tops aligned: the top goes to the top, one below the top to one below it, and so on;
        # points below the new band's bottom go to its bottom.
        below_top = len(state.points) - state.point
        candidate = max(1, len(points) - below_top)
    else:
        # next_point_at_or_above, and `nearest` too: a point nearer than the next one up would
        # be below the salary, so the nearest point that cuts no pay is always the next one up.
        candidate = None
    if candidate is not None and points[candidate - 1] >= salary:
        return State(scale_id, bands, band, candidate, points[candidate - 1])
    for i, value in enumerate(points, start=1):
        if value >= salary:
            return State(scale_id, bands, band, i, value)
    return State(scale_id, bands, band, len(points), salary, protected=True)
