"""Shares of staff whose total rise reaches 2, 3, 4, 5 and 6 %: by pay point, or weighted by a
payroll's head count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from paycalc.errors import PaycalcError
from paycalc.money import HUNDRED

if TYPE_CHECKING:
    from paycalc.model import PersonSpec

# band, point, salary, FTE
PersonKey = tuple[str, "int | Literal['top'] | None", "Decimal | None", Decimal]

# The rises the seed measures offers by ("74 % of the workforce received at least 4 %").
THRESHOLDS = tuple(Decimal(n) for n in (2, 3, 4, 5, 6))


@dataclass(frozen=True)
class Summary:
    """How many of a scheme's staff points (or, from a payroll, people) get a total rise of at
    least each threshold. `counts[i]` goes with `THRESHOLDS[i]`."""

    scheme: str
    weighted_by: Literal["points", "head_count"]
    total: int
    counts: tuple[int, ...]
    excluded: int = 0  # payroll rows that could not be placed on the scheme's scale

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
        text = f"of {self.total} {unit}, share with a total rise of at least {shares}"
        if self.excluded:
            text += (
                f" ({self.excluded} payroll rows left out: unreadable, or not on this "
                "scheme's scale)"
            )
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "scheme": self.scheme,
            "weighted_by": self.weighted_by,
            "total": self.total,
            "excluded": self.excluded,
            "reaching": [
                {"at_least_pct": str(t), "count": self.counts[i], "share_pct": str(self.share(i))}
                for i, t in enumerate(THRESHOLDS)
            ],
        }


def summarise(
    scheme: str,
    rises: Iterable[tuple[Decimal, int]],
    weighted_by: Literal["points", "head_count"] = "points",
    excluded: int = 0,
) -> Summary:
    """Count the staff whose total rise (a percentage) reaches each threshold; each rise comes
    with its weight (1 per point, or the number of people on the payroll)."""
    counts = [0] * len(THRESHOLDS)
    total = 0
    for rise, weight in rises:
        total += weight
        for i, threshold in enumerate(THRESHOLDS):
            if rise >= threshold:
                counts[i] += weight
    return Summary(scheme, weighted_by, total, tuple(counts), excluded)


def read_payroll(path: Path) -> tuple[Counter[PersonKey], int]:
    """Head count of each position (band, point, salary, FTE) on a payroll, and the number of
    rows that could not be read as a person. Read once, whatever the number of schemes."""
    from paycalc.payroll.read import iter_people

    heads: Counter[PersonKey] = Counter()
    rejected = 0
    for _line, person, _reason in iter_people(path):
        if person is None:
            rejected += 1
        else:
            heads[(person.band, person.point, person.salary, person.fte)] += 1
    return heads, rejected


def payroll_summary(
    scheme: str,
    payroll: tuple[Counter[PersonKey], int],
    band: str | None,
    rise_of: Callable[[PersonSpec], Decimal],
) -> Summary:
    """The summary weighted by head count: each distinct position on the payroll is run once
    (`rise_of` gives its total rise); rows that cannot be placed on the scheme's scale (a
    PaycalcError) are counted as excluded, with the rows that could not be read at all."""
    from paycalc.model import PersonSpec

    heads, excluded = payroll
    rises: Counter[Decimal] = Counter()
    for (person_band, point, salary, fte), count in heads.items():
        if band is not None and person_band != band:
            continue
        person = PersonSpec(band=person_band, point=point, salary=salary, fte=fte)
        try:
            rises[rise_of(person)] += count
        except PaycalcError:  # not on this scheme's scale (band, point or salary)
            excluded += count
    return summarise(scheme, rises.items(), "head_count", excluded)
