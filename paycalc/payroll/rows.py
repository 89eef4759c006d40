"""One payroll row's person columns read with plain code (no pydantic on the hot path).

The rules here are the only ones: `apply`, `check` and `compare --payroll` all read a row's
band, point, salary and FTE (and, for --on-costs, its employer pension rate) through
`parse_position`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from paycalc.errors import PersonError, clip
from paycalc.limits import MAX_DIGITS
from paycalc.model import PersonSpec
from paycalc.money import HUNDRED, parse_decimal, parse_money

# A payroll row's error is a person's error: one type, with the column at fault. The old name
# stays for the modules and scripts that import it.
RowError = PersonError
# What a workbook's reader gives for a formula cell without a value: its row is rejected.
NO_VALUE = "\x00formula without a value"
FORMULA_WITHOUT_VALUE = (
    "formula without a value: open and save the file in a spreadsheet program, or export values"
)

_POINT = re.compile(rf"(\d{{1,{MAX_DIGITS}}})(?:\.0*)?")
# 'Band 3', 'band-3', 'BAND3' -> '3': the word is dropped only before a separator or a digit,
# so a band really named 'Bandwidth' would keep its name.
_BAND_WORD = re.compile(r"band(?:[\s_:\-]+|(?=\d))", re.IGNORECASE)


def band_name(text: str) -> str:
    """The band as the scale names it: spaces trimmed and a leading word 'Band' dropped."""
    text = text.strip()
    match = _BAND_WORD.match(text)
    return text[match.end() :] if match and match.end() < len(text) else text


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
    fte_mode: str = "fraction",
    full_time_hours: Decimal | None = None,
) -> Position:
    """Check the values of one row with plain code (no pydantic on the hot path).

    Raises RowError naming the column for a missing band, a point that is not a whole number
    from 1 or 'top', a salary that is not money, or an FTE outside (0, 1].
    """
    band = band_name(band)
    if not band:
        raise RowError("band is missing", "band")
    point_value: int | Literal["top"] | None = None
    text = point.strip()
    if text:
        match = _POINT.fullmatch(text)
        if text.lower() == "top":
            point_value = "top"
        elif match and int(match.group(1)) >= 1:
            point_value = int(match.group(1))
        else:
            raise RowError(f"point '{clip(text)}' is not a whole number from 1, or 'top'", "point")
    salary_value: Decimal | None = None
    if salary.strip():
        try:
            salary_value = parse_money(salary)
        except ValueError as e:
            raise RowError(f"salary {e}", "salary") from None
    if point_value is None and salary_value is None:
        raise RowError("no point and no salary: give one of them", "point")
    given = bool(fte.strip())
    fte_value = parse_fte(fte, fte_mode, full_time_hours) if given else Decimal(1)
    rate = parse_pension_rate(pension_rate) if pension_rate.strip() else None
    if point_value is not None:
        return Position(band, point_value, None, fte_value, salary_value, rate, given)
    return Position(band, None, salary_value, fte_value, None, rate, given)


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


def parse_fte(text: str, mode: str = "fraction", full_time_hours: Decimal | None = None) -> Decimal:
    """An FTE above 0 and at most 1, from a fraction (`0.6`), a percentage (`60%`, or `60` in
    a column named `FTE %`) or weekly hours (`22.2` of `full_time_hours`)."""
    written = text.strip()
    percent = written.endswith("%")
    try:
        value = parse_decimal(written.removesuffix("%"))
    except ValueError as e:
        raise RowError(f"fte {e}", "fte") from None
    if mode == "hours" and not percent:
        assert full_time_hours is not None  # Columns requires it for an hours column
        if not 0 < value <= full_time_hours:
            raise RowError(
                f"hours {written} are not above 0 and at most the full-time {full_time_hours}",
                "fte",
            )
        return value / full_time_hours
    if mode == "percent" and not percent:
        if 0 < value <= 1:
            # 0.6 in a percent column is far more likely 60 % written as a fraction than 0.6 %.
            raise RowError(
                f"fte {written} in a percent column: write 60 for 60 % (0.6 would be 0.6 %)",
                "fte",
            )
        percent = True
    if percent:
        value = value / HUNDRED
    if not 0 < value <= 1:
        hint = " (0.5 is half time)" if percent or value <= 1 else " (0.5 or 50% is half time)"
        raise RowError(f"fte {written} is not above 0 and at most 1{hint}", "fte")
    return value
