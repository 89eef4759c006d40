"""What an apply run reports: its counts, totals and files (`ApplyReport`), as the JSON of
`--format json` and as tables for people."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from paycalc.apply.totals import BUCKETS, Cost, RunCounts, Summary
from paycalc.errors import EXIT_OK, EXIT_REJECTS
from paycalc.model import UNSETTLED
from paycalc.money import fmt_money, fmt_pounds, to_penny
from paycalc.output import is_stdout
from paycalc.payroll.flags import CODES
from paycalc.table import Cell, Column, Doc, Table

# A figure as `fmt_money` writes it.
_MONEY = re.compile(r"-?\d+\.\d\d")
# How the summary names the BUCKETS of total increase.
_BUCKET_LABELS = ("under 2 %", "2 to 3 %", "3 to 4 %", "4 to 5 %", "5 to 6 %", "6 % or more")


@dataclass
class ApplyReport:
    """What a run did: the counts (rows in = written + rejected), the totals and the files."""

    scheme: str
    status: str
    reference: str
    period: str
    parity_rule: str
    illustrative_scales: tuple[str, ...]
    input: Path
    output: Path
    rejects: Path
    encoding: str = "utf-8"
    sheet: str | None = None  # the workbook's sheet read
    columns: dict[str, str] = field(default_factory=dict)  # column read for each role
    # paycalc's output columns written under another name, the input having its own
    renamed: dict[str, str] = field(default_factory=dict)
    counts: RunCounts = field(default_factory=RunCounts)
    summary: Summary = field(default_factory=Summary)
    strict: bool = False  # flagged rows rejected instead of written

    @property
    def illustrative(self) -> bool:
        return bool(self.illustrative_scales)

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTS if self.counts.rejected else EXIT_OK

    def to_dict(self) -> dict[str, object]:
        return summary_dict(self)

    def doc(self) -> Doc:
        return summary_doc(self)

    def line(self) -> str:
        """One line for the end of a run."""
        c = self.counts
        out, rej = (
            "standard output" if is_stdout(p) else str(p) for p in (self.output, self.rejects)
        )
        text = f"{c.written:,} of {c.read:,} rows applied to {out}"
        if c.rejected:
            text += f"; {c.rejected:,} rejected, see {rej}"
        return text

    def flags(self) -> Counter[str]:
        """Rows by flag code (`paycalc check`'s rules): written with it, or with --strict
        rejected for it."""
        return self.counts.flags_rejected if self.strict else self.summary.flags

    def flag_line(self) -> str:
        """One line on the rows flagged ('' when none is)."""
        counts = self.flags()
        if not counts:
            return ""
        codes = ", ".join(f"{counts[code]:,} {code}" for code in CODES if counts[code])
        if self.strict:
            return f"{_rows(self.counts.rejected_for_flags)} rejected for flags (--strict): {codes}"
        return f"{_rows(self.summary.flagged)} written with flags (see the flags column): {codes}"


def summary_dict(run: ApplyReport, *, typed: bool = False) -> dict[str, object]:
    """The JSON shape of `paycalc apply --summary --format json`: money and FTE as strings;
    `typed`, as Decimals (for the workbook's summary sheet, where figures are numbers)."""
    counts, summary = run.counts, run.summary
    gaps = summary.gap_stats()
    cost = Cost.of(summary)
    money: Callable[[Decimal], object] = to_penny if typed else fmt_money
    fte = summary.fte.normalize()
    flags = run.flags()
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
        "sheet": run.sheet,
        "columns": dict(run.columns),
        "renamed_output_columns": dict(run.renamed),
        "rows_read": counts.read,
        "rows_written": counts.written,
        "rows_rejected": counts.rejected,
        "blank_lines_skipped": counts.blank_lines,
        "head_count": summary.head_count,
        "fte": fte if typed else format(fte, "f"),  # '1000', never '1E+3'
        "total_increase_pct": dict(zip(BUCKETS, summary.buckets, strict=True)),
        "cost": {
            "pay_bill_before": money(cost.before),
            "pay_bill_after": money(cost.after),
            "consolidated_per_year": money(cost.consolidated),
            "one_off": money(cost.one_off),
            "total": money(cost.total),
            "back_pay": money(cost.back_pay),
        },
        "parity_gap": None
        if gaps is None
        else {
            "min": money(gaps[0]),
            "median": money(gaps[1]),
            "max": money(gaps[2]),
            "at_or_above_reference": gaps[3],
        },
        "strict": run.strict,
        # Rows by flag code: written with it, or with `strict` rejected for it.
        "flags": {code: flags[code] for code in CODES if flags[code]},
        "rows_flagged": counts.rejected_for_flags if run.strict else summary.flagged,
        **(_on_costs(summary, typed) if summary.on_costs is not None else {}),
        **(
            {"prices": summary.prices.to_dict(cost.before, cost.after, cost.one_off)}
            if summary.prices is not None
            else {}
        ),
    }


def _on_costs(summary: Summary, typed: bool) -> dict[str, object]:
    """The on-costs' part of the summary; `typed`, with its money (written by `fmt_money`, the
    only strings of that shape in it) as Decimals."""
    assert summary.on_costs is not None
    data = summary.on_costs.to_dict()
    if not typed:
        return data
    return {
        k: Decimal(v) if isinstance(v, str) and _MONEY.fullmatch(v) else v for k, v in data.items()
    }


def summary_doc(run: ApplyReport) -> Doc:
    """The same figures as a report for people (tables)."""
    counts, summary = run.counts, run.summary
    doc = Doc()
    sheet = f", sheet '{run.sheet}'" if run.sheet is not None else ""
    doc.text(f"Scheme {run.scheme} applied to {run.input}{sheet}")
    if run.columns:
        doc.text("Columns read: " + ", ".join(f"{k} = '{v}'" for k, v in run.columns.items()))
    if run.renamed:
        doc.text(f"Output columns renamed (the input has its own): {renamed_text(run.renamed)}")
    table = Table([Column("Rows"), Column("Count", "right")])
    table.add("read", f"{counts.read:,}")
    table.add("written", f"{counts.written:,}")
    table.add("rejected", Cell(f"{counts.rejected:,}", "bad" if counts.rejected else ""))
    if counts.rejected:
        table.notes.append(f"Rejected rows are in {run.rejects}.")
    doc.table(table)
    doc.text()
    head = summary.head_count
    fte = summary.fte.normalize()
    spread = Table(
        [Column("Total increase"), Column("People", "right"), Column("Share", "right")],
        title=f"Head count {head:,} (FTE {fte:,f})",
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
    if summary.on_costs is not None:  # apply --on-costs
        from paycalc.apply.oncosts import on_cost_table

        doc.text()
        doc.table(on_cost_table(summary.on_costs))
    if summary.prices is not None:  # apply --prices
        from paycalc.apply.realterms import prices_table

        doc.text()
        doc.table(prices_table(summary.prices, cost.before, cost.after, cost.one_off, head))
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
    flags = run.flags()
    if flags:
        doc.text()
        rows = counts.rejected_for_flags if run.strict else summary.flagged
        where = "rejected (--strict)" if run.strict else "written with a flag"
        table = Table(
            [Column("Flag"), Column("Rows", "right"), Column("What it means")],
            title=f"{_rows(rows)} {where}: the rules of paycalc check",
        )
        for code in CODES:
            if flags[code]:
                table.add(code, f"{flags[code]:,}", CODES[code])
        doc.table(table)
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


def renamed_text(renamed: dict[str, str]) -> str:
    """'notes as paycalc_notes, protected as paycalc_protected'."""
    return ", ".join(f"{k} as {v}" for k, v in renamed.items())


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"
