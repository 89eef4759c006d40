"""`compare --prices`: every row against a price index, over its own scheme's dates, and the
months the ranking's real total rise is read over.

Kept apart from the rest of compare: `with_prices` gives each row its `real` figures (and the
comparison its `prices`) after the comparison is made; `prices_parts` adds the report's section
saying which months, `band_pace_line` the line under an offer's band table and `pace_measure`
the side-by-side table of keeping pace; each is called from one line (cli/compare.py,
compare/layout.py, compare/side_by_side.py). The ranking's column is `ranking._figures`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from paycalc.compare.report_parts import Heading, Line, Part, fmt_amount
from paycalc.money import ZERO
from paycalc.table import Style

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

    # The ranking reads every offer over the same months, from the month before the first rise
    # compared, so that its real figure follows pay (an offer paying the same later is no
    # better in real terms); with every offer starting on one day, these are each row's months.
    starts = [info.period_start for info in c.schemes if info.period_start is not None]
    common = prices_change(values, index.id, min(starts), c.window[1]) if starts else None
    return replace(c, rows=tuple(real(r) for r in c.rows), prices=common)


def prices_parts(c: Comparison) -> list[Part]:
    """The section a comparison with --prices adds: which index and months each offer is read
    against (said once when every offer has the same), and how. The figures themselves are in
    the ranking (the real total rise), the side-by-side tables and each offer's band lines
    (keeping pace)."""
    real_rows = [r for r in c.rows if r.real is not None]
    if not real_rows:
        return []
    # Here, not above: a compare without --prices never needs the real-terms module.
    from paycalc.realterms import month_name

    spans: dict[str, str] = {}
    last = ""
    for row in real_rows:
        assert row.real is not None
        spans.setdefault(row.figures.scheme, row.real.change.stated())
        last = month_name(row.real.change.last_month)  # the same for every row
    ranked = c.prices.stated() if c.prices is not None and len(c.schemes) > 1 else None
    same = set(spans.values()) == {ranked}  # each offer's months are the ranking's
    if len(set(spans.values())) == 1:
        span = next(iter(spans.values()))
        also = ", and ranked over the same months" if same else ""
        read = (
            "Every offer is read against prices from the month before its rise to the last "
            f"month compared{also}: {span}."
        )
    else:
        listed = "; ".join(f"{scheme} {span}" for scheme, span in spans.items())
        read = (
            "Each offer is read against prices from the month before its rise to the last "
            f"month compared: {listed}."
        )
    if ranked is not None and not same:
        read += (
            " The ranking reads every offer over the same months, from the month before the "
            f"first rise compared: {ranked}."
        )
    return [
        Heading("Against prices", 2),
        Line(
            f"{read} Real = (1 + nominal rise) / (1 + prices change) - 1. A salary keeps pace "
            "when it is at least the salary before risen with prices; one that falls behind is "
            f"short by £ a year in {last} prices."
        ),
    ]


def band_pace_line(rows: list[Row]) -> list[Part]:
    """Under one offer's band table: how many of its points keep pace, and the top's verdict
    (nothing without --prices)."""
    real = [r for r in rows if r.real is not None]
    if not real:
        return []
    top = next((r for r in real if r.top), real[-1])
    assert top.real is not None
    index = top.real.change.index.upper()
    if len(real) == 1:
        return [Line(f"Against {index}: the salary {top.real.verdict()}.", _style(top))]
    keeping = sum(1 for r in real if r.real is not None and r.real.keeps_pace)
    where = "the top" if top.top else "the highest point compared"
    return [
        Line(
            f"Against {index}: {keeping} of {len(real)} points keep pace; at {where}, the salary "
            f"{top.real.verdict()}.",
            _style(top),
        )
    ]


def _style(row: Row) -> Style:
    return "good" if row.real is not None and row.real.keeps_pace else "bad"


def pace_measure(
    c: Comparison,
) -> tuple[str, Callable[[Row], Decimal], Callable[[Row], str], bool]:
    """compare/side_by_side.py's measure of keeping pace: a line per starting salary, "keeps
    pace" or how far behind, a year, in the last month's prices (unmarked: every offer may keep
    pace)."""
    from paycalc.realterms import month_name

    first = next(r.real for r in c.rows if r.real is not None)
    assert first is not None
    index, month = first.change.index.upper(), month_name(first.change.last_month)

    def behind(row: Row) -> Decimal:
        return max(row.real.shortfall, ZERO) if row.real is not None else ZERO

    def shown(row: Row) -> str:
        if row.real is None:
            return ""
        return "keeps pace" if row.real.keeps_pace else fmt_amount(-behind(row))

    # Short cells: a figure column is never wrapped, and four of them must fit 60 columns.
    title = f"Against {index}: keeps pace, or falls behind by (minus) £ a year in {month} prices"
    return (title, lambda r: -behind(r), shown, False)
