"""Applying a scheme to a payroll CSV: new pay for each row, every bad row to a rejects file.

One pass over the input. Each row is checked with plain code; the figures of each distinct
position (band, point, salary, FTE as written) are computed once through `engine.run` and
`parity.figures` and kept as ready-made CSV text, so a million rows on a few hundred positions
cost about as much as copying the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from paycalc._csvio import detect_encoding, is_blank, normalise_header, open_text, records
from paycalc.errors import PaycalcError
from paycalc.model import PersonSpec
from paycalc.money import parse_decimal, parse_money

if TYPE_CHECKING:
    pass

__all__ = ["OUTPUT_COLUMNS", "iter_people", "parse_position"]

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

# A real payroll has a few hundred positions; a file of a million distinct salaries must still
# run in bounded memory, so the caches are emptied (their counts folded into the summary) when full.
MAX_POSITIONS = 20_000
MAX_RESULTS = 4_000

# A cell the fast path must look at: one that begins like a spreadsheet formula.
_FORMULA_START = re.compile(r"(?:^|,)[=+\-@\t\r]")
_DANGER = ("=", "+", "-", "@", "\t", "\r")
_POINT = re.compile(r"(\d+)(?:\.0*)?")


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

    def getter(self) -> Callable[[list[str]], tuple[str, ...]]:
        """Picks (band, point, salary, fte) as written; absent optional columns read as ''."""
        present = [self.index.get(c) for c in PERSON_COLUMNS]
        if all(i is not None for i in present):
            return itemgetter(*present)  # type: ignore[arg-type]
        return lambda row: tuple("" if i is None else row[i] for i in present)


class RowError(ValueError):
    """A payroll value that cannot be used; `column` names the column at fault."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


@dataclass(frozen=True)
class Position:
    """A person's place as parsed from one row: what `PersonSpec` holds, plus the salary a row
    gave alongside a point (the point wins; a salary that disagrees is noted)."""

    band: str
    point: int | str | None
    salary: Decimal | None
    fte: Decimal
    stated_salary: Decimal | None = None

    def person(self) -> PersonSpec:
        return PersonSpec(band=self.band, point=self.point, salary=self.salary, fte=self.fte)


def parse_position(band: str, point: str, salary: str, fte: str) -> Position:
    """Check the values of one row with plain code (no pydantic on the hot path).

    Raises RowError naming the column for a missing band, a point that is not a whole number
    from 1 or 'top', a salary that is not money, or an FTE outside (0, 1].
    """
    band = band.strip()
    if not band:
        raise RowError("band", "band is missing")
    point_value: int | str | None = None
    text = point.strip()
    if text:
        match = _POINT.fullmatch(text)
        if text.lower() == "top":
            point_value = "top"
        elif match and int(match.group(1)) >= 1:
            point_value = int(match.group(1))
        else:
            raise RowError("point", f"point '{text}' is not a whole number from 1, or 'top'")
    salary_value: Decimal | None = None
    if salary.strip():
        try:
            salary_value = parse_money(salary)
        except ValueError as e:
            raise RowError("salary", f"salary {e}") from None
    if point_value is None and salary_value is None:
        raise RowError("point", "no point and no salary: give one of them")
    fte_value = Decimal(1)
    if fte.strip():
        try:
            fte_value = parse_decimal(fte)
        except ValueError as e:
            raise RowError("fte", f"fte {e}") from None
        if not 0 < fte_value <= 1:
            raise RowError(
                "fte", f"fte {fte.strip()} is not above 0 and at most 1 (0.5 is half time)"
            )
    if point_value is not None:
        return Position(band, point_value, None, fte_value, stated_salary=salary_value)
    return Position(band, None, salary_value, fte_value)


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
                    found = (parse_position(*key).person(), None)
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
