"""The employee ids a payroll has shown so far, to leave out a row that repeats one, exactly.

While ids come in ascending order, as most exports list them, an id above the last cannot
repeat an earlier one: it is compared with the last and appended to a list, with no hashing and
no table. An id not above the last is looked up in the list (bisect); unless it repeats one,
the ids are no longer in order, and from then on a set holds them all. The reader's hot loop
does the common case itself (`last`, `in_order.append`, `seen`) and calls `out_of_order`.
"""

from __future__ import annotations

import bisect

from paycalc.payroll.csvio import MAX_CELL

# Above every id a row may hold (a line is at most MAX_CELL characters): the last id once ids
# are out of order, so that the hot loop's one comparison sends every id to the set.
ABOVE_ANY_ID = chr(0x10FFFF) * (MAX_CELL + 1)


class Ids:
    """The ids seen: `in_order` (a list, None once they came out of order) and `seen` (a set
    of those out of order, then of them all)."""

    def __init__(self) -> None:
        self.in_order: list[str] | None = []
        self.seen: set[str] = set()

    def last(self) -> str:
        """The id every id in ascending order is above ('' at first)."""
        if self.in_order is None:
            return ABOVE_ANY_ID
        return self.in_order[-1] if self.in_order else ""

    def repeats(self, eid: str) -> bool:
        """Whether an earlier row has this id; it is remembered."""
        if self.in_order is not None:
            if eid > self.last():
                self.in_order.append(eid)
                return False
            self.out_of_order(eid)
        if eid in self.seen:
            return True
        self.seen.add(eid)
        return False

    def out_of_order(self, eid: str) -> bool:
        """For an id not above the last while ids came in order: whether it is one of them
        (then it is in `seen` too). If not, ids are no longer in order: from here on `seen`
        holds them all (False)."""
        ordered = self.in_order
        assert ordered is not None
        i = bisect.bisect_left(ordered, eid)
        if i < len(ordered) and ordered[i] == eid:
            self.seen.add(eid)  # for the check that follows
            return True
        self.seen.update(ordered)
        ordered.clear()
        self.in_order = None
        return False
