"""The columns of a payroll CSV: which header names paycalc reads, and where they are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from paycalc.errors import PaycalcError
from paycalc.payroll.csvio import normalise_header

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
