"""The full cost of pay to an employer: employer National Insurance and employer pension on top
of salary, per person, before and after an award, and summed over a payroll.

Pure: the rates come in as an `EmployerNi` table (read from the bundled, quoted data file by
`files/oncost_data.py`). Each person's figure is rounded to the penny, half up, once; the sums
add those pennies, as a pay bill does.

Employer NI is worked out **annually**: (annual pay - the year's secondary threshold) x the
year's rate, nothing below the threshold. A payroll works it out pay period by pay period; for a
salary paid evenly over the year the two agree to within pennies. In 2022/23 the rate changed
mid-year (15.05 % to 5 November 2022, with the Health and Social Care Levy, then 13.8 %); the
annual calculation uses the single rate HMRC set for that year's annual earnings periods
(company directors), 14.53 %, and says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Protocol

from paycalc.errors import PaycalcError
from paycalc.money import HUNDRED, ZERO, fmt_money, to_penny
from paycalc.types import Id, Limits, Money, NonEmpty, Percent, Strict, Text


def _tax_year() -> tuple[object, ...]:
    from pydantic import StringConstraints

    return (StringConstraints(pattern=r"^(19|20)\d\d-\d\d$"),)


class NiSource(Strict):
    id: Id
    title: Text
    url: Text
    locator: Text | None = None


class NiYear(Strict):
    """One tax year's employer (secondary) Class 1 National Insurance, as an annual figure."""

    tax_year: Annotated[str, Limits(_tax_year)]
    """The tax year, 6 April to 5 April: 2020-21."""
    secondary_threshold: Money
    """The annual secondary threshold: employer NI is due on pay above it."""
    rate: Percent
    """The employer rate above the threshold, for a whole year's pay."""
    source: Id
    note: Text | None = None


class EmployerNi(Strict):
    """Employer National Insurance by tax year, each year quoted from a source."""

    title: Text
    note: Text | None = None
    sources: Annotated[list[NiSource], NonEmpty]
    years: Annotated[list[NiYear], NonEmpty]

    def year(self, day: date) -> NiYear:
        """The tax year `day` falls in; OnCostError when the table has no such year."""
        wanted = tax_year_of(day)
        found = next((y for y in self.years if y.tax_year == wanted), None)
        if found is None:
            have = ", ".join(y.tax_year for y in self.years)
            raise OnCostError(
                f"no employer National Insurance rates for the tax year {wanted} (known: {have})"
            )
        return found


class OnCostError(PaycalcError):
    """Raised when a figure needs a tax year the bundled National Insurance table lacks."""


def tax_year_of(day: date) -> str:
    """The UK tax year (6 April to 5 April) `day` falls in, e.g. '2020-21'."""
    start = day.year if day >= date(day.year, 4, 6) else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def employer_ni(pay: Decimal, year: NiYear) -> Decimal:
    """A year's employer NI on a year's pay: (pay - threshold) x rate, 0 below the threshold,
    to the penny."""
    above = pay - year.secondary_threshold
    return to_penny(above * year.rate / HUNDRED) if above > 0 else ZERO


def employer_pension(pay: Decimal, rate: Decimal | None) -> Decimal:
    """The employer's pension contribution at `rate` % of pensionable pay, to the penny (0
    without a rate)."""
    return ZERO if rate is None else to_penny(pay * rate / HUNDRED)


@dataclass(frozen=True)
class OnCosts:
    """One person's cost to the employer before and after an award (annual figures)."""

    tax_year: str
    pension_rate: Decimal | None
    pay_before: Decimal
    pay_after: Decimal
    employer_ni_before: Decimal
    employer_ni_after: Decimal
    employer_pension_before: Decimal
    employer_pension_after: Decimal
    one_off: Decimal = ZERO
    employer_ni_one_off: Decimal = ZERO
    """The employer NI the one-off payments add in the year: NI on pay and one-offs together,
    less NI on pay alone. (Employer pension on a one-off is not counted: whether it is
    pensionable is the offer's, not the payroll's, to say.)"""

    @property
    def employment_cost_before(self) -> Decimal:
        return self.pay_before + self.employer_ni_before + self.employer_pension_before

    @property
    def employment_cost_after(self) -> Decimal:
        return self.pay_after + self.employer_ni_after + self.employer_pension_after


def on_costs(
    before: Decimal,
    after: Decimal,
    year: NiYear,
    pension_rate: Decimal | None,
    one_off: Decimal = ZERO,
) -> OnCosts:
    """A person's on-costs on their annual pay before and after, both under one tax year's NI
    (the year the award's pay ends in), so the difference is the award's alone; with the
    employer NI on `one_off` payments counted as paid in that year too."""
    ni_after = employer_ni(after, year)
    return OnCosts(
        year.tax_year,
        pension_rate,
        before,
        after,
        employer_ni(before, year),
        ni_after,
        employer_pension(before, pension_rate),
        employer_pension(after, pension_rate),
        one_off,
        employer_ni(after + one_off, year) - ni_after,
    )


