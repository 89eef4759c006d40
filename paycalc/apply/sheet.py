"""`apply` for a workbook in or out: rows through the one reader (`payroll.read`), then a sink.

A CSV in and a CSV out take the streaming pass (`stream.PayrollRun`), which copies each line's
text; a workbook has no text to copy, so its rows go through `read_rows` (the same rule, with
an exact table of ids) and each written row is its cells plus the position's cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from paycalc.apply.positions import Entry, Positions
from paycalc.apply.totals import RunCounts
from paycalc.csvcell import csv_line
from paycalc.payroll.columns import MONEY_COLUMNS, OUTPUT_COLUMNS, PCT_COLUMNS, Columns, ColumnSpec
from paycalc.payroll.read import first_header, open_records, read_rows
from paycalc.payroll.rows import RowError

if TYPE_CHECKING:
    from paycalc.payroll.xlsx import Cell

# Excel's limit on the characters in a cell.
XLSX_CELL = 32_767


class Sink(Protocol):
    def header(self, names: list[str]) -> None: ...
    def refuse(self, fields: list[str]) -> str | None: ...
    def row(self, fields: list[str], entry: Entry) -> None: ...


class CsvSink:
    """Rows to a CSV text file, written as the streaming pass writes them."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def header(self, names: list[str]) -> None:
        self.out.write(csv_line(names) + "\r\n")

    def refuse(self, fields: list[str]) -> str | None:
        """Why a row cannot be written (never, for a CSV)."""
        return None

    def row(self, fields: list[str], entry: Entry) -> None:
        self.out.write(csv_line(fields) + entry[0])


class XlsxSink:
    """Rows to a workbook: the input's cells as text (as read), the figures as numbers."""

    def __init__(self, file: IO[bytes], work_dir: Path) -> None:
        from paycalc.payroll.xlsx import XlsxWriter

        self.book = XlsxWriter(file, work_dir)
        # Each position's cells are made once and written for every row on it.
        self._cells: dict[int, list[Cell]] = {}

    def header(self, names: list[str]) -> None:
        self.book.header(names)

    def refuse(self, fields: list[str]) -> str | None:
        """Why a row cannot be written: a cell longer than a workbook cell holds (XlsxWriter
        would cut it short without a word)."""
        longest = max(map(len, fields), default=0)
        if longest <= XLSX_CELL:
            return None
        return f"a cell of {longest:,} characters; a workbook cell holds at most {XLSX_CELL:,}"

    def row(self, fields: list[str], entry: Entry) -> None:
        cells = self._cells.get(id(entry))
        if cells is None:
            cells = self._cells[id(entry)] = self._typed(entry)
        # Cells from the input are text, never formulas (as the CSV writer escapes them).
        self.book.append(fields, cells)

    def _typed(self, entry: Entry) -> list[Cell]:
        book = self.book
        cells: list[Cell] = []
        for name, value in zip(OUTPUT_COLUMNS, entry[4].values(), strict=True):
            if value is None:
                cells.append(None)
            elif name in MONEY_COLUMNS:
                cells.append(book.money(value))
            elif name in PCT_COLUMNS:
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


def run_rows(
    path: Path,
    sheet: str | None,
    spec: ColumnSpec | None,
    positions: Positions,
    sink: Sink,
    rejects: IO[str],
    counts: RunCounts,
) -> Columns:
    """Every row of the payroll to the sink or the rejects; returns the columns read."""
    with open_records(path, sheet=sheet) as records:
        rows: Iterator[tuple[int, list[str]]] = _count_blank(records, counts)
        _line, columns = first_header(rows, path, need_id=True, spec=spec)
        positions.fte_mode = columns.fte_mode
        positions.full_time_hours = columns.full_time_hours
        sink.header(columns.output_header())
        rejects.write(csv_line(["row", "column", "reason", *columns.header]) + "\r\n")
        for row in read_rows(rows, columns):
            counts.read += 1
            found: Entry | RowError | None = row.error
            if row.position is not None:
                found = positions.placed(row.position)
            if isinstance(found, Entry):
                refused = sink.refuse(row.fields)
                if refused is None:
                    found[1] += 1
                    sink.row(row.fields, found)
                    continue
                found = RowError(refused, "")
            assert found is not None
            column = columns.name(found.column) if found.column else ""
            rejects.write(csv_line([row.row, column, found.reason, *row.fields]) + "\r\n")
            counts.rejected += 1
    return columns


def _count_blank(
    records: Iterator[tuple[int, list[str]]], counts: RunCounts
) -> Iterator[tuple[int, list[str]]]:
    """The records, counting the blank ones after the header (the reader skips them)."""
    seen_header = False
    for lineno, fields in records:
        blank = not any(f.strip() for f in fields)
        if blank and seen_header:
            counts.blank_lines += 1
        seen_header = seen_header or not blank
        yield lineno, fields
