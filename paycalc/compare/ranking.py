"""Which offer is best, band by band, and which offers are identical.

The rivals are the employers' offers and claims: the reference employer's own award (the NPS's)
is shown as the benchmark line, not ranked; another reading of an offer (`variant_of`) is shown
under that offer, not ranked, and the offer's standing gives the range across its readings.
Every ranking figure follows pay: an offer that leaves everyone compared at least as well off
(salary and cash) has every figure at least as good, so it never ranks below (offers with the
same figures share a rank). The figures: the median total rise and the median cash gain over
the band's people, and the band top after the offer against the top of the matched reference
band (the rate for the job, whatever the parity rule); for one person (`--salary`), their own
rise, cash gain and salary after. With `--prices`, the median total rise in real terms too,
every offer read against the same months of the index (`Comparison.prices`: the month before the
first rise compared to the comparison's last month): each person's total rise deflated by one
figure, so it follows pay as the total rise does (an offer paying the same later is not better
in real terms). An offer's rows are read over its own months, the same when it starts first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

from paycalc.money import fmt_money, fmt_pct, to_penny

if TYPE_CHECKING:
    from paycalc.compare.results import Comparison, Row

TWO = Decimal(2)
CENT = Decimal("0.01")
Kind = Literal["offer", "reading", "benchmark"]


@dataclass(frozen=True)
class Standing:
    """One offer's (or one group of identical offers') place in a band; a reading or the
    benchmark has no rank."""

    schemes: tuple[str, ...]  # identical offers share a standing
    band: str
    rank: int | None
    median_total_increase_pct: Decimal
    median_cash_gain: Decimal
    top_gap: Decimal  # the band top after the offer minus the reference band's top
    median_after: Decimal  # for one person, their salary after
    # compare --prices: the median total rise against the comparison's months of the index
    median_real_total_increase_pct: Decimal | None = None
    kind: Kind = "offer"
    reading_of: str | None = None
    readings: tuple[str, ...] = ()
    # Over the offer and its readings: (lowest, highest) of each figure, in `FIGURES` order.
    ranges: tuple[tuple[Decimal, Decimal], ...] = ()

    @property
    def name(self) -> str:
        return " = ".join(self.schemes)

    @property
    def values(self) -> tuple[Decimal, ...]:
        """The figures in `FIGURES` order; the real total rise (index `REAL`) only with
        --prices."""
        real = self.median_real_total_increase_pct
        return (
            self.median_total_increase_pct,
            self.median_cash_gain,
            self.top_gap,
            self.median_after,
            *(() if real is None else (real,)),
        )

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "band": self.band,
            "rank": self.rank,
            "kind": self.kind,
            "schemes": list(self.schemes),
            "median_total_increase_pct": fmt_pct(self.median_total_increase_pct),
            "median_cash_gain": fmt_money(self.median_cash_gain),
            "top_against_reference_top": fmt_money(self.top_gap),
            "median_after": fmt_money(self.median_after),
        }
        if self.median_real_total_increase_pct is not None:
            out["median_real_total_increase_pct"] = fmt_pct(self.median_real_total_increase_pct)
        if self.reading_of is not None:
            out["reading_of"] = self.reading_of
        if self.readings:
            fmts = (fmt_pct, fmt_money, fmt_money, fmt_money, fmt_pct)
            out["readings"] = list(self.readings)
            out["range"] = {
                key: [f(lo), f(hi)]
                for key, f, (lo, hi) in zip(FIGURES, fmts, self.ranges, strict=False)
            }
        return out


FIGURES = (
    "median_total_increase_pct",
    "median_cash_gain",
    "top_against_reference_top",
    "median_after",
    "median_real_total_increase_pct",
)
REAL = 4  # the index of the real total rise in `Standing.values`


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value; for an even count, halfway between the two middle values."""
    ordered = sorted(values)
    n = len(ordered)
    if n % 2:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / TWO


def twins(c: Comparison, band: str, among: Sequence[str] | None = None) -> list[tuple[str, ...]]:
    """The offers of a band (or those `among`) grouped by identical figures on every line, in
    the order asked."""
    groups: dict[tuple[object, ...], list[str]] = {}
    for ident in among if among is not None else [info.id for info in c.schemes]:
        rows = c.rows_of(ident, band)
        if rows:
            groups.setdefault(_signature(rows), []).append(ident)
    return [tuple(g) for g in groups.values()]


