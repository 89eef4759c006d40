"""Where applied rows go: a CSV (each row's own text copied when it can be) or a workbook."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from paycalc import limits
from paycalc.apply.positions import Flagged, PositionCells
from paycalc.apply.totals import RunCounts
from paycalc.csvcell import FORMULA_CHARS, csv_line
from paycalc.errors import PaycalcError
from paycalc.payroll.columns import MONEY_COLUMNS, OUTPUT_COLUMNS, PCT_COLUMNS, REJECT_COLUMNS
from paycalc.payroll.read import Row
from paycalc.payroll.rows import RowError

if TYPE_CHECKING:
    from paycalc.tabular.xlsx_writer import Cell

# A line holds a cell that starts like a spreadsheet formula (`csvcell.FORMULA_CHARS`), quoted
# or not (the first cell is checked apart: an alternation with '^' makes the search several
# times slower).
_FORMULA_AFTER_COMMA = re.compile(',"?[' + re.escape("".join(FORMULA_CHARS)) + "]")
_FORMULA_FIRST = FORMULA_CHARS + tuple('"' + c for c in FORMULA_CHARS)

# Rows of the file written to a CSV with one write call: a mask of the row number's low bits.
BATCH = 0x7FF

Progress = Callable[[bool], None]


def reject_header(header: list[str]) -> str:
    return csv_line([*REJECT_COLUMNS, *header]) + "\r\n"


def write_csv(
    rows: Iterator[Row[PositionCells]],
    out: IO[str],
    rejects: IO[str],
    counts: RunCounts,
    name: Callable[[str], str],
    progress: Progress,
) -> None:
    """Each row to the output CSV or the rejects. A line the reader gives as written (one line,
    all its cells, quoted as a CSV writer quotes) is copied with the position's cells appended,
    unless a cell starts like a formula; any other row is written cell by cell (`csv_line`
    defuses formulas). Lines go out in batches: one write, and one look for formula starts, per
    2,048 rows."""
    parts: list[str] = []  # the batch: each row's input cells as CSV text, then its own cells
    add = parts.append
    for n, fields, text, found in rows:
        if isinstance(found, PositionCells):
            found[1] += 1
            add(csv_line(fields) if text is None else text)
            add(found[0])
            if not n & BATCH:  # every 2,048 rows of the file
                _write_batch(out, parts)
                progress(False)
        else:
            reject(rejects, counts, n, fields, found, name)
    _write_batch(out, parts)


def _write_batch(out: IO[str], parts: list[str]) -> None:
    inputs = "\n".join(parts[::2])
    # Most batches hold none of these characters at all (a scan each at C speed); otherwise
    # each line that has a cell starting like a formula is written again through `csv_line`
    # (a line `csv_line` made comes back from it the same).
    if any(c in inputs for c in FORMULA_CHARS):
        for i in range(0, len(parts), 2):
            line = parts[i]
            if line.startswith(_FORMULA_FIRST) or _FORMULA_AFTER_COMMA.search(line):
                parts[i] = csv_line(next(csv.reader([line], strict=False)))
    out.write("".join(parts))
    parts.clear()


def reject(
    rejects: IO[str],
    counts: RunCounts,
    n: int,
    fields: list[str],
    error: RowError,
    name: Callable[[str], str],
) -> None:
    column = name(error.column) if error.column else ""
    rejects.write(csv_line([n, column, error.reason, *fields]) + "\r\n")
    counts.rejected += 1
    if isinstance(error, Flagged):
        counts.rejected_for_flags += 1
        counts.flags_rejected.update(error.codes)


class XlsxRows:
    """Rows to a workbook: the input's cells as they came in (a CSV's as text, a workbook's
    numbers and dates as numbers and dates with their formats), the figures as numbers, each
    column as wide as its text; a row a workbook cannot hold is a reject, and a sheet past
    Excel's limits is refused."""

    def __init__(self, file: IO[bytes], work_dir: Path, header: list[str]) -> None:
        from paycalc.tabular.xlsx_writer import XlsxWriter

        if len(header) > limits.SHEET_COLUMNS:
            raise PaycalcError(
                f"the output would have {len(header):,} columns, more than the "
                f"{limits.SHEET_COLUMNS:,} a workbook sheet holds; write a CSV (-o OUT.csv) "
                "instead; nothing was written"
            )
        self.book = XlsxWriter(file, work_dir)
        self.book.header(header)

    def write(
        self,
        rows: Iterator[Row[PositionCells]],
        rejects: IO[str],
        counts: RunCounts,
        name: Callable[[str], str],
        progress: Progress,
    ) -> None:
        written = 0
        for n, fields, _text, found in rows:
            if isinstance(found, RowError):
                reject(rejects, counts, n, fields, found, name)
                continue
            longest = max(map(len, fields), default=0)
            if longest > limits.CELL_CHARACTERS:
                # XlsxWriter would cut the cell short without a word.
                reason = f"a cell of {longest:,} characters; a workbook cell holds at most "
                error = RowError(reason + f"{limits.CELL_CHARACTERS:,}", "")
                reject(rejects, counts, n, fields, error, name)
                continue
            written += 1
            if written >= limits.SHEET_ROWS:
                raise PaycalcError(
                    f"the output would have more than {limits.SHEET_ROWS - 1:,} rows, the most a "
                    "workbook sheet holds; write a CSV (-o OUT.csv) instead; nothing was written"
                )
            found[1] += 1
            if len(found) == 5:  # each position's cells are made once, kept on its entry
                found.append(self._typed(found))
            # Cells from the input are text, never formulas (as the CSV writer escapes them).
            self.book.append(fields, found[5])
            if not n & 0xFFFF:
                progress(False)

    def _typed(self, entry: PositionCells) -> list[Cell]:
        book = self.book
        start = len(book.widths) - len(OUTPUT_COLUMNS)
        for col, (column, text) in enumerate(zip(OUTPUT_COLUMNS, entry[3], strict=True), start):
            book.fit(col, text, "#,##0.00" if column in MONEY_COLUMNS else "General")
        cells: list[Cell] = []
        for column, value in zip(OUTPUT_COLUMNS, entry[4], strict=True):
            if value is None:
                cells.append(None)
            elif column in MONEY_COLUMNS:
                cells.append(book.money(value))
            elif column in PCT_COLUMNS:
                cells.append(book.pct(value))
            elif isinstance(value, bool):
                cells.append(book.flag(value))
            elif isinstance(value, int):
                cells.append(book.number(value))
            elif isinstance(value, dt.date):
                cells.append(book.date(value))
            else:
                cells.append(book.text(str(value)))
        return cells

    def close(self, summary: Sequence[Sequence[object]]) -> None:
        self.book.sheet("summary", summary)
        self.book.close()
