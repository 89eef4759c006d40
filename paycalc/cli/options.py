"""Options shared by several commands, each defined once (as pip-tools does)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    _ParamType = click.ParamType[Any, Any]
else:  # click before 8.2 has no type parameters at run time
    _ParamType = click.ParamType


class PointType(_ParamType):
    """A point number (1 is the bottom of the band) or 'top'."""

    name = "N|top"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int) or value == "top":
            return value
        text = str(value).strip().lower()
        if text == "top":
            return "top"
        if text.isdigit() and int(text) >= 1:
            return int(text)
        self.fail(f"'{value}' is not a point: give a whole number from 1, or 'top'", param, ctx)


class MoneyType(_ParamType):
    """An amount of money such as 29180, 29180.00 or £29,180."""

    name = "AMOUNT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from paycalc.money import parse_money

        if isinstance(value, Decimal):
            return value
        try:
            return parse_money(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)


class FteType(_ParamType):
    """A full-time equivalent above 0 and at most 1."""

    name = "FTE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from paycalc.money import parse_decimal

        try:
            fte = value if isinstance(value, Decimal) else parse_decimal(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)
        if not 0 < fte <= 1:
            self.fail(f"{value} is not an FTE: give a number above 0 and at most 1", param, ctx)
        return fte


band = click.option("--band", "-b", help="Pay band name, e.g. 3.")
point = click.option(
    "--point", "-p", type=PointType(), help="Point in the band: a number or 'top'."
)
salary = click.option(
    "--salary",
    "-s",
    type=MoneyType(),
    help="Full-time (37-hour) annual salary, instead of --point.",
)
fte = click.option(
    "--fte",
    type=FteType(),
    default="1",
    show_default=True,
    help="Full-time equivalent, above 0 and at most 1.",
)
against = click.option(
    "--against",
    metavar="SCALE",
    help="Reference scale id or path (default: the scheme's own reference).",
)
output = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)

# parity.PARITY_RULES's names, written here so that `--help` does not import the engine (a test
# checks the two agree).
PARITY_NAMES = ("transfer", "same-point")
parity = click.option(
    "--parity",
    type=click.Choice(PARITY_NAMES),
    default="transfer",
    show_default=True,
    help="How the NPS salary compared with is chosen: 'transfer', the point HMPPS moved staff to "
    "(next at or above their salary); 'same-point', the same point number, capped at the top.",
)
