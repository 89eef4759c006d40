"""Money and percentages as Decimal: rounding to the penny, parsing "£29,180.00", formatting."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from paycalc.errors import clip
from paycalc.limits import check_size

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

# Plain decimal notation only: an exponent ("1e3") or "inf" in a pay figure is a typo, not money.
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def to_penny(value: Decimal) -> Decimal:
    """Round to the penny, half up, as a payslip does."""
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def to_pct(value: Decimal) -> Decimal:
    """Round a percentage to two decimals, half up."""
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """`percent` % of `amount`, rounded to the penny."""
    return to_penny(amount * percent / HUNDRED)


def pct_change(new: Decimal, old: Decimal) -> Decimal:
    """(new - old) / old as a percentage, two decimals; 0 when old is 0."""
    if old == 0:
        return ZERO
    return to_pct((new - old) * HUNDRED / old)


def parse_decimal(text: str) -> Decimal:
    """Parse a number written in plain decimal notation, with optional '£', thousands separators
    and surrounding spaces. Raises ValueError with a message fit for a user."""
    shown = clip(text.strip())
    s = text.strip().replace("£", "", 1).strip()
    if "," in s:
        if not _THOUSANDS.match(s):
            raise ValueError(f"'{shown}' is not a number (misplaced thousands separator)")
        s = s.replace(",", "")
    if not _PLAIN.match(s):
        raise ValueError(f"'{shown}' is not a number")
    try:
        value = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the pattern above already excludes these
        raise ValueError(f"'{shown}' is not a number") from None
    check_size(value, shown)
    return value


def parse_money(text: str) -> Decimal:
    """Parse a non-negative amount of money ("£29,180.00", "29180") to the penny."""
    value = parse_decimal(text)
    if value < 0:
        raise ValueError(f"'{clip(text.strip())}' is negative")
    if value != value.quantize(PENNY):
        raise ValueError(f"'{clip(text.strip())}' has fractions of a penny")
    return value.quantize(PENNY)


def fmt_money(value: Decimal) -> str:
    """Plain two-decimal form for JSON and CSV: '29180.00'."""
    return str(to_penny(value))


def fmt_pounds(value: Decimal) -> str:
    """Human form for tables: '£29,180.00', '-£12.50'."""
    v = to_penny(value)
    sign = "-" if v < 0 else ""
    return f"{sign}£{abs(v):,.2f}"


def fmt_pct(value: Decimal) -> str:
    """Two-decimal percentage string without the sign: '2.84'."""
    return str(to_pct(value))
