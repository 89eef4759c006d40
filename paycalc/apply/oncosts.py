"""`apply --summary --on-costs`: the summary's table of employer NI and pension.

The tally itself is `paycalc.oncosts.SchemeOnCosts`, held by the run's `Summary`, fed one
position at a time (its figures computed once, then multiplied by the head count)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from paycalc.money import fmt_pounds
from paycalc.table import Cell, Column, Table

if TYPE_CHECKING:
    from paycalc.oncosts import SchemeOnCosts


def on_cost_table(tally: SchemeOnCosts) -> Table:
    """The cost of the award with employer NI and pension, as the summary prints it."""
    t, year = tally.totals, tally.year
    pension = tally.pension_basis()
    table = Table(
        [Column("With on-costs"), Column("Before", "right"), Column("After", "right")],
        title=f"Employment cost: pay, employer NI {year.tax_year} and pension",
    )
    table.add("employer NI", fmt_pounds(t.employer_ni_before), fmt_pounds(t.employer_ni_after))
    table.add(
        "employer pension",
        fmt_pounds(t.employer_pension_before),
        fmt_pounds(t.employer_pension_after),
    )
    table.add(
        Cell("employment cost", "bold"),
        Cell(fmt_pounds(t.employment_cost_before), "bold"),
        Cell(fmt_pounds(t.employment_cost_after), "bold"),
    )
    table.add("one-offs, and their employer NI", "", f"{fmt_pounds(t.one_offs)} + "
              f"{fmt_pounds(t.employer_ni_one_offs)}")  # fmt: skip
    table.add(Cell("cost of the award with on-costs", "bold"), "",
              Cell(fmt_pounds(t.cost_of_offer), "bold"))  # fmt: skip
    table.add("closing the gap to the reference, a year", "",
              fmt_pounds(t.cost_to_reach_reference))  # fmt: skip
    table.notes += [
        f"Employer NI on a year's pay above {fmt_pounds(year.secondary_threshold)} at "
        f"{year.rate} % ({year.tax_year}, the tax year the award's pay ends in).",
        f"Employer pension, % of pay: {pension}. One-offs count for NI, not for pension.",
    ]
    if year.note:  # 2022/23's change of rate, in lines that fit a terminal
        table.notes += textwrap.wrap(f"{year.tax_year}: {year.note}.", 100)
    return table
