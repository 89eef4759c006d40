"""The columns of a payroll file: which header names paycalc reads, and where they are.

HR systems export their own names (`Emp No`, `Grade`, `Spinal Point`, `Annual Salary`, `FTE %`).
Each column paycalc reads has a list of names it is known by; `--columns role=NAME,...` maps any
other. Names are compared after `normalise_header`, so case, spaces, hyphens, dots and a `%` sign
written with or without spaces do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Literal

from paycalc.errors import PaycalcError

OUTPUT_COLUMNS = (
    "new_band",
    "new_point",
    "protected",
    "placed_by",
    "effective_from",
    "back_pay",
    "new_salary",
    "new_full_time_salary",
    "consolidated_increase",
    "consolidated_increase_pct",
    "unconsolidated",
    "total_increase_pct",
    "reference_salary",
    "parity_gap",
    "parity_gap_pct",
    "notes",
    "flags",
)
# Output columns an HR export may well have of its own (a free-text Notes, a Protected flag, an
# HR system's Flags): then paycalc's is written as paycalc_<name> beside it. The other output
# names are paycalc's alone, so an input holding one is an earlier run's output, which must not
# be given an award twice.
SHARED_NAMES = frozenset({"protected", "effective_from", "back_pay", "notes", "flags"})
OWN_PREFIX = "paycalc_"
# Output columns that hold money or a percentage (written as numbers in a workbook).
MONEY_COLUMNS = frozenset(
    {
        "back_pay",
        "new_salary",
        "new_full_time_salary",
        "consolidated_increase",
        "unconsolidated",
        "reference_salary",
        "parity_gap",
    }
)
PCT_COLUMNS = frozenset({"consolidated_increase_pct", "total_increase_pct", "parity_gap_pct"})
REJECT_COLUMNS = ("row", "column", "reason")
# A position's columns; `pension_rate` (the employer's, % of pay) only for --on-costs.
PERSON_COLUMNS = ("band", "point", "salary", "fte", "pension_rate")
ROLES = ("employee_id", *PERSON_COLUMNS, "hours", "actual_pay")

# The names each column is known by, normalised. A common export name belongs here only when it
# cannot mean anything else (`Salary` alone is taken as the full-time salary, as HMPPS used it).
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee_id",
        "id",
        "emp_no",
        "emp_id",
        "employee_no",
        "employee_number",
        "staff_id",
        "staff_no",
        "staff_number",
        "payroll_no",
        "payroll_number",
        "person_number",
    ),
    "band": ("band", "grade", "pay_band", "pay_grade"),
    "point": ("point", "spinal_point", "spine_point", "scp", "pay_point"),
    "salary": ("salary", "annual_salary", "full_time_salary", "fte_salary", "basic_salary"),
    "fte": ("fte", "fte_pct", "fte_percent", "fte_percentage", "full_time_equivalent"),
    "hours": ("hours", "contracted_hours", "weekly_hours", "hours_per_week", "contract_hours"),
    # Only `paycalc check` reads it (against salary x FTE); `apply` copies it through.
    "actual_pay": ("actual_pay", "actual_salary", "pro_rata_salary", "actual_annual_salary"),
    # The employer's contribution, % of pensionable pay: read only for --on-costs (else copied).
    "pension_rate": ("pension_rate", "employer_pension_rate", "employer_pension_pct"),
}
_ROLE_OF = {name: role for role, names in ALIASES.items() for name in names}

FteMode = Literal["fraction", "percent", "hours"]


def normalise_header(name: str) -> str:
    """'  Employee ID ' -> 'employee_id', 'FTE %' -> 'fte_pct', 'Emp. No.' -> 'emp_no'."""
    text = name.replace("\ufeff", "").strip().lower().replace("%", " pct ")
    return re.sub(r"[^0-9a-z]+", "_", text.replace(".", " ")).strip("_")


def parse_column_map(text: str) -> dict[str, str]:
    """`employee_id="Emp No",band=Grade` -> {'employee_id': 'Emp No', 'band': 'Grade'}.

    A name may be quoted (double quotes) to hold a comma or an equals sign.
    """
    mapping: dict[str, str] = {}
    for item in _split_outside_quotes(text):
        role, sep, name = item.partition("=")
        role = normalise_header(role)
        name = name.strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = name[1:-1]
        if not sep or not name:
            raise PaycalcError(f"--columns: '{item.strip()}' is not ROLE=NAME (e.g. band=Grade)")
        if role not in ROLES:
            raise PaycalcError(
                f"--columns: '{role}' is not a column paycalc reads; give one of {', '.join(ROLES)}"
            )
        mapping[role] = name
    return mapping


def _split_outside_quotes(text: str) -> list[str]:
    items, current, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [i for i in items if i.strip()]


@dataclass(frozen=True)
class ColumnSpec:
    """What the user said about columns: a `--columns` map and `--full-time-hours`."""

    names: Mapping[str, str] = field(default_factory=dict)
    full_time_hours: Decimal | None = None
    pension_rate: bool = False  # read a pension_rate column (--on-costs)


@dataclass(frozen=True)
class Columns:
    """Where each column we read sits in the header, and how its FTE is written."""

    header: list[str]
    index: dict[str, int]
    fte_mode: FteMode = "fraction"
    full_time_hours: Decimal | None = None

    @classmethod
    def from_header(
        cls,
        fields: list[str],
        path: Path | str,
        lineno: int = 1,
        *,
        need_id: bool = True,
        spec: ColumnSpec | None = None,
    ) -> Columns:
        spec = spec or ColumnSpec()
        where = f"{path}: line {lineno}"
        normal = [normalise_header(f) for f in fields]
        for i, key in enumerate(normal):
            if (key in OUTPUT_COLUMNS and key not in SHARED_NAMES) or (
                key.startswith(OWN_PREFIX) and key[len(OWN_PREFIX) :] in OUTPUT_COLUMNS
            ):
                raise PaycalcError(
                    f"{where}: the input already has an output column '{fields[i].strip()}' "
                    "(is it the output of an earlier run?); rename or remove it"
                )
        index: dict[str, int] = {}
        for role, name in spec.names.items():
            wanted = normalise_header(name)
            at = [i for i, key in enumerate(normal) if key == wanted]
            if not at:
                raise PaycalcError(
                    f"{where}: --columns {role}={name}: no such column; "
                    f"the header has {_listing(fields)}"
                )
            if len(at) > 1:
                raise PaycalcError(
                    f"{where}: --columns {role}={name}: columns "
                    f"{' and '.join(str(i + 1) for i in at)} ({_listing([fields[i] for i in at])})"
                    " are both read as that name; rename one in the file"
                )
            other = next((r for r, i in index.items() if i == at[0]), None)
            if other is not None:
                raise PaycalcError(
                    f"{where}: --columns maps column '{fields[at[0]].strip()}' to both {other} "
                    f"and {role}; a column is read for one role"
                )
            index[role] = at[0]
        taken = set(index.values())
        for i, key in enumerate(normal):
            known = _ROLE_OF.get(key)
            if known is None or known in spec.names or i in taken:
                continue
            role = known
            if role in index:
                raise PaycalcError(
                    f"{where}: columns {index[role] + 1} ('{fields[index[role]].strip()}') and "
                    f"{i + 1} ('{fields[i].strip()}') both read as '{role}'; say which with "
                    f'--columns {role}="NAME"'
                )
            index[role] = i
        if not spec.pension_rate and "pension_rate" in spec.names:
            raise PaycalcError(
                f"--columns pension_rate={spec.names['pension_rate']}: the employer pension "
                "rate is read only with --on-costs"
            )
        if not spec.pension_rate:
            index.pop("pension_rate", None)  # copied through, not read
        mode: FteMode = "fraction"
        if "fte" in index:
            if normal[index["fte"]].endswith(("_pct", "percent", "percentage")):
                mode = "percent"
            index.pop("hours", None)  # an hours column beside an FTE is only copied through
        elif "hours" in index:
            if spec.full_time_hours is None:
                raise PaycalcError(
                    f"{where}: the FTE comes from column '{fields[index['hours']].strip()}' "
                    "(weekly hours): give --full-time-hours (e.g. 37)"
                )
            mode = "hours"
            index["fte"] = index.pop("hours")
        required = ("employee_id", "band") if need_id else ("band",)
        missing = [c for c in required if c not in index]
        if "point" not in index and "salary" not in index:
            missing.append("point' or 'salary")
        if missing:
            hint = (
                " (is it separated by ';' or tabs? paycalc reads commas)"
                if len(fields) == 1
                else f'; name yours with --columns, e.g. --columns {missing[0]}="Your name"'
                if "'" not in missing[0]
                else ""
            )
            raise PaycalcError(
                f"{where}: missing column '{missing[0]}'; the header has {_listing(fields)}{hint}"
            )
        return cls(fields, index, mode, spec.full_time_hours)

    def renamed(self) -> dict[str, str]:
        """paycalc's output columns written under another name, because the input has a column
        of that name: {'notes': 'paycalc_notes'}."""
        have = {normalise_header(f) for f in self.header}
        return {c: OWN_PREFIX + c for c in OUTPUT_COLUMNS if c in have}

    def output_header(self) -> list[str]:
        """The header of the whole output row: the input's, then paycalc's columns."""
        renamed = self.renamed()
        return [*self.header, *(renamed.get(c, c) for c in OUTPUT_COLUMNS)]

    def name(self, column: str) -> str:
        """The header text of a column we read ('' for the whole row)."""
        i = self.index.get(column)
        return self.header[i].strip() if i is not None else column

    def role_at(self, i: int) -> str:
        """What column `i` is read as ('band'), or its header text when it is not read."""
        role = next((r for r, at in self.index.items() if at == i), None)
        return role if role is not None else self.header[i].strip() if i < len(self.header) else ""

    def used(self) -> dict[str, str]:
        """Which header column was read for what: {'band': 'Grade', 'fte': 'FTE % (percent)'}."""
        found: dict[str, str] = {}
        for role in ("employee_id", *PERSON_COLUMNS):
            if role in self.index:
                found[role] = self.header[self.index[role]].strip()
        if "fte" in found and self.fte_mode == "percent":
            found["fte"] += " (percent)"
        elif "fte" in found and self.fte_mode == "hours":
            found["fte"] += f" (hours of {self.full_time_hours})"
        return found

    def getter(self) -> Callable[[list[str]], tuple[str, ...]]:
        """Picks the person columns the file has, as written: the key of a row's position
        (a C-level itemgetter: it runs once per row)."""
        present = [self.index[c] for c in PERSON_COLUMNS if c in self.index]
        return itemgetter(*present)  # band and point or salary: always two or more

    def expand(self, key: tuple[str, ...]) -> tuple[str, str, str, str, str]:
        """(band, point, salary, fte, pension_rate) from a key; a column the file lacks (or
        that is not read) reads as ''."""
        values = iter(key)
        band, point, salary, fte, rate = (
            next(values) if c in self.index else "" for c in PERSON_COLUMNS
        )
        return band, point, salary, fte, rate


def _listing(fields: list[str]) -> str:
    return ", ".join(f"'{f.strip()}'" for f in fields)
