"""Reading payroll CSV files as HR systems export them: encoding, header names, records by line."""

from __future__ import annotations

import codecs
import contextlib
import csv
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TextIO

from paycalc.errors import PaycalcError
from paycalc.output import is_stdout, private_dir

# How much of the file is decoded to choose between UTF-8 and cp1252.
_SNIFF_BYTES = 1 << 20
_UTF8_CHARACTER = re.compile("[^\x00-\x7f\ufffd]")
# The csv module's own default limit on a cell: a longer cell is its row's reject (a spreadsheet
# cell holds 32,767). The reader itself accepts up to 64 MiB, so such a cell is read, not fatal;
# past that (an unclosed quote in a huge file) the run stops naming the file and line.
MAX_CELL = 131_072
csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))


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


class QuotedRecords:
    """Parses a line holding a double quote with csv.reader, reading on from the same file when
    a quoted field spans lines."""

    def __init__(self, f: IO[str], name: Path | str = "") -> None:
        self._feed = _Feed(f)
        self._reader = csv.reader(self._feed, strict=False)
        self._where = f"{name}: " if str(name) else ""

    def read(self, line: str, lineno: int) -> tuple[list[str], str, int]:
        """(fields, the record's text without its final line end, number of lines it took)."""
        feed = self._feed
        feed.push(line)
        try:
            fields = next(self._reader)
        except (csv.Error, StopIteration) as e:
            raise PaycalcError(
                f"{self._where}line {lineno}: cannot read the CSV record ({e})"
            ) from None
        if feed.ran_out:
            # Everything after an unclosed quote would silently become one cell.
            raise PaycalcError(f"{self._where}line {lineno}: a quoted field is never closed")
        return fields, "".join(feed.lines).rstrip("\r\n"), len(feed.lines)


def records(f: IO[str], name: Path | str = "") -> Iterator[tuple[int, str, list[str]]]:
    """(line number where the record starts, its text without the line end, its fields).

    A line without a double quote cannot hold a quoted field, so it is split on commas directly
    (exactly what the csv module would do, several times faster); any other line goes through
    csv.reader, which may read further lines for a field that spans lines. A blank line gives
    [''].
    """
    quoted = QuotedRecords(f, name)
    lineno = 0
    for line in f:
        lineno += 1
        if '"' not in line:
            text = line.rstrip("\r\n")
            yield lineno, text, text.split(",")
            continue
        fields, text, used = quoted.read(line, lineno)
        yield lineno, text, fields
        lineno += used - 1


# --- writing -----------------------------------------------------------------------------------


def output_encoding(input_encoding: str) -> str:
    """UTF-8 out; with a BOM when the input had one or was cp1252, so that Excel (which wrote
    it) reads '£' back correctly."""
    return "utf-8" if input_encoding == "utf-8" else "utf-8-sig"
