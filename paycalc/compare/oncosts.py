"""`compare --payroll --on-costs`: the offer's cost with employer National Insurance and pension.

Each person's on-costs are worked out from the figures the costing already adds up (before,
after and the reference salary, each their actual FTE-scaled pay) under the National Insurance
of the tax year the scheme's period ends in (`paycalc.oncosts`), and summed as the pay bill is.
Kept apart from the rest of compare: the costing (`shares.Cost`) holds one `SchemeOnCosts` and
calls its `add` for each position.
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from typing import TYPE_CHECKING

from paycalc.money import fmt_money
from paycalc.oncosts import EmployerNi, NiYear, OnCostTotals, on_costs
from paycalc.values import Record, Value

if TYPE_CHECKING:
    from paycalc.model import Scheme
    from paycalc.parity import Figures


class OnCostSettings(Value, few=True):
    """What --on-costs asks for: the NI table and the employer pension rate (% of pay, or
    None for no pension cost)."""

    table: EmployerNi
    pension_rate: Decimal | None

    def for_scheme(self, scheme: Scheme) -> SchemeOnCosts:
        """An empty tally under the NI of the tax year the scheme's pay ends in."""
        return SchemeOnCosts(self.table.year(scheme.period.end), self.pension_rate)


class SchemeOnCosts(Record):
    """One scheme's on-costs over a payroll."""

    year: NiYear
    pension_rate: Decimal | None
    totals: OnCostTotals = field(default_factory=OnCostTotals)

    def add(self, f: Figures, count: int) -> None:
        """One position's figures, `count` people on it."""
        person = on_costs(f.before, f.after, self.year, self.pension_rate, f.unconsolidated)
        reference = None
        if f.parity_gap < 0:  # what they would cost on the reference salary instead
            reference = on_costs(f.before, f.reference_salary, self.year, self.pension_rate)
        self.totals.add(person, reference, count)

    def line(self) -> str:
        t = self.totals
        pension = f"{self.pension_rate} %" if self.pension_rate is not None else "none"
        return (
            f"with on-costs (employer NI {self.year.tax_year}, annual: pay above "
            f"{fmt_money(self.year.secondary_threshold)} at {self.year.rate} %; employer pension "
            f"{pension}): employment cost {fmt_money(t.employment_cost_before)} before, "
            f"{fmt_money(t.employment_cost_after)} after (NI {fmt_money(t.employer_ni_before)} to "
            f"{fmt_money(t.employer_ni_after)}, pension {fmt_money(t.employer_pension_before)} to "
            f"{fmt_money(t.employer_pension_after)}); one-offs {fmt_money(t.one_offs)} with "
            f"{fmt_money(t.employer_ni_one_offs)} employer NI: the offer costs "
            f"{fmt_money(t.cost_of_offer)} and closing the gap "
            f"{fmt_money(t.cost_to_reach_reference)} a year"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "on_costs": {
                "tax_year": self.year.tax_year,
                "secondary_threshold": fmt_money(self.year.secondary_threshold),
                "ni_rate": str(self.year.rate),
                "ni_basis": "annual: (pay - secondary threshold) x rate, per person",
                "pension_rate": None if self.pension_rate is None else str(self.pension_rate),
                **self.totals.to_dict(),
            }
        }
