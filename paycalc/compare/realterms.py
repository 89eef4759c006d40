"""`compare --prices`: every row against a price index, over its own scheme's dates, and the
offers ranked on their real total rise.

Kept apart from the rest of compare: `with_prices` gives each row its `real` figures after the
comparison is made, and `prices_parts` adds the report's section; each is called from one line
(cli/compare.py and compare/parts.py).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from statistics import median
from typing import TYPE_CHECKING, Any

from paycalc.compare.elements import Heading, Line, Part, fmt_amount
from paycalc.money import fmt_pct
from paycalc.table import Cell, Column, Table

if TYPE_CHECKING:
    from paycalc.compare.results import Comparison, Row


def with_prices(c: Comparison, registry: Any, prices: str) -> Comparison:
    """The comparison with each row's figures against the price index `prices` (an id or a
    path): the month before its offer's first day against the comparison's last month (the end
    of its cash window, the same for every row, as the reference is read then)."""
    from paycalc.realterms import prices_change, real_terms

    index = registry.prices(prices)
    values = registry.index_values(prices)
    changes = {
        info.id: prices_change(values, index.id, info.period_start, c.window[1])
        for info in c.schemes
        if info.period_start is not None
    }

    def real(row: Row) -> Row:
        f = row.figures
        change = changes[f.scheme]
        figures = real_terms(change, f.before, f.after, f.unconsolidated, f.parity_gap)
        return replace(row, real=figures)

    return replace(c, rows=tuple(real(r) for r in c.rows))


def prices_parts(c: Comparison) -> list[Part]:
    """The section a comparison with --prices adds: which index and months each offer is read
    against, and per band the offers ranked on the median real total rise of their points."""
    real_rows = [r for r in c.rows if r.real is not None]
    if not real_rows:
        return []
    out: list[Part] = [Heading("Against prices", 2)]
    seen: dict[str, str] = {}
    for row in real_rows:
        assert row.real is not None
        ch = row.real.change
        seen.setdefault(
            row.figures.scheme,
            f"{row.figures.scheme} {ch.index.upper()} {ch.first} ({ch.first_month:%B %Y}) to "
            f"{ch.last} ({ch.last_month:%B %Y}), {fmt_pct(ch.pct)} %",
        )
    out.append(
        Line(
            "Each offer is read against prices from the month before its rise to the last month "
            "compared: " + "; ".join(seen.values()) + ". Real = (1 + nominal rise) / (1 + prices "
            "change) - 1; to keep pace is the salary before risen with prices."
        )
    )
    for band in c.bands():
        out.append(_band_table(c, band))
    return out


def _band_table(c: Comparison, band: str) -> Table:
    table = Table(
        [
            Column("offer"),
            Column("median real total%", "right"),
            Column("real rise% at top", "right"),
            Column("top: against prices"),
        ],
        title=f"Band {band}: offers ranked on the median real total rise of the band's points",
    )
    ranked = []
    for info in c.schemes:
        rows = [r for r in c.rows_of(info.id, band) if r.real is not None]
        if not rows:
            continue
        middle = median(r.real.real_total_increase_pct for r in rows if r.real is not None)
        top = next((r for r in rows if r.top), rows[-1])
        ranked.append((Decimal(middle), info.id, top))
    for middle, scheme, top in sorted(ranked, key=lambda item: -item[0]):
        real = top.real
        assert real is not None
        verdict = (
            "keeps pace"
            if real.keeps_pace
            else f"falls behind by £{fmt_amount(real.shortfall)} a year"
        )
        table.add(
            scheme,
            fmt_pct(middle),
            fmt_pct(real.real_consolidated_increase_pct),
            Cell(verdict, "good" if real.keeps_pace else "bad"),
        )
    table.notes = [
        "£ in the prices of each offer's last month; the top row is the band's top point "
        "(or the highest point compared)"
    ]
    return table
