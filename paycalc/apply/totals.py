"""The totals of a payroll run: head count, spread of rises, cost of the award and parity gaps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

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


def summary_dict(meta: dict[str, object], counts: RunCounts, summary: Summary) -> dict[str, object]:
    """The JSON shape of `paycalc apply --summary --format json`: money as strings."""
    gaps = summary.gap_stats()
    consolidated = (summary.after - summary.before) * PENNY
    one_off = summary.unconsolidated * PENNY
    return {
        **meta,
        "rows_read": counts.read,
        "rows_written": counts.written,
        "rows_rejected": counts.rejected,
        "blank_lines_skipped": counts.blank_lines,
        "head_count": summary.head_count,
        "fte": str(summary.fte.normalize()) if summary.fte else "0",
        "total_increase_pct": dict(zip(BUCKETS, summary.buckets, strict=True)),
        "cost": {
            "pay_bill_before": fmt_money(summary.before * PENNY),
            "pay_bill_after": fmt_money(summary.after * PENNY),
            "consolidated_per_year": fmt_money(consolidated),
            "one_off": fmt_money(one_off),
            "total": fmt_money(consolidated + one_off),
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


def summary_doc(data: dict[str, object]) -> Doc:
    """The same figures as a report for people (tables)."""
    doc = Doc()
    doc.text(f"Scheme {data['scheme']} applied to {data['input']}")
    counts = Table([Column("Rows"), Column("Count", "right")])
    counts.add("read", f"{data['rows_read']:,}")
    counts.add("written", f"{data['rows_written']:,}")
    style = "bad" if data["rows_rejected"] else ""
    counts.add("rejected", Cell(f"{data['rows_rejected']:,}", style))  # type: ignore[arg-type]
    if data["rows_rejected"]:
        counts.notes.append(f"Rejected rows are in {data['rejects']}.")
    doc.table(counts)
    doc.text()
    head = int(data["head_count"])  # type: ignore[call-overload]
    spread = Table(
        [Column("Total increase"), Column("People", "right"), Column("Share", "right")],
        title=f"Head count {head:,} (FTE {data['fte']})",
    )
    for label, key in zip(_BUCKET_LABELS, BUCKETS, strict=True):
        n = data["total_increase_pct"][key]  # type: ignore[index]
        share = f"{Decimal(100 * n) / head:.1f} %" if head else "-"
        spread.add(label, f"{n:,}", share)
    doc.table(spread)
    doc.text()
    cost = data["cost"]
    bill = Table([Column("Cost of the award"), Column("Amount", "right")])
    bill.add("pay bill before", fmt_pounds(Decimal(cost["pay_bill_before"])))  # type: ignore[index]
    bill.add("pay bill after", fmt_pounds(Decimal(cost["pay_bill_after"])))  # type: ignore[index]
    bill.add("consolidated, per year", fmt_pounds(Decimal(cost["consolidated_per_year"])))  # type: ignore[index]
    bill.add(f"one-off, {data['period']}", fmt_pounds(Decimal(cost["one_off"])))  # type: ignore[index]
    bill.add(Cell("total", "bold"), Cell(fmt_pounds(Decimal(cost["total"])), "bold"))  # type: ignore[index]
    bill.notes.append("Actual pay (FTE-weighted) of the rows written.")
    doc.table(bill)
    gaps = data["parity_gap"]
    if gaps:
        doc.text()
        gap = Table(
            [Column("Parity gap"), Column("Amount", "right")],
            title=f"Against {data['reference']} (new salary minus reference salary)",
        )
        for key in ("min", "median", "max"):
            gap.add(key, fmt_pounds(Decimal(gaps[key])))  # type: ignore[index]
        gap.add("at or above the reference", f"{gaps['at_or_above_reference']:,}")  # type: ignore[index]
        doc.table(gap)
    if data.get("illustrative"):
        doc.text()
        doc.text("Illustrative scale values are used: figures show the method, not real pay.")
    return doc
