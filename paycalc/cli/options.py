"""Options shared by several commands, each defined once (as pip-tools does)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from datetime import date, datetime

    _ParamType = click.ParamType[Any, Any]
else:  # click before 8.2 has no type parameters at run time
    _ParamType = click.ParamType


class PointType(_ParamType):
    """A point number (1 is the bottom of the band) or 'top'."""

    name = "N|top"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int) or value == "top":
            return value
        from paycalc.errors import clip
        from paycalc.limits import MAX_DIGITS

        text = str(value).strip().lower()
        if text == "top":
            return "top"
        # The length first: int() of more than 4,300 digits raises ValueError.
        if text.isdigit() and len(text) <= MAX_DIGITS and int(text) >= 1:
            return int(text)
        self.fail(
            f"'{clip(str(value))}' is not a point: give a whole number from 1, or 'top'", param, ctx
        )


class BandType(_ParamType):
    """A band name as the scale gives it (e.g. 3 or PSO); never empty."""

    name = "BAND"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        if not text:
            self.fail("give a band name, e.g. 3", param, ctx)
        return text


class DayType(click.DateTime):
    """A day as YYYY-MM-DD, in the years a file's dates may be in."""

    def __init__(self) -> None:
        super().__init__(["%Y-%m-%d"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from paycalc.limits import check_day

        day = super().convert(value, param, ctx)
        try:
            check_day(day.date())
        except ValueError as e:
            self.fail(str(e), param, ctx)
        return day


class OutputType(click.Path):
    """A file to write: not empty and not a directory (writing to '' meant writing over '.');
    '-' is standard output."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, writable=True, allow_dash=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not str(value).strip():
            self.fail("give a file name", param, ctx)
        return super().convert(value, param, ctx)


class MoneyType(_ParamType):
    """An amount of money such as 29180, 29180.00 or £29,180."""

    name = "AMOUNT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from decimal import Decimal  # here, not at the top: `paycalc list` needs no decimal

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
        from decimal import Decimal

        from paycalc.limits import check_option
        from paycalc.money import parse_decimal

        try:
            fte = value if isinstance(value, Decimal) else parse_decimal(str(value))
            return check_option(fte, str(value), "an FTE", Decimal(0), Decimal(1), above=True)
        except ValueError as e:
            self.fail(str(e), param, ctx)


class HoursType(_ParamType):
    """Weekly hours of a full-time post: a plain number above 0 and at most 168 (no nan, inf or
    exponent, which a float option took: nan was a traceback, 1e308 made every salary 0)."""

    name = "HOURS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from decimal import Decimal

        from paycalc.limits import WEEK_HOURS, check_option
        from paycalc.money import parse_decimal

        if isinstance(value, Decimal):
            return value
        try:
            hours = parse_decimal(str(value))
            return check_option(
                hours, str(value), "weekly hours", Decimal(0), WEEK_HOURS, above=True
            )
        except ValueError as e:
            self.fail(str(e), param, ctx)


band = click.option("--band", "-b", type=BandType(), help="Pay band name, e.g. 3.")
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
    type=OutputType(),
    help="Write to this file (atomically; never over an input) instead of standard output.",
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

from_date = click.option(
    "--from",
    "from_",
    type=DayType(),
    help="First day cash is counted (default 2020-04-01).",
)
to_date = click.option(
    "--to", type=DayType(), help="Last day cash is counted (default 2021-06-25)."
)


def window(from_: datetime | None, to: datetime | None) -> tuple[date, date] | None:
    """The cash window from --from/--to, each defaulting to parity.DEFAULT_WINDOW's end; None
    when neither is given (the window is then chosen from the schemes)."""
    from paycalc.parity import DEFAULT_WINDOW

    if from_ is None and to is None:
        return None
    first = from_.date() if from_ is not None else DEFAULT_WINDOW[0]
    last = to.date() if to is not None else DEFAULT_WINDOW[1]
    if last < first:
        raise click.BadParameter(f"{last} is before --from {first}", param_hint="--to")
    return first, last


def fmt_choice(*names: str) -> Callable[[F], F]:
    """--format/-f with these choices, the first the default."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(names),
        default=names[0],
        show_default=True,
        help="Output format: " + ", ".join(names) + ".",
    )
