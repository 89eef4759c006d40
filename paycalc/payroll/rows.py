"""One payroll row's person columns read with plain code (no pydantic on the hot path)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from paycalc.model import PersonSpec
from paycalc.money import parse_decimal, parse_money

_POINT = re.compile(r"(\d+)(?:\.0*)?")


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
    point: int | Literal["top"] | None
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
    point_value: int | Literal["top"] | None = None
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
