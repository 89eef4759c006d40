"""The repeated-id check of a large payroll, in a second process beside the main pass.

Ids out of order need a table of every id seen (`ids.py`), and on a million rows looking each
one up costs the main pass about a third of its time. On a machine with two cores or more the
lookups run here instead: a child process reads the same file, registers each row's id exactly
as the main pass does (`held.registered_ids`, the rows that reach the id check) and reports the
rows whose id repeats, while the main pass goes on with the rest. The main pass waits only when
it would pass the last row the child has checked, which the child, having less to do, rarely
lets happen.

The child writes one line per event to its standard output, rows in increasing order:

    U <row>           every row up to <row> is checked
    R <row> <first>   row <row> repeats the id of row <first>, the last row with a new id
    H <row>           row <row>'s id was probably seen before: the main pass holds the row and
                      settles it exactly at the end, as it does with its own table
    E                 the end of the file

So the verdicts are the ones the main pass's own table would give. Anything else, or nothing
(the child could not start, failed or was killed), makes the main pass build its own table from
the row it is on (`stream.PayrollRun`): a failure here costs time, never a row.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from pathlib import Path
from typing import IO

from paycalc import child
from paycalc.apply.held import Layout, registered_ids
from paycalc.apply.ids import SeenIds
from paycalc.payroll.csvio import count_lines

# Below this size the lookups cost less than starting a second Python (about 50 ms).
FROM_BYTES = 4 << 20
_REPORT_EVERY = 4096
_SAMPLE = 1 << 18
_SAMPLES = 4
# The row number that means "every row": the child reached the end of the file.
ALL_ROWS = sys.maxsize


def worth_it(size: int) -> bool:
    """Whether a file of `size` bytes is worth a second process on this machine."""
    return size >= FROM_BYTES and child.spare_core()


class IdsBeside:
    """The main pass's end of the child: what it has checked, and the rows it found repeated."""

    def __init__(self, layout: Layout) -> None:
        args = [str(layout.path), layout.encoding, str(layout.header_line), str(layout.width)]
        self._proc = child.start("paycalc.apply.beside", [*args, str(layout.i_id)])
        assert self._proc.stdout is not None
        self._events: IO[bytes] = self._proc.stdout
        self.upto = 0  # every row up to here is checked
        self.first: dict[int, int] = {}  # repeated row -> the row it repeats (0: held)
        self.rows: deque[int] = deque()  # the rows of `first`, in order
        self.failed = False

    def wait_for(self, row: int) -> bool:
        """Read events until every row up to `row` is checked; False when the child failed."""
        while self.upto < row and not self.failed:
            line = self._events.readline()
            kind, _, rest = line.partition(b" ")
            try:
                if kind == b"U":
                    self.upto = int(rest)
                elif kind == b"R" or kind == b"H":
                    numbers = rest.split()
                    at = int(numbers[0])
                    self.first[at] = int(numbers[1]) if kind == b"R" else 0
                    self.rows.append(at)
                elif kind == b"E\n":
                    self.upto = ALL_ROWS
                else:
                    self.failed = True
            except (ValueError, IndexError):
                self.failed = True
        return not self.failed

    def next_row(self, row: int) -> int:
        """The first repeated row after `row` that the child has reported, else ALL_ROWS."""
        rows = self.rows
        while rows and rows[0] <= row:
            rows.popleft()
        return rows[0] if rows else ALL_ROWS

    def close(self) -> None:
        """Stop the child, whether or not it finished, and reap it."""
        child.stop(self._proc)


def check(layout: Layout, out: IO[bytes]) -> None:
    """The child's work: every registered row's id, looked up as the main pass would."""
    # Counting the file's lines first would keep the main pass waiting: the table is sized
    # from samples of the file, and rebuilt from the file in the rare case that they were
    # wrong (the lines elsewhere are shorter).
    most = estimate_rows(layout.path)
    seen = SeenIds(most)
    counted = False
    last_new, last_new_line = "", 0
    events: list[str] = []
    report_at = _REPORT_EVERY
    for row, eid in registered_ids(layout, ALL_ROWS):
        if row > most:
            if counted:
                # The file grew: the table could fill up. The main pass takes over.
                raise SystemExit(3)
            most, counted = count_lines(layout.path), True
            seen = SeenIds(most)
            for _row, earlier in registered_ids(layout, row - 1):
                seen.insert(earlier)
        # The main pass inlines SeenIds.add; this process has time to spare for the call.
        if seen.add(eid):
            events.append(f"R {row} {last_new_line}" if eid == last_new else f"H {row}")
            continue
        last_new, last_new_line = eid, row
        if row >= report_at:
            events.append(f"U {row}\n")
            out.write("\n".join(events).encode("ascii"))
            out.flush()
            events.clear()
            report_at = row + _REPORT_EVERY
    events.append("E\n")
    out.write("\n".join(events).encode("ascii"))
    out.flush()


def estimate_rows(path: Path) -> int:
    """More rows than the file has, unless its lines are shorter everywhere than where sampled:
    the densest of four samples (start, two thirds, end), scaled to the file, plus a tenth."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size <= _SAMPLE * _SAMPLES:
            return _breaks(f.read()) + 1
        densest = 0.0
        for k in range(_SAMPLES):
            f.seek((size - _SAMPLE) * k // (_SAMPLES - 1))
            densest = max(densest, _breaks(f.read(_SAMPLE)) / _SAMPLE)
    return int(densest * size * 1.1) + 1024


def _breaks(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def main() -> None:
    path, encoding, header_line, width, i_id = sys.argv[1:6]
    layout = Layout(Path(path), encoding, int(header_line), int(width), int(i_id), False)
    try:
        check(layout, sys.stdout.buffer)
    except (Exception, KeyboardInterrupt):
        # The main pass falls back to its own table, and reports any error in the file itself
        # when it reaches it.
        raise SystemExit(3) from None


if __name__ == "__main__":
    main()