@dataclass
class OnCostTotals:
    """On-costs summed over a payroll, as the pay bill is: each person's pennies added."""

    employer_ni_before: Decimal = ZERO
    employer_ni_after: Decimal = ZERO
    employer_pension_before: Decimal = ZERO
    employer_pension_after: Decimal = ZERO
    employment_cost_before: Decimal = ZERO
    employment_cost_after: Decimal = ZERO
    one_offs: Decimal = ZERO
    employer_ni_one_offs: Decimal = ZERO
    cost_to_reach_reference: Decimal = ZERO
    """What closing each gap below the reference salary would cost, with its on-costs."""
    tax_years: list[str] = field(default_factory=list)
    pension_rates: Counter[Decimal | None] = field(default_factory=Counter)
    """The employer pension rates used, each with its head count (None: no pension cost)."""

    def add(self, person: OnCosts, reference: OnCosts | None, count: int = 1) -> None:
        """Add one person (`count` times); `reference` is their on-costs had they been paid
        the reference salary instead (None when they are at or above it)."""
        self.employer_ni_before += person.employer_ni_before * count
        self.employer_ni_after += person.employer_ni_after * count
        self.employer_pension_before += person.employer_pension_before * count
        self.employer_pension_after += person.employer_pension_after * count
        self.employment_cost_before += person.employment_cost_before * count
        self.employment_cost_after += person.employment_cost_after * count
        self.one_offs += person.one_off * count
        self.employer_ni_one_offs += person.employer_ni_one_off * count
        if reference is not None:
            gap = reference.employment_cost_after - person.employment_cost_after
            self.cost_to_reach_reference += gap * count
        if person.tax_year not in self.tax_years:
            self.tax_years.append(person.tax_year)
        self.pension_rates[person.pension_rate] += count

    @property
    def cost_of_offer(self) -> Decimal:
        """What the award costs with its on-costs: a year's extra employment cost, and the
        one-off payments with their employer NI."""
        extra = self.employment_cost_after - self.employment_cost_before
        return extra + self.one_offs + self.employer_ni_one_offs

    def to_dict(self) -> dict[str, object]:
        return {
            "on_costs_tax_years": list(self.tax_years),
            "employer_ni_before": fmt_money(self.employer_ni_before),
            "employer_ni_after": fmt_money(self.employer_ni_after),
            "employer_pension_before": fmt_money(self.employer_pension_before),
            "employer_pension_after": fmt_money(self.employer_pension_after),
            "employment_cost_before": fmt_money(self.employment_cost_before),
            "employment_cost_after": fmt_money(self.employment_cost_after),
            "employer_ni_on_one_offs": fmt_money(self.employer_ni_one_offs),
            "cost_of_offer_with_on_costs": fmt_money(self.cost_of_offer),
            "cost_to_reach_reference_with_on_costs": fmt_money(self.cost_to_reach_reference),
        }


class PayFigures(Protocol):
    """What the on-costs of one person are worked out from (a `parity.Figures` is one): their
    actual (FTE-scaled) pay before and after, one-offs, and the reference salary and gap."""

    @property
    def before(self) -> Decimal: ...
    @property
    def after(self) -> Decimal: ...
    @property
    def unconsolidated(self) -> Decimal: ...
    @property
    def reference_salary(self) -> Decimal: ...
    @property
    def parity_gap(self) -> Decimal: ...


PersonOnCosts = tuple[OnCosts, "OnCosts | None"]  # the person's, and on the reference salary


@dataclass(frozen=True)
class OnCostSettings:
    """What --on-costs asks for: the NI table and the employer pension rate (% of pay, or
    None for no pension cost)."""

    table: EmployerNi
    pension_rate: Decimal | None

    def for_period_ending(self, day: date) -> SchemeOnCosts:
        """An empty tally under the NI of the tax year `day` (a scheme's last day) is in."""
        return SchemeOnCosts(self.table.year(day), self.pension_rate)


@dataclass
class SchemeOnCosts:
    """One scheme's on-costs over a payroll (compare --payroll and apply --summary)."""

    year: NiYear
    pension_rate: Decimal | None
    totals: OnCostTotals = field(default_factory=OnCostTotals)

    def person(self, f: PayFigures, own_rate: Decimal | None = None) -> PersonOnCosts:
        """One position's on-costs, and what they would be on the reference salary when it
        is below it (None otherwise); `own_rate`, the person's employer pension rate from the
        payroll's pension_rate column, takes the place of --pension-rate."""
        rate = self.pension_rate if own_rate is None else own_rate
        own = on_costs(f.before, f.after, self.year, rate, f.unconsolidated)
        reference = None
        if f.parity_gap < 0:
            reference = on_costs(f.before, f.reference_salary, self.year, rate)
        return own, reference

    def add_person(self, person: PersonOnCosts, count: int) -> None:
        self.totals.add(person[0], person[1], count)

    def add(self, f: PayFigures, count: int, own_rate: Decimal | None = None) -> None:
        """One position's figures, `count` people on it (with their own pension rate, if the
        payroll gives one)."""
        self.add_person(self.person(f, own_rate), count)

    def pension_basis(self) -> str:
        """The employer pension rate, or the rates by head count when the payroll gave people
        their own: '29.6 %', 'none', or '29.6 % (10 people), 0 % (2 people)'."""
        rates = self.totals.pension_rates
        if len(rates) <= 1:
            rate = next(iter(rates), self.pension_rate)
            return "none" if rate is None else f"{rate} %"
        return ", ".join(
            f"{'none' if r is None else f'{r} %'} ({n:,} {'person' if n == 1 else 'people'})"
            for r, n in sorted(rates.items(), key=lambda item: (item[0] is None, item[0]))
        )

    def line(self) -> str:
        t = self.totals
        pension = self.pension_basis()
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
                # by head count, with a payroll's own pension_rate column: {"29.6": 10, ...}
                "pension_rates": {
                    "none" if r is None else str(r): n for r, n in self.totals.pension_rates.items()
                },
                **self.totals.to_dict(),
            }
        }
