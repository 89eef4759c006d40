"""The one reader of payroll files (CSV or .xlsx) and the one rule for which rows are people.

`apply`, `check` and `compare --payroll` count the same people on the same file. A row is left
out, with its row number, column and reason, when it:

1. has more cells than the header (a shorter row is read as if its trailing cells were empty);
2. has no employee id, in a file with an id column;
3. repeats an employee id of an earlier row (the later row is left out; the reason names the
   first row);
4. has a band, point, salary or FTE that cannot be read (`rows.parse_position`);
5. cannot be placed on the scheme's scale (a band it lacks, a point beyond the band, a salary
   below it): judged by the caller, who has the scheme.

Blank rows are skipped and are not rows. `apply`'s streaming pass over a CSV is a fast path of
the same rule (its tests check it row by row against this reader).
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from paycalc.errors import PaycalcError
from paycalc.model import PersonSpec
from paycalc.payroll.columns import Columns, ColumnSpec
from paycalc.payroll.csvio import (
    ZIP_MAGIC,
    detect_encoding,
    is_blank,
    long_cell,
    open_text,
    readable,
    records,
)
from paycalc.payroll.rows import Position, RowError, parse_position

# A file of a million distinct positions must still be read in bounded memory.
MAX_POSITIONS = 20_000
# Left-out rows kept with their reasons; beyond it they are only counted.
MAX_DETAILS = 1_000

# band, point, salary, FTE
PersonKey = tuple[str, "int | Literal['top'] | None", "Decimal | None", Decimal]


def is_xlsx(path: Path | str, *, sniff: bool = False) -> bool:
    """A workbook by its name; with `sniff`, also a regular file named otherwise (a download
    without its extension) whose first bytes are a zip file's. A pipe is never sniffed: the
    bytes read would be lost to the reader."""
    if str(path).lower().endswith((".xlsx", ".xlsm")):
        return True
    if not sniff or not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as f:
            return f.read(4) == ZIP_MAGIC
    except OSError:
        return False


@contextlib.contextmanager
def open_records(
    path: Path, *, sheet: str | None = None
) -> Iterator[Iterator[tuple[int, list[str]]]]:
    """(row number as the file shows it, cells as text) of a CSV or a workbook's sheet.

    '-' (standard input), a pipe or '<(...)' is first copied to a private temporary file,
    removed at the end (a workbook needs seeking; a CSV is read twice)."""
    if is_xlsx(path, sniff=True):
        from paycalc.payroll import xlsx_beside

        with readable(path) as source:
            yield xlsx_beside.rows(source, sheet)
        return
    if sheet is not None:
        raise PaycalcError(f"{path}: --sheet is for .xlsx workbooks; this is a CSV file")
    with readable(path) as source, open_text(source, detect_encoding(source, path)) as f:
        yield ((n, fields) for n, _text, fields in records(f, path))


@dataclass(frozen=True)
class Row:
    """One row of a payroll: its place, its person, or why it is left out."""

    row: int
    fields: list[str]
    employee_id: str
    position: Position | None
    error: RowError | None


def first_header(
    rows: Iterator[tuple[int, list[str]]],
    path: Path | str,
    *,
    need_id: bool,
    spec: ColumnSpec | None = None,
) -> tuple[int, Columns]:
    """The first row that is not blank, read as the header."""
    for lineno, fields in rows:
        if not is_blank(fields):
            return lineno, Columns.from_header(fields, path, lineno, need_id=need_id, spec=spec)
    raise PaycalcError(f"{path}: the file is empty (no header row)")


def read_rows(rows: Iterator[tuple[int, list[str]]], columns: Columns) -> Iterator[Row]:
    """Apply the rule (steps 1-4 above) to each row after the header."""
    width = len(columns.header)
    i_id = columns.index.get("employee_id")
    first_of: dict[str, int] = {}
    get = columns.getter()
    cache: dict[tuple[str, ...], Position | RowError] = {}
    for lineno, fields in rows:
        if is_blank(fields):
            continue
        if too_long := long_cell(fields):
            yield Row(lineno, fields, "", None, RowError(too_long, ""))
            continue
        if len(fields) > width:
            error = RowError(f"{len(fields)} fields, but the header has {width}", "")
            yield Row(lineno, fields, "", None, error)
            continue
        if len(fields) < width:
            fields = fields + [""] * (width - len(fields))
        eid = fields[i_id].strip() if i_id is not None else ""
        if i_id is not None:
            if not eid:
                yield Row(
                    lineno, fields, eid, None, RowError("employee_id is missing", "employee_id")
                )
                continue
            first = first_of.setdefault(eid, lineno)
            if first != lineno:
                reason = f"duplicate employee_id '{eid}': first on row {first}"
                yield Row(lineno, fields, eid, None, RowError(reason, "employee_id"))
                continue
        key = get(fields)
        found = cache.get(key)
        if found is None:
            try:
                found = parse_position(
                    *columns.expand(key),
                    fte_mode=columns.fte_mode,
                    full_time_hours=columns.full_time_hours,
                )
            except RowError as e:
                found = e
            if len(cache) >= MAX_POSITIONS:
                cache.clear()
            cache[key] = found
        if isinstance(found, RowError):
            yield Row(lineno, fields, eid, None, found)
        else:
            yield Row(lineno, fields, eid, found, None)


@dataclass(frozen=True)
class LeftOut:
    """Rows left out for one reason: the first such row, the column, the reason, how many."""

    row: int
    column: str
    reason: str
    count: int = 1

    def to_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "reason": self.reason, "rows": self.count}


@dataclass
class PayrollPeople:
    """A payroll's head count by position, with every row left out and why."""

    columns: Columns
    heads: Counter[PersonKey] = field(default_factory=Counter)
    first_row: dict[PersonKey, int] = field(default_factory=dict)
    left_out: list[LeftOut] = field(default_factory=list)
    rejected: int = 0  # rows left out by the reader (steps 1-4)

    def leave_out(self, row: int, error: RowError, count: int = 1) -> None:
        self.rejected += count
        if len(self.left_out) < MAX_DETAILS:
            self.left_out.append(LeftOut(row, error.column or "", error.reason, count))


def read_people(
    path: Path | str, *, spec: ColumnSpec | None = None, sheet: str | None = None
) -> PayrollPeople:
    """Every person on a payroll, counted by position (band, point, salary, FTE), in one read.

    Raises PaycalcError when the file cannot be read or has no usable header.
    """
    path = Path(path)
    with open_records(path, sheet=sheet) as rows:
        _line, columns = first_header(rows, path, need_id=False, spec=spec)
        people = PayrollPeople(columns)
        for row in read_rows(rows, columns):
            if row.position is None:
                assert row.error is not None
                people.leave_out(row.row, row.error)
                continue
            p = row.position
            key = (p.band, p.point, p.salary, p.fte)
            people.heads[key] += 1
            people.first_row.setdefault(key, row.row)
    return people


def iter_people(path: Path | str) -> Iterator[tuple[int, PersonSpec | None, str | None]]:
    """(row number, person, None) or (row number, None, 'column: reason') per row of a file."""
    path = Path(path)
    with open_records(path) as rows:
        _line, columns = first_header(rows, path, need_id=False)
        for row in read_rows(rows, columns):
            if row.position is not None:
                yield row.row, row.position.person(), None
            else:
                assert row.error is not None
                yield row.row, None, f"{row.error.column}: {row.error.reason}"
