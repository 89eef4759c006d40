"""Workbooks written (the optional `xlsx` extra): with XlsxWriter in constant-memory mode, which
writes cells about three times as fast as openpyxl's write-only mode and does not hold the sheet
in memory. A cell read from a workbook (`cell_text.TypedText`) is written back as it came in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from paycalc.errors import PaycalcError

INSTALL_HINT = "pip install 'paycalc[xlsx]'"
# A cell to write: the sheet's write method, the value, the number format (None: default).
Cell = tuple[Any, Any, Any] | None
# The widest a column is made to fit its text (Excel's unit: about a character).
_MAX_WIDTH = 60


def _xlsxwriter() -> Any:
    try:
        # The package ships no type information.
        import xlsxwriter  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise PaycalcError(
            f"writing .xlsx workbooks needs the optional XlsxWriter package: {INSTALL_HINT}"
        ) from None
    return xlsxwriter


class XlsxWriter:
    """A workbook written row by row (XlsxWriter's constant-memory mode, which writes each row
    as the next begins): the data sheet with its header row frozen, numbers as numbers, money
    shown to two decimals; then a sheet of the summary.

    Cells are given as `Cell`s: (how to write it, value, format), made once per position by
    `money`, `pct`, `date`, `flag`, `number` and `text` and written for every row on it.
    """

    def __init__(self, file: IO[bytes], work_dir: Path, title: str = "payroll") -> None:
        xlsxwriter = _xlsxwriter()
        # Constant memory keeps each sheet's rows in a temporary file until the workbook is
        # closed: in the run's private directory, as they hold personal data.
        self._wb = xlsxwriter.Workbook(file, {"constant_memory": True, "tmpdir": str(work_dir)})
        self._ws = self._wb.add_worksheet(title)
        self._ws.freeze_panes(1, 0)
        self._bold = self._wb.add_format({"bold": True})
        self._money = self._wb.add_format({"num_format": "#,##0.00"})
        self._pct = self._wb.add_format({"num_format": "0.00"})
        self._date = self._wb.add_format({"num_format": "yyyy-mm-dd"})
        self._formats: dict[str, Any] = {"General": None}  # an input cell's number format
        self._row = 0
        # The widest text of each column of the data sheet, header included, in characters.
        self.widths: list[int] = []

    def header(self, names: Sequence[str]) -> None:
        for col, name in enumerate(names):
            self._ws.write_string(0, col, name, self._bold)
        self.widths = [len(name) for name in names]
        self._row = 1

    def fit(self, col: int, text: str, number_format: str = "General") -> None:
        """Widen column `col` for `text` (shown with `number_format`'s thousands separators)."""
        width = len(text)
        if "," in number_format and "%" not in number_format:
            width += len(text.partition(".")[0].lstrip("-")) // 3
        if width > self.widths[col]:
            self.widths[col] = width

    # Each cell as (the sheet's write method, value, format); None for an empty cell. A number
    # goes into the file as the file's own number type, a binary double: any amount of at most
    # 12 digits and pence is exact to the penny as one (15 significant digits), and XlsxWriter
    # writes a float's text several times faster than a Decimal's (a workbook of 20,000 rows
    # took 4 % longer written from Decimals).
    def money(self, value: Decimal) -> Cell:
        return (self._ws.write_number, float(value), self._money)

    def pct(self, value: Decimal) -> Cell:
        return (self._ws.write_number, float(value), self._pct)

    def date(self, value: dt.date) -> Cell:
        moment = dt.datetime(value.year, value.month, value.day)
        return (self._ws.write_datetime, moment, self._date)

    def flag(self, value: bool) -> Cell:
        return (self._ws.write_boolean, value, None)

    def number(self, value: int) -> Cell:
        return (self._ws.write_number, value, None)

    def text(self, value: str) -> Cell:
        # write_string: a string starting with '=' stays text, never a formula Excel would run.
        return (self._ws.write_string, value, None) if value else None

    def append(self, texts: Sequence[str], cells: Sequence[Cell] = ()) -> None:
        """One row: `texts` (the input's, as read: text cells, and a workbook's numbers, dates
        and booleans as they came in), then `cells`."""
        row = self._row
        write_string = self._ws.write_string
        widths = self.widths
        for col, value in enumerate(texts):
            if value:
                if type(value) is str:
                    write_string(row, col, value)
                else:
                    self._write_typed(row, col, value)
                if len(value) > widths[col]:
                    widths[col] = len(value)
        col = len(texts)
        for cell in cells:
            if cell is not None:
                write, value, fmt = cell
                write(row, col, value, fmt)
            col += 1
        self._row = row + 1

    def _write_typed(self, row: int, col: int, cell: Any) -> None:
        """An input cell read from a workbook (`TypedText`), written as it came in."""
        value, number_format = cell.value, cell.number_format
        fmt = self._formats.get(number_format, False)
        if fmt is False:
            fmt = self._formats[number_format] = self._wb.add_format({"num_format": number_format})
        if isinstance(value, bool):
            self._ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, dt.datetime):
            self._ws.write_datetime(row, col, value, fmt)
        else:  # the double the cell held (its shortest text read exactly as a Decimal)
            self._ws.write_number(row, col, float(value), fmt)

    def set_widths(self) -> None:
        """Each column of the data sheet as wide as its widest text (within reason)."""
        for col, width in enumerate(self.widths):
            self._ws.set_column(col, col, min(width + 2, _MAX_WIDTH))

    def sheet(self, title: str, rows: Sequence[Sequence[object]]) -> None:
        """A further sheet (the summary), written whole, its columns fitted to its text."""
        self.set_widths()
        self._ws = self._wb.add_worksheet(title)
        self._row = 0
        widths: dict[int, int] = {}
        for row in rows:
            self.append([], [self.value(v) for v in row])
            for col, v in enumerate(row):
                widths[col] = max(widths.get(col, 0), len(str(v)) + 2)
        for col, width in widths.items():
            self._ws.set_column(col, col, min(width, _MAX_WIDTH))

    def value(self, value: object) -> Cell:
        """The cell of a summary value, by its type: money (a Decimal to the penny) shown to
        two decimals, other numbers as they are."""
        if value is None:
            return None
        if isinstance(value, bool):
            return self.flag(value)
        if isinstance(value, Decimal) and value.as_tuple().exponent == -2:
            return self.money(value)
        if isinstance(value, (int, Decimal)):
            return (self._ws.write_number, float(value), None)
        return self.text(str(value))

    def close(self) -> None:
        self._wb.close()
