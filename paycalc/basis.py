"""What a figure rests on: whether a scale value was quoted from a source, inferred from one,
taken from a secondary source, filled in by stated arithmetic (illustrative), or typed in by a
user from their own employer's table (entered)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from paycalc.model import KnownValue, Scale, Source

Basis = Literal[
    "quoted", "inferred", "secondary", "illustrative", "published", "entered", "not a point"
]

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
    if scale.status == "entered":
        return "entered"
    return "illustrative" if scale.illustrative else "published"


def value_known(scale: Scale, band: str, value: Decimal) -> tuple[KnownValue, Source] | None:
    """The `known:` entry of the point of `band` worth `value`, with the source it names; None
    for a value that is no point of the band, or a point with no entry."""
    found = scale.band(band)
    if found is None or value not in found.points:
        return None
    point = found.points.index(value) + 1
    top = point == len(found.points)
    for known in found.known:
        if known.point == point or (known.point == "top" and top):
            source = next((s for s in scale.sources if s.id == known.source), None)
            return None if source is None else (known, source)
    return None


class Bases:
    """`point_basis` of one scale, and the basis of the point worth a value, each answer worked
    out once: a comparison asks for the same reference values again and again. Only what is
    asked is worked out (validate asks for a few points of a band, once per example)."""

    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        self._points: dict[tuple[str, int], Basis] = {}
        self._numbers: dict[str, dict[Decimal, int]] = {}

    def point(self, band: str, point: int) -> Basis:
        found = self._points.get((band, point))
        if found is None:
            found = self._points[band, point] = point_basis(self.scale, band, point)
        return found

    def value(self, band: str, value: Decimal) -> Basis:
        """The basis of a full-time salary on `band`: that of the first point with this value,
        if any."""
        numbers = self._numbers.get(band)
        if numbers is None:
            of_band = self.scale.band(band)
            numbers = {}
            for i, amount in enumerate([] if of_band is None else of_band.points, start=1):
                numbers.setdefault(amount, i)  # the first point of a value, as index() finds
            self._numbers[band] = numbers
        # A dict finds an equal Decimal, as `value in points` does.
        point = numbers.get(value)
        return "not a point" if point is None else self.point(band, point)
