"""The streaming pass of `paycalc apply`: each payroll row to the output, the rejects, or held.

The common row (no quotes, all its cells, a new id, a position seen before) is handled inside
one loop with no function call; anything else goes to `PayrollRun._row`, which does the same steps
one by one and is the easier read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, TextIO

from paycalc.apply.held import HeldRows, Layout, first_rows
from paycalc.apply.positions import Entry, Positions
from paycalc.apply.repeats import PROGRESS_EVERY, Repeats
from paycalc.apply.totals import RunCounts
from paycalc.csvcell import csv_line
from paycalc.errors import PaycalcError
from paycalc.payroll.columns import REJECT_COLUMNS, Columns, ColumnSpec
from paycalc.payroll.csvio import MAX_CELL, QuotedRecords, is_blank, long_cell
from paycalc.payroll.rows import RowError

# A quote-free line needs a closer look when a cell begins like a spreadsheet formula (the first
# cell is checked apart: an alternation with '^' makes the search several times slower).
_FORMULA_AFTER_COMMA = re.compile(r",[=+\-@\t\r]")
_FORMULA_FIRST = ("=", "+", "-", "@", "\t")


class PayrollRun:
    """The streaming pass: each input row goes to the output, to the rejects, or (when its id's
    fingerprint was seen before) to a holding file checked exactly at the end."""

    def __init__(
        self,
        path: Path,
        work_dir: Path,
        f: TextIO,
        out: IO[str],
        rej: IO[str],
        positions: Positions,
        counts: RunCounts,
    ) -> None:
        self.path = path
        self.name: Path | str = path  # the file as the user named it ('-' for stdin), for messages
        self.work_dir = work_dir
        self.f = f
        self.out = out
        self.rej = rej
        self.positions = positions
        self.counts = counts
        self.progress: Callable[[int, int], None] | None = None
        self.stamp = _stamp(path)
        self.size = self.stamp[0]
        self.columns: Columns = Columns([], {})
        self.key_of: Callable[[list[str]], tuple[str, ...]] = tuple
        self.header_line = 0
        self.ids = Repeats(path, self.size, self._layout)
        self.held = HeldRows(work_dir)
        self.multiline = False
        self.encoding = "utf-8"
        self.spec: ColumnSpec | None = None

    def header(self, quoted: QuotedRecords) -> int:
        """Read up to the header (the first line that is not blank); returns its line number."""
        lineno = 0
        fields: list[str] = []
        text = ""
        for line in self.f:
            lineno += 1
            if '"' in line:
                fields, text, used = quoted.read(line, lineno)
                lineno += used - 1
            else:
                text = line.rstrip("\r\n")
                fields = text.split(",")
            if not is_blank(fields):
                break
        if is_blank(fields):
            raise PaycalcError(f"{self.name}: the file is empty (no header row)")
        self.columns = Columns.from_header(fields, Path(self.name), lineno, spec=self.spec)
        self.positions.fte_mode = self.columns.fte_mode
        self.positions.full_time_hours = self.columns.full_time_hours
        self.header_line = lineno
        self.key_of = self.columns.getter()
        self.out.write(csv_line(self.columns.output_header()) + "\r\n")
        self.rej.write(csv_line([*REJECT_COLUMNS, *fields]) + "\r\n")
        return lineno

    # The loop is long because it is hot: every call or attribute lookup saved is saved a
    # million times. It takes the common row (no quotes, all its cells, a new id, a known
    # position) itself; `_row` does the same for any other row, and is the easier read.
    def stream(self) -> None:
        f = self.f
        quoted = QuotedRecords(f, self.name)
        lineno = self.header(quoted)
        columns = self.columns
        width = len(columns.header)
        i_id = columns.index["employee_id"]
        key_of = self.key_of
        ids = self.ids
        # While each id sorts after the one before, none can repeat and no table is needed:
        # HR exports are usually in employee-number order. The first id out of order starts
        # the check of every later row (`Repeats.out_of_order`): by a child process, which reports
        # the rows to take out of this loop at a checkpoint, or by this loop in a table.
        in_order, prev, prev_line = True, "", 0
        probing = False
        last_new, last_new_line = "", 0
        table, mask = ids.seen.table, ids.seen.mask
        # At a checkpoint (`_checkpoint`): progress, and the guards of the id check.
        check = PROGRESS_EVERY
        next_check = lineno + check
        cache_get = self.positions.by_text.get
        write = self.out.write
        # enumerate counts the lines this loop takes; a quoted field over several lines takes
        # more, counted in `extra`. The row number of a line is n + extra.
        extra = 0
        n = lineno
        for n, line in enumerate(f, lineno + 1):
            if n >= next_check:
                next_check = self._checkpoint(n + extra, check) - extra
                if not (in_order or probing or ids.child):
                    # The child failed (`_checkpoint`): this loop checks the ids from here on.
                    probing, check, next_check = ids.switched(n + extra, extra)
                    table, mask = ids.seen.table, ids.seen.mask
                elif n + extra in ids.taken and '"' not in line:
                    # A row the child found repeated: the slow path takes it out.
                    text = line.rstrip("\r\n")
                    self._row(n + extra, text, text.split(","))
                    continue
            if '"' in line:
                fields, text, used = quoted.read(line, n + extra)
                ids.in_order, ids.prev, ids.prev_line = in_order, prev, prev_line
                self._row(n + extra, text, fields, quoted=True)
                if in_order and not ids.in_order:
                    probing, check, next_check = ids.switched(n + extra, extra)
                in_order, prev, prev_line = ids.in_order, ids.prev, ids.prev_line
                table, mask = ids.seen.table, ids.seen.mask
                extra += used - 1
                next_check -= used - 1
                continue
            text = line.rstrip("\r\n")
            fields = text.split(",")
            eid = fields[i_id].strip() if len(fields) == width else ""
            if not eid:
                # A short, long or blank row, or no id: the slow path sorts it out.
                ids.in_order, ids.prev, ids.prev_line = in_order, prev, prev_line
                self._row(n + extra, text, fields)
                if in_order and not ids.in_order:
                    probing, check, next_check = ids.switched(n + extra, extra)
                in_order, prev, prev_line = ids.in_order, ids.prev, ids.prev_line
                table, mask = ids.seen.table, ids.seen.mask
                continue
            if in_order:
                if eid > prev:
                    prev, prev_line = eid, n + extra
                elif eid == prev:
                    self._repeat(n + extra, eid, prev_line, fields)
                    continue
                else:
                    in_order = False
                    ids.out_of_order(n + extra)
                    probing, check, next_check = ids.switched(n + extra, extra)
                    table, mask = ids.seen.table, ids.seen.mask
                    if n + extra in ids.taken:
                        self._is_repeat(n + extra, eid, fields)
                        continue
            if probing:
                # SeenIds.add, inlined. The table is at most LOAD full, so the first slot is
                # usually empty: claimed at once. A fingerprint seen before: the row is held,
                # unless its id is that of the last row whose id was new (a row repeated at
                # once, the usual repeat): that row is certainly the first with it.
                h = hash(eid)
                i = h & mask
                if table[i]:
                    fp = h >> 34 or 1
                    v = table[i]
                    while v:
                        if v == fp:
                            break
                        i = (i + 1) & mask
                        v = table[i]
                    if v:
                        if eid == last_new:
                            self._repeat(n + extra, eid, last_new_line, fields)
                        else:
                            self.held.add(n + extra, fields)
                        continue
                    table[i] = fp
                else:
                    table[i] = h >> 34 or 1
                last_new, last_new_line = eid, n + extra
            entry = cache_get(key_of(fields))
            if entry is None:
                entry = self._new_key(n + extra, fields)
                if entry is None:
                    continue
            entry[1] += 1
            # Five substring tests are far cheaper than the search they usually spare.
            if "=" in text or "+" in text or "-" in text or "@" in text or "\t" in text:
                self._write_checked(text, fields, entry)
            else:
                write(text + entry[0])
        # Every line after the header starts a row or a blank record, or continues a quoted
        # field (`extra`): so rows read = lines - blank records - extra = n - header - blank.
        self.counts.read += n - lineno - self.counts.blank_lines
        self.multiline = extra > 0
        ids.stop_child()
        if _stamp(self.path) != self.stamp:
            raise self.changed()
        if self.progress is not None:
            self.progress(self.size, self.size)

    def _is_repeat(self, lineno: int, eid: str, fields: list[str]) -> bool:
        """Whether `eid` repeats an earlier id: then the row is rejected, or held when that
        is only probable. The hot loop inlines this."""
        first = self.ids.verdict(lineno, eid)
        if first is None:
            return False
        if first:
            self._repeat(lineno, eid, first, fields)
        else:
            self.held.add(lineno, fields)
        return True

    def _repeat(self, lineno: int, eid: str, first: int, fields: list[str]) -> None:
        reason = f"duplicate employee_id '{eid}': first on row {first}"
        self._reject(lineno, self.columns.name("employee_id"), reason, fields)

    def _checkpoint(self, lineno: int, check: int) -> int:
        """Progress, and the guards of the id check, on reaching row `lineno`; returns the row of
        the next checkpoint."""
        if self.progress is not None:
            self.progress(self.f.buffer.tell(), self.size)
        if not self.ids.checkpoint(lineno):
            raise self.changed()
        return self.ids.next_check(lineno, check)

    def changed(self) -> PaycalcError:
        return PaycalcError(
            f"{self.name}: the file changed while it was being read; no output was written"
        )

    def _row(self, lineno: int, text: str, fields: list[str], *, quoted: bool = False) -> None:
        """One row, whatever its shape: the hot loop's work, step by step."""
        width = len(self.columns.header)
        if len(fields) == width and (not quoted or len(text) <= MAX_CELL):
            # A whole row (most quoted ones are: a salary written "£29,180.00"), which no cell
            # can make blank or too long: straight to its id.
            eid = fields[self.columns.index["employee_id"]].strip()
            if eid:
                self._placed(lineno, eid, text, fields, quoted)
                return
        if is_blank(fields):
            self.counts.blank_lines += 1
            return
        if quoted and (too_long := long_cell(fields)):
            # Only a quoted cell can run that long past the csv module's limit.
            self._reject(lineno, "", too_long, fields)
            return
        if len(fields) > width:
            self._reject(lineno, "", f"{len(fields)} fields, but the header has {width}", fields)
            return
        if len(fields) < width:
            # Spreadsheets drop trailing empty cells: the missing ones are blank.
            text += "," * (width - len(fields))
            fields = fields + [""] * (width - len(fields))
        eid = fields[self.columns.index["employee_id"]].strip()
        if not eid:
            self._reject(lineno, self.columns.name("employee_id"), "employee_id is missing", fields)
            return
        self._placed(lineno, eid, text, fields, quoted)

    def _placed(self, lineno: int, eid: str, text: str, fields: list[str], quoted: bool) -> None:
        """A row of the header's width with an id: its id checked, its position looked up."""
        if self._is_repeat(lineno, eid, fields):
            return
        entry = self.positions.by_text.get(self.key_of(fields))
        if entry is None:
            entry = self._new_key(lineno, fields)
            if entry is None:
                return
        entry[1] += 1
        if quoted:
            # The input's own quoting is never copied: the writer quotes what needs it.
            self._write_escaped(fields, entry)
        else:
            self._write_checked(text, fields, entry)

    def _new_key(self, lineno: int, fields: list[str]) -> Entry | None:
        """The entry of a position the cache does not hold; None when the row is rejected."""
        key = self.key_of(fields)
        found = self.positions.compute(key, self.columns.expand(key))
        if isinstance(found, RowError):
            self._reject(lineno, self.columns.name(found.column or ""), found.reason, fields)
            return None
        return found

    def _write_checked(self, text: str, fields: list[str], entry: Entry) -> None:
        # A line without '"' holds no comma, quote or line break inside a cell, so unless a
        # cell starts like a formula it is exactly what csv_line would make of its fields.
        if text.startswith(_FORMULA_FIRST) or _FORMULA_AFTER_COMMA.search(text):
            self._write_escaped(fields, entry)
        else:
            self.out.write(text + entry[0])

    def _write_escaped(self, fields: list[str], entry: Entry) -> None:
        self.out.write(csv_line(fields) + entry[0])

    def _reject(self, lineno: int, column: str, reason: str, fields: list[str]) -> None:
        self.rej.write(csv_line([lineno, column, reason, *fields]) + "\r\n")
        self.counts.rejected += 1

    # --- rows whose id's fingerprint was seen before -----------------------------------------

    def resolve_held(self) -> None:
        """Settle the held rows exactly: a held row on the row where its id first appears was
        only a fingerprint collision and is applied (at the end of the output); the others are
        duplicates, rejected with the row that has the id first."""
        if not self.held:
            return
        layout = self._layout()
        for ids, last, rows in self.held.batches(layout.i_id):
            first = first_rows(layout, ids, last)
            for row in rows:
                lineno, fields = int(row[0]), row[1:]
                eid = fields[layout.i_id].strip()
                if eid not in first:
                    raise self.changed()
                if first[eid] < lineno:
                    self._repeat(lineno, eid, first[eid], fields)
                    continue
                entry = self._new_key(lineno, fields)
                if entry is not None:
                    entry[1] += 1
                    self._write_escaped(fields, entry)

    def _layout(self) -> Layout:
        return Layout(
            self.path,
            self.encoding,
            self.header_line,
            len(self.columns.header),
            self.columns.index["employee_id"],
            self.multiline,
        )

    def close(self) -> None:
        """Stop the child and remove the holding file, whatever happened."""
        self.ids.stop_child()
        self.held.close()


def _stamp(path: Path) -> tuple[int, int]:
    """A file's size and time of change: read again at the end, a difference means the file
    changed while it was read."""
    st = path.stat()
    return st.st_size, st.st_mtime_ns
