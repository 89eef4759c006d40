"""Shares of staff whose total rise reaches 2, 3, 4, 5 and 6 %: by pay point, or weighted by a
payroll's head count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from paycalc.errors import PaycalcError
from paycalc.money import HUNDRED, ZERO, fmt_money, fmt_pounds

if TYPE_CHECKING:
    from paycalc.model import PersonSpec
    from paycalc.oncosts import SchemeOnCosts
    from paycalc.parity import Figures
    from paycalc.payroll.read import LeftOut, PayrollPeople

# The rises the seed measures offers by ("74 % of the workforce received at least 4 %").
THRESHOLDS = tuple(Decimal(n) for n in (2, 3, 4, 5, 6))


@dataclass
class Cost:
    """An offer costed on a payroll: sums over the people placed, each figure their actual
    (FTE-scaled) pay as `apply` writes it, so each sum is the sum of `apply`'s column."""

    head_count: int = 0
    fte: Decimal = ZERO
    pay_bill_before: Decimal = ZERO
    pay_bill_after: Decimal = ZERO  # sum of apply's new_salary
    consolidated_cost: Decimal = ZERO  # sum of consolidated_increase: a year's extra pay
    one_off_cost: Decimal = ZERO  # sum of unconsolidated
    at_or_above_reference: int = 0  # parity_gap >= 0
    cost_to_reach_reference: Decimal = ZERO  # sum of -parity_gap where it is negative
    on_costs: SchemeOnCosts | None = None  # with --on-costs: compare/oncosts.py

    def add(self, f: Figures, count: int, pension_rate: Decimal | None = None) -> None:
        """`count` people on one position; `pension_rate`: their own employer rate, if the
        payroll gives one (for --on-costs)."""
        self.head_count += count
        self.fte += f.fte * count
        self.pay_bill_before += f.before * count
        self.pay_bill_after += f.after * count
        self.consolidated_cost += f.consolidated_increase * count
        self.one_off_cost += f.unconsolidated * count
        if f.parity_gap >= 0:
            self.at_or_above_reference += count
        else:
            self.cost_to_reach_reference -= f.parity_gap * count
        if self.on_costs is not None:
            self.on_costs.add(f, count, pension_rate)

    def line(self) -> str:
        on_costs = f"; {self.on_costs.line()}" if self.on_costs is not None else ""
        # For people: thousands separators (to_dict keeps plain numbers for JSON and CSV).
        return (
            f"{self.head_count:,} people ({self.fte.normalize():,f} FTE); pay bill "
            f"{fmt_pounds(self.pay_bill_before)} before, {fmt_pounds(self.pay_bill_after)} after: "
            f"{fmt_pounds(self.consolidated_cost)} a year consolidated and "
            f"{fmt_pounds(self.one_off_cost)} one-off; {self.at_or_above_reference:,} at or above "
            f"their reference salary; closing the rest of the gap would cost "
            f"{fmt_pounds(self.cost_to_reach_reference)} a year{on_costs}"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "head_count": self.head_count,
            "fte": _plain(self.fte),
            "pay_bill_before": fmt_money(self.pay_bill_before),
            "pay_bill_after": fmt_money(self.pay_bill_after),
            "consolidated_cost": fmt_money(self.consolidated_cost),
            "one_off_cost": fmt_money(self.one_off_cost),
            "at_or_above_reference": self.at_or_above_reference,
            "cost_to_reach_reference": fmt_money(self.cost_to_reach_reference),
            **(self.on_costs.to_dict() if self.on_costs is not None else {}),
        }


