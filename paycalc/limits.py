"""The bounds input is held to: what pay can be, far inside what Decimal, int() and date allow,
so a hostile number or date is one clear problem instead of an exception deep in a sum."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # decimal is imported by what reads numbers; a warm `list` reads none
    from datetime import date
    from decimal import Decimal

# Digits before the point in any number read from input. A trillion pounds is far beyond any pay
# figure, and it keeps every sum and rounding inside Decimal's 28 digits (a 27-digit salary made
# quantize() raise InvalidOperation) and every point inside int()'s 4,300 digits.
MAX_DIGITS = 12

# The years a date may be in, in a file or on the command line: wide for pay rounds, and far
# enough inside Python's years 1 to 9999 that a day or a year either side always exists.
FIRST_YEAR, LAST_YEAR = 1900, 2099

# Excel's limits on a sheet (Microsoft's "Excel specifications and limits"): rows, the header's
# included, columns, and characters in a cell. A workbook paycalc reads or writes keeps to them.
SHEET_ROWS, SHEET_COLUMNS, CELL_CHARACTERS = 1_048_576, 16_384, 32_767


# How many steps, examples, bands and points a file may hold. The bundled files have at most 5
# steps, 10 examples, 6 bands, 20 points in a band and 93 in a scale: these are 5 to 20 times
# that, and keep a run's work bounded (each person goes through every step; compare runs every
# point of every band; validate every example), where a 310 KB file of 4,000 steps took 31 s and
# 1.7 GB to apply to 200 rows.
MAX_STEPS = 100
MAX_EXAMPLES = 200
MAX_BANDS = 50
MAX_POINTS = 100  # in one band
MAX_SCALE_POINTS = 1000  # in all the bands of a scale

# Decimal places of a number given on the command line (an FTE such as 0.666667, hours such as
# 22.5): enough for any real figure, and no 30-digit fraction is carried through the sums.
MAX_PLACES = 6

# Weekly hours of a full-time post: above 0 and at most the hours in a week.
WEEK_HOURS = 168


def check_size(value: Decimal, shown: str) -> None:
    """Refuse a number with more than MAX_DIGITS digits before the point (ValueError)."""
    if value.adjusted() >= MAX_DIGITS:
        raise ValueError(f"'{shown}' is too large (more than {MAX_DIGITS} digits before the point)")


def check_day(day: date) -> date:
    """Refuse a date outside FIRST_YEAR to LAST_YEAR (ValueError)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


# The largest scheme or scale file read, in bytes. The largest bundled file is a few KB; a
# scheme of every step a real pay round has is far below this. The size is checked by stat
# before a file is opened for reading, and at most one byte more is ever read.
MAX_FILE_BYTES = 1_048_576


def check_option(
    value: Decimal, shown: str, what: str, low: Decimal, high: Decimal, *, above: bool = False
) -> Decimal:
    """The one check of a number given on the command line, for every option that takes one
    (`cli/options.py`): finite, at most MAX_DIGITS digits before the point and MAX_PLACES after
    it, and from `low` (above it, if `above`) to `high`. ValueError with one line otherwise."""
    if not value.is_finite():
        raise ValueError(f"'{shown}' is not a number")
    check_size(value, shown)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_PLACES:
        raise ValueError(f"'{shown}' has more than {MAX_PLACES} decimal places")
    if value < low or (above and value == low) or value > high:
        start = "above" if above else "at least"
        raise ValueError(f"{shown} is not {what}: give a number {start} {low} and at most {high}")
    return value
