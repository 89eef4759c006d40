"""Reading payroll CSV files as HR systems export them: encoding, header names, records by line."""

from __future__ import annotations

import codecs
import contextlib
import csv
import itertools
import os
import re
import stat
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TextIO

from paycalc.errors import PaycalcError
from paycalc.output import is_stdout, private_dir

# How much of the file is decoded to choose between UTF-8 and cp1252.
_SNIFF_BYTES = 1 << 20
_UTF8_CHARACTER = re.compile("[^\x00-\x7f\ufffd]")
# The csv module's own default limit on a cell: a longer cell is its row's reject (a spreadsheet
# cell holds 32,767). csv.reader stops at it, so no cell of any length is held whole; `skim`
# then reads on to the record's end keeping only the cells' lengths.
MAX_CELL = 131_072
csv.field_size_limit(MAX_CELL)


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


ZIP_MAGIC = b"PK\x03\x04"


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


def detect_encoding(path: Path, name: Path | str | None = None) -> str:
    """'utf-8-sig' (a BOM), 'utf-8', or 'cp1252' when the start of the file is not UTF-8.
    `name` is the file as the user gave it, for messages (when `path` is a spooled copy)."""
    with open(path, "rb") as f:
        head = f.read(_SNIFF_BYTES)
    name = name if name is not None else path
    resave = "save it as 'CSV UTF-8 (comma delimited)' and retry"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(ZIP_MAGIC):
        # An .xlsx workbook is a zip file; read as text it would be a header of gibberish.
        raise PaycalcError(
            f"{name}: the file is an Excel workbook (.xlsx), not CSV text; give it as a file "
            "whose name ends in .xlsx, or save it as 'CSV UTF-8 (comma delimited)'"
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PaycalcError(f"{name}: the file is UTF-16 text; {resave}")
    if _looks_like_utf16(head):
        raise PaycalcError(f"{name}: the file looks like UTF-16 text (without a BOM); {resave}")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        # Not clean UTF-8. Real UTF-8 text (a 'ë' as two bytes) with a stray cp1252 byte is
        # still UTF-8; bytes that never form UTF-8 characters are cp1252 (Excel's "CSV").
        if not _UTF8_CHARACTER.search(head.decode("utf-8", errors="replace")):
            return "cp1252"
    return "utf-8"


def _looks_like_utf16(head: bytes) -> bool:
    # Text in UTF-16 has a NUL in every other byte (the high byte of an ASCII character); a
    # CSV in UTF-8 or cp1252 has none at all.
    sample = head[:4096]
    return len(sample) >= 4 and sample.count(0) * 4 >= len(sample)


@contextlib.contextmanager
def readable(path: Path | str, work_dir: Path | None = None) -> Iterator[Path]:
    """A path that can be read more than once: a regular file as it is; standard input ('-'),
    a pipe, '/dev/stdin' or a process substitution copied first to a private file in
    `work_dir`, or in a private temporary directory (paycalc reads a payroll more than once:
    to choose its encoding, and again to settle repeated ids)."""
    if not is_stdout(path):
        try:
            st = os.stat(path)
        except OSError as e:
            raise PaycalcError(f"{path}: {e.strerror or 'cannot be read'}") from None
        if stat.S_ISDIR(st.st_mode):
            raise PaycalcError(f"{path} is a directory; give a CSV file")
        if stat.S_ISREG(st.st_mode):
            yield Path(path)
            return
    import shutil  # only for a pipe or standard input
    import tempfile

    with contextlib.ExitStack() as stack:
        if work_dir is None:
            work_dir = stack.enter_context(private_dir())
        fd, name = tempfile.mkstemp(prefix="spooled-", suffix=".csv", dir=work_dir)
        copy = Path(name)
        stack.callback(copy.unlink, missing_ok=True)
        with open(fd, "wb") as out:
            if is_stdout(path):
                shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
            else:
                with open(path, "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 20)
        yield copy


def open_text(path: Path, encoding: str) -> TextIO:
    """Open for reading with universal line splitting left to the csv rules (newline='')."""
    return open(path, encoding=encoding, errors="paycalc-cp1252", newline="")


class _Feed:
    """The lines a csv.reader sees: one pushed line, then more from the file if a quoted field
    runs over several lines. Records the lines consumed."""

    def __init__(self, f: Iterator[str]) -> None:
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


# (index, length) of a record's first cell longer than MAX_CELL
LongCell = tuple[int, int]


class QuotedRecords:
    """Parses a record starting on a line that holds a double quote, or is longer than a cell
    may be: with csv.reader, reading on from the same file when a quoted field spans lines."""

    def __init__(self, f: Iterator[str], name: Path | str = "") -> None:
        self._f = f
        # The common quoted record is one line: a reader fed from a deque, so that no Python
        # code runs per line; it raises IndexError when a quoted field runs past the line.
        self._pending: deque[str] = deque()
        self._one_line = csv.reader(iter(self._pending.popleft, None), strict=False)
        self._feed = _Feed(f)
        self._spanning = csv.reader(self._feed, strict=False)
        self._where = f"{name}: " if str(name) else ""

    def read(self, line: str, lineno: int) -> tuple[list[str], int, LongCell | None]:
        """(fields, the number of lines the record took, its first cell longer than MAX_CELL
        or None). A cell longer than MAX_CELL is not kept: it is read as ''."""
        self._pending.append(line)
        try:
            fields = next(self._one_line)
        except IndexError:
            return self._spanning_lines(line, lineno)
        except csv.Error:  # a cell past csv.field_size_limit: MAX_CELL
            self._pending.clear()
            return skim(self._f, [line], self._where, lineno)
        if len(line) > MAX_CELL:  # only if csv.field_size_limit was raised since
            return self._checked(fields, [line], lineno)
        return fields, 1, None

    def _spanning_lines(self, line: str, lineno: int) -> tuple[list[str], int, LongCell | None]:
        feed = self._feed
        feed.push(line)
        try:
            fields = next(self._spanning)
        except csv.Error:
            return skim(self._f, feed.lines, self._where, lineno)
        if feed.ran_out:
            # Everything after an unclosed quote would silently become one cell.
            raise PaycalcError(f"{self._where}line {lineno}: a quoted field is never closed")
        if sum(map(len, feed.lines)) > MAX_CELL:
            return self._checked(fields, feed.lines, lineno)
        return fields, len(feed.lines), None

    def _checked(
        self, fields: list[str], lines: list[str], lineno: int
    ) -> tuple[list[str], int, LongCell | None]:
        if max(map(len, fields)) <= MAX_CELL:
            return fields, len(lines), None
        return skim(iter(()), lines, self._where, lineno)


_START, _QUOTED, _UNQUOTED = range(3)


def skim(
    more: Iterator[str], lines: list[str], where: str = "", lineno: int = 0, limit: int = MAX_CELL
) -> tuple[list[str], int, LongCell | None]:
    """A record read as csv.reader reads it (strict=False), from its first lines and on from
    `more`, keeping no more than `limit` characters of any cell, so that a cell of any length
    costs bounded memory: (fields, lines used, the first cell longer than `limit`, read as '').

    Raises PaycalcError when the input ends inside a quoted field."""
    fields: list[str] = []
    long: LongCell | None = None
    kept: list[str] = []  # the cell so far, while it is within the limit
    size = 0  # the cell's length
    state = _START
    used = 0
    for line in itertools.chain(lines, more):
        used += 1
        i = 0
        while True:
            if state == _QUOTED:
                j = line.find('"', i)
                part = line[i:] if j < 0 else line[i:j]
                size += len(part)
                if size <= limit:
                    kept.append(part)
                if j < 0:
                    break  # the cell runs on to the next line
                if line.startswith('"', j + 1):  # a doubled quote stands for one
                    size += 1
                    if size <= limit:
                        kept.append('"')
                    i = j + 2
                    continue
                # After the closing quote the cell runs on, as written, to a comma or the end.
                state, i = _UNQUOTED, j + 1
                continue
            if state == _START and line.startswith('"', i):
                state, i = _QUOTED, i + 1
                continue
            end = len(line.rstrip("\r\n"))
            j = line.find(",", i, end)
            part = line[i:end] if j < 0 else line[i:j]
            size += len(part)
            if size <= limit:
                kept.append(part)
            if size > limit and long is None:
                long = (len(fields), size)
            fields.append("".join(kept) if size <= limit else "")
            kept, size = [], 0
            if j < 0:
                return fields, used, long
            state, i = _START, j + 1
    raise PaycalcError(f"{where}line {lineno}: a quoted field is never closed")


def records(
    f: IO[str], name: Path | str = "", start: int = 0
) -> Iterator[tuple[int, int, list[str]]]:
    """(line number where the record starts, the number of lines it takes, its fields), the
    lines numbered on from `start` (the lines of the file already read).

    A line without a double quote cannot hold a quoted field, so it is split on commas directly
    (exactly what the csv module would do, several times faster); any other line goes through
    csv.reader, which may read further lines for a field that spans lines. A blank line gives
    ['']. A cell longer than MAX_CELL stops the reading: these are a header and a pay table.
    """
    quoted = QuotedRecords(f, name)
    where = f"{name}: " if str(name) else ""
    lineno = start
    for line in f:
        lineno += 1
        if '"' not in line and len(line) <= MAX_CELL:
            yield lineno, 1, line.rstrip("\r\n").split(",")
            continue
        fields, used, long = quoted.read(line, lineno)
        if long is not None:
            raise PaycalcError(
                f"{where}line {lineno}: a cell of {long[1]:,} characters; a cell may hold at "
                f"most {MAX_CELL:,}"
            )
        yield lineno, used, fields
        lineno += used - 1


# --- writing -----------------------------------------------------------------------------------


def output_encoding(input_encoding: str) -> str:
    """UTF-8 out; with a BOM when the input had one or was cp1252, so that Excel (which wrote
    it) reads '£' back correctly."""
    return "utf-8" if input_encoding == "utf-8" else "utf-8-sig"
