"""The parts of a comparison of several offers: "which offer is best" per band, and one band's
offers side by side (a column per offer, identical offers in one column, named together)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from paycalc.compare.elements import (
    Heading,
    Line,
    Part,
    fmt_amount,
    gap_style,
    row_notes,
)
from paycalc.compare.ranking import rankings, twins
from paycalc.model import UNSETTLED
from paycalc.money import fmt_pct
from paycalc.table import Cell, Column, Style, Table

if TYPE_CHECKING:
    from paycalc.compare.results import Comparison, Row, Selection

MAX_WIDTH = 100  # a laptop terminal; side-by-side tables are split to fit

Measure = tuple[str, Callable[["Row"], Decimal], Callable[["Row"], str], bool]


def best_parts(c: Comparison) -> list[Part]:
    """Per band, the offers ranked (best first), the best figure of each column marked ▲."""
    standings = rankings(c)
    if not standings:
        return []
    out: list[Part] = [Heading("Which offer is best", 2)]
    for band in dict.fromkeys(s.band for s in standings):
        ranked = [s for s in standings if s.band == band]
        table = Table(
            [
                Column("#", "right"),
                Column("offer"),
                Column("median total%", "right"),
                Column("median gain £", "right"),
                Column("gap at top £", "right"),
                Column("mid pt", "right"),
                Column("gap at mid £", "right"),
            ],
            title=f"Band {band}: offers ranked on the median total rise of the band's points",
        )
        bests = (
            max(s.median_total_increase_pct for s in ranked),
            max(s.median_cash_gain for s in ranked),
            max(s.top_gap for s in ranked),
            max(s.middle_gap for s in ranked),
        )
        for s in ranked:
            values = (s.median_total_increase_pct, s.median_cash_gain, s.top_gap, s.middle_gap)
            shown = (fmt_pct(values[0]), *(fmt_amount(v) for v in values[1:]))
            marks = [
                " ▲" if len(ranked) > 1 and v == b else "  "
                for v, b in zip(values, bests, strict=True)
            ]
            table.add(
                str(s.rank),
                "\n=".join(s.schemes),  # one name a line keeps the table narrow
                Cell(shown[0] + marks[0], "bold" if marks[0] == " ▲" else ""),
                Cell(shown[1] + marks[1], "bold" if marks[1] == " ▲" else ""),
                Cell(shown[2] + marks[2], gap_style(values[2])),
                s.middle_point,
                Cell(shown[3] + marks[3], gap_style(values[3])),
            )
        table.notes = [
            "median: over the band's points compared; mid pt: the band's middle point (the lower "
            "of two); ▲ best in its column; offers joined by = have the same figures."
        ]
        out.append(table)
    return out


def side_by_side(c: Comparison) -> list[Part]:
    band = c.selection.band or ""
    groups = twins(c, band)
    out: list[Part] = [Heading(f"Band {band}: {len(c.schemes)} offers side by side", 2)]
    refs = {s.reference for s in c.schemes}
    ends = {s.period_end for s in c.schemes}
    for info in c.schemes:
        flag = " ⚠ illustrative" if info.illustrative else ""
        style: Style = "warn" if info.status in UNSETTLED else ""
        differs = []
        if len(refs) > 1:
            differs.append(f"against {info.reference}")
        if len(ends) > 1:
            differs.append(f"after on {info.period_end:%-d %b %Y}")
        extra = f" ({'; '.join(differs)})" if differs else ""
        out.append(Line(f"{info.id}: {info.title} [{info.status.upper()}]{flag}{extra}", style))
    if len(refs) == 1 and len(ends) == 1:
        end = next(iter(ends))
        out.append(Line(f"Every column: against {refs.pop()}, salary after on {end:%-d %B %Y}."))
    else:
        out.append(
            Line(
                "The columns differ in reference scale or end date (see each offer above): "
                "use --against to compare all with one scale.",
                "warn",
            )
        )
    for group in groups:
        if len(group) > 1:
            out.append(Line(f"{' = '.join(group)}: the same figures on every line; one column."))
    measures: list[Measure] = [
        (
            "Parity gap £ (after minus reference)",
            lambda r: r.figures.parity_gap,
            lambda r: fmt_amount(r.figures.parity_gap),
            True,
        ),
        (
            "Total increase % (consolidated and one-off)",
            lambda r: r.figures.total_increase_pct,
            lambda r: fmt_pct(r.figures.total_increase_pct),
            False,
        ),
        (
            "Salary before → after £ (each offer's own point)",
            lambda r: r.figures.after,
            lambda r: f"{fmt_amount(r.figures.before)} → {fmt_amount(r.figures.after)}",
            False,
        ),
        (
            "Cash gain £ over the window",
            lambda r: r.figures.cash_gain,
            lambda r: fmt_amount(r.figures.cash_gain),
            False,
        ),
    ]
    keys = _row_keys(c)
    for measure in measures:
        out.extend(_measure_tables(c, groups, keys, measure))
    out.append(_rates_table(c, groups, band))
    for summary in c.summaries:
        out.append(Line(f"Summary for {summary.scheme}: {summary.line()}.", "bold"))
        if summary.cost is not None:
            out.append(Line(f"Cost of {summary.scheme}: {summary.cost.line()}."))
    return out


def _rates_table(c: Comparison, groups: list[tuple[str, ...]], band: str) -> Table:
    rates = Table(
        [
            Column("offer"),
            Column("top before", "right"),
            Column("top after", "right"),
            Column("reference", "right"),
            Column("gap", "right"),
            Column("gap %", "right"),
        ],
        title=f"Rate for the job: the top of band {band} against its reference salary",
    )
    for group in groups:
        rate = next(r for r in c.rates if r.scheme == group[0])
        rates.add(
            "\n=".join(group),
            fmt_amount(rate.max_before),
            fmt_amount(rate.max_after),
            fmt_amount(rate.reference_salary),
            Cell(fmt_amount(rate.gap), gap_style(rate.gap)),
            Cell(fmt_pct(rate.gap_pct), gap_style(rate.gap)),
        )
    rates.notes = [
        f"{info.id} {note}"
        for info in c.schemes
        for note in row_notes(c.rows_of(info.id), c.selection)
    ]
    return rates


def _row_keys(c: Comparison) -> list[str]:
    keys = dict.fromkeys(key(r, c.selection) for r in c.rows)
    return sorted(keys, key=lambda k: (k == "top", int(k) if k.isdigit() else 0, k))


def _measure_tables(
    c: Comparison, groups: list[tuple[str, ...]], keys: list[str], measure: Measure
) -> list[Table]:
    """One table of a measure, a column per offer, split so each fits in MAX_WIDTH."""
    title, value, show, coloured = measure
    names = {g[0]: column_name(g) for g in groups}
    cells: dict[str, dict[str, Cell]] = {}
    for k in keys:
        found = {
            r.figures.scheme: r
            for r in c.rows
            if key(r, c.selection) == k and r.figures.scheme in names
        }
        values = [value(r) for r in found.values()]
        best, worst = (max(values), min(values)) if values else (None, None)
        marks = best is not None and best != worst and len(found) > 1
        for scheme, row in found.items():
            v = value(row)
            # Unmarked cells get two spaces, so the digits of a column stay aligned.
            mark = " ▲" if marks and v == best else " ▼" if marks and v == worst else "  "
            style: Style = gap_style(v) if coloured else ("bold" if mark == " ▲" else "")
            cells.setdefault(k, {})[scheme] = Cell(show(row) + mark, style)
    ids = list(names)
    widths = {
        s: max([len(names[s]), *(len(cells[k][s].text) for k in keys if s in cells.get(k, {}))])
        for s in ids
    }
    chunks: list[list[str]] = [[]]
    used = 5
    for s in ids:
        if chunks[-1] and used + 2 + widths[s] > MAX_WIDTH:
            chunks.append([])
            used = 5
        chunks[-1].append(s)
        used += 2 + widths[s]
    tables = []
    for n, chunk in enumerate(chunks):
        more = f" ({n + 1} of {len(chunks)})" if len(chunks) > 1 else ""
        first = Column("pt" if c.selection.salary is None else "salary")
        t = Table([first, *(Column(names[s], "right") for s in chunk)], title=title + more)
        for k in keys:
            t.add(k, *(cells.get(k, {}).get(s, Cell("")) for s in chunk))
        tables.append(t)
    tables[-1].notes = ["▲ best and ▼ worst offer on each line."]
    return tables


def key(row: Row, selection: Selection) -> str:
    """The line a row goes on side by side: its point (tops together), or the salary asked."""
    return fmt_amount(selection.salary) if selection.salary is not None else row.label


def column_name(group: tuple[str, ...]) -> str:
    """A column's title: the offers it stands for, or the first and how many more when long
    (the line above the tables names them all)."""
    joined = " = ".join(group)
    return joined if len(joined) <= 24 else f"{group[0]} (+{len(group) - 1})"
