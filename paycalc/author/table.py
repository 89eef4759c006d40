"""An employer's pay table read from a CSV file or a workbook: one row a point, with a band, a
salary and (if the table has one) a point number, under any header the payroll reader knows.

The header names are the payroll's (`payroll.columns`: `Grade`, `Spinal Point`, `Annual
Salary`, ...), and each value is read as the command line reads it (`paycalc.typed`), so a
table exported beside a payroll reads as the payroll does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from paycalc import typed
from paycalc.errors import PaycalcError
from paycalc.money import fmt_pounds
from paycalc.payroll.columns import Columns, ColumnSpec, normalise_header
from paycalc.payroll.read import open_payroll

T = TypeVar("T")

# A column of the table that is no payroll's: the job each band is for.
ROLE_NAMES = ("role", "job", "job_title", "post", "role_title")


@dataclass(frozen=True)
class TableBand:
    """One band as the table gives it: its points' salaries in order, and its role if given."""

    name: str
    points: tuple[Decimal, ...]
    role: str | None = None


def read_table(
    path: Path | str, *, sheet: str | None = None, spec: ColumnSpec | None = None
) -> list[TableBand]:
    """The bands of a pay table, in the order the table first names them.

    Raises PaycalcError with the row and column of the first value that cannot be read, a
    point given twice or missing, or salaries that do not rise from point to point.
    """
    rows: dict[str, dict[int, tuple[Decimal, int]]] = {}
    roles: dict[str, str] = {}
    with open_payroll(Path(path), need_id=False, spec=spec, sheet=sheet) as table:
        head_row, columns = table.header_row, table.columns
        body = [(row, fields) for row, fields in table.cells() if any(f.strip() for f in fields)]
    header = list(columns.header)
    if "salary" not in columns.index:
        raise PaycalcError(
            f"{path}: line {head_row}: a pay table needs a salary column; name yours with "
            f'--columns salary="NAME"'
        )
    if not body:
        raise PaycalcError(f"{path}: the table has a header but no rows")
    normal = [normalise_header(f) for f in header]
    role_at = next((i for i, n in enumerate(normal) if n in ROLE_NAMES), None)
    for row, fields in body:
        band = _value(typed.band, "band", columns, fields, f"{path}: row {row}")
        salary = _value(typed.money, "salary", columns, fields, f"{path}: row {row}")
        points = rows.setdefault(band, {})
        point: int | str = len(points) + 1
        if "point" in columns.index:
            point = _value(typed.point, "point", columns, fields, f"{path}: row {row}")
            where = f"{path}: row {row}, column '{columns.name('point')}'"
            if point == "top":
                raise PaycalcError(f"{where}: a table numbers its points: give 1, 2, 3 ...")
            if point in points:
                raise PaycalcError(
                    f"{where}: band {band} point {point} is on row {points[point][1]} too"
                )
        assert isinstance(point, int)
        points[point] = (salary, row)
        if role_at is not None and role_at < len(fields) and fields[role_at].strip():
            roles.setdefault(band, fields[role_at].strip())
    return [_band(path, name, points, roles.get(name)) for name, points in rows.items()]


def _value(
    read: Callable[[str], T], role: str, columns: Columns, fields: list[str], where: str
) -> T:
    """The value of one column of a row, read by `read`; PaycalcError with the row and column."""
    i = columns.index[role]
    try:
        return read(fields[i] if i < len(fields) else "")
    except ValueError as e:
        raise PaycalcError(f"{where}, column '{columns.name(role)}': {e}") from None


def _band(
    path: Path | str, name: str, points: dict[int, tuple[Decimal, int]], role: str | None
) -> TableBand:
    numbers = sorted(points)
    missing = [n for n in range(1, numbers[-1] + 1) if n not in points]
    if missing:
        raise PaycalcError(f"{path}: band {name} has no point {missing[0]} (it has {numbers[-1]})")
    salaries = [points[n][0] for n in numbers]
    for n in range(1, len(salaries)):
        if salaries[n] <= salaries[n - 1]:
            raise PaycalcError(
                f"{path}: row {points[n + 1][1]}: band {name} point {n + 1} "
                f"({fmt_pounds(salaries[n])}) is not above point {n} "
                f"({fmt_pounds(salaries[n - 1])})"
            )
    return TableBand(name, tuple(salaries), role)
