"""The one reader of payroll files (CSV or .xlsx) and the one rule for which rows are people.

`apply`, `check` and `compare --payroll` read every payroll through `open_payroll`, so they count
the same people on the same file. After the header (the first row that is not blank), blank
rows are skipped and are not rows; trailing empty cells never count. A row is left out, with its
row number, column and reason, when it:

1. has more cells than the header (a shorter row is read as if its trailing cells were empty);
2. has a cell longer than a cell may be (`csvio.MAX_CELL`);
3. has a formula cell without a value (a workbook never opened in a spreadsheet program);
4. has no employee id, in a file with an id column;
5. repeats the employee id of an earlier row (the later row is left out);
6. has a band, point, salary or FTE that cannot be read (`rows.parse_position`);
7. cannot be placed: judged by the caller's `place` (apply's: on the scheme's scale).

Each distinct position (the person columns as written) is parsed and placed once. A CSV line
without a double quote, with all its cells, an id and a position seen before, is taken by one
loop with no function call: the common row of a million-row export.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar

from paycalc.errors import PaycalcError
from paycalc.payroll.columns import Columns, ColumnSpec
from paycalc.payroll.rows import (
    FORMULA_WITHOUT_VALUE,
    Position,
    RowError,
    parse_position,
)
from paycalc.tabular import NO_VALUE
from paycalc.tabular.csvio import (
    MAX_CELL,
    LongCell,
    QuotedRecords,
    detect_encoding,
    is_xlsx,
    open_text,
    readable,
    records,
)

# A file of a million distinct positions must still be read in bounded memory: past this many,
# the positions are forgotten (the caller's `forget` folds what it counted first).
MAX_POSITIONS = 20_000
# Left-out rows kept with their reasons; beyond it they are only counted.
MAX_DETAILS = 1_000

# band, point, salary, FTE, employer pension rate (None: not given)
PersonKey = tuple[str, "int | Literal['top'] | None", "Decimal | None", Decimal, "Decimal | None"]
T = TypeVar("T")
# (row number as the file shows it, cells, the CSV line as written when it can be copied as it
# is (one line, all its cells, any quotes as a CSV writer puts them), the row's placed position
# or why it is left out)
Row = tuple[int, list[str], "str | None", "T | RowError"]


# A line of cells each either plain (no quote, no comma) or quoted with its quotes doubled: read
# alike by csv.reader and by every spreadsheet.
well_quoted = re.compile(r'(?:[^",]*|"(?:[^"]+|"")*")(?:,(?:[^",]*|"(?:[^"]+|"")*"))*').fullmatch


def trimmed(fields: list[str]) -> list[str]:
    """The cells without the empty ones at the end."""
    end = len(fields)
    while end and not fields[end - 1].strip():
        end -= 1
    return fields if end == len(fields) else fields[:end]


def as_position(position: Position) -> Position:
    """The `place` of a caller that takes each position as read."""
    return position


def _nothing() -> None:
    pass


class Payroll:
    """An open payroll file after its header: where its columns are, and its rows."""

    def __init__(
        self,
        name: Path | str,
        records: Iterator[tuple[int, list[str]]] | None,
        text: TextIO | None,
        columns: Columns,
        header_row: int,
    ) -> None:
        self.name = name
        self.records = records  # a workbook's rows
        self.text = text  # a CSV file, read on from the line after the header
        self.columns = columns
        self.header_row = header_row
        self.encoding = "xlsx" if text is None else "utf-8"
        self.sheet: str | None = None
        self.blank = 0  # blank rows skipped after the header
        self.ids: set[str] = set()  # the employee ids seen
        self.read = 0  # rows read after the header (blank rows are not rows)
        self._key_of = columns.getter()
        # each position as written: what `place` made of it, or why it is left out
        self._cache: dict[tuple[str, ...], Any] = {}
        self._place: Callable[[Position], Any] = as_position
        self._forget: Callable[[], None] = _nothing
        # the file read and its size and time of change, checked again after the last row
        self.stamp: tuple[Path, tuple[int, int]] | None = None

    def rows(
        self,
        place: Callable[[Position], T | RowError],
        forget: Callable[[], None] | None = None,
    ) -> Iterator[Row[T]]:
        """Every row after the header, in the file's order: (row number, cells, the line as
        written or None, `place(position)` or why the row is left out). `forget` is called when
        the positions remembered are forgotten (every MAX_POSITIONS of them)."""
        self._place, self._forget = place, forget or _nothing
        # The CSV loop is the generator itself: one more generator around it costs a tenth.
        return self._lines(self.text) if self.text is not None else self._records()

    def cells(self) -> Iterator[tuple[int, list[str]]]:
        """Every row after the header as written (its row number and cells), for a table that
        is not a payroll of people: a pay table (`paycalc new-scale --from-table`)."""
        if self.records is not None:
            yield from self.records
        else:
            assert self.text is not None
            # numbered on from the header, so that an error names the file's own line
            for n, _used, fields in records(self.text, self.name, self.header_row):
                yield n, fields
        self._unchanged()

    def _records(self) -> Iterator[Row[Any]]:
        assert self.records is not None
        for n, fields in self.records:
            row = self.row(n, fields, None)
            if row is not None:
                self.read += 1
                yield row
        self._unchanged()

    def _unchanged(self) -> None:
        if self.stamp is not None and _stamp(self.stamp[0]) != self.stamp[1]:
            raise PaycalcError(
                f"{self.name}: the file changed while it was being read; no output was written"
            )

    def _lines(self, f: TextIO) -> Iterator[Row[Any]]:
        # The loop is long because it is hot: it takes the common row itself; `row` does the
        # same for any other row, step by step, and is the easier read.
        columns = self.columns
        width = len(columns.header)
        i_id = columns.index.get("employee_id")
        if i_id is None:  # without ids, `row` tells a blank row from a person
            i_id, width = 0, -1
        key_of = self._key_of
        cache_get = self._cache.get
        ids = self.ids
        seen = ids.add
        # Lines a chunk at a time: a C-level chain, so no Python code runs to fetch a line.
        lines = itertools.chain.from_iterable(iter(partial(f.readlines, 1 << 16), []))
        quoted = QuotedRecords(lines, self.name)
        n = self.header_row
        spanned = 0  # the lines quoted fields ran on to
        text: str | None
        for line in lines:
            n += 1
            if '"' not in line and len(line) <= MAX_CELL:
                text = line.rstrip("\r\n")
                fields = text.split(",")
            else:
                fields, used, long = quoted.read(line, n)
                if used > 1 or long is not None:
                    row = self.row(n, fields, None) if long is None else self._long(n, fields, long)
                    n += used - 1
                    spanned += used - 1
                    if row is not None:
                        yield row
                    continue
                # Quoted as a CSV writer quotes (RFC 4180), the line can be copied as written;
                # any other is written again cell by cell.
                text = line.rstrip("\r\n")
                if not well_quoted(text):
                    text = None
            # An id makes the row not blank; without an id column `row` checks that.
            if len(fields) == width and (eid := fields[i_id].strip()):
                if eid in ids:
                    yield self._reject_id(n, fields, eid)
                    continue
                seen(eid)
                found = cache_get(key_of(fields))
                if found is None:
                    found = self._position(fields)
                yield n, fields, text, found
                continue
            row = self.row(n, fields, text)
            if row is not None:
                yield row
        # Every line after the header is a row, a blank row or part of a quoted field's.
        self.read = n - self.header_row - self.blank - spanned
        self._unchanged()

    def row(self, n: int, fields: list[str], text: str | None) -> Row[Any] | None:
        """The rule, step by step, for one row (None: a blank row, skipped)."""
        width = len(self.columns.header)
        if not any(f.strip() for f in fields):
            self.blank += 1
            return None
        if len(fields) > width:
            fields = trimmed(fields)
            text = None
            if len(fields) > width:
                reason = f"{len(fields)} fields, but the header has {width}"
                return n, fields, None, RowError(reason, "")
        longest = max(map(len, fields))
        if longest > MAX_CELL:  # a workbook's (csv.reader stops at MAX_CELL)
            at = next(i for i, f in enumerate(fields) if len(f) > MAX_CELL)
            cells = [f if len(f) <= MAX_CELL else "" for f in fields]
            return self._long(n, cells, (at, len(fields[at])))
        if NO_VALUE in fields:
            column = self.columns.header[fields.index(NO_VALUE)].strip()
            cells = ["" if f == NO_VALUE else f for f in fields]
            return n, cells, None, RowError(FORMULA_WITHOUT_VALUE, column)
        if len(fields) < width:
            # Spreadsheets drop trailing empty cells: the missing ones are blank.
            fields = fields + [""] * (width - len(fields))
            text = None
        i_id = self.columns.index.get("employee_id")
        if i_id is not None:
            eid = fields[i_id].strip()
            if not eid or eid in self.ids:
                return self._reject_id(n, fields, eid)
            self.ids.add(eid)
        found = self._cache.get(self._key_of(fields))
        if found is None:
            found = self._position(fields)
        return n, fields, text, found

    def _long(self, n: int, cells: list[str], long: LongCell) -> Row[Any]:
        """A row with a cell too long to hold: left out, the cell not copied."""
        at, length = long
        reason = f"a cell of {length:,} characters; a cell may hold at most {MAX_CELL:,}"
        return n, cells, None, RowError(reason, self.columns.role_at(at))

    def _reject_id(self, n: int, fields: list[str], eid: str) -> Row[Any]:
        if not eid:
            return n, fields, None, RowError("employee_id is missing", "employee_id")
        reason = f"duplicate employee_id '{eid}': an earlier row has the same id"
        return n, fields, None, RowError(reason, "employee_id")

    def _position(self, fields: list[str]) -> Any:
        """A position not seen before: parsed, placed and remembered."""
        if len(self._cache) >= MAX_POSITIONS:
            self._forget()
            self._cache.clear()
        columns = self.columns
        key = self._key_of(fields)
        try:
            position = parse_position(
                *columns.expand(key),
                fte_mode=columns.fte_mode,
                full_time_hours=columns.full_time_hours,
            )
        except RowError as e:
            found: Any = e
        else:
            found = self._place(position)
        self._cache[key] = found
        return found


def _first_row(
    records: Iterator[tuple[int, list[str]]],
    name: Path | str,
    need_id: bool,
    spec: ColumnSpec | None,
) -> tuple[int, Columns]:
    """The first row that is not blank, read as the header (its trailing empty cells dropped)."""
    for n, fields in records:
        if any(f.strip() for f in fields):
            return n, Columns.from_header(trimmed(fields), name, n, need_id=need_id, spec=spec)
    raise PaycalcError(f"{name}: the file is empty (no header row)")


@contextlib.contextmanager
def open_payroll(
    path: Path | str,
    *,
    need_id: bool,
    spec: ColumnSpec | None = None,
    sheet: str | None = None,
    work_dir: Path | None = None,
) -> Iterator[Payroll]:
    """A payroll file opened and its header read. '-' (standard input), a pipe or '<(...)' is
    first copied to a private temporary file (in `work_dir`), removed at the end.

    Raises PaycalcError when the file cannot be read or has no usable header, and when it
    changed while it was read (checked when the caller has read every row)."""
    with readable(path, work_dir) as source:
        stamp = (source, _stamp(source))
        if is_xlsx(source, sniff=True) or is_xlsx(path):
            from paycalc.tabular.xlsx_reader import open_sheet

            with open_sheet(source, sheet, path) as (sheet_name, cells):
                n, columns = _first_row(cells, path, need_id, spec)
                payroll = Payroll(path, cells, None, columns, n)
                payroll.sheet, payroll.stamp = sheet_name, stamp
                yield payroll
        else:
            if sheet is not None:
                raise PaycalcError(f"{path}: --sheet is for .xlsx workbooks; this is a CSV file")
            encoding = detect_encoding(source, path)
            with open_text(source, encoding) as f:
                used: dict[int, int] = {}
                lines = ((n, fields) for n, used[n], fields in records(f, path))
                n, columns = _first_row(lines, path, need_id, spec)
                # A quoted header name may hold line breaks: the rows start after its last line.
                n += used[n] - 1
                payroll = Payroll(path, None, f, columns, n)
                payroll.encoding, payroll.stamp = encoding, stamp
                yield payroll


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


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
    rejected: int = 0  # rows left out by the reader (steps 1-6)

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
    with open_payroll(path, need_id=False, spec=spec, sheet=sheet) as payroll:
        people = PayrollPeople(payroll.columns)
        for n, _fields, _text, found in payroll.rows(as_position):
            if isinstance(found, RowError):
                people.leave_out(n, found)
                continue
            key = (found.band, found.point, found.salary, found.fte, found.pension_rate)
            people.heads[key] += 1
            people.first_row.setdefault(key, n)
    return people
