"""Options shared by several commands, each defined once (as pip-tools does)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from datetime import date

    _ParamType = click.ParamType[Any, Any]
else:  # click before 8.2 has no type parameters at run time
    _ParamType = click.ParamType


class TypedParam(_ParamType):
    """A value read by one of `paycalc.typed`'s functions, which say in one line what is wrong
    and how to write it; a value already converted (a default) is passed through."""

    reader = ""  # the name of the function in paycalc.typed
    done: tuple[type, ...] = ()

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, self.done) and not isinstance(value, bool):
            return value
        from paycalc import typed  # here, not at the top: `paycalc --help` imports click alone

        try:
            return getattr(typed, self.reader)(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)


class PointType(TypedParam):
    """A point number (1 is the bottom of the band) or 'top'."""

    name = "N|top"
    reader = "point"
    done = (int,)


class BandType(TypedParam):
    """A band name as the scale gives it, with or without the word Band ('3', 'Band 3', 'PSO')."""

    name = "BAND"
    reader = "band"


class DayType(TypedParam):
    """A day as 2021-03-31 or 31/03/2021, in the years a file's dates may be in."""

    name = "DATE"
    reader = "day"


class OutputType(click.Path):
    """A file to write: not empty and not a directory (writing to '' meant writing over '.');
    '-' is standard output."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, writable=True, allow_dash=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not str(value).strip():
            self.fail("give a file name", param, ctx)
        return super().convert(value, param, ctx)


class MoneyType(TypedParam):
    """An amount of money such as 29180, 29180.00 or £29,180."""

    name = "AMOUNT"
    reader = "money"


class FteType(TypedParam):
    """A full-time equivalent above 0 and at most 1: 0.6, 60% or 60."""

    name = "FTE"
    reader = "fte"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from decimal import Decimal

        from paycalc.limits import check_option

        fte = super().convert(value, param, ctx)  # 0.6, 60% or 60, as the payroll reads them
        try:
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
                hours, str(value), "weekly hours", Decimal(0), Decimal(WEEK_HOURS), above=True
            )
        except ValueError as e:
            self.fail(str(e), param, ctx)


band = click.option("--band", "-b", type=BandType(), help="Pay band name, e.g. 3 or 'Band 3'.")
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
    help="Full-time equivalent: 0.6, 60% or 60 (above 0 and at most 1; 1 is full time).",
)
against = click.option(
    "--against",
    metavar="SCALE",
    help="Reference scale id or path (default: the scheme's own reference).",
)


def output_option(
    help: str = "Write to this file (atomically; never over an input) instead of standard output.",
    *,
    required: bool = False,
) -> Callable[[F], F]:
    """-o/--output: the file a command writes (apply's is required, and says what it holds)."""
    return click.option("-o", "--output", type=OutputType(), required=required, help=help)


output = output_option()

# How apply and check read a payroll: the file, which columns hold what, and which sheet.
payroll = click.argument("payroll", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
column_map = click.option(
    "--columns",
    "column_map",
    metavar='ROLE="NAME",...',
    help="Say which columns to read when the header names them otherwise, e.g. "
    '--columns employee_id="Emp Ref",band=Level,point=Step (roles: employee_id, band, point, '
    "salary, fte, hours; with --on-costs, pension_rate).",
)
full_time_hours = click.option(
    "--full-time-hours",
    type=HoursType(),
    help="Weekly hours of a full-time post (e.g. 37; above 0, at most 168), to read an hours "
    "column as an FTE.",
)
sheet = click.option(
    "--sheet",
    help="The sheet of an .xlsx workbook to read [default: the sheet active when it was saved,"
    " if visible, else the first visible one].",
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


def window(from_: date | None, to: date | None) -> tuple[date, date] | None:
    """The cash window from --from/--to, each defaulting to parity.DEFAULT_WINDOW's end; None
    when neither is given (the window is then chosen from the schemes)."""
    from paycalc.parity import DEFAULT_WINDOW

    if from_ is None and to is None:
        return None
    first = from_ if from_ is not None else DEFAULT_WINDOW[0]
    last = to if to is not None else DEFAULT_WINDOW[1]
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
