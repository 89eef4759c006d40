"""One payroll row's person columns read with plain code (no pydantic on the hot path).

`apply`, `check` and `compare --payroll` all read a row's band, point, salary and FTE (and, for
--on-costs, its employer pension rate) through `parse_position`, which reads each through
`paycalc.typed`, as the command line does, so that a value means the same typed as an option
and written in a payroll.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeVar

from paycalc import typed
from paycalc.errors import PersonError
from paycalc.model import PersonSpec
from paycalc.money import HUNDRED, parse_decimal
from paycalc.typed import FteMode

# A payroll row's error is a person's error: one type, with the column at fault. The old name
# stays for the modules and scripts that import it.
RowError = PersonError
FORMULA_WITHOUT_VALUE = (
    "formula without a value: open and save the file in a spreadsheet program, or export values"
)
T = TypeVar("T")


@dataclass(frozen=True)
class Position:
    """A person's place as parsed from one row: what `PersonSpec` holds, plus the salary a row
    gave alongside a point (the point wins; a salary that disagrees is noted), and whether the
    FTE was written (a blank FTE reads as full time, which `check` and `apply` flag)."""

    band: str
    point: int | Literal["top"] | None
    salary: Decimal | None
    fte: Decimal
    stated_salary: Decimal | None = None
    pension_rate: Decimal | None = None  # the employer's, % of pay (a pension_rate column)
    fte_given: bool = True

    def person(self) -> PersonSpec:
        return PersonSpec(band=self.band, point=self.point, salary=self.salary, fte=self.fte)


def parse_position(
    band: str,
    point: str,
    salary: str,
    fte: str,
    pension_rate: str = "",
    *,
    fte_mode: FteMode = "fraction",
    full_time_hours: Decimal | None = None,
) -> Position:
    """A row's person columns read as the command line reads them (`paycalc.typed`), each
    refusal a RowError naming its column.

    Raises RowError for a missing band, a point that is not a whole number from 1 or 'top', a
    salary that is not money, or an FTE outside (0, 1].
    """
    if not band.strip():
        raise RowError("band is missing", "band")
    band_value = _read(typed.band, band, "band")
    point_value = _read(typed.point, point, "point") if point.strip() else None
    salary_value = _read(typed.money, salary, "salary", "salary ") if salary.strip() else None
    if point_value is None and salary_value is None:
        raise RowError("no point and no salary: give one of them", "point")
    given = bool(fte.strip())
    fte_value = Decimal(1)
    if given:
        try:
            fte_value = typed.fte(fte, fte_mode, full_time_hours)
        except ValueError as e:
            raise RowError(str(e), "fte") from None
    rate = parse_pension_rate(pension_rate) if pension_rate.strip() else None
    if point_value is not None:
        return Position(band_value, point_value, None, fte_value, salary_value, rate, given)
    return Position(band_value, None, salary_value, fte_value, None, rate, given)


def parse_pension_rate(text: str) -> Decimal:
    """An employer pension rate, % of pay, from 0 (not in the scheme) to 100: `29.6` or
    `29.6%`."""
    written = text.strip()
    try:
        value = parse_decimal(written.removesuffix("%"))
    except ValueError as e:
        raise RowError(f"pension_rate {e}", "pension_rate") from None
    if not 0 <= value <= HUNDRED:
        raise RowError(
            f"pension_rate {written} is not a percentage from 0 to 100 (29.6 for 29.6 %)",
            "pension_rate",
        )
    return value


def _read(parse: Callable[[str], T], text: str, column: str, prefix: str = "") -> T:
    try:
        return parse(text)
    except ValueError as e:
        raise RowError(f"{prefix}{e}", column) from None
