"""The employee ids a payroll run has seen, in 4 bytes each: 5 million fit in 32 MB.

A Python set of 5 million id strings takes about 400 MB. Instead each id's `hash()` is split in
two: its low bits choose a slot of an open-addressing table (an `array('i')`, linear probing),
and 30 high bits are stored there as a fingerprint. A match only means "probably the same id":
two ids share a slot run and a fingerprint about once per 10^9 lookups. So the caller holds each
matching row back and confirms it exactly at the end, against the file itself (see
`stream.PayrollRun.resolve_held`): a collision costs a second read of the file, never a row.
"""

from __future__ import annotations

from array import array

LOAD = 0.7


def fingerprint(h: int) -> int:
    """30 bits of a hash that do not choose the slot; never 0, which marks an empty slot."""
    return h >> 34 or 1


class SeenIds:
    """Fingerprints of up to `most` ids. The table cannot grow (a slot's bits are not stored, so
    entries cannot move) and must never fill (a probe would not end): size it from the number of
    lines in the file, and stop before more than `headroom` ids beyond `most` arrive.

    `payroll` inlines `add` in its hot loop (a method call per row costs about as much as the
    lookup itself); this class is the reference for that loop.
    """

    def __init__(self, most: int) -> None:
        capacity = capacity_for(most)
        self.table = _empty(capacity)
        self.mask = capacity - 1
        self.headroom = capacity - most - 1

    def add(self, eid: str) -> bool:
        """Record `eid`; True when it was (probably) seen before."""
        h = hash(eid)
        table, mask = self.table, self.mask
        i = h & mask
        fp = h >> 34 or 1
        v = table[i]
        while v:
            if v == fp:
                return True
            i = (i + 1) & mask
            v = table[i]
        table[i] = fp
        return False

    def insert(self, eid: str) -> None:
        """Record an id known to be new (no match is looked for)."""
        h = hash(eid)
        table, mask = self.table, self.mask
        i = h & mask
        while table[i]:
            i = (i + 1) & mask
        table[i] = h >> 34 or 1

    def nbytes(self) -> int:
        return len(self.table) * self.table.itemsize


def capacity_for(most: int) -> int:
    """Slots for `most` ids: a power of two, at most LOAD full."""
    capacity = 1024
    while capacity * LOAD < most:
        capacity *= 2
    return capacity


def _empty(capacity: int) -> array[int]:
    return array("i", bytes(4 * capacity))
