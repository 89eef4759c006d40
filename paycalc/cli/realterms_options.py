"""The options of pay against prices and of the full cost of an offer, each defined once, for
every command that takes them (explain, compare, apply)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from paycalc.cli.options import _ParamType

if TYPE_CHECKING:
    from decimal import Decimal

prices = click.option(
    "--prices",
    metavar="rpi|cpi|FILE",
    default=None,
    help=(
        "Also give each figure in real terms against this price index (a bundled id such as "
        "rpi or cpi, or a prices file): the month before the rise against the last month "
        "compared."
    ),
)


class PercentType(_ParamType):
    """A percentage above 0 and at most 100, such as 29.6."""

    name = "PERCENT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from decimal import Decimal

        from paycalc.money import parse_decimal

        try:
            rate = value if isinstance(value, Decimal) else parse_decimal(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)
        if not 0 < rate <= 100:
            self.fail(
                f"{value} is not a percentage: give a number above 0 and at most 100", param, ctx
            )
        return rate


on_costs = click.option(
    "--on-costs",
    is_flag=True,
    help=(
        "Cost the offer with employer National Insurance (HMRC's threshold and rate for the "
        "tax year the offer's pay ends in, worked out on a year's pay) and employer pension "
        "(--pension-rate); needs a payroll."
    ),
)
pension_rate = click.option(
    "--pension-rate",
    type=PercentType(),
    default=None,
    help="Employer pension contribution, % of pay (the Probation Service's LGPS rate: 29.6); "
    "with --on-costs. A payroll's pension_rate column gives a person's own rate instead (0: "
    "not in the scheme; a blank cell: this rate). Default: none.",
)


def on_cost_settings(on_costs: bool, pension_rate: Decimal | None, payroll: object) -> Any:
    """The on-cost settings the options ask for (None without --on-costs), or a usage error."""
    if pension_rate is not None and not on_costs:
        raise click.UsageError("--pension-rate needs --on-costs")
    if not on_costs:
        return None
    if payroll is None:
        raise click.UsageError("--on-costs needs a payroll: the cost is summed over its people")
    from paycalc.files.oncost_data import employer_ni_table
    from paycalc.oncosts import OnCostSettings

    return OnCostSettings(employer_ni_table(), pension_rate)
