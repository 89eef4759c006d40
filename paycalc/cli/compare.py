"""`paycalc compare`: offers against NPS pay, band by band and point by point."""

from __future__ import annotations

import sys
from datetime import date
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
@click.option(
    "--against",
    metavar="SCALE",
    help="Reference scale id or path for every offer (default: the NPS scale in force on the "
    "cash window's last day).",
)
@options.parity
@click.option(
    "--from",
    "from_",
    type=options.DayType(),
    help="First day cash is counted (default: the earliest start of the offers compared).",
)
@click.option(
    "--to",
    type=options.DayType(),
    help="Last day cash is counted, and the day the reference scale is chosen for (default: "
    "the latest end of the offers compared).",
)
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
    from_: date | None,
    to: date | None,
    fmt: str,
    output: str | None,
    payroll: str | None,
    prices: str | None,
    on_costs: bool,
    pension_rate: Decimal | None,
) -> None:
    """Compare offers (bundled ids or paths to YAML files) with NPS pay: before, after, the
    rise, one-offs, the NPS salary and cash in the window, and which offer is best.

    An offer's own figures never depend on what else is compared. A run through several
    schemes is named with +, e.g. sodexo-2020+sodexo-2021 or dtv-2020+transfer-2021-dtv
    (`paycalc list` shows each employer's runs); nothing is joined unless named so.

    The offers named are one comparison, measured with one yardstick: cash is counted from the
    earliest start of the offers to their latest end (an offer that ends earlier holds its
    final pay to then), and everyone is measured against the NPS scale in force on the
    window's last day. --from, --to and --against override their part. With no offer named,
    every offer is compared, one comparison per pay round (the April-to-March year an offer
    starts in), each with its own reference and window; transfers are left out (compare one in
    a run from an offer).

    \b
    Examples:
      paycalc compare
      paycalc compare sodexo-2020 interserve-2020 dtv-2020 --band 3
      paycalc compare dtv-2020+transfer-2021-dtv --band 3 --point top --format json
      paycalc compare sodexo-2020 dtv-2020 --band 3 --salary 24000
      paycalc compare ./my-counter-offer.yaml interserve-2020 --format html -o offers.html
    """
    from dataclasses import replace
    from pathlib import Path

    from paycalc.compare.report import write_report
    from paycalc.compare.run import Selection, compare_report
    from paycalc.files.registry import Registry

    if point is not None and salary is not None:
        raise click.UsageError("give --point or --salary, not both")
    if salary is not None and band is None:
        raise click.UsageError("--salary needs --band: a salary is placed on one band's points")
    costs = realterms_options.on_cost_settings(on_costs, pension_rate, payroll)
    from paycalc.output import on_signals

    registry = Registry.default()
    with on_signals():  # any catchable signal removes a half-written -o file or a spooled pipe
        if to is not None and from_ is not None and to < from_:
            raise click.BadParameter(f"{to} is before --from {from_}", param_hint="--to")
        report = compare_report(
            list(schemes),
            registry,
            Selection(band=band, point=point, salary=salary, fte=fte),
            against=against,
            window=(from_, to),
            payroll=Path(payroll) if payroll else None,
            parity=parity,
            on_costs=costs,
        )
        if prices is not None:  # every row against a price index
            from paycalc.compare.realterms import with_prices

            shown = tuple(with_prices(c, registry, prices) for c in report.comparisons)
            report = replace(report, comparisons=shown)
        # Every file the comparison read (schemes, scales, the payroll) is an input.
        inputs: list[Path | str] = [*registry.loaded_paths(), *([payroll] if payroll else [])]
        write_report(report, fmt, output=output, stream=sys.stdout, inputs=inputs)
