"""Reading a payroll file's people, for `compare --payroll`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from paycalc.errors import PaycalcError
from paycalc.model import PersonSpec
from paycalc.payroll.columns import Columns
from paycalc.payroll.csvio import detect_encoding, is_blank, open_text, records
from paycalc.payroll.rows import RowError, parse_position

# A file of a million distinct positions must still be read in bounded memory.
MAX_POSITIONS = 20_000


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
        columns = first_header(rows, path, need_id=False)
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


def first_header(
    rows: Iterator[tuple[int, str, list[str]]], path: Path, *, need_id: bool
) -> Columns:
    for lineno, _text, fields in rows:
        if not is_blank(fields):
            return Columns.from_header(fields, path, lineno, need_id=need_id)
    raise PaycalcError(f"{path}: the file is empty (no header row)")
