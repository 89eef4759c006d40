"""What a figure rests on: whether a scale value was quoted from a source, inferred from one,
taken from a secondary source, or filled in by stated arithmetic (illustrative)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from paycalc.model import Scale

Basis = Literal["quoted", "inferred", "secondary", "illustrative", "published", "not a point"]

# Bases a reader should not take as a published figure.
SOFT = ("inferred", "secondary", "illustrative")


def point_basis(scale: Scale, band: str, point: int) -> Basis:
    """The basis of `point` (1-based) of `band`: its `known:` entry, else the scale's status."""
    found = scale.band(band)
    if found is None or not 1 <= point <= len(found.points):
        return "not a point"
    top = point == len(found.points)
    for known in found.known:
        if known.point == point or (known.point == "top" and top):
            return known.basis
    return "illustrative" if scale.illustrative else "published"


def value_basis(scale: Scale, band: str, value: Decimal) -> Basis:
    """The basis of a full-time salary on `band`: that of the point with this value, if any."""
    found = scale.band(band)
    if found is None or value not in found.points:
        return "not a point"
    return point_basis(scale, band, found.points.index(value) + 1)


class Bases:
    """`point_basis` and `value_basis` of one scale, each band worked out once: a comparison asks
    for every point of every band, and for the same reference values again and again."""

    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        self._bands: dict[str, tuple[dict[int, Basis], dict[Decimal, Basis]]] = {}

    def point(self, band: str, point: int) -> Basis:
        return self._band(band)[0].get(point, "not a point")

    def value(self, band: str, value: Decimal) -> Basis:
        # A dict finds an equal Decimal, as `value in points` does.
        return self._band(band)[1].get(value, "not a point")

    def _band(self, band: str) -> tuple[dict[int, Basis], dict[Decimal, Basis]]:
        found = self._bands.get(band)
        if found is None:
            of_band = self.scale.band(band)
            points = [] if of_band is None else of_band.points
            by_point = {i: point_basis(self.scale, band, i) for i in range(1, len(points) + 1)}
            by_value: dict[Decimal, Basis] = {}
            for i, value in enumerate(points, start=1):
                by_value.setdefault(value, by_point[i])  # the first point of a value, as index()
            found = self._bands[band] = (by_point, by_value)
        return found