def _plain(value: Decimal) -> str:
    """An FTE total without trailing zeros or an exponent: '1012.5', '1000'."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Shares:
    """How many of a scheme's staff points (or, from a payroll, people) get a total rise of at
    least each threshold. `counts[i]` goes with `THRESHOLDS[i]`."""

    scheme: str
    weighted_by: Literal["points", "head_count"]
    total: int
    counts: tuple[int, ...]
    excluded: int = 0  # payroll rows left out: unreadable, or not on the scheme's scale
    left_out: tuple[LeftOut, ...] = field(default=())  # why, first row of each reason
    cost: Cost | None = None  # from a payroll only

    def share(self, i: int) -> Decimal:
        """Share of the total reaching THRESHOLDS[i], as a percentage to two decimals."""
        if not self.total:
            return Decimal("0.00")
        return (Decimal(self.counts[i]) * HUNDRED / self.total).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )

    def whole_share(self, i: int) -> str:
        """The share rounded to a whole percent, as the seed writes it ("74 %"); never shown as
        100 or 0 unless it is exactly that."""
        share = self.share(i)
        whole = share.quantize(Decimal(1), ROUND_HALF_UP)
        if whole == 100 and self.counts[i] < self.total:
            return ">99"
        if whole == 0 and self.counts[i] > 0:
            return "<1"
        return str(whole)

    def line(self) -> str:
        """'of 77 points, total rise of at least 2 %: 100 %, 3 %: 62 %, ...'."""
        unit = "points" if self.weighted_by == "points" else "staff on the payroll"
        shares = ", ".join(f"{t} %: {self.whole_share(i)} %" for i, t in enumerate(THRESHOLDS))
        text = f"of {self.total:,} {unit}, share with a total rise of at least {shares}"
        if self.excluded:
            text += f" ({self.excluded:,} payroll rows left out: {self.reasons()})"
        return text

    def reasons(self, most: int = 3) -> str:
        """'row 7 point: point 'x' is not a whole number ...; row 9 ...; and 4 more rows'."""
        shown = self.left_out[:most]
        parts = [
            f"row {o.row}{f' and {o.count - 1} more' if o.count > 1 else ''} "
            f"{o.column or 'row'}: {o.reason}"
            for o in shown
        ]
        rest = self.excluded - sum(o.count for o in shown)
        if rest > 0:
            parts.append(f"and {rest} more rows")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {
            "scheme": self.scheme,
            "weighted_by": self.weighted_by,
            "total": self.total,
            "excluded": self.excluded,
            "left_out": [o.to_dict() for o in self.left_out],
            "reaching": [
                {"at_least_pct": str(t), "count": self.counts[i], "share_pct": str(self.share(i))}
                for i, t in enumerate(THRESHOLDS)
            ],
            **(self.cost.to_dict() if self.cost is not None else {}),
        }


def summarise(
    scheme: str,
    rises: Iterable[tuple[Decimal, int]],
    weighted_by: Literal["points", "head_count"] = "points",
    excluded: int = 0,
    left_out: tuple[LeftOut, ...] = (),
) -> Shares:
    """Count the staff whose total rise (a percentage) reaches each threshold; each rise comes
    with its weight (1 per point, or the number of people on the payroll)."""
    counts = [0] * len(THRESHOLDS)
    total = 0
    for rise, weight in rises:
        total += weight
        for i, threshold in enumerate(THRESHOLDS):
            if rise >= threshold:
                counts[i] += weight
    return Shares(scheme, weighted_by, total, tuple(counts), excluded, left_out)


def read_payroll(path: Path, pension_rates: bool = False) -> PayrollPeople:
    """Head count of each position (band, point, salary, FTE and, with `pension_rates`, the
    employer pension rate of a pension_rate column) on a payroll, and the rows left out with
    their reasons, by the reader `apply` uses. Read once, whatever the number of schemes."""
    from paycalc.payroll.columns import ColumnSpec
    from paycalc.payroll.read import read_people

    return read_people(path, spec=ColumnSpec(pension_rate=pension_rates))


def payroll_shares(
    scheme: str,
    payroll: PayrollPeople,
    band: str | None,
    figures_of: Callable[[PersonSpec], Figures],
    on_costs: SchemeOnCosts | None = None,
) -> Shares:
    """The shares weighted by head count, and the offer's cost on the payroll: each distinct
    position is run once (`figures_of` gives its figures); rows that cannot be placed on the
    scheme's scale (a PaycalcError) are left out with their reason, as are the rows the reader
    left out."""
    from paycalc.model import PersonSpec
    from paycalc.payroll.read import LeftOut

    excluded = payroll.rejected
    left_out = list(payroll.left_out)
    rises: Counter[Decimal] = Counter()
    cost = Cost(on_costs=on_costs)
    for key, count in payroll.heads.items():
        person_band, point, salary, fte, pension_rate = key
        if band is not None and person_band != band:
            continue
        person = PersonSpec(band=person_band, point=point, salary=salary, fte=fte)
        try:
            f = figures_of(person)
        except PaycalcError as e:  # not on this scheme's scale (band, point or salary)
            excluded += count
            column = getattr(e, "column", None) or "band"
            left_out.append(LeftOut(payroll.first_row[key], column, e.message, count))
            continue
        rises[f.total_increase_pct] += count
        cost.add(f, count, pension_rate)
    left_out.sort(key=lambda o: o.row)
    shares = summarise(scheme, rises.items(), "head_count", excluded, tuple(left_out))
    return replace(shares, cost=cost)
