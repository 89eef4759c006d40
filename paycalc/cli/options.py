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

        from paycalc.money import parse_decimal

        try:
            fte = value if isinstance(value, Decimal) else parse_decimal(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)
        if not 0 < fte <= 1:
            self.fail(f"{value} is not an FTE: give a number above 0 and at most 1", param, ctx)
        return fte


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
    "salary, fte, hours).",
)
full_time_hours = click.option(
    "--full-time-hours",
    type=click.FloatRange(min=0, min_open=True),
    help="Weekly hours of a full-time post (e.g. 37), to read an hours column as an FTE.",
)
sheet = click.option("--sheet", help="The sheet of an .xlsx workbook to read [default: the first].")

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
