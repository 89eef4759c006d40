"""Rows held back because their employee id may repeat an earlier one, and the exact check.

The hot loop keeps only a fingerprint of each id (see `ids.py`), so a match there is a probable
duplicate, never a certain one. Matching rows are written to a holding file beside the output;
at the end, `first_rows` reads the input again to find the row where each held id first
appears, which settles every held row exactly.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO

from paycalc.payroll.csvio import QuotedRecords, open_text

# Distinct ids settled per extra read of the input (bounds memory when half a file repeats).
BATCH = 100_000
# Up to this many ids, the extra read searches the text for each id at C speed instead of
# splitting every line.
SEARCH_IDS = 8
_CHUNK = 1 << 20


class HeldRows:
    """A holding file of (row number, fields), removed by `close()` whatever happens."""

    def __init__(self, work_dir: Path) -> None:
        self._work_dir = work_dir
        self._file: IO[str] | None = None
        self._path: Path | None = None
        self.last = 0  # the last row held

    def __bool__(self) -> bool:
        return self._file is not None

    def add(self, lineno: int, fields: list[str]) -> None:
        if self._file is None:
            import tempfile  # only when a row is held, which most runs never do

            # Beside the output, not in /tmp: it holds personal data.
            fd, name = tempfile.mkstemp(prefix=".paycalc-held.", suffix=".csv", dir=self._work_dir)
            self._path = Path(name)
            self._file = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 - close()
            self._writer = csv.writer(self._file)
        self._writer.writerow([lineno, *fields])
        self.last = lineno

    def batches(self, i_id: int) -> Iterator[tuple[set[str], int, Iterator[list[str]]]]:
        """(ids, last row, rows) for runs of held rows with at most BATCH distinct ids; each row
        is [row number, *fields]. Consume a batch's rows before asking for the next batch.

        Two readers walk the holding file: one ahead gathers a batch's ids, one behind gives its
        rows, so no batch of rows sits in memory (5 million copies of one id is one batch).
        """
        assert self._file is not None and self._path is not None
        self._file.close()
        with (
            open(self._path, encoding="utf-8", newline="") as ahead,
            open(self._path, encoding="utf-8", newline="") as behind,
        ):
            scan, rows = csv.reader(ahead), csv.reader(behind)
            while True:
                ids: set[str] = set()
                count = last = 0
                for row in scan:
                    ids.add(row[1 + i_id].strip())
                    count, last = count + 1, int(row[0])
                    if len(ids) >= BATCH:
                        break
                if not count:
                    return
                yield ids, last, islice(rows, count)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        if self._path is not None:
            self._path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Layout:
    """What the main pass knew about the file, so the extra read counts rows the same way."""

    path: Path
    encoding: str
    header_line: int  # the last line of the header
    width: int
    i_id: int
    multiline: bool  # some quoted field spans lines


def first_rows(layout: Layout, ids: set[str], last: int) -> dict[str, int]:
    """The first row, up to row `last`, on which each of `ids` is the employee id (of a row the
    main pass registered: after the header, not longer than the header)."""
    first: dict[str, int] = {}
    if len(ids) <= SEARCH_IDS and not layout.multiline:
        first = _by_search(layout, ids, last)
    if len(first) < len(ids):
        # An id the text search cannot see as written (it holds a '"', doubled in the file).
        first.update(_by_lines(layout, ids - first.keys(), last))
    return first


def _id_of(layout: Layout, line: str) -> str | None:
    fields = next(csv.reader([line])) if '"' in line else line.split(",")
    if len(fields) > layout.width or len(fields) <= layout.i_id:
        return None
    return fields[layout.i_id].strip()


def registered_ids(layout: Layout, last: int) -> Iterator[tuple[int, str]]:
    """(row, employee id) of every row up to row `last` that the main pass checked for a
    repeated id: after the header, not blank, no longer than the header, with an id."""
    header, width, i_id = layout.header_line, layout.width, layout.i_id
    with open_text(layout.path, layout.encoding) as f:
        quoted = QuotedRecords(f, layout.path)
        extra = 0
        for n, line in enumerate(f, 1):
            lineno = n + extra
            if lineno > last:
                return
            if '"' in line:
                fields, _text, used = quoted.read(line, lineno)
                extra += used - 1
                if lineno <= header or len(fields) > width:
                    continue
                eid = fields[i_id].strip() if len(fields) > i_id else ""
            else:
                # Without a quote, a line's commas are its cells' bounds: count them, and split
                # only as far as the id (its strip() removes the line end when it is last).
                if lineno <= header or line.count(",") >= width:
                    continue
                cells = line.split(",", i_id + 1)
                eid = cells[i_id].strip() if len(cells) > i_id else ""
            if eid:
                yield lineno, eid


def _by_lines(layout: Layout, ids: set[str], last: int) -> dict[str, int]:
    first: dict[str, int] = {}
    for lineno, eid in registered_ids(layout, last):
        if eid in ids and eid not in first:
            first[eid] = lineno
            if len(first) == len(ids):
                break
    return first


def _breaks(data: bytes, end: int) -> int:
    """Line breaks in data[:end], counted as the line reader counts them (CRLF is one)."""
    return data.count(b"\n", 0, end) + data.count(b"\r", 0, end) - data.count(b"\r\n", 0, end)


def _by_search(layout: Layout, ids: set[str], last: int) -> dict[str, int]:
    """Every physical line is one row (no field spans lines), so an id can be found in the
    file's bytes with bytes.find (no decoding: a byte 0x0A or 0x0D is a line break in UTF-8
    and cp1252 alike) and its line checked; a match elsewhere on a line (another column) is
    skipped. An id not found as its encoded bytes (a stray byte read as cp1252) is left to
    the caller's line by line read."""
    encoding = "utf-8" if layout.encoding == "utf-8-sig" else layout.encoding
    wanted: dict[bytes, str] = {}
    for eid in ids:
        try:
            wanted[eid.encode(encoding)] = eid
        except UnicodeEncodeError:
            continue
    first: dict[str, int] = {}
    base = 1  # the line number of the chunk's first line
    carry = b""
    with open(layout.path, "rb") as f:
        while wanted and base <= last:
            data = f.read(_CHUNK)
            chunk = carry + data
            if not chunk:
                break
            cut = len(chunk)
            if data:
                # Whole lines only; a final CR may be half of a CRLF, so it waits too.
                cut = max(chunk.rfind(b"\n"), chunk.rfind(b"\r")) + 1
                if cut and chunk[cut - 1 : cut] == b"\r":
                    cut -= 1
                if cut <= 0:
                    carry = chunk
                    continue
            part, carry = chunk[:cut], chunk[cut:]
            for key, eid in list(wanted.items()):
                pos = part.find(key)
                while pos >= 0:
                    start = max(part.rfind(b"\n", 0, pos), part.rfind(b"\r", 0, pos)) + 1
                    lineno = base + _breaks(part, start)
                    if lineno > last:
                        break
                    ends = [e for e in (part.find(b"\n", pos), part.find(b"\r", pos)) if e >= 0]
                    raw = part[start : min(ends, default=len(part))]
                    line = raw.decode(layout.encoding, errors="paycalc-cp1252")
                    if lineno > layout.header_line and _id_of(layout, line) == eid:
                        first[eid] = lineno
                        del wanted[key]
                        break
                    pos = part.find(key, pos + 1)
            base += _breaks(part, len(part))
    return first
