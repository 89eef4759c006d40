"""The bounds input is held to: what pay can be, far inside what Decimal, int() and date allow,
so a hostile number or date is one clear problem instead of an exception deep in a sum."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# Digits before the point in any number read from input. A trillion pounds is far beyond any pay
# figure, and it keeps every sum and rounding inside Decimal's 28 digits (a 27-digit salary made
# quantize() raise InvalidOperation) and every point inside int()'s 4,300 digits.
MAX_DIGITS = 12

# The years a date may be in, in a file or on the command line: wide for pay rounds, and far
# enough inside Python's years 1 to 9999 that a day or a year either side always exists.
FIRST_YEAR, LAST_YEAR = 1900, 2099


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
