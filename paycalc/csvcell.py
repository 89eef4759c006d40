"""The one way paycalc writes a CSV row: formula starts defused, then quoted as needed.

Every cell of every CSV paycalc writes (apply's output and rejects, compare's csv) goes
through `csv_line`, so no path can write a line break unquoted (which splits a row in two) or a
live formula (OWASP "CSV injection"). Standard library only: any layer may use it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

# A cell starting with one of these may be run by a spreadsheet as a formula.
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def escape_cell(cell: str) -> str:
    """Prefix a single quote to a cell a spreadsheet would run as a formula. A plain number
    (-701.00, +5) is left alone: a spreadsheet reads it as a number, and it runs nothing."""
    if cell.startswith(FORMULA_CHARS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class _Line:
    """A csv.writer into a reusable buffer. Its line terminator is CRLF, which is what makes
    the csv module quote a cell holding '\\r' or '\\n' (it quotes the terminator's
    characters); the terminator itself is cut off, so callers can append more columns."""

    def __init__(self) -> None:
        self._buf = io.StringIO()
        self._writer = csv.writer(self._buf, lineterminator="\r\n")

    def __call__(self, cells: Iterable[object]) -> str:
        buf = self._buf
        buf.seek(0)
        buf.truncate()
        self._writer.writerow([escape_cell(str(c)) for c in cells])
        return buf.getvalue()[:-2]


csv_line = _Line()
"""csv_line(cells) -> the row as CSV text without its line end, every cell escaped and quoted
as needed. A line holding no '"', ',', line break or formula start is its cells joined by
commas, which is why apply may copy such a line from the input unchanged."""
