"""What one `paycalc compare` run found: the offers, one row per person and offer, the rate for
the job in each band and each offer's summary. Data only; compare/run.py fills it in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from paycalc.money import fmt_money, fmt_pct, pct_change

if TYPE_CHECKING:
    from paycalc.compare.shares import Shares
    from paycalc.parity import Figures, ParityRule
    from paycalc.realterms import RealTerms

Point = int | Literal["top"]


@dataclass(frozen=True)
class Selection:
    """Which staff to compare: a band (or every band), a point, 'top' or a salary, and an FTE.
    Nothing chosen means every point of every band."""

    band: str | None = None
    point: Point | None = None
    salary: Decimal | None = None
    fte: Decimal = Decimal(1)


@dataclass(frozen=True)
class SchemeInfo:
    """What a reader needs to know about an offer before trusting its figures."""

    id: str
    title: str
    employer: str
    status: str
    from_scale: str
    reference: str
    illustrative_scales: tuple[str, ...]
    bundled: bool
    period_end: date  # `after` is read on this day
    period_start: date | None = None  # the first day of its pay (prices are read from before it)

    @property
    def illustrative(self) -> bool:
        return bool(self.illustrative_scales)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "employer": self.employer,
            "status": self.status,
            "from_scale": self.from_scale,
            "reference": self.reference,
            "illustrative": self.illustrative,
            "illustrative_scales": list(self.illustrative_scales),
            "period_end": self.period_end.isoformat(),
        }


@dataclass(frozen=True)
class Row:
    """One person under one scheme; `top` when they start on the band's top point."""

    figures: Figures
    top: bool
    real: RealTerms | None = None  # against a price index (compare --prices)

    @property
    def label(self) -> str:
        """The point as a reader names it: its number, or 'top'."""
        return "top" if self.top else str(self.figures.point)

    def to_dict(self) -> dict[str, object]:
        real = self.real.to_dict() if self.real is not None else {}
        return {**self.figures.to_dict(), "top": self.top, **real}


@dataclass(frozen=True)
class RateForJob:
    """The top of a band after the award against the reference (Napo: the top of the band sets
    'the rate for the job'): the full-time `top` row's after and reference salary."""

    scheme: str
    band: str
    max_before: Decimal
    max_after: Decimal
    reference: str
    reference_band: str
    reference_salary: Decimal  # chosen by the run's parity rule, as for the `top` row
    parity_rule: str
    illustrative: bool

    @property
    def gap(self) -> Decimal:
        return self.max_after - self.reference_salary

    @property
    def gap_pct(self) -> Decimal:
        return pct_change(self.max_after, self.reference_salary)

    def to_dict(self) -> dict[str, object]:
        return {
            "scheme": self.scheme,
            "band": self.band,
            "max_before": fmt_money(self.max_before),
            "max_after": fmt_money(self.max_after),
            "reference": self.reference,
            "reference_band": self.reference_band,
            "reference_salary": fmt_money(self.reference_salary),
            "parity_rule": self.parity_rule,
            "gap": fmt_money(self.gap),
            "gap_pct": fmt_pct(self.gap_pct),
            "illustrative": self.illustrative,
        }


@dataclass(frozen=True)
class Comparison:
    """Everything one `paycalc compare` run reports, in the order it was asked for."""

    schemes: tuple[SchemeInfo, ...]
    rows: tuple[Row, ...]
    rates: tuple[RateForJob, ...]
    summaries: tuple[Shares, ...]
    window: tuple[date, date]
    selection: Selection = field(default_factory=Selection)
    skipped: tuple[tuple[str, str], ...] = ()  # (scheme, why) left out of "every scheme"
    parity: ParityRule | None = None  # None: parity.DEFAULT_PARITY

    @property
    def rule(self) -> ParityRule:
        from paycalc.parity import parity_rule

        return parity_rule(self.parity)

    @property
    def reference(self) -> str | None:
        """The one reference scale every scheme is compared with, or None when they differ."""
        refs = {s.reference for s in self.schemes}
        return refs.pop() if len(refs) == 1 else None

    @property
    def illustrative(self) -> bool:
        return any(s.illustrative for s in self.schemes)

    @property
    def side_by_side(self) -> bool:
        """Several schemes for the same band: shown as columns rather than one after another."""
        return len(self.schemes) > 1 and self.selection.band is not None

    def rows_of(self, scheme: str, band: str | None = None) -> list[Row]:
        """A scheme's rows (of one band), in order; looked up, since every table asks."""
        return list(self._by_scheme.get((scheme, band), ()))

    @cached_property
    def _by_scheme(self) -> dict[tuple[str, str | None], list[Row]]:
        found: dict[tuple[str, str | None], list[Row]] = {}
        for r in self.rows:
            found.setdefault((r.figures.scheme, r.figures.band), []).append(r)
            found.setdefault((r.figures.scheme, None), []).append(r)
        return found

    def bands(self) -> list[str]:
        """Band names in the order they first appear."""
        return list(dict.fromkeys(r.figures.band for r in self.rows))
