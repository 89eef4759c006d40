"""The one way paycalc writes a CSV row: formula starts defused, then quoted as needed.

Every cell of every CSV paycalc writes (apply's output and rejects, compare's csv) goes
through `csv_line`, so no path can write a line break unquoted (which splits a row in two) or a
live formula (OWASP "CSV injection"). Standard library only: any layer may use it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

# A cell starting with one of these may be run by a spreadsheet as a formula.
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_FORMULA_AFTER_NUL = re.compile("\0[=+\\-@\t\r]")


def escape_cell(cell: str) -> str:
    """Prefix a single quote to a cell a spreadsheet would run as a formula. A plain number
    (-701.00, +5) is left alone: a spreadsheet reads it as a number, and it runs nothing."""
    if cell.startswith(FORMULA_CHARS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class _Line:
    """A csv.writer into a list. Its line terminator is CRLF, which is what makes the csv
    module quote a cell holding '\\r' or '\\n' (it quotes the terminator's characters); the
    terminator itself is cut off, so callers can append more columns."""

    def __init__(self) -> None:
        self._out: list[str] = []
        self._writer = csv.writer(_Appender(self._out), lineterminator="\r\n")

    def __call__(self, cells: Iterable[object]) -> str:
        texts = list(map(str, cells))
        # Most rows hold no cell that starts like a formula: one search of the cells joined
        # by NUL finds any that might (a NUL inside a cell only sends it the slow way), so
        # escape_cell runs per cell only for such a row.
        joined = "\0".join(texts)
        if joined.startswith(FORMULA_CHARS) or _FORMULA_AFTER_NUL.search(joined):
            texts = [escape_cell(c) for c in texts]
        self._writer.writerow(texts)
        return self._out.pop()[:-2]


class _Appender:
    """The file a csv.writer writes to: each line appended to a list."""

    def __init__(self, out: list[str]) -> None:
        self.write = out.append


csv_line = _Line()
"""csv_line(cells) -> the row as CSV text without its line end, every cell escaped and quoted
as needed. A line holding no '"', ',', line break or formula start is its cells joined by
commas, which is why apply may copy such a line from the input unchanged."""
