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
    from paycalc.realterms import PricesChange, RealTerms

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
    run: tuple[str, ...] = ()  # the schemes a run `a+b` goes through; one for a scheme
    variant_of: str | None = None  # another reading of that offer (or run)
    benchmark: bool = False  # the reference employer's own award: shown, not ranked
    period_start: date | None = None  # the first day of its pay (prices are read from before it)

    @property
    def illustrative(self) -> bool:
        return bool(self.illustrative_scales)

    @property
    def parts(self) -> tuple[str, ...]:
        return self.run or (self.id,)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "run": list(self.parts),
            "variant_of": self.variant_of,
            "benchmark": self.benchmark,
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
class Yardstick:
    """What every offer of one comparison is measured with, and why: one reference scale (read
    on the window's last day) and one cash window."""

    reference: str
    reference_why: str  # "the NPS scale in force on 25 June 2021", "given by --against"
    owner: str  # whose scales the reference is: "NPS"
    window: tuple[date, date]
    window_given: tuple[bool, bool] = (False, False)  # --from, --to

    @property
    def window_why(self) -> str:
        given = [flag for flag, on in zip(("--from", "--to"), self.window_given, strict=True) if on]
        if len(given) == 2:
            return "given by --from and --to"
        rule = "from the earliest start of the offers compared to their latest end"
        return f"{rule}, {given[0]} as given" if given else rule

    def to_dict(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "reference_rule": self.reference_why,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()],
            "window_rule": self.window_why,
        }


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
    reference_top: Decimal = Decimal(0)  # the top of the matched reference band

    @property
    def gap(self) -> Decimal:
        return self.max_after - self.reference_salary

    @property
    def top_gap(self) -> Decimal:
        """The band top after the offer against the reference band's top, whatever the parity
        rule: more pay, never a worse figure."""
        return self.max_after - self.reference_top

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
            "reference_top": fmt_money(self.reference_top),
            "top_against_reference_top": fmt_money(self.top_gap),
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
    yardstick: Yardstick | None = None  # None: each scheme's own reference (a hand-made value)
    roles: tuple[tuple[str, str], ...] = ()  # (band, job title) from the scales' `role`
    title: str | None = None  # "2020/21 pay round" for a round of a plain `compare`
    # compare --prices: the index over the months every offer is ranked on (compare/realterms.py)
    prices: PricesChange | None = None

    @property
    def rule(self) -> ParityRule:
        from paycalc.parity import parity_rule

        return parity_rule(self.parity)

    @property
    def reference(self) -> str | None:
        """The one reference scale every scheme is compared with."""
        if self.yardstick is not None:
            return self.yardstick.reference
        refs = {s.reference for s in self.schemes}
        return refs.pop() if len(refs) == 1 else None

    @property
    def yardstick_owner(self) -> str:
        return self.yardstick.owner if self.yardstick is not None else "reference"

    def role(self, band: str) -> str | None:
        return dict(self.roles).get(band)

    def info(self, scheme: str) -> SchemeInfo:
        return next(s for s in self.schemes if s.id == scheme)

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
        """Band names in order: numbers by value, then names as written."""
        return list(self._bands)

    @cached_property
    def _bands(self) -> tuple[str, ...]:
        return tuple(sorted(dict.fromkeys(r.figures.band for r in self.rows), key=band_order))


def pay_year(day: date) -> int:
    """The April-to-March pay year a day falls in, by its first calendar year (2020 for
    2020/21)."""
    return day.year if day.month >= 4 else day.year - 1


def pay_round(day: date) -> str:
    """'2020/21': the pay year a day falls in, as it is written."""
    year = pay_year(day)
    return f"{year}/{(year + 1) % 100:02d}"


def band_order(band: str) -> tuple[int, int, str]:
    return (0, int(band), "") if band.isdigit() else (1, 0, band)


@dataclass(frozen=True)
class Report:
    """What one `paycalc compare` run reports: one comparison for the offers named, or one per
    pay round for every offer; and, of every offer, the local files included and the transfers
    left out (a transfer is compared in a run from an offer)."""

    comparisons: tuple[Comparison, ...]
    local_files: tuple[str, ...] = ()
    transfers: tuple[str, ...] = ()
    by_round: bool = False  # every offer, one comparison per pay round (however many)
    # (round, why): rounds none of whose offers fits the staff asked for
    rounds_left_out: tuple[tuple[str, str], ...] = ()
