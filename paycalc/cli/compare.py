"""`paycalc compare`: offers against NPS pay, band by band and point by point."""

from __future__ import annotations

import sys
from datetime import datetime
from decimal import Decimal
from typing import Literal

import click

from paycalc.cli import options, realterms_options
from paycalc.compare.formats import FORMATS


@click.command("compare")
@click.argument("schemes", nargs=-1, metavar="[SCHEME]...")
@options.band
@options.point
@options.salary
@options.fte
@options.against
@options.parity
@options.from_date
@options.to_date
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="table",
    show_default=True,
    help="; ".join(f"{name}: {what}" for name, what in FORMATS.items()) + ".",
)
@options.output
@click.option(
    "--payroll",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    help="Payroll CSV ('-' for standard input): weight each offer's summary by head count "
    "instead of by point, and cost the offer on it (pay bill, one-offs, cost to reach NPS pay).",
)
@realterms_options.prices
@realterms_options.on_costs
@realterms_options.pension_rate
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
    prices: str | None,
    on_costs: bool,
    pension_rate: Decimal | None,
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
    from pathlib import Path

    from paycalc.compare.report import write_report
    from paycalc.compare.run import Selection, compare
    from paycalc.files.registry import Registry

    if point is not None and salary is not None:
        raise click.UsageError("give --point or --salary, not both")
    if salary is not None and band is None:
        raise click.UsageError("--salary needs --band: a salary is placed on one band's points")
    costs = realterms_options.on_cost_settings(on_costs, pension_rate, payroll)
    from paycalc.output import on_signals

    registry = Registry.default()
    with on_signals():  # any catchable signal removes a half-written -o file or a spooled pipe
        comparison = compare(
            list(schemes),
            registry,
            Selection(band=band, point=point, salary=salary, fte=fte),
            against=against,
            window=options.window(from_, to),
            payroll=Path(payroll) if payroll else None,
            parity=parity,
            on_costs=costs,
        )
        if prices is not None:  # every row against a price index
            from paycalc.compare.realterms import with_prices

            comparison = with_prices(comparison, registry, prices)
        # Every file the comparison read (schemes, scales, the payroll) is an input.
        inputs: list[Path | str] = [*registry.loaded_paths(), *([payroll] if payroll else [])]
        write_report(comparison, fmt, output=output, stream=sys.stdout, inputs=inputs)
