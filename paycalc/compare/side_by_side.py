"""One band's offers side by side, for a comparison of several offers in one band: a table per
measure with a column per offer (identical offers in one column, named together) and a line per
starting salary, so each line compares people paid the same before; then the rate for the job."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from paycalc.compare.ranking import twins
from paycalc.compare.report_parts import (
    Heading,
    Line,
    Part,
    band_title,
    fmt_amount,
    gap_style,
    offer_name,
    row_notes,
)
from paycalc.money import fmt_pct, to_penny
from paycalc.table import Cell, Column, Style, Table

if TYPE_CHECKING:
    from paycalc.compare.results import Comparison, Row

# (title, value, shown, marked): `marked` puts ▲ on the best of a line and ▼ on the worst.
Measure = tuple[str, Callable[["Row"], Decimal], Callable[["Row"], str], bool]


def side_by_side(c: Comparison, members: bool = False) -> list[Part]:
    """The band's offers side by side: a table per measure, then the rate for the job and each
    offer's summary and cost."""
    band = c.selection.band or ""
    groups = twins(c, band)
    names = {g[0]: column_name(c, g, members) for g in groups}
    out: list[Part] = [Heading(f"{band_title(c, band)}: {len(c.schemes)} offers side by side", 2)]
    for group in groups:
        if len(group) > 1:
            joined = " = ".join(offer_name(c.info(i), members) for i in group)
            out.append(Line(f"{joined}: identical, the same figures on every line; one column."))
    after_label = "after £ (each starting salary's pay after the offer)"
    measures: list[Measure] = [
        (after_label, lambda r: r.figures.after, lambda r: fmt_amount(r.figures.after), True),
        (
            "Total increase % (consolidated and one-off)",
            lambda r: r.figures.total_increase_pct,
            lambda r: fmt_pct(r.figures.total_increase_pct),
            True,
        ),
        (
            "Cash gain £ over the window",
            lambda r: r.figures.cash_gain,
            lambda r: fmt_amount(r.figures.cash_gain),
            True,
        ),
    ]
    if c.rule.name == "transfer":
        measures.append(
            (
                f"The transfer would add £ (the {c.yardstick_owner} point at or above the salary "
                "after, minus it)",
                transfer_adds,
                lambda r: fmt_amount(transfer_adds(r)),
                False,
            )
        )
    else:
        measures.append(
            (
                "Parity gap £ (after minus the same point's reference salary)",
                lambda r: r.figures.parity_gap,
                lambda r: fmt_amount(r.figures.parity_gap),
                True,
            )
        )
    if any(r.real is not None for r in c.rows):  # compare --prices
        from paycalc.compare.realterms import pace_measure

        measures.append(pace_measure(c))
    keys = _row_keys(c)
    for measure in measures:
        out.append(_measure_table(c, groups, names, keys, measure))
    out.append(_rates_table(c, groups, names, band))
    for summary in c.summaries:
        if summary.total > 1:
            out.append(Line(f"Summary for {_name(c, summary.scheme, members)}: {summary.line()}."))
        if summary.cost is not None:
            out.append(Line(f"Cost of {_name(c, summary.scheme, members)}: {summary.cost.line()}."))
    return out


def transfer_adds(row: Row) -> Decimal:
    """What the transfer rule's NPS point would add to the salary after (nothing above it)."""
    f = row.figures
    return max(f.reference_salary - f.after, Decimal(0))


def _name(c: Comparison, scheme: str, members: bool) -> str:
    return offer_name(c.info(scheme), members)


def _rates_table(
    c: Comparison, groups: list[tuple[str, ...]], names: dict[str, str], band: str
) -> Table:
    owner = c.yardstick_owner
    rates = Table(
        [
            Column("offer"),
            Column("top before", "right"),
            Column("top after", "right"),
            Column(f"{owner} top", "right"),
            Column("difference", "right"),
        ],
        title=f"Rate for the job: the top of band {band} against the top of the {owner} band",
    )
    for group in groups:
        rate = next(r for r in c.rates if r.scheme == group[0])
        rates.add(
            names[group[0]],
            fmt_amount(rate.max_before),
            fmt_amount(rate.max_after),
            fmt_amount(rate.reference_top),
            Cell(fmt_amount(rate.top_gap), gap_style(rate.top_gap)),
        )
    rates.notes = [
        f"{names.get(info.id, info.id)} {note}"
        for info in c.schemes
        for note in row_notes(c.rows_of(info.id), c.selection)
    ]
    return rates


def _row_keys(c: Comparison) -> list[Decimal]:
    """The lines of a side-by-side table: every starting salary of the rows, lowest first."""
    return sorted({to_penny(r.figures.before) for r in c.rows})


def _measure_table(
    c: Comparison,
    groups: list[tuple[str, ...]],
    names: dict[str, str],
    keys: list[Decimal],
    measure: Measure,
) -> Table:
    """One table of a measure, a column per offer, a line per starting salary."""
    title, value, show, marked = measure
    cells: dict[Decimal, dict[str, Cell]] = {}
    for k in keys:
        found = {
            r.figures.scheme: r
            for r in c.rows
            if to_penny(r.figures.before) == k and r.figures.scheme in names
        }
        values = [value(r) for r in found.values()]
        best, worst = (max(values), min(values)) if values else (None, None)
        marks = marked and best is not None and best != worst and len(found) > 1
        for scheme, row in found.items():
            v = value(row)
            # Unmarked cells get two spaces, so the digits of a column stay aligned.
            mark = " ▲" if marks and v == best else " ▼" if marks and v == worst else "  "
            style: Style = "bold" if mark == " ▲" else ""
            cells.setdefault(k, {})[scheme] = Cell(show(row) + mark, style)
    t = Table(
        [Column("before £"), *(Column(names[s], "right") for s in names)],
        title=title,
    )
    for k in keys:
        t.add(fmt_amount(k), *(cells.get(k, {}).get(s, Cell("")) for s in names))
    note = "A line per starting salary (the pay before the offer, times the FTE)."
    if marked:
        note += " ▲ best and ▼ worst offer on each line."
    t.notes = [note]
    return t


def column_name(c: Comparison, group: tuple[str, ...], members: bool = False) -> str:
    """A column's title: the offers it stands for, or the first and how many more when long
    (the line above the tables names them all)."""
    names = [offer_name(c.info(i), members) for i in group]
    joined = " = ".join(names)
    return joined if len(joined) <= 24 or len(names) == 1 else f"{names[0]} (+{len(names) - 1})"
