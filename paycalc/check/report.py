"""`paycalc check`'s report as a table for people, CSV or JSON."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

from paycalc.check.run import CheckReport
from paycalc.csvcell import csv_line
from paycalc.money import fmt_pounds
from paycalc.payroll.flags import CODES
from paycalc.table import Cell, Column, Doc, Table

FORMATS = ("table", "csv", "json")


def check_doc(report: CheckReport) -> Doc:
    doc = Doc()
    sheet = f", sheet '{report.sheet}'" if report.sheet is not None else ""
    doc.text(f"Checked {report.input}{sheet} against scale {report.scale}: {report.rows:,} rows")
    if report.columns:
        doc.text("Columns read: " + ", ".join(f"{k} = '{v}'" for k, v in report.columns.items()))
    doc.text()
    if report.flags:
        flags = Table(
            [Column("Row", "right"), Column("Employee"), Column("Column"), Column("Why")],
            title=f"{len(report.flags):,} flags on {report.flagged_rows:,} rows",
        )
        for f in report.flags:
            flags.add(str(f.row), f.employee_id, f.column, Cell(f.reason, "warn"))
        counts = Counter(f.code for f in report.flags)
        flags.notes.append("; ".join(f"{n:,} {CODES[code]}" for code, n in counts.items()))
        doc.table(flags)
    else:
        doc.text("No flags: every row is consistent with the scale.")
    doc.text()
    bill = Table(
        [Column("Pay bill"), Column("Amount", "right")],
        title=f"Pay bill of the {report.counted:,} rows on the scale",
    )
    bill.add("full salaries as listed", fmt_pounds(report.listed))
    bill.add("FTE-weighted actual pay", fmt_pounds(report.actual))
    difference = report.listed - report.actual
    bill.add(Cell("difference", "bold"), Cell(fmt_pounds(difference), "bold"))
    if difference > Decimal(0):
        bill.notes.append(
            "Budgeting full salaries for part-time staff overstates the cost by the difference."
        )
    doc.table(bill)
    if report.illustrative:
        doc.text()
        doc.text(f"Scale {report.scale} is illustrative: its values show the method, not real pay.")
    return doc


def check_csv(report: CheckReport) -> str:
    lines = [csv_line(["row", "employee_id", "column", "code", "reason"])]
    lines += [csv_line([f.row, f.employee_id, f.column, f.code, f.reason]) for f in report.flags]
    return "".join(line + "\r\n" for line in lines)


def check_json(report: CheckReport) -> str:
    return json.dumps(report.to_dict(), indent=2) + "\n"
