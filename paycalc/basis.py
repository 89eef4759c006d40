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
