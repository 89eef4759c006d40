"""Which offer is best, band by band: the offers ranked on their median total rise, with the
median cash gain, the gap at the band top and at the middle point beside it; and which offers
are identical (the same figures on every line), so they are shown once and named together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from paycalc.money import fmt_money, fmt_pct, to_penny

if TYPE_CHECKING:
    from paycalc.compare.results import Comparison, Row

TWO = Decimal(2)


@dataclass(frozen=True)
class Standing:
    """One offer's (or one group of identical offers') place in a band."""

    schemes: tuple[str, ...]  # identical offers share a standing
    band: str
    rank: int
    median_total_increase_pct: Decimal
    median_cash_gain: Decimal
    top_gap: Decimal  # the rate for the job's gap: the `top` row's
    middle_point: str  # the label of the band's middle point ("4"), as the tables write it
    middle_gap: Decimal

    @property
    def name(self) -> str:
        return " = ".join(self.schemes)

    def to_dict(self) -> dict[str, object]:
        return {
            "band": self.band,
            "rank": self.rank,
            "schemes": list(self.schemes),
            "median_total_increase_pct": fmt_pct(self.median_total_increase_pct),
            "median_cash_gain": fmt_money(self.median_cash_gain),
            "top_gap": fmt_money(self.top_gap),
            "middle_point": self.middle_point,
            "middle_gap": fmt_money(self.middle_gap),
        }


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value; for an even count, halfway between the two middle values."""
    ordered = sorted(values)
    n = len(ordered)
    if n % 2:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / TWO


def twins(c: Comparison, band: str) -> list[tuple[str, ...]]:
    """The offers of a band grouped by identical figures on every line, in the order asked."""
    groups: dict[tuple[object, ...], list[str]] = {}
    for info in c.schemes:
        rows = c.rows_of(info.id, band)
        if rows:
            groups.setdefault(_signature(rows), []).append(info.id)
    return [tuple(g) for g in groups.values()]


def _signature(rows: list[Row]) -> tuple[object, ...]:
    return tuple(
        (
            r.label,
            f.before,
            f.after,
            f.unconsolidated,
            f.reference_salary,
            f.cash_gain,
            f.protected,
        )
        for r in rows
        for f in (r.figures,)
    )


def rankings(c: Comparison) -> list[Standing]:
    """Every band's standings, best first: by median total rise, then median cash gain, then the
    gap at the top. Empty when fewer than two offers are compared."""
    if len(c.schemes) < 2:
        return []
    out: list[Standing] = []
    for band in c.bands():
        unranked = []
        for group in twins(c, band):
            rows = c.rows_of(group[0], band)
            middle = rows[(len(rows) - 1) // 2]  # the lower of two middle points
            rate = next(r for r in c.rates if r.scheme == group[0] and r.band == band)
            top = next((r.figures.parity_gap for r in rows if r.top), rate.gap)
            unranked.append(
                (
                    group,
                    median([r.figures.total_increase_pct for r in rows]).quantize(
                        Decimal("0.01"), ROUND_HALF_UP
                    ),
                    to_penny(median([r.figures.cash_gain for r in rows])),
                    top,
                    middle,
                )
            )
        unranked.sort(key=lambda s: (-s[1], -s[2], -s[3]))
        for rank, (group, rise, gain, top_gap, middle) in enumerate(unranked, 1):
            out.append(
                Standing(
                    group, band, rank, rise, gain, top_gap, middle.label, middle.figures.parity_gap
                )
            )
    return out
