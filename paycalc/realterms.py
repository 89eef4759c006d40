"""Pay against prices: how much a price index rose over a person's own dates, and each rise and
gap deflated by it.

Pure and exact: the index values come in as a mapping of months to values (from a `prices`
file), the money as Decimals; nothing here rounds. A figure is rounded once, where it is shown
(`RealTerms.to_dict`, `verdict`).

Which months are compared: the month before the pay rise (the last month whose prices the old
salary was paid in; for a rise on 1 April 2020, March 2020) against the month the comparison
ends in (for a scheme ending 31 March 2021, March 2021). So a year's award is read against the
index's 12-month change to the month it ends, as unions quote it ("RPI 1.5 % in March 2021").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from paycalc.errors import PaycalcError
from paycalc.money import HUNDRED, ZERO, fmt_money, fmt_pct, fmt_pounds

ONE = Decimal(1)


class MissingMonth(PaycalcError):
    """Raised when a price index has no value for a month a figure needs (a value that was not
    found is left out of the file, never estimated, so the figure cannot be given)."""


def month_of(day: date) -> date:
    """The first day of the month `day` falls in."""
    return day.replace(day=1)


def month_before(day: date) -> date:
    """The first day of the month before the one `day` falls in."""
    first = month_of(day)
    if first.month == 1:
        return date(first.year - 1, 12, 1)
    return first.replace(month=first.month - 1)


def month_name(month: date) -> str:
    return f"{month:%B %Y}"


def index_value(series: Mapping[date, Decimal], index: str, month: date) -> Decimal:
    """The index's value for `month` (the first day of it); MissingMonth if the file has none."""
    found = series.get(month_of(month))
    if found is None:
        known = sorted(series)
        span = f"{month_name(known[0])} to {month_name(known[-1])}" if known else "no months"
        raise MissingMonth(
            f"price index '{index}' has no value for {month_name(month)} (it has {span}); "
            "add the month's published value to the prices file"
        )
    return found


@dataclass(frozen=True)
class PricesChange:
    """An index's change between two months: `last` over `first`, exact."""

    index: str
    first_month: date
    last_month: date
    first: Decimal
    last: Decimal

    @property
    def ratio(self) -> Decimal:
        return self.last / self.first

    @property
    def pct(self) -> Decimal:
        """The change in per cent, unrounded."""
        return (self.ratio - ONE) * HUNDRED

    def months(self) -> str:
        """Which months are compared, in words."""
        return f"{month_name(self.first_month)} to {month_name(self.last_month)}"

    def stated(self) -> str:
        """The index, its two values and months, and the change: 'RPI 292.6 (March 2020) to
        304.0 (June 2021), 3.90 %'."""
        return (
            f"{self.index.upper()} {self.first} ({month_name(self.first_month)}) to {self.last} "
            f"({month_name(self.last_month)}), {fmt_pct(self.pct)} %"
        )

    def to_dict(self) -> dict[str, object]:
        """The index and months as JSON, the change rounded once, here."""
        return {
            "prices_index": self.index,
            "prices_months": [f"{self.first_month:%Y-%m}", f"{self.last_month:%Y-%m}"],
            "prices_values": [str(self.first), str(self.last)],
            "prices_change_pct": fmt_pct(self.pct),
        }


def prices_change(
    series: Mapping[date, Decimal], index: str, rise_on: date, ends: date
) -> PricesChange:
    """The index's change from the month before `rise_on` (the first day of the new pay) to the
    month `ends` falls in (the comparison's last day)."""
    first, last = month_before(rise_on), month_of(ends)
    return PricesChange(
        index, first, last, index_value(series, index, first), index_value(series, index, last)
    )


def deflated_pct(new: Decimal, old: Decimal, change: PricesChange) -> Decimal:
    """(1 + nominal) / (1 + prices change) - 1, in per cent, unrounded, where nominal is
    new / old - 1: the rise from `old` to `new` in the prices of the month before the rise."""
    if old == 0:
        return ZERO
    return (new / (old * change.ratio) - ONE) * HUNDRED


def real_pct(nominal_pct: Decimal, change: PricesChange) -> Decimal:
    """A percentage rise in real terms: (1 + nominal) / (1 + prices change) - 1, unrounded."""
    return ((ONE + nominal_pct / HUNDRED) / change.ratio - ONE) * HUNDRED


