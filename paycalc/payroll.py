"""Applying a scheme to a payroll CSV: new pay for each row, every bad row to a rejects file.

One pass over the input. Each row is checked with plain code; the figures of each distinct
position (band, point, salary, FTE as written) are computed once through `engine.run` and
`parity.figures` and kept as ready-made CSV text, so a million rows on a few hundred positions
cost about as much as copying the file.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING

from paycalc._csvio import (
    FORMULA_CHARS,
    AtomicFile,
    QuotedRecords,
    commit_all,
    count_lines,
    detect_encoding,
    escape_cell,
    is_blank,
    normalise_header,
    open_text,
    output_encoding,
    records,
)
from paycalc._held import HeldRows, Layout, first_rows, registered_ids
from paycalc._ids import SeenIds, capacity_for
from paycalc._positions import MAX_POSITIONS, Entry, Positions, RowError, parse_position
from paycalc._summary import RunCounts, Summary, summary_dict, summary_doc
from paycalc.errors import EXIT_OK, EXIT_REJECTS, PaycalcError
from paycalc.model import PersonSpec

if TYPE_CHECKING:
    from paycalc.registry import Registry
    from paycalc.table import Doc

__all__ = [
    "OUTPUT_COLUMNS",
    "ApplyReport",
    "apply_payroll",
    "default_rejects_path",
    "iter_people",
    "parse_position",
]

OUTPUT_COLUMNS = (
    "new_salary",
    "consolidated_increase",
    "consolidated_increase_pct",
    "unconsolidated",
    "total_increase_pct",
    "reference_salary",
    "parity_gap",
    "parity_gap_pct",
    "notes",
)
REJECT_COLUMNS = ("row", "column", "reason")
PERSON_COLUMNS = ("band", "point", "salary", "fte")

# A quote-free line needs a closer look when a cell begins like a spreadsheet formula (the first
# cell is checked apart: an alternation with '^' makes the search several times slower).
_FORMULA_AFTER_COMMA = re.compile(r",[=+\-@\t\r]")
_FORMULA_FIRST = ("=", "+", "-", "@", "\t")
_PROGRESS_EVERY = 1 << 16


# --- reading rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """Where each column we read sits in the header (names matched without case or spaces)."""

    header: list[str]
    index: dict[str, int]

    @classmethod
    def from_header(
        cls, fields: list[str], path: Path, lineno: int = 1, *, need_id: bool = True
    ) -> Columns:
        index: dict[str, int] = {}
        for i, name in enumerate(fields):
            key = normalise_header(name)
            if key in (*PERSON_COLUMNS, "employee_id") and key in index:
                raise PaycalcError(
                    f"{path}: line {lineno}: column '{key}' appears twice "
                    f"(columns {index[key] + 1} and {i + 1})"
                )
            if key in OUTPUT_COLUMNS:
                raise PaycalcError(
                    f"{path}: line {lineno}: the input already has an output column "
                    f"'{name.strip()}' (is it the output of an earlier run?); rename or remove it"
                )
            index.setdefault(key, i)
        required = ("employee_id", "band") if need_id else ("band",)
        missing = [c for c in required if c not in index]
        if "point" not in index and "salary" not in index:
            missing.append("point' or 'salary")
        if missing:
            found = ", ".join(f"'{f.strip()}'" for f in fields)
            hint = (
                " (is it separated by ';' or tabs? paycalc reads commas)"
                if len(fields) == 1
                else ""
            )
            raise PaycalcError(
                f"{path}: line {lineno}: missing column '{missing[0]}'; "
                f"the header has {found}{hint}"
            )
        return cls(fields, index)

    def name(self, column: str) -> str:
        """The header text of a column we read ('' for the whole row)."""
        i = self.index.get(column)
        return self.header[i].strip() if i is not None else column

    def getter(self) -> Callable[[list[str]], tuple[str, ...]]:
        """Picks the person columns the file has, as written: the key of a row's position
        (a C-level itemgetter: it runs once per row)."""
        present = [self.index[c] for c in PERSON_COLUMNS if c in self.index]
        return itemgetter(*present)  # band and point or salary: always two or more

    def expand(self, key: tuple[str, ...]) -> tuple[str, str, str, str]:
        """(band, point, salary, fte) from a key; a column the file lacks reads as ''."""
        values = iter(key)
        band, point, salary, fte = (next(values) if c in self.index else "" for c in PERSON_COLUMNS)
        return band, point, salary, fte


def iter_people(path: Path | str) -> Iterator[tuple[int, PersonSpec | None, str | None]]:
    """Read a payroll CSV: (row number, person, None) or (row number, None, reason) per row.

    The row number is the line in the file where the row starts (the header is line 1); blank
    lines are skipped. Only the person columns are needed (employee_id is not), and rows are not
    checked against a scale, nor for duplicate ids: that needs a scheme (see `apply_payroll`).
    Raises PaycalcError when the file has no usable header.
    """
    path = Path(path)
    cache: dict[tuple[str, ...], tuple[PersonSpec | None, str | None]] = {}
    with open_text(path, detect_encoding(path)) as f:
        rows = records(f)
        columns = _header(rows, path, need_id=False)
        get = columns.getter()
        width = len(columns.header)
        for lineno, _text, fields in rows:
            if is_blank(fields):
                continue
            if len(fields) < width:
                fields = fields + [""] * (width - len(fields))
            key = get(fields)
            found = cache.get(key)
            if found is None:
                try:
                    found = (parse_position(*columns.expand(key)).person(), None)
                except RowError as e:
                    found = (None, f"{e.column}: {e.reason}")
                if len(cache) >= MAX_POSITIONS:
                    cache.clear()
                cache[key] = found
            yield lineno, found[0], found[1]


def _header(rows: Iterator[tuple[int, str, list[str]]], path: Path, *, need_id: bool) -> Columns:
    for lineno, _text, fields in rows:
        if not is_blank(fields):
            return Columns.from_header(fields, path, lineno, need_id=need_id)
    raise PaycalcError(f"{path}: the file is empty (no header row)")


# --- applying a scheme -------------------------------------------------------------------------


def default_rejects_path(output: Path) -> Path:
    """Where rejects go without --rejects: beside the output, OUT.rejects.csv."""
    return output.with_name(f"{output.stem}.rejects{output.suffix or '.csv'}")


@dataclass
class ApplyReport:
    """What a run did: the counts (rows in = written + rejected), the totals and the files."""

    scheme: str
    reference: str
    period: str
    illustrative: bool
    input: Path
    output: Path
    rejects: Path
    encoding: str
    counts: RunCounts = field(default_factory=RunCounts)
    summary: Summary = field(default_factory=Summary)

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTS if self.counts.rejected else EXIT_OK

    def to_dict(self) -> dict[str, object]:
        meta: dict[str, object] = {
            "scheme": self.scheme,
            "reference": self.reference,
            "period": self.period,
            "illustrative": self.illustrative,
            "input": str(self.input),
            "output": str(self.output),
            "rejects": str(self.rejects),
        }
        return summary_dict(meta, self.counts, self.summary)

    def doc(self) -> Doc:
        return summary_doc(self.to_dict())

    def line(self) -> str:
        """One line for the end of a run."""
        c = self.counts
        text = f"{c.written:,} of {c.read:,} rows applied to {self.output}"
        if c.rejected:
            text += f"; {c.rejected:,} rejected, see {self.rejects}"
        return text


def apply_payroll(
    scheme_ref: str,
    payroll: Path | str,
    output: Path | str,
    rejects: Path | str | None = None,
    *,
    registry: Registry | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ApplyReport:
    """Apply a scheme to every row of a payroll CSV; write the output and the rejects file.

    Both files are written to temporary files beside them and renamed only when the run is
    complete: an error or an interrupt leaves neither file behind (nor changed).

    Args:
        scheme_ref: a scheme id or a path to a scheme file.
        payroll: the input CSV; it is only read.
        output: the output CSV: every input column, then OUTPUT_COLUMNS.
        rejects: the rejects CSV (default: `default_rejects_path(output)`); always written, with
            only its header when every row was applied, so an old one never misleads.
        progress: called now and then with (bytes read, file size).

    Raises PaycalcError (exit 2) when the run cannot start: unknown or invalid scheme, unreadable
    input, a missing column, an output that would overwrite the input.
    """
    from paycalc.registry import Registry

    registry = registry or Registry.default()
    scheme = registry.scheme(scheme_ref)
    source, out_path, rej_path = _check_paths(payroll, output, rejects)
    encoding = detect_encoding(source)
    report = ApplyReport(
        scheme=scheme.id,
        reference=scheme.reference,
        period=f"{scheme.period.start} to {scheme.period.end}",
        illustrative=any(registry.scale(s).illustrative for s in scheme.scale_ids()),
        input=source,
        output=out_path,
        rejects=rej_path,
        encoding=encoding,
    )
    try:
        _run(report, Positions(scheme, registry, report.summary), progress)
    except OSError as e:
        # A full disk or a directory we may not write in: one line, and (as for any error)
        # no output, no rejects and no temporary file left behind.
        where = f"{e.filename}: " if e.filename else ""
        raise PaycalcError(f"{where}{e.strerror or e}; no output was written") from None
    return report


def _run(
    report: ApplyReport, positions: Positions, progress: Callable[[int, int], None] | None
) -> None:
    source, out_path, rej_path, encoding = (
        report.input,
        report.output,
        report.rejects,
        report.encoding,
    )
    out_encoding = output_encoding(encoding)
    with (
        open_text(source, encoding) as f,
        AtomicFile(out_path, out_encoding) as out,
        AtomicFile(rej_path, out_encoding) as rej,
    ):
        run = _Run(source, out_path.parent, f, out.file, rej.file, positions, report.counts)
        run.encoding = encoding
        run.progress = progress
        try:
            run.stream(count_lines(source))
            run.resolve_held()
        finally:
            run.close()
        positions.flush()
        c = report.counts
        c.written = report.summary.head_count
        if c.read != c.written + c.rejected:  # pragma: no cover - a guard, never expected
            raise PaycalcError(
                f"internal error: {c.read} rows read but {c.written} written and {c.rejected} "
                "rejected; no output was written"
            )
        commit_all([rej, out])


def _check_paths(
    payroll: Path | str, output: Path | str, rejects: Path | str | None
) -> tuple[Path, Path, Path]:
    source, out = Path(payroll), Path(output)
    rej = Path(rejects) if rejects is not None else default_rejects_path(out)
    if not source.is_file():
        raise PaycalcError(f"{source}: no such file")
    for target, what in ((out, "output"), (rej, "rejects")):
        if not target.parent.resolve().is_dir():
            raise PaycalcError(f"{what} directory {target.parent} does not exist")
        if target.is_dir():
            raise PaycalcError(f"{what} {target} is a directory; give a file name")
        if _same_file(target, source):
            raise PaycalcError(f"{what} {target} is the input file; paycalc never overwrites it")
    if _same_file(out, rej):
        raise PaycalcError(f"the output and the rejects file are both {out}")
    return source, out, rej


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)  # a hard link, or another name for the same file
    except OSError:
        return False


class _Run:
    """The streaming pass: each input row goes to the output, to the rejects, or (when its id's
    fingerprint was seen before) to a holding file checked exactly at the end."""

    def __init__(
        self,
        path: Path,
        work_dir: Path,
        f: IO[str],
        out: IO[str],
        rej: IO[str],
        positions: Positions,
        counts: RunCounts,
    ) -> None:
        self.path = path
        self.work_dir = work_dir
        self.f = f
        self.out = out
        self.rej_writer = csv.writer(rej, lineterminator="\r\n")
        self.cells_writer = csv.writer(out, lineterminator="")
        self.positions = positions
        self.counts = counts
        self.progress: Callable[[int, int], None] | None = None
        self.size = path.stat().st_size
        self.columns: Columns = Columns([], {})
        self.key_of: Callable[[list[str]], tuple[str, ...]] = tuple
        self.header_line = 0
        self.seen = SeenIds(0)  # replaced by a full-size table once ids come out of order
        self.in_order = True
        self.prev, self.prev_line = "", 0
        self.most_lines = 0
        self.held = HeldRows(work_dir)
        self.multiline = False
        self.encoding = "utf-8"

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
            raise PaycalcError(f"{self.path}: the file is empty (no header row)")
        self.columns = Columns.from_header(fields, self.path, lineno)
        self.header_line = lineno
        self.key_of = self.columns.getter()
        extra = ",".join(OUTPUT_COLUMNS)
        if any(map(str.startswith, fields, repeat(FORMULA_CHARS))):
            self.cells_writer.writerow([escape_cell(c) for c in fields])
            self.out.write("," + extra + "\r\n")
        else:
            self.out.write(f"{text},{extra}\r\n")
        self.rej_writer.writerow([*REJECT_COLUMNS, *(escape_cell(c) for c in fields)])
        return lineno

    # The loop is long because it is hot: every call or attribute lookup saved is saved a
    # million times. It takes the common row (no quotes, all its cells, a new id, a known
    # position) itself; `_row` does the same for any other row, and is the easier read.
    def stream(self, most_lines: int) -> None:
        f = self.f
        quoted = QuotedRecords(f)
        lineno = self.header(quoted)
        columns = self.columns
        width = len(columns.header)
        i_id = columns.index["employee_id"]
        key_of = self.key_of
        self.most_lines = most_lines
        # While each id sorts after the one before, none can repeat and no table is needed:
        # HR exports are usually in employee-number order. The first id out of order builds
        # the table (`_to_table`) and every later row uses it.
        in_order, prev, prev_line = True, "", 0
        table, mask = self.seen.table, self.seen.mask
        # Every `check` lines: progress, and a guard that the id table cannot fill up.
        check = max(1, min(_PROGRESS_EVERY, (capacity_for(most_lines) - most_lines) // 2))
        next_check = lineno + check
        cache_get = self.positions.by_text.get
        write = self.out.write
        # enumerate counts the lines this loop takes; a quoted field over several lines takes
        # more, counted in `extra`. The row number of a line is n + extra.
        extra = 0
        n = lineno
        for n, line in enumerate(f, lineno + 1):
            if n >= next_check:
                self._checkpoint(n + extra)
                next_check = n + check
            if '"' in line:
                fields, text, used = quoted.read(line, n + extra)
                self.in_order, self.prev, self.prev_line = in_order, prev, prev_line
                self._row(n + extra, text, fields, quoted=True)
                in_order, prev, prev_line = self.in_order, self.prev, self.prev_line
                table, mask = self.seen.table, self.seen.mask
                extra += used - 1
                continue
            text = line.rstrip("\r\n")
            fields = text.split(",")
            eid = fields[i_id].strip() if len(fields) == width else ""
            if not eid:
                # A short, long or blank row, or no id: the slow path sorts it out.
                self.in_order, self.prev, self.prev_line = in_order, prev, prev_line
                self._row(n + extra, text, fields)
                in_order, prev, prev_line = self.in_order, self.prev, self.prev_line
                table, mask = self.seen.table, self.seen.mask
                continue
            if in_order:
                if eid > prev:
                    prev, prev_line = eid, n + extra
                elif eid == prev:
                    self._repeat(n + extra, eid, prev_line, fields)
                    continue
                else:
                    in_order = False
                    self._to_table(n + extra)
                    table, mask = self.seen.table, self.seen.mask
            if not in_order:
                # SeenIds.add, inlined. A fingerprint seen before: the row is held.
                h = hash(eid)
                i = h & mask
                fp = h >> 34 or 1
                v = table[i]
                while v:
                    if v == fp:
                        break
                    i = (i + 1) & mask
                    v = table[i]
                if v:
                    self.held.add(n + extra, fields)
                    continue
                table[i] = fp
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
        if self.progress is not None:
            self.progress(self.size, self.size)

    def _to_table(self, lineno: int) -> None:
        """Switch from ids in order to the table: record every id before row `lineno`."""
        self.in_order = False
        self.seen = SeenIds(self.most_lines)
        for _row, eid in registered_ids(self._layout(), lineno - 1):
            self.seen.insert(eid)  # all different: they were in order

    def _is_repeat(self, lineno: int, eid: str, fields: list[str]) -> bool:
        """Whether `eid` repeats an earlier id: then the row is rejected, or held when that
        is only probable. The hot loop inlines this."""
        if self.in_order:
            if eid > self.prev:
                self.prev, self.prev_line = eid, lineno
                return False
            if eid == self.prev:
                self._repeat(lineno, eid, self.prev_line, fields)
                return True
            self._to_table(lineno)
        if self.seen.add(eid):
            self.held.add(lineno, fields)
            return True
        return False

    def _repeat(self, lineno: int, eid: str, first: int, fields: list[str]) -> None:
        reason = f"duplicate employee_id '{eid}': first on row {first}"
        self._reject(lineno, self.columns.name("employee_id"), reason, fields)

    def _checkpoint(self, lineno: int) -> None:
        if lineno > self.most_lines:
            raise PaycalcError(f"{self.path}: the file changed while it was being read")
        if self.progress is not None:
            self.progress(self.f.buffer.tell(), self.size)

    def _row(self, lineno: int, text: str, fields: list[str], *, quoted: bool = False) -> None:
        """One row, whatever its shape: the hot loop's work, step by step."""
        if is_blank(fields):
            self.counts.blank_lines += 1
            return
        width = len(self.columns.header)
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
        if self._is_repeat(lineno, eid, fields):
            return
        entry = self.positions.by_text.get(self.key_of(fields))
        if entry is None:
            entry = self._new_key(lineno, fields)
            if entry is None:
                return
        entry[1] += 1
        if quoted:
            if any(map(str.startswith, fields, repeat(FORMULA_CHARS))):
                self._write_escaped(fields, entry)
            else:
                self.out.write(text + entry[0])
        else:
            self._write_checked(text, fields, entry)

    def _new_key(self, lineno: int, fields: list[str]) -> Entry | None:
        """The entry of a position the cache does not hold; None when the row is rejected."""
        key = self.key_of(fields)
        found = self.positions.compute(key, self.columns.expand(key))
        if isinstance(found, RowError):
            self._reject(lineno, self.columns.name(found.column), found.reason, fields)
            return None
        return found

    def _write_checked(self, text: str, fields: list[str], entry: Entry) -> None:
        if text.startswith(_FORMULA_FIRST) or _FORMULA_AFTER_COMMA.search(text):
            self._write_escaped(fields, entry)
        else:
            self.out.write(text + entry[0])

    def _write_escaped(self, fields: list[str], entry: Entry) -> None:
        self.cells_writer.writerow([escape_cell(c) for c in fields])
        self.out.write(entry[0])

    def _reject(self, lineno: int, column: str, reason: str, fields: list[str]) -> None:
        self.rej_writer.writerow([lineno, column, reason, *(escape_cell(c) for c in fields)])
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
        """Remove the holding file, whatever happened."""
        self.held.close()
