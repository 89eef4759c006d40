"""Checking a payroll file: every row through the one reader, then the rules of `payroll.flags`
(the same rules `apply` writes in its `flags` column)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from paycalc.errors import EXIT_INVALID, EXIT_OK
from paycalc.money import ZERO, fmt_money, to_penny
from paycalc.payroll.columns import ColumnSpec
from paycalc.payroll.flags import ORDER, Flag, check_position
from paycalc.payroll.read import as_position, open_payroll
from paycalc.payroll.rows import RowError

if TYPE_CHECKING:
    from paycalc.files.registry import Registry


@dataclass
class CheckReport:
    """The flags of a payroll and its pay bill counted two ways."""

    input: Path
    scale: str
    illustrative: bool
    sheet: str | None = None  # the workbook's sheet read
    columns: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    counted: int = 0  # rows in the pay bill (readable, on the scale)
    listed: Decimal = ZERO  # full-time salaries as listed
    actual: Decimal = ZERO  # FTE-weighted: what the staff are actually paid
    flags: list[Flag] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_INVALID if self.flags else EXIT_OK

    @property
    def flagged_rows(self) -> int:
        return len({f.row for f in self.flags})

    def to_dict(self) -> dict[str, object]:
        return {
            "input": str(self.input),
            "scale": self.scale,
            "sheet": self.sheet,
            "illustrative": self.illustrative,
            "columns": self.columns,
            "rows": self.rows,
            "rows_flagged": self.flagged_rows,
            "pay_bill": {
                "rows_counted": self.counted,
                "full_salaries_as_listed": fmt_money(self.listed),
                "fte_weighted_actual_pay": fmt_money(self.actual),
                "difference": fmt_money(self.listed - self.actual),
            },
            "flags": [f.to_dict() for f in self.flags],
        }


def check_payroll(
    payroll: Path | str,
    scale_ref: str | None = None,
    *,
    scheme_ref: str | None = None,
    registry: Registry | None = None,
    spec: ColumnSpec | None = None,
    sheet: str | None = None,
) -> CheckReport:
    """Check every row of a payroll against a scale (or the starting scale of a scheme).

    Raises PaycalcError (exit 2) when the file or the scale cannot be read.
    """
    from paycalc.files.registry import Registry

    registry = registry or Registry.default()
    if scale_ref is None:
        assert scheme_ref is not None
        scale_ref = registry.scheme(scheme_ref).from_scale
    scale = registry.scale(scale_ref)
    bands = registry.bands(scale.id)
    path = Path(payroll)
    report = CheckReport(path, scale.id, scale.illustrative)
    with open_payroll(path, need_id=False, spec=spec, sheet=sheet) as book:
        columns = book.columns
        report.sheet = book.sheet
        report.columns = columns.used()
        i_actual = columns.index.get("actual_pay")
        if i_actual is not None:
            report.columns["actual_pay"] = columns.header[i_actual].strip()
        i_id = columns.index.get("employee_id")
        for n, fields, _text, position in book.rows(as_position):
            report.rows += 1
            problems: list[tuple[str, str, str]] = []
            found = None
            if isinstance(position, RowError):
                code = "duplicate" if position.reason.startswith("duplicate") else "unreadable"
                problems.append((code, position.column or "", position.reason))
            else:
                actual = fields[i_actual] if i_actual is not None else ""
                found = check_position(position, bands, actual=actual)
                problems += found.problems
            eid = fields[i_id].strip() if i_id is not None and i_id < len(fields) else ""
            for code, role, reason in problems:
                name = columns.name(role) if role else ""
                report.flags.append(Flag(n, eid, name, code, reason))
            if found is None or isinstance(position, RowError):
                continue
            if found.listed is not None:
                report.counted += 1
                report.listed += found.listed
                report.actual += to_penny(found.listed * position.fte)
    report.flags.sort(key=lambda f: (f.row, ORDER[f.code]))
    return report
