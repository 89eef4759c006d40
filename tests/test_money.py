"""Money is Decimal, rounded half up to the penny, parsed from what payroll exports contain."""

from __future__ import annotations

from decimal import Decimal

import pytest

from paycalc.money import (
    fmt_money,
    fmt_pct,
    fmt_pounds,
    parse_decimal,
    parse_money,
    pct_change,
    percent_of,
    to_penny,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004999", "0.00"),
        ("2.675", "2.68"),
        ("-0.005", "-0.01"),
        ("1", "1.00"),
    ],
)
def test_to_penny_rounds_half_up_not_to_even(value: str, expected: str) -> None:
    assert to_penny(Decimal(value)) == Decimal(expected)


def test_percent_of_rounds_once_to_the_penny() -> None:
    assert percent_of(Decimal("24680.00"), Decimal("2.5")) == Decimal("617.00")
    assert percent_of(Decimal("19977"), Decimal("3")) == Decimal("599.31")
    assert percent_of(Decimal("22111"), Decimal("2.5")) == Decimal("552.78")  # 552.775 rounds up


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£29,180.00", "29180.00"),
        (" 29180 ", "29180.00"),
        ("£ 1,234,567.5", "1234567.50"),
        ("0", "0.00"),
        ("29180.10", "29180.10"),
    ],
)
def test_parse_money_accepts_what_payroll_exports_contain(text: str, expected: str) -> None:
    assert parse_money(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["1e3", "inf", "NaN", "29,18", "abc", "", "£", "1.2.3", "-5", "10.001", "12,34,567"]
)
def test_parse_money_refuses_anything_that_is_not_plain_money(text: str) -> None:
    with pytest.raises(ValueError):
        parse_money(text)


def test_parse_decimal_keeps_the_written_digits() -> None:
    assert parse_decimal("2.50") == Decimal("2.50")
    assert str(parse_decimal("2.50")) == "2.50"


def test_pct_change_is_two_decimals_half_up_and_zero_safe() -> None:
    assert pct_change(Decimal("25381"), Decimal("24680")) == Decimal("2.84")
    assert pct_change(Decimal("1"), Decimal("0")) == Decimal("0.00")
    assert pct_change(Decimal("100.125"), Decimal("100")) == Decimal("0.13")


def test_formats_for_machines_and_people() -> None:
    assert fmt_money(Decimal("200")) == "200.00"
    assert fmt_pounds(Decimal("29180")) == "£29,180.00"
    assert fmt_pounds(Decimal("-12.5")) == "-£12.50"


def test_only_one_pound_sign_is_allowed() -> None:
    # "££5" is a typo, not five pounds: only the first £ is taken off
    with pytest.raises(ValueError, match="'££5' is not a number"):
        parse_money("££5")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,34", "'12,34' is not a number (misplaced thousands separator)"),
        (" abc ", "'abc' is not a number"),
        ("-5", "'-5' is negative"),
        ("10.001", "'10.001' has fractions of a penny"),
    ],
)
def test_a_bad_amount_is_refused_with_a_message_naming_it(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_money(text)
    assert str(caught.value) == message


def test_zero_and_pennies_are_written_without_a_minus_sign() -> None:
    assert fmt_pounds(Decimal("0")) == "£0.00"
    assert fmt_pounds(Decimal("0.5")) == "£0.50"
    assert fmt_pounds(Decimal("-0.01")) == "-£0.01"


def test_a_percentage_is_written_with_two_decimals_rounded_half_up() -> None:
    assert fmt_pct(Decimal("2.845")) == "2.85"
    assert fmt_pct(Decimal("5")) == "5.00"
    assert fmt_pct(Decimal("-2.3256")) == "-2.33"


def test_twelve_digits_before_the_point_are_money_thirteen_are_refused() -> None:
    # 999,999,999,999.99 has 12 digits before the point; 1,000,000,000,000 has 13
    assert parse_money("999999999999.99") == Decimal("999999999999.99")
    with pytest.raises(ValueError) as caught:
        parse_money("1000000000000")
    assert (
        str(caught.value) == "'1000000000000' is too large (more than 12 digits before the point)"
    )
