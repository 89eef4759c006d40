"""The totals of a payroll run: head count, spread of rises, cost of the award and parity gaps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from paycalc.model import UNSETTLED
from paycalc.money import PENNY, fmt_money, fmt_pounds, to_penny
from paycalc.table import Cell, Column, Doc, Table

# Bands of total increase, in percent: [low, high).
BUCKETS = ("<2", "2-3", "3-4", "4-5", "5-6", ">=6")
_BUCKET_LABELS = ("under 2 %", "2 to 3 %", "3 to 4 %", "4 to 5 %", "5 to 6 %", "6 % or more")


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


class RunInfo(Protocol):
    """What a summary says about the run besides its totals (`run.ApplyReport` is one)."""

    scheme: str
    status: str
    reference: str
    period: str
    parity_rule: str
    illustrative_scales: tuple[str, ...]
    columns: dict[str, str]
    input: Path
    output: Path
    rejects: Path
    counts: RunCounts
    summary: Summary


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


def summary_dict(run: RunInfo) -> dict[str, object]:
    """The JSON shape of `paycalc apply --summary --format json`: money as strings."""
    counts, summary = run.counts, run.summary
    gaps = summary.gap_stats()
    cost = Cost.of(summary)
    return {
        "scheme": run.scheme,
        "status": run.status,
        "reference": run.reference,
        "period": run.period,
        "parity_rule": run.parity_rule,
        "illustrative": bool(run.illustrative_scales),
        "illustrative_scales": list(run.illustrative_scales),
        "input": str(run.input),
        "output": str(run.output),
        "rejects": str(run.rejects),
        "columns": dict(run.columns),
        "rows_read": counts.read,
        "rows_written": counts.written,
        "rows_rejected": counts.rejected,
        "blank_lines_skipped": counts.blank_lines,
        "head_count": summary.head_count,
        "fte": str(summary.fte.normalize()) if summary.fte else "0",
        "total_increase_pct": dict(zip(BUCKETS, summary.buckets, strict=True)),
        "cost": {
            "pay_bill_before": fmt_money(cost.before),
            "pay_bill_after": fmt_money(cost.after),
            "consolidated_per_year": fmt_money(cost.consolidated),
            "one_off": fmt_money(cost.one_off),
            "total": fmt_money(cost.total),
            "back_pay": fmt_money(cost.back_pay),
        },
        "parity_gap": None
        if gaps is None
        else {
            "min": fmt_money(gaps[0]),
            "median": fmt_money(gaps[1]),
            "max": fmt_money(gaps[2]),
            "at_or_above_reference": gaps[3],
        },
    }


def summary_doc(run: RunInfo) -> Doc:
    """The same figures as a report for people (tables)."""
    counts, summary = run.counts, run.summary
    doc = Doc()
    doc.text(f"Scheme {run.scheme} applied to {run.input}")
    if run.columns:
        doc.text("Columns read: " + ", ".join(f"{k} = '{v}'" for k, v in run.columns.items()))
    table = Table([Column("Rows"), Column("Count", "right")])
    table.add("read", f"{counts.read:,}")
    table.add("written", f"{counts.written:,}")
    table.add("rejected", Cell(f"{counts.rejected:,}", "bad" if counts.rejected else ""))
    if counts.rejected:
        table.notes.append(f"Rejected rows are in {run.rejects}.")
    doc.table(table)
    doc.text()
    head = summary.head_count
    fte = summary.fte.normalize() if summary.fte else 0
    spread = Table(
        [Column("Total increase"), Column("People", "right"), Column("Share", "right")],
        title=f"Head count {head:,} (FTE {fte})",
    )
    for label, n in zip(_BUCKET_LABELS, summary.buckets, strict=True):
        share = f"{Decimal(100 * n) / head:.1f} %" if head else "-"
        spread.add(label, f"{n:,}", share)
    doc.table(spread)
    doc.text()
    cost = Cost.of(summary)
    bill = Table([Column("Cost of the award"), Column("Amount", "right")])
    bill.add("pay bill before", fmt_pounds(cost.before))
    bill.add("pay bill after", fmt_pounds(cost.after))
    bill.add("consolidated, per year", fmt_pounds(cost.consolidated))
    bill.add(f"one-off, {run.period}", fmt_pounds(cost.one_off))
    bill.add(Cell("total", "bold"), Cell(fmt_pounds(cost.total), "bold"))
    if cost.back_pay:
        bill.add("of which back pay (arrears)", fmt_pounds(cost.back_pay))
    bill.notes.append("Actual pay (FTE-weighted) of the rows written.")
    doc.table(bill)
    gaps = summary.gap_stats()
    if gaps:
        doc.text()
        gap = Table(
            [Column("Parity gap"), Column("Amount", "right")],
            title=f"Against {run.reference} (new salary minus reference salary, "
            f"{run.parity_rule} rule)",
        )
        for label, value in zip(("min", "median", "max"), gaps[:3], strict=True):
            gap.add(label, fmt_pounds(value))
        gap.add("at or above the reference", f"{gaps[3]:,}")
        doc.table(gap)
    if run.status in UNSETTLED:
        doc.text()
        doc.text(f"Scheme status: {run.status} (not pay anyone has received).")
    if run.illustrative_scales:
        doc.text()
        doc.text(
            "Illustrative scale values are used ("
            + ", ".join(run.illustrative_scales)
            + "): figures show the method, not real pay."
        )
    return doc
