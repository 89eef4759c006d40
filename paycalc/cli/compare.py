"""`paycalc compare`: offers against NPS pay, band by band and point by point."""

from __future__ import annotations

import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

import click

from paycalc.cli import options

FORMATS = ("table", "json", "csv", "markdown", "html")  # report.FORMATS, without importing it


@click.command("compare")
@click.argument("schemes", nargs=-1, metavar="[SCHEME]...")
@options.band
@options.point
@options.salary
@options.fte
@options.against
@options.parity
@click.option(
    "--from",
    "from_",
    type=options.DayType(),
    help="First day cash is counted (default 2020-04-01).",
)
@click.option("--to", type=options.DayType(), help="Last day cash is counted (default 2021-06-25).")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table (colour on a terminal), json, csv, markdown or a self-contained html page.",
)
@options.output
@click.option(
    "--payroll",
    type=click.Path(exists=True, dir_okay=False),
    help="Payroll CSV: weight each offer's summary by head count instead of by point.",
)
def compare_cmd(
    schemes: tuple[str, ...],
    band: str | None,
    point: int | Literal["top"] | None,
    salary: Decimal | None,
    fte: Decimal,
    against: str | None,
    parity: str,
    from_: datetime | None,
    to: datetime | None,
    fmt: str,
    output: str | None,
    payroll: str | None,
) -> None:
    """Compare offers (bundled ids or paths to YAML files; none: every bundled offer) with NPS
    pay: before, after, the rise, one-offs, the NPS salary, the parity gap and cash in the window.

    \b
    Examples:
      paycalc compare
      paycalc compare interserve-2020 --band 3 --point top --format json
      paycalc compare seetec-2020 sodexo-2020 dtv-2020 --band 3
      paycalc compare ./my-counter-offer.yaml interserve-2020 --format html -o offers.html
    """
    from paycalc.compare.report import compare_report
    from paycalc.compare.run import Selection
    from paycalc.parity import DEFAULT_WINDOW

    if point is not None and salary is not None:
        raise click.UsageError("give --point or --salary, not both")
    if salary is not None and band is None:
        raise click.UsageError("--salary needs --band: a salary is placed on one band's points")
    # Without --from/--to the window is chosen from the schemes (a transfer extends it).
    window = None
    if from_ is not None or to is not None:
        window = (_day(from_, DEFAULT_WINDOW[0]), _day(to, DEFAULT_WINDOW[1]))
        if window[1] < window[0]:
            raise click.BadParameter(f"{window[1]} is before --from {window[0]}", param_hint="--to")
    compare_report(
        list(schemes),
        Selection(band=band, point=point, salary=salary, fte=fte),
        fmt=fmt,
        against=against,
        window=window,
        payroll=payroll,
        output=output,
        stream=sys.stdout,
        parity=parity,
    )


def _day(value: datetime | None, default: date) -> date:
    return value.date() if value is not None else default
