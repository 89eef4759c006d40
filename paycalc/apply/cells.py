"""The output columns of one payroll position: where the person ends up, what is owed, the figures.

Computed once per distinct position (not per row), as text for a CSV and as typed values for a
workbook. Whatever is true of every row of a run (illustrative scales, the scheme's status, the
parity rule) is said once, in the summary, never in a row's `notes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from paycalc.engine import Result
from paycalc.money import ZERO, fmt_money, fmt_pct, to_penny
from paycalc.parity import Figures


@dataclass(frozen=True)
class RowFigures:
    """One position's output columns (OUTPUT_COLUMNS, in order)."""

    new_band: str
    new_point: int | None  # None: protected above the band top, on no point
    protected: bool
    placed_by: str  # 'point' or 'salary'
    effective_from: date | None  # None: no change of consolidated salary in the period
    back_pay: Decimal
    full_time_salary: Decimal  # the new salary at full time: new_salary is it times the FTE
    figures: Figures
    notes: tuple[str, ...]
    flags: tuple[str, ...] = ()  # codes of `payroll.flags`, in their order

    def texts(self) -> list[str]:
        f = self.figures
        return [
            self.new_band,
            "" if self.new_point is None else str(self.new_point),
            "true" if self.protected else "false",
            self.placed_by,
            self.effective_from.isoformat() if self.effective_from else "",
            fmt_money(self.back_pay),
            fmt_money(f.after),
            fmt_money(self.full_time_salary),
            fmt_money(f.consolidated_increase),
            fmt_pct(f.consolidated_increase_pct),
            fmt_money(f.unconsolidated),
            fmt_pct(f.total_increase_pct),
            fmt_money(f.reference_salary),
            fmt_money(f.parity_gap),
            fmt_pct(f.parity_gap_pct),
            "; ".join(self.notes),
            ";".join(self.flags),
        ]

    def values(self) -> list[object]:
        """The same cells typed for a workbook: numbers as Decimal, the flag as a bool."""
        f = self.figures
        return [
            self.new_band,
            self.new_point,
            self.protected,
            self.placed_by,
            self.effective_from,
            to_penny(self.back_pay),
            to_penny(f.after),
            to_penny(self.full_time_salary),
            to_penny(f.consolidated_increase),
            f.consolidated_increase_pct,
            to_penny(f.unconsolidated),
            f.total_increase_pct,
            to_penny(f.reference_salary),
            to_penny(f.parity_gap),
            f.parity_gap_pct,
            "; ".join(self.notes),
            ";".join(self.flags),
        ]


def row_figures(
    result: Result, f: Figures, placed_by: str, notes: list[str], reference_note: str
) -> RowFigures:
    """The output columns of a person's timeline `result` (full-time) and their `figures`
    (FTE-weighted). `notes` are the row's own (e.g. a salary that is not its point's value)."""
    end_day = result.scheme.period.end
    end = result.state_at(end_day)
    changes = [day for day, _salary in result.salary_changes() if day <= end_day]
    # Arrears are paid at the person's FTE, each step's rounded to the penny as a payslip would
    # (and as `paycalc explain` shows them).
    back_pay = sum((to_penny(e.back_pay * f.fte) for e in result.events if e.back_pay), start=ZERO)
    row_notes = list(notes)
    if not end.protected and end.salary != end.points[end.point - 1]:
        row_notes.append(
            f"salary {fmt_money(end.salary)} (full-time) is between points {end.point} and "
            f"{end.point + 1} of band {end.band}"
        )
    if reference_note:
        row_notes.append(reference_note)
    return RowFigures(
        new_band=end.band,
        new_point=None if end.protected else end.point,
        protected=end.protected,
        placed_by=placed_by,
        effective_from=changes[-1] if changes else None,
        back_pay=back_pay,
        # new_salary (`Figures.after`) is this times the FTE, rounded half up to the penny.
        full_time_salary=end.salary,
        figures=f,
        notes=tuple(row_notes),
    )
