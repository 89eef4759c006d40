"""Reading payroll CSV files as HR systems export them: encoding, header names, records by line."""

from __future__ import annotations

import codecs
import contextlib
import csv
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TextIO

from paycalc.csvcell import FORMULA_CHARS, escape_cell
from paycalc.errors import PaycalcError

__all__ = ["FORMULA_CHARS", "escape_cell"]  # the cell writer lives in paycalc.csvcell

# How much of the file is decoded to choose between UTF-8 and cp1252.
_SNIFF_BYTES = 1 << 20
_UTF8_CHARACTER = re.compile("[^\x00-\x7f\ufffd]")


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
        # Not clean UTF-8. Real UTF-8 text (a 'ë' as two bytes) with a stray cp1252 byte is
        # still UTF-8; bytes that never form UTF-8 characters are cp1252 (Excel's "CSV").
        if not _UTF8_CHARACTER.search(head.decode("utf-8", errors="replace")):
            return "cp1252"
    return "utf-8"


def open_text(path: Path, encoding: str) -> TextIO:
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


class QuotedRecords:
    """Parses a line holding a double quote with csv.reader, reading on from the same file when
    a quoted field spans lines."""

    def __init__(self, f: IO[str]) -> None:
        self._feed = _Feed(f)
        self._reader = csv.reader(self._feed, strict=False)

    def read(self, line: str, lineno: int) -> tuple[list[str], str, int]:
        """(fields, the record's text without its final line end, number of lines it took)."""
        feed = self._feed
        feed.push(line)
        try:
            fields = next(self._reader)
        except (csv.Error, StopIteration) as e:
            raise PaycalcError(f"line {lineno}: cannot read the CSV record ({e})") from None
        if feed.ran_out:
            # Everything after an unclosed quote would silently become one cell.
            raise PaycalcError(f"line {lineno}: a quoted field is never closed")
        return fields, "".join(feed.lines).rstrip("\r\n"), len(feed.lines)


def records(f: IO[str]) -> Iterator[tuple[int, str, list[str]]]:
    """(line number where the record starts, its text without the line end, its fields).

    A line without a double quote cannot hold a quoted field, so it is split on commas directly
    (exactly what the csv module would do, several times faster); any other line goes through
    csv.reader, which may read further lines for a field that spans lines. A blank line gives
    [''].
    """
    quoted = QuotedRecords(f)
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


def is_blank(fields: list[str]) -> bool:
    """A blank line, or one of empty cells only (',,,')."""
    return not any(f.strip() for f in fields)


# --- writing -----------------------------------------------------------------------------------


def output_encoding(input_encoding: str) -> str:
    """UTF-8 out; with a BOM when the input had one or was cp1252, so that Excel (which wrote
    it) reads '£' back correctly."""
    return "utf-8" if input_encoding == "utf-8" else "utf-8-sig"


def count_lines(path: Path) -> int:
    """An upper bound on the number of records: the lines of the file, counted at disk speed."""
    lines = 1
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            # A CRLF split between two chunks counts twice: still an upper bound.
            lines += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
    return lines


class AtomicFile:
    """A text file written under a temporary name beside its target, and renamed over the target
    only by `commit()`; anything else (an error, Ctrl-C) removes the temporary file.

    Use as a context manager; `file` is the open text stream.
    """

    def __init__(self, target: Path, encoding: str) -> None:
        self.target = target
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        self._tmp = Path(name)
        # Closed by finish() or discard(), which the context manager guarantees.
        self.file: IO[str] = open(fd, "w", encoding=encoding, newline="", buffering=1 << 20)  # noqa: SIM115
        self._done = False

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._done:
            self.discard()

    def finish(self) -> None:
        """Flush to disk (fsync) and give the file the mode a new file would get."""
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        mode = self.target.stat().st_mode & 0o777 if self.target.exists() else _default_mode()
        os.chmod(self._tmp, mode)

    def commit(self) -> None:
        """Rename over the target (call `finish` first)."""
        os.replace(self._tmp, self.target)
        self._done = True

    def discard(self) -> None:
        # Closing flushes the buffer, which fails again on a full disk; the temporary file must
        # go whatever happens.
        try:
            with contextlib.suppress(OSError):
                self.file.close()
        finally:
            self._tmp.unlink(missing_ok=True)
            self._done = True


def _default_mode() -> int:
    # mkstemp makes 0600 files; a file the user names gets the usual 0666 less the umask.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def commit_all(files: list[AtomicFile]) -> None:
    """Flush every file, then rename them all, so no rename happens before all are complete."""
    for f in files:
        f.finish()
    for f in files:
        f.commit()
    with contextlib.suppress(OSError):
        fd = os.open(files[0].target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)  # make the renames durable
        finally:
            os.close(fd)
