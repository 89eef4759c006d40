"""`apply --summary --prices`: the summary's table of the pay bill against a price index.

The tally itself is `paycalc.realterms.PayBillPrices`, held by the run's `Summary` and fed one
position at a time (with its head count), as the on-costs are."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from paycalc.money import ZERO, fmt_pct, fmt_pounds
from paycalc.realterms import PayBillPrices, month_name, prices_change
from paycalc.table import Cell, Column, Table

if TYPE_CHECKING:
    from paycalc.files.registry import Registry
    from paycalc.model import Scheme


def pay_bill_prices(registry: Registry, prices: str, scheme: Scheme) -> PayBillPrices:
    """The summary's tally against the index `prices` (an id or a path), over the scheme's own
    months: the month before its first day to the month of its last. Read before the run
    starts, so a month missing from the index stops it at once."""
    values = registry.index_values(prices)
    index = registry.prices(prices).id
    return PayBillPrices(prices_change(values, index, scheme.period.start, scheme.period.end))


def prices_table(
    tally: PayBillPrices, before: Decimal, after: Decimal, one_off: Decimal, head_count: int
) -> Table:
    """The pay bill's rise in real terms, the bill that would keep pace, and who keeps pace."""
    change = tally.change
    bill = tally.bill(before, after, one_off)
    index, last = change.index.upper(), month_name(change.last_month)
    table = Table(
        [Column(f"Against {index}"), Column("Amount", "right")],
        title=f"Against prices: {change.stated()}",
    )
    table.add("pay bill rise in real terms", f"{fmt_pct(bill.real_consolidated_increase_pct)} %")
    table.add("with one-offs, in real terms", f"{fmt_pct(bill.real_total_increase_pct)} %")
    table.add("pay bill that would keep pace", fmt_pounds(bill.keep_pace_salary))
    if bill.keeps_pace:
        table.add(Cell("the pay bill keeps pace", "good"), "")
    else:
        shortfall = fmt_pounds(max(bill.shortfall, ZERO))
        table.add(Cell(f"falls behind by, a year ({last} prices)", "bad"), Cell(shortfall, "bad"))
    # As the summary's spread of rises gives its shares: one decimal.
    share = f" ({Decimal(100 * tally.keeping_pace) / head_count:.1f} %)" if head_count else ""
    table.add("people whose pay keeps pace", f"{tally.keeping_pace:,}{share}")
    table.notes += [
        f"{index} from the month before the scheme's first day ({month_name(change.first_month)}) "
        f"to the month of its last ({last}). Real = (1 + rise) / (1 + prices change) - 1.",
        "Keeping pace: pay after (without one-offs) at least pay before risen with prices.",
    ]
    return table
