"""Which payroll rows repeat an earlier row's employee id, as the streaming pass reads them.

While each id sorts after the one before (HR exports are usually in employee-number order) none
can repeat but the row just before, and nothing is kept. From the first id out of order every id
is looked up: by a child process reading the same file (`beside`, for a large file on a machine
with a core to spare), or in a table in this process (`ids.SeenIds`). `stream.PayrollRun`'s hot
loop inlines the common cases; this class holds the state and the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from paycalc.apply import beside
from paycalc.apply.held import Layout, registered_ids
from paycalc.apply.ids import SeenIds, capacity_for
from paycalc.payroll.csvio import count_lines

PROGRESS_EVERY = 1 << 16
_NONE: dict[int, int] = {}


class Repeats:
    """The id check's state: in order (`prev`), a child (`child`) or a table (`seen`, sized
    from the file's lines, `most_lines`)."""

    def __init__(self, path: Path, size: int, layout: Callable[[], Layout]) -> None:
        self.path = path
        self.size = size
        self.layout = layout  # what the streaming pass knows of the file, once it has a header
        self.in_order = True
        self.prev, self.prev_line = "", 0
        self.seen = SeenIds(0)
        self.child: beside.IdsBeside | None = None
        self.most_lines = 0

    def verdict(self, lineno: int, eid: str) -> int | None:
        """None when row `lineno`'s id is new; else the row it certainly repeats, or 0 when it
        probably repeats one (the row is held, and settled exactly at the end)."""
        if self.in_order:
            if eid > self.prev:
                self.prev, self.prev_line = eid, lineno
                return None
            if eid == self.prev:
                return self.prev_line
            self.out_of_order(lineno)
        if self.child is not None:
            return self.child.first.pop(lineno, None)
        return 0 if self.seen.add(eid) else None

    @property
    def taken(self) -> dict[int, int]:
        """The rows the child found repeated, not yet taken out (none without a child)."""
        return self.child.first if self.child is not None else _NONE

    def out_of_order(self, lineno: int) -> None:
        """The first id out of order, on row `lineno`: a child checks the rows from here on
        when it is worth it and starts, else this pass does, in a table."""
        self.in_order = False
        if beside.worth_it(self.size):
            try:
                self.child = beside.IdsBeside(self.layout())
            except OSError:
                self.child = None
            if self.child is not None and self.child.wait_for(lineno):
                return
            self.stop_child()
        self.to_table(lineno)

    def to_table(self, lineno: int) -> None:
        """Check ids in this pass from row `lineno` on: a table of every id before it."""
        self.most_lines = count_lines(self.path)
        self.seen = SeenIds(self.most_lines)
        for _row, eid in registered_ids(self.layout(), lineno - 1):
            self.seen.insert(eid)  # all different: they were in order, or the child said so

    def stop_child(self) -> None:
        if self.child is not None:
            self.child.close()
            self.child = None

    def switched(self, lineno: int, extra: int) -> tuple[bool, int, int]:
        """After `out_of_order` on row `lineno`: whether the hot loop probes the table, its
        checkpoint interval, and its next checkpoint (as it counts lines: `extra` less)."""
        if self.child is not None:
            return False, PROGRESS_EVERY, self.next_check(lineno, PROGRESS_EVERY) - extra
        most = self.most_lines
        # Often enough that the table cannot fill up between two checkpoints.
        check = max(1, min(PROGRESS_EVERY, (capacity_for(most) - most) // 2))
        return True, check, lineno + check - extra

    def checkpoint(self, lineno: int) -> bool:
        """On reaching row `lineno`: False when the file has more rows than lines counted (the
        table could fill up and a probe never end). A child that failed hands over to a table."""
        if self.most_lines and lineno > self.most_lines:
            return False
        if self.child is not None and not self.child.wait_for(lineno):
            self.stop_child()
            self.to_table(lineno)
        return True

    def next_check(self, lineno: int, check: int) -> int:
        """The row of the next checkpoint after row `lineno`: at most `check` rows on, and with
        a child, no later than the next row it found repeated or the first it has not checked."""
        if self.child is None:
            return lineno + check
        return min(lineno + check, self.child.next_row(lineno), self.child.upto + 1)
