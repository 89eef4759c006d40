"""What people type: a band, a point, an FTE, an amount of money and a day, read the one way
the command line and the payroll reader both read them.

Each function takes text as typed or exported and returns the value, or raises ValueError
with one line that quotes the text and shows a spelling that works ("write 2021-03-31 or
31/03/2021"), for the caller to put in its own frame (click's "Invalid value for '--to'", a
payroll row's column).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Literal

from paycalc.errors import clip
from paycalc.limits import MAX_DIGITS, check_day
from paycalc.money import HUNDRED, parse_decimal, parse_money
from paycalc.printable import printable

Point = int | Literal["top"]
# How an FTE is written: a fraction ('0.6' or '60%'; a payroll's FTE column), a percentage
# ('60'; a column named 'FTE %'), weekly hours ('22.2' of the full-time hours), or as typed
# on the command line, where '0.6', '60%' and '60' are all 60 %.
FteMode = Literal["fraction", "percent", "hours", "typed"]

BAND_EXAMPLE = "e.g. 3"
MONEY_EXAMPLE = "e.g. £24,300 or 24300.00"
FTE_EXAMPLE = "e.g. 0.6, 60% or 60 for 60 %; 1 is full time"
DAY_EXAMPLE = "2021-03-31 or 31/03/2021"

# 'Band 3', 'band-3', 'BAND3' -> '3': the word is dropped only before a separator or a digit,
# so a band really named 'Bandwidth' would keep its name.
_BAND_WORD = re.compile(r"band(?:[\s_:\-]+|(?=\d))", re.IGNORECASE)
# A bare number typed as an FTE is a percentage from here ('60'); between 1 and this it is more
# likely a slip ('1.5' for 0.15 or 1.0) than a post of under a tenth of full time.
TYPED_PERCENT_FROM = 10
# '3', or '3.0' as a spreadsheet writes a whole number.
_POINT = re.compile(rf"(\d{{1,{MAX_DIGITS}}})(?:\.0*)?")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def band(text: str) -> str:
    """The band as a scale names it: spaces trimmed and a leading word 'Band' dropped
    ('Band 3' -> '3', 'PSO' -> 'PSO')."""
    text = text.strip()
    match = _BAND_WORD.match(text)
    name = text[match.end() :] if match and match.end() < len(text) else text
    if not name:
        raise _refused(f"give a band name, {BAND_EXAMPLE}")
    return name


def point(text: str) -> Point:
    """A point in a band: a whole number from 1 ('3', or '3.0' from a spreadsheet) or 'top'."""
    written = text.strip()
    if written.lower() == "top":
        return "top"
    match = _POINT.fullmatch(written)
    if match and int(match.group(1)) >= 1:
        return int(match.group(1))
    raise _refused(
        f"'{clip(written)}' is not a point: give a whole number from 1, or 'top' (e.g. 3)"
    )


def money(text: str) -> Decimal:
    """An amount of money, not negative, to the penny: '24300', '24,300.00', '£24,300'."""
    try:
        return parse_money(text)
    except ValueError as e:
        raise _refused(f"{e}: {MONEY_EXAMPLE}") from None


def fte(text: str, mode: FteMode = "typed", full_time_hours: Decimal | None = None) -> Decimal:
    """A full-time equivalent above 0 and at most 1, written as `mode` says (see FteMode). In a
    payroll's modes the messages start with the column ('fte 2 is not above 0 ...').

    'typed' reads '0.6', '60%' and '60' alike: a bare number from 10 up is a percentage (an FTE
    is never above 1, so nothing is read two ways; '1' is full time, '1%' is 0.01, and a bare
    number above 1 and below 10 is refused as a likely slip). A payroll
    column is stricter, since a column of '60's under 'FTE' could as well be hours: there a
    percentage needs a '%' or a column named 'FTE %'.
    """
    written = text.strip()
    percent = written.endswith("%")
    typed = mode == "typed"
    try:
        value = parse_decimal(written.removesuffix("%"))
    except ValueError as e:
        raise _refused(f"{e}: write an FTE, {FTE_EXAMPLE}" if typed else f"fte {e}") from None
    if mode == "hours" and not percent:
        if full_time_hours is None:
            raise _refused("weekly hours need the full-time hours (e.g. 37) to give an FTE")
        if not 0 < value <= full_time_hours:
            raise _refused(
                f"hours {written} are not above 0 and at most the full-time {full_time_hours}"
            )
        return value / full_time_hours
    if mode == "percent" and not percent:
        if 0 < value <= 1:
            # 0.6 in a percent column is far more likely 60 % written as a fraction than 0.6 %.
            raise _refused(
                f"fte {written} in a percent column: write 60 for 60 % (0.6 would be 0.6 %)"
            )
        percent = True
    if typed and not percent and value > 1:
        if value < TYPED_PERCENT_FROM:
            raise _refused(
                f"'{clip(written)}' is not an FTE: a bare number above 1 is a percentage, and "
                f"{written} % is not a likely one; write {written}% if it is meant (e.g. 0.6 "
                "or 60% for three-fifths time)"
            )
        percent = True
    if percent:
        value = value / HUNDRED
    if not 0 < value <= 1:
        if typed:
            raise _refused(f"'{clip(written)}' is not an FTE above 0 and at most 1: {FTE_EXAMPLE}")
        hint = " (0.5 is half time)" if percent or value <= 1 else " (0.5 or 50% is half time)"
        raise _refused(f"fte {written} is not above 0 and at most 1{hint}")
    return value


def day(text: str) -> date:
    """A day as 2021-03-31 or, as written in the UK, 31/03/2021 (day first); the year has four
    digits, so that '21' is never guessed to be 1921 or 2021."""
    written = text.strip()
    iso, uk = _ISO_DAY.fullmatch(written), _UK_DAY.fullmatch(written)
    if iso:
        year, month, mday = (int(g) for g in iso.groups())
    elif uk:
        mday, month, year = (int(g) for g in uk.groups())
    else:
        raise _refused(f"'{clip(written)}' is not a date: write {DAY_EXAMPLE}")
    try:
        found = date(year, month, mday)
    except ValueError:
        raise _refused(
            f"'{clip(written)}' is not a day of the calendar: write {DAY_EXAMPLE}"
        ) from None
    return check_day(found)


def _refused(message: str) -> ValueError:
    # One line whatever was typed: a line break or an escape in the text is shown escaped.
    return ValueError(printable(message))
