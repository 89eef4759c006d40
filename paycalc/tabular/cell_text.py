"""A workbook cell's text as Excel shows it, and the value and number format it carries.

Cells are read as Excel displays them, so a payroll read from a workbook gives the same text as
the same payroll saved as CSV: a salary formatted `#,##0.00` keeps its pence (a formula's
29909.499999999996 reads 29909.50), a percentage-formatted FTE of 0.6 reads `60%`, a date reads
2020-04-01. A number, date or boolean cell's text carries its value and number format
(`TypedText`), so `apply -o OUT.xlsx` writes it back as it came in.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

# A letter of a date or time in a number format, outside its literal text.
_DATE_FORMAT = re.compile(r"(?<![_\\])[dmyDMY]")
# A number format's literal text, colours and escapes, which show no digit.
_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')

# Excel shows at most 15 significant digits; a binary double's extra digits are noise.
_SIGNIFICANT = 15
# The largest number a cell can hold (a binary double's): beyond it a cell's text is no number,
# and its digits written out could run to gigabytes.
_LARGEST_DOUBLE = Decimal("1.7976931348623157e308")
_DECIMALS = re.compile(r"0\.(0+)")


class TypedText(str):
    """A workbook cell's text as Excel shows it (what every reader of a payroll sees), carrying
    the cell's value and number format, so that a workbook written from it keeps the cell as it
    came in: a number stays a number, a date a date, each with its format. A cell of text is a
    plain `str` (so an id of 00123 stays text); a CSV never makes one of these."""

    value: int | Decimal | dt.datetime | bool
    number_format: str


def typed_text(text: str, value: int | Decimal | dt.datetime | bool, number_format: str) -> str:
    cell = TypedText(text)
    cell.value, cell.number_format = value, number_format
    return cell


def display_text(value: object, number_format: str | None = "General") -> str:
    """A cell's value as Excel shows it, without thousands separators or currency signs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, float):
        value = Decimal(repr(value))
    if not isinstance(value, Decimal):
        return str(value)
    value = _significant(value)
    fmt = (number_format or "General").split(";")[0]
    percent = "%" in fmt
    if percent:
        value *= 100
    places = _places(fmt)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{value:f}"
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")  # General shows 29180, not 29180.0
    return text + "%" if percent else text


def _significant(value: Decimal) -> Decimal:
    if not value:
        return Decimal(0)
    exponent = value.adjusted() - _SIGNIFICANT + 1
    return value.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP)


def _places(fmt: str) -> int | None:
    """Decimal places a number format shows ('#,##0.00' -> 2, '0%' -> 0), None for General."""
    if fmt == "General" or "0" not in fmt:
        return None
    body = _LITERALS.sub("", fmt)
    match = _DECIMALS.search(body)
    return len(match.group(1)) if match else 0


def stored_number(value: str) -> Decimal:
    """A number cell's stored text ('29909.499999999996', the shortest text of a binary double)
    as a Decimal, exactly: a workbook written from it keeps it as it came in, and its text
    (`display_text`) is what Excel shows, 15 significant digits."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"a number cell holds {value[:20]!r}") from None
    # (`adjusted`, the power of ten, is read without arithmetic, which a huge exponent traps)
    if not number.is_finite() or number.adjusted() > 308 or number.copy_abs() > _LARGEST_DOUBLE:
        raise ValueError(f"a number cell holds {value[:20]!r}, which no spreadsheet stores")
    if number.adjusted() < -324:  # below the smallest double: a spreadsheet holds 0
        return Decimal(0)
    return number


def is_date_format(fmt: str) -> bool:
    """Whether a number format shows a date or time (its first section, literal text aside)."""
    return fmt != "General" and bool(_DATE_FORMAT.search(_LITERALS.sub("", fmt.split(";")[0])))


def day_and_time(epoch: dt.datetime, serial: int | Decimal) -> dt.datetime | None:
    """The moment a date cell's serial stands for: whole days after the workbook's epoch, the
    fraction the time of day, to the second; None past year 9999 or before year 1."""
    days = int(serial)
    # rounded to the microsecond half to even, as timedelta rounds a fraction of a day
    fraction = Decimal(serial - days) * 86_400_000_000
    microseconds = int(fraction.to_integral_value(ROUND_HALF_EVEN))
    try:
        return (epoch + dt.timedelta(days=days, microseconds=microseconds)).replace(microsecond=0)
    except OverflowError:
        return None
