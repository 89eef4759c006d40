"""Reading payroll CSV files as HR systems export them: encoding, header names, records by line."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from paycalc.errors import PaycalcError

# How much of the file is decoded to choose between UTF-8 and cp1252.
_SNIFF_BYTES = 1 << 20


def _cp1252_byte(exc: UnicodeError) -> tuple[str, int]:
    # A UTF-8 file with a stray cp1252 byte (a '£' typed in a legacy tool) is read as that
    # character rather than stopping a million-row run half way; bytes cp1252 leaves undefined
    # are read as Latin-1, which maps every byte.
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    try:
        return bytes(bad).decode("cp1252"), exc.end
    except UnicodeDecodeError:
        return bytes(bad).decode("latin-1"), exc.end


codecs.register_error("paycalc-cp1252", _cp1252_byte)


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' (a BOM), 'utf-8', or 'cp1252' when the start of the file is not UTF-8."""
    with open(path, "rb") as f:
        head = f.read(_SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PaycalcError(
            f"{path}: the file is UTF-16 text; save it as 'CSV UTF-8 (comma delimited)' and retry"
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def open_text(path: Path, encoding: str) -> IO[str]:
    """Open for reading with universal line splitting left to the csv rules (newline='')."""
    return open(path, encoding=encoding, errors="paycalc-cp1252", newline="")


def normalise_header(name: str) -> str:
    """'  Employee ID ' -> 'employee_id': case, spaces and hyphens do not matter."""
    return re.sub(r"[\s\-_]+", "_", name.replace("\ufeff", "").strip().lower()).strip("_")


class _Feed:
    """The lines a csv.reader sees: one pushed line, then more from the file if a quoted field
    runs over several lines. Records the text consumed, so a record can be copied unchanged."""

    def __init__(self, f: IO[str]) -> None:
        self._f = f
        self._first: str | None = None
        self.lines: list[str] = []
        self.ran_out = False

    def push(self, line: str) -> None:
        self._first = line
        self.lines = []

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self._first is not None:
            line, self._first = self._first, None
        else:
            try:
                line = next(self._f)
            except StopIteration:
                # csv.reader only asks past a line's end from inside a quoted field.
                self.ran_out = True
                raise
        self.lines.append(line)
        return line


def records(f: IO[str]) -> Iterator[tuple[int, str, list[str]]]:
    """(line number where the record starts, its text without the line end, its fields).

    A line without a double quote cannot hold a quoted field, so it is split on commas directly
    (exactly what the csv module would do, several times faster); any other line goes through
    csv.reader, which may read further lines for a field that spans lines. A blank line gives
    [''].
    """
    feed = _Feed(f)
    reader = csv.reader(feed, strict=False)
    lineno = 0
    for line in f:
        lineno += 1
        if '"' not in line:
            text = line.rstrip("\r\n")
            yield lineno, text, text.split(",")
            continue
        feed.push(line)
        start = lineno
        try:
            fields = next(reader)
        except (csv.Error, StopIteration) as e:
            raise PaycalcError(f"line {start}: cannot read the CSV record ({e})") from None
        lineno += len(feed.lines) - 1
        if feed.ran_out:
            # Everything after an unclosed quote would silently become one cell.
            raise PaycalcError(f"line {start}: a quoted field is never closed")
        yield start, "".join(feed.lines).rstrip("\r\n"), fields


def is_blank(fields: list[str]) -> bool:
    """A blank line, or one of empty cells only (',,,')."""
    return not any(f.strip() for f in fields)