def _signature(rows: list[Row]) -> tuple[object, ...]:
    return tuple(
        (
            r.label,
            f.before,
            f.after,
            f.unconsolidated,
            f.reference_salary,
            f.cash_gain,
            f.protected,
        )
        for r in rows
        for f in (r.figures,)
    )


def ranked_by(c: Comparison) -> tuple[int, ...]:
    """Which figures rank the offers, in order (indexes into `Standing.values`): for one person,
    rise, cash gain and salary after; else rise, cash gain and the band top. With --prices the
    real total rise follows the rise (it is the rise deflated by one figure, so it orders the
    offers as the rise does but for ties in the rounding of the rise)."""
    real = (REAL,) if c.prices is not None else ()
    return (0, *real, 1, 3) if c.selection.salary is not None else (0, *real, 1, 2)


def rankings(c: Comparison) -> list[Standing]:
    """Every band's standings: the ranked offers best first, each followed by its readings, then
    the benchmarks. Empty when fewer than two offers are compared."""
    if len(c.schemes) < 2:
        return []
    keys = ranked_by(c)
    infos = {s.id: s for s in c.schemes}
    out: list[Standing] = []
    for band in c.bands():
        present = [i for i in infos if c.rows_of(i, band)]
        rivals = [i for i in present if not infos[i].benchmark]
        benchmarks = [i for i in present if infos[i].benchmark]
        if not rivals:  # the benchmark's own awards compared with each other
            rivals, benchmarks = benchmarks, []
        readings: dict[str, list[str]] = {}
        heads = []
        for ident in rivals:
            of = infos[ident].variant_of
            if of is not None and of in rivals and of != ident:
                readings.setdefault(of, []).append(ident)
            else:
                heads.append(ident)
        figures = {i: _figures(c, i, band) for i in present}
        groups = twins(c, band, heads)
        ranked = []
        for group in groups:
            key = tuple(figures[group[0]][k] for k in keys)
            ranked.append((key, group))
        ranks = [1 + sum(other > key for other, _ in ranked) for key, _ in ranked]
        order = sorted(range(len(ranked)), key=lambda n: ranks[n])  # stable: asked order
        for n in order:
            group = ranked[n][1]
            own = [i for g in group for i in readings.get(g, [])]
            spread = [figures[i] for i in (group[0], *own)]
            ranges = tuple(
                (min(v[k] for v in spread), max(v[k] for v in spread))
                for k in range(len(spread[0]))
            )
            out.append(
                _standing(group, band, ranks[n], figures[group[0]], "offer", None, own, ranges)
            )
            for reading in own:
                out.append(_standing((reading,), band, None, figures[reading], "reading", group[0]))
        for ident in benchmarks:
            out.append(_standing((ident,), band, None, figures[ident], "benchmark"))
    return out


def _standing(
    group: tuple[str, ...],
    band: str,
    rank: int | None,
    values: tuple[Decimal, ...],
    kind: Kind,
    reading_of: str | None = None,
    readings: Sequence[str] = (),
    ranges: tuple[tuple[Decimal, Decimal], ...] = (),
) -> Standing:
    total, gain, top, after, *real = values
    return Standing(
        group,
        band,
        rank,
        total,
        gain,
        top,
        after,
        real[0] if real else None,
        kind,
        reading_of,
        tuple(readings),
        ranges if readings else (),
    )


def _figures(c: Comparison, scheme: str, band: str) -> tuple[Decimal, ...]:
    """An offer's ranking figures in a band: each rises with pay."""
    rows = c.rows_of(scheme, band)
    rise = median([r.figures.total_increase_pct for r in rows]).quantize(CENT, ROUND_HALF_UP)
    gain = to_penny(median([r.figures.cash_gain for r in rows]))
    rate = next(r for r in c.rates if r.scheme == scheme and r.band == band)
    after = to_penny(median([r.figures.after for r in rows]))
    if c.prices is None:
        return rise, gain, rate.top_gap, after
    from paycalc.realterms import deflated_pct  # only with --prices

    # Each person's total rise, exact, deflated over the comparison's months (an offer starting
    # on the comparison's first day: their row's own real total rise), rounded once.
    figures = [r.figures for r in rows]
    reals = [deflated_pct(f.after + f.unconsolidated, f.before, c.prices) for f in figures]
    return rise, gain, rate.top_gap, after, median(reals).quantize(CENT, ROUND_HALF_UP)
