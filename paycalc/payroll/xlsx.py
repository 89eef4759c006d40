"""Excel workbooks in and out (the optional `xlsx` extra: openpyxl).

Cells are read as Excel displays them, so a payroll read from a workbook gives the same text as
the same payroll saved as CSV: a salary formatted `#,##0.00` keeps its pence (a formula's
29909.499999999996 reads 29909.50), a percentage-formatted FTE of 0.6 reads `60%`, a date reads
2020-04-01. Workbooks are read in openpyxl's read-only mode and written in its write-only mode,
so neither holds the sheet in memory.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, Any

from paycalc.errors import PaycalcError

INSTALL_HINT = "pip install 'paycalc[xlsx]'"
# Excel shows at most 15 significant digits; a float's extra digits are binary noise.
_SIGNIFICANT = 15
_DECIMALS = re.compile(r"0\.(0+)")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise PaycalcError(
            f".xlsx workbooks need the optional openpyxl package: {INSTALL_HINT}"
        ) from None
    return openpyxl


def display_text(value: object, number_format: str | None = "General") -> str:
    """A cell's value as Excel shows it, without thousands separators or currency signs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, float):
        value = _significant(Decimal(repr(value)))
    if not isinstance(value, Decimal):
        return str(value)
    fmt = (number_format or "General").split(";")[0]
    percent = "%" in fmt
    if percent:
        value *= 100
    places = _places(fmt)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{value:f}"
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")  # General shows 29180, not 29180.0
    return text + "%" if percent else text


def _significant(value: Decimal) -> Decimal:
    if not value:
        return Decimal(0)
    exponent = value.adjusted() - _SIGNIFICANT + 1
    return value.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP) if exponent < 0 else value


def _places(fmt: str) -> int | None:
    """Decimal places a number format shows ('#,##0.00' -> 2, '0%' -> 0), None for General."""
    if fmt == "General" or "0" not in fmt:
        return None
    body = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt)  # literal text, colours, escapes
    match = _DECIMALS.search(body)
    return len(match.group(1)) if match else 0


def read_sheet(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number as Excel shows it, the row's cells as displayed) of a workbook's first sheet,
    or of the sheet named."""
    openpyxl = _openpyxl()
    # Opened here, not by name: openpyxl refuses a name without a workbook's extension.
    file = open(path, "rb")  # noqa: SIM115 - closed with the workbook by _rows
    try:
        wb = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises zip, XML and key errors for a damaged file
        file.close()
        raise PaycalcError(f"{path}: cannot read the workbook ({e})") from None
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            names = ", ".join(f"'{n}'" for n in wb.sheetnames)
            raise PaycalcError(f"{path}: no sheet '{sheet}'; the workbook has {names}")
        return _rows(wb, ws, file)
    except BaseException:
        wb.close()
        file.close()
        raise


def _rows(wb: Any, ws: Any, file: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    try:
        row_number = 0
        for cells in ws.iter_rows():
            row_number += 1
            for cell in cells:
                if getattr(cell, "row", None):
                    row_number = cell.row
                    break
            # Text is most cells of an export and needs no format: only numbers and dates ask
            # for theirs (a style lookup per cell).
            yield (
                row_number,
                [
                    v
                    if type(v) is str
                    else display_text(v, c.number_format)
                    if v is not None
                    else ""
                    for c in cells
                    for v in (c.value,)
                ],
            )
    finally:
        wb.close()
        file.close()


class XlsxWriter:
    """A workbook written row by row (openpyxl write-only): the data sheet with its header row
    frozen, numbers as numbers, money shown to two decimals; then a sheet of the summary."""

    def __init__(self, file: IO[bytes], title: str = "payroll") -> None:
        openpyxl = _openpyxl()
        from openpyxl.cell import WriteOnlyCell

        self._cell = WriteOnlyCell
        self._file = file
        self._wb = openpyxl.Workbook(write_only=True)
        self._ws = self._wb.create_sheet(title)
        self._ws.freeze_panes = "A2"
        self._bold: Any = openpyxl.styles.Font(bold=True)

    def header(self, names: Sequence[str]) -> None:
        row = []
        for name in names:
            cell = self._cell(self._ws, value=name)
            cell.data_type = "s"  # a header is text, even one starting with '='
            cell.font = self._bold
            row.append(cell)
        self._ws.append(row)

    def money_cell(self, value: Decimal) -> Any:
        # openpyxl writes a Decimal as a number (its stubs leave Decimal out).
        cell = self._cell(self._ws, value=value)  # type: ignore[arg-type]
        cell.number_format = "#,##0.00"
        return cell

    def pct_cell(self, value: Decimal) -> Any:
        cell = self._cell(self._ws, value=value)  # type: ignore[arg-type]
        cell.number_format = "0.00"
        return cell

    def date_cell(self, value: dt.date) -> Any:
        cell = self._cell(self._ws, value=dt.datetime(value.year, value.month, value.day))
        cell.number_format = "yyyy-mm-dd"
        return cell

    def text(self, value: str) -> Any:
        """A cell holding `value` as text. openpyxl stores a string starting with '=' as a
        formula, which Excel would run: such a string is written as a text cell instead."""
        if not value.startswith("="):
            return value
        cell = self._cell(self._ws, value=value)
        cell.data_type = "s"
        return cell

    def append(self, row: Sequence[object]) -> None:
        self._ws.append(row)

    def sheet(self, title: str, rows: Sequence[Sequence[object]]) -> None:
        """A further sheet (the summary), written whole."""
        ws = self._wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))

    def close(self) -> None:
        self._wb.save(self._file)
