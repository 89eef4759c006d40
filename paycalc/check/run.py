"""Checking a payroll file: every row through the one reader, then the rules of `check.rules`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from paycalc.check.rules import CODES, Flag, check_position
from paycalc.errors import EXIT_INVALID, EXIT_OK
from paycalc.money import ZERO, fmt_money, parse_money, to_penny
from paycalc.payroll.columns import ColumnSpec
from paycalc.payroll.read import first_header, open_records, read_rows

if TYPE_CHECKING:
    from paycalc.files.registry import Registry


@dataclass
class CheckReport:
    """The flags of a payroll and its pay bill counted two ways."""

    input: Path
    scale: str
    illustrative: bool
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
    with open_records(path, sheet=sheet) as records:
        _line, columns = first_header(records, path, need_id=False, spec=spec)
        report.columns = columns.used()
        i_actual = columns.index.get("actual_pay")
        if i_actual is not None:
            report.columns["actual_pay"] = columns.header[i_actual].strip()
        i_fte = columns.index.get("fte")
        for row in read_rows(records, columns):
            report.rows += 1
            problems: list[tuple[str, str, str]] = []
            if row.position is None:
                assert row.error is not None
                code = "duplicate" if row.error.reason.startswith("duplicate") else "unreadable"
                problems.append((code, row.error.column or "", row.error.reason))
                found = None
            else:
                actual = None
                if i_actual is not None and row.fields[i_actual].strip():
                    try:
                        actual = parse_money(row.fields[i_actual])
                    except ValueError as e:
                        problems.append(("unreadable", "actual_pay", f"actual pay {e}"))
                fte_given = i_fte is not None and bool(row.fields[i_fte].strip())
                found = check_position(row.position, bands, fte_given=fte_given, actual=actual)
                problems += found.problems
            for code, role, reason in problems:
                name = columns.name(role) if role else ""
                report.flags.append(Flag(row.row, row.employee_id, name, code, reason))
            if found is None or row.position is None:
                continue
            if found.listed is not None:
                report.counted += 1
                report.listed += found.listed
                report.actual += to_penny(found.listed * row.position.fte)
    report.flags.sort(key=lambda f: (f.row, list(CODES).index(f.code)))
    return report