@dataclass(frozen=True)
class RealTerms:
    """One person's figures against prices. Exact; `to_dict` and `verdict` round for display."""

    change: PricesChange
    before: Decimal
    after: Decimal
    real_consolidated_increase_pct: Decimal
    real_total_increase_pct: Decimal
    keep_pace_salary: Decimal
    """The salary that would have kept pace: `before` risen with the index (last month's
    prices)."""
    real_parity_gap: Decimal
    """The gap to the reference in the prices of the month before the rise (its percentage is
    the nominal one: both salaries are of the same day)."""

    @property
    def shortfall(self) -> Decimal:
        """How far the salary falls behind prices, a year, in last month's prices (0 or less
        when it keeps pace)."""
        return self.keep_pace_salary - self.after

    @property
    def keeps_pace(self) -> bool:
        return self.shortfall <= 0

    def verdict(self) -> str:
        """'keeps pace' or 'falls behind by £X a year in today's prices', today being the
        comparison's last month."""
        if self.keeps_pace:
            return f"keeps pace with {self.change.index.upper()}"
        return (
            f"falls behind {self.change.index.upper()} by {fmt_pounds(self.shortfall)} a year in "
            f"{month_name(self.change.last_month)} prices"
        )

    def to_dict(self) -> dict[str, object]:
        """The figures as JSON: percentages to two decimals, money to the penny, each rounded
        once, here."""
        return {
            **self.change.to_dict(),
            "real_consolidated_increase_pct": fmt_pct(self.real_consolidated_increase_pct),
            "real_total_increase_pct": fmt_pct(self.real_total_increase_pct),
            "keep_pace_salary": fmt_money(self.keep_pace_salary),
            "falls_behind_by": fmt_money(max(self.shortfall, ZERO)),
            "real_parity_gap": fmt_money(self.real_parity_gap),
            "keeps_pace": self.keeps_pace,
        }


def real_terms(
    change: PricesChange,
    before: Decimal,
    after: Decimal,
    unconsolidated: Decimal,
    parity_gap: Decimal,
) -> RealTerms:
    """A person's rise, total rise (with one-offs) and gap to the reference, against prices.

    Args:
        change: the index's change over the person's dates (`prices_change`).
        before, after: the consolidated salary before the rise and at the comparison's end.
        unconsolidated: one-off payments in the period (counted in the total rise).
        parity_gap: after minus the reference salary, of the same day.
    """
    return RealTerms(
        change,
        before,
        after,
        deflated_pct(after, before, change),
        deflated_pct(after + unconsolidated, before, change),
        before * change.ratio,
        parity_gap / change.ratio,
    )


@dataclass
class PayBillPrices:
    """A payroll's pay against prices (`apply --summary --prices`): the people whose salary
    keeps pace, counted as the positions are folded in, and the pay bill's rise in real terms.
    Exact; `to_dict` rounds once."""

    change: PricesChange
    keeping_pace: int = 0
    """People whose pay after is at least their pay before risen with prices."""

    def add(self, before: Decimal | int, after: Decimal | int, count: int) -> None:
        """`count` people paid `before` and then `after` (in any one unit: pence or pounds)."""
        if after >= before * self.change.ratio:
            self.keeping_pace += count

    def bill(self, before: Decimal, after: Decimal, one_off: Decimal) -> RealTerms:
        """The pay bill against prices, as one person's figures are: the consolidated and the
        total rise (with one-offs) in real terms, and the bill that would keep pace."""
        return real_terms(self.change, before, after, one_off, ZERO)

    def to_dict(self, before: Decimal, after: Decimal, one_off: Decimal) -> dict[str, object]:
        bill = self.bill(before, after, one_off)
        return {
            **self.change.to_dict(),
            "real_consolidated_increase_pct": fmt_pct(bill.real_consolidated_increase_pct),
            "real_total_increase_pct": fmt_pct(bill.real_total_increase_pct),
            "pay_bill_to_keep_pace": fmt_money(bill.keep_pace_salary),
            "pay_bill_falls_behind_by": fmt_money(max(bill.shortfall, ZERO)),
            "pay_bill_keeps_pace": bill.keeps_pace,
            "people_keeping_pace": self.keeping_pace,
        }
