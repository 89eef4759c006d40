"""The totals of a payroll run: head count, spread of rises, cost of the award and parity gaps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from paycalc.money import PENNY, to_penny

if TYPE_CHECKING:
    from paycalc.oncosts import PersonOnCosts, SchemeOnCosts
    from paycalc.realterms import PayBillPrices

# Bands of total increase, in percent: [low, high).
BUCKETS = ("<2", "2-3", "3-4", "4-5", "5-6", ">=6")


def bucket(total_increase_pct: Decimal) -> int:
    """Index into BUCKETS of a total increase (a percentage)."""
    for i, top in enumerate((2, 3, 4, 5, 6)):
        if total_increase_pct < top:
            return i
    return 5


@dataclass(frozen=True)
class PositionStats:
    """One position's figures in whole pence, ready to be multiplied by a head count."""

    bucket: int
    fte: Decimal
    before: int
    after: int
    unconsolidated: int
    gap: int
    back_pay: int = 0
    on_costs: PersonOnCosts | None = None  # with --on-costs (paycalc.oncosts)
    flags: tuple[str, ...] = ()  # the codes `paycalc check` gives the position


def pence(amount: Decimal) -> int:
    return int(amount / PENNY)


@dataclass
class Summary:
    """Totals over the rows written (FTE-weighted: each figure is the person's actual pay)."""

    head_count: int = 0
    fte: Decimal = Decimal(0)
    buckets: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    before: int = 0
    after: int = 0
    unconsolidated: int = 0
    back_pay: int = 0
    gaps: Counter[int] = field(default_factory=Counter)  # parity gap in pence -> head count
    on_costs: SchemeOnCosts | None = None  # with --on-costs: employer NI and pension
    prices: PayBillPrices | None = None  # with --prices: who keeps pace (apply/realterms.py)
    flags: Counter[str] = field(default_factory=Counter)  # rows written with each flag code
    flagged: int = 0  # rows written with one flag or more

    def add(self, stats: PositionStats, count: int) -> None:
        """Fold in `count` people on one position (called once per position, not per row)."""
        if not count:
            return
        self.head_count += count
        self.fte += stats.fte * count
        self.buckets[stats.bucket] += count
        self.before += stats.before * count
        self.after += stats.after * count
        self.unconsolidated += stats.unconsolidated * count
        self.back_pay += stats.back_pay * count
        self.gaps[stats.gap] += count
        if self.on_costs is not None and stats.on_costs is not None:
            self.on_costs.add_person(stats.on_costs, count)
        if self.prices is not None:
            self.prices.add(stats.before, stats.after, count)
        if stats.flags:
            self.flagged += count
            for code in stats.flags:
                self.flags[code] += count

    def gap_stats(self) -> tuple[Decimal, Decimal, Decimal, int] | None:
        """(min, median, max, number at or above the reference) of the parity gap, or None."""
        if not self.gaps:
            return None
        ordered = sorted(self.gaps.items())
        n = self.head_count
        lower = _nth(ordered, (n - 1) // 2)
        upper = _nth(ordered, n // 2)
        median = to_penny(Decimal(lower + upper) / 2 * PENNY)
        at_or_above = sum(c for g, c in ordered if g >= 0)
        return ordered[0][0] * PENNY, median, ordered[-1][0] * PENNY, at_or_above


def _nth(ordered: list[tuple[int, int]], index: int) -> int:
    seen = 0
    for value, count in ordered:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)  # pragma: no cover - index is always below the head count


@dataclass
class RunCounts:
    """Rows in = rows out + rejects, always."""

    read: int = 0
    written: int = 0
    rejected: int = 0
    blank_lines: int = 0
    # With --strict: rows rejected because `paycalc check` flags them, by code (a row with two
    # flags counts under each), and how many rows that is.
    flags_rejected: Counter[str] = field(default_factory=Counter)
    rejected_for_flags: int = 0


@dataclass(frozen=True)
class Cost:
    """The cost of the award to the pay bill, as money."""

    before: Decimal
    after: Decimal
    consolidated: Decimal
    one_off: Decimal
    back_pay: Decimal

    @classmethod
    def of(cls, summary: Summary) -> Cost:
        return cls(
            summary.before * PENNY,
            summary.after * PENNY,
            (summary.after - summary.before) * PENNY,
            summary.unconsolidated * PENNY,
            summary.back_pay * PENNY,
        )

    @property
    def total(self) -> Decimal:
        return self.consolidated + self.one_off
