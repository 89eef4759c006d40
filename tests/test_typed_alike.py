"""The payroll reader and the command line read what people type with one parser (`typed`):
a band, a point or an amount of money is accepted by both or refused by both, with the same
value; an FTE a payroll's FTE column accepts is the value the command line gives it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import click
from hypothesis import example, given
from hypothesis import strategies as st

from paycalc.cli.options import BandType, FteType, MoneyType, PointType
from paycalc.limits import MAX_PLACES
from paycalc.payroll.rows import Position, RowError, parse_position


def typed_option(kind: click.ParamType, text: str) -> Any:
    """The option's value, or None when the command line refuses it."""
    try:
        return kind.convert(text, None, None)
    except click.BadParameter:
        return None


def payroll(band: str = "3", point: str = "", salary: str = "", fte: str = "") -> Position | None:
    """The row's position, or None when the payroll reader leaves the row out."""
    try:
        return parse_position(band, point, salary, fte)
    except RowError:
        return None


def spelled(*pieces: str) -> st.SearchStrategy[str]:
    """Text made of the pieces people type, in any order: near misses as well as hits."""
    return st.lists(st.sampled_from(pieces), max_size=5).map("".join)


BANDS = spelled("Band", "band", " ", "-", "_", ":", "3", "4", "PSO", "width", "\t")
POINTS = spelled("1", "0", "3", "12", ".", "0", "top", "TOP", " ", "-", "x", "e")
MONEY = spelled("£", "24", ",", "300", ".", "00", "5", "-", " ", "1e3", "x", "0.001")
FTES = spelled("0", ".", "6", "60", "1", "%", " ", "-", "5", "100", "e", "x")


@given(BANDS)
@example("Band 3")
@example("Bandwidth")
@example("")
def test_a_band_means_the_same_typed_and_in_a_payroll(text: str) -> None:
    row = payroll(band=text, point="1")
    assert typed_option(BandType(), text) == (row.band if row else None)


@given(POINTS)
@example("3.0")
@example("top")
@example("0")
def test_a_point_means_the_same_typed_and_in_a_payroll(text: str) -> None:
    row = payroll(point=text)
    assert typed_option(PointType(), text) == (row.point if row else None)


@given(MONEY)
@example("£24,300")
@example("24300.001")
@example("-5")
def test_an_amount_of_money_means_the_same_typed_and_in_a_payroll(text: str) -> None:
    row = payroll(salary=text)
    assert typed_option(MoneyType(), text) == (row.salary if row else None)


@given(FTES)
@example("0.6")
@example("60%")
@example("60")
@example("1.5")
@example(".0100100")
def test_an_fte_a_payroll_column_accepts_is_the_value_the_command_line_gives(text: str) -> None:
    row = payroll(point="1", fte=text)
    typed = typed_option(FteType(), text)
    expected = row.fte if row is not None else None
    if expected is not None and -int(expected.as_tuple().exponent) > MAX_PLACES:
        # every number option is bounded to MAX_PLACES decimal places; a payroll cell is not
        # (an export writes 16/30 hours as 0.533333333333333)
        expected = None
    if row is not None and text.strip():
        assert typed == expected
    if text.strip().endswith("%"):
        # written as a percentage, the two agree on every spelling; a bare number from 10 up is
        # a percentage on the command line only ('60'), since a payroll column of 60s could be
        # weekly hours: there it needs the '%' or a column named 'FTE %'
        assert typed == expected
    if row is not None and not text.strip():
        assert row.fte == Decimal(1)  # an empty FTE cell is full time
