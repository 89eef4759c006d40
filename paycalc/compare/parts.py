"""The human forms of a comparison (table, markdown, html) as one list of parts: headings,
lines, tables and charts, built once and drawn by each renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paycalc.compare.elements import (
    Chart,
    Heading,
    Line,
    Part,
    fmt_amount,
    gap_style,
    row_label,
    row_notes,
)
from paycalc.model import UNSETTLED
from paycalc.money import fmt_pct
from paycalc.table import Cell, Column, Style, Table

if TYPE_CHECKING:
    from paycalc.compare.results import Comparison, RateForJob, Row, SchemeInfo


def parts(c: Comparison) -> list[Part]:
    """The report as headings, lines, tables and charts, shared by every human format."""
    from paycalc.compare.realterms import prices_parts
    from paycalc.compare.side import best_parts, side_by_side

    out: list[Part] = [
        Heading(title(c), 1),
        Line(f"Parity rule: {c.rule.name}, {c.rule.meaning}."),
        Line(_window_line(c)),
    ]
    if c.illustrative:
        out.append(Line(_illustrative_line(c.schemes), "warn"))
    out.extend(best_parts(c))
    out.extend(prices_parts(c))  # compare --prices: the offers against prices
    out.extend(_charts(c))
    if c.side_by_side:
        out.extend(side_by_side(c))
    else:
        for info in c.schemes:
            out.extend(_one_scheme(c, info))
    if c.skipped:
        left_out = "; ".join(f"{scheme} ({why})" for scheme, why in c.skipped)
        out.append(Line(f"Left out, as they do not fit the staff asked for: {left_out}.", "dim"))
    out.append(Line(_legend(c)))
    return out


def title(c: Comparison) -> str:
    refs = list(dict.fromkeys(s.reference for s in c.schemes))
    what = "Pay offers" if len(c.schemes) > 1 else f"Pay offer {c.schemes[0].id}"
    if all(_ref_name(r) == "NPS" for r in refs):
        return f"{what} against NPS pay ({', '.join(refs)})"
    return f"{what} against {', '.join(refs)}"


def _window_line(c: Comparison) -> str:
    sel = c.selection
    if sel.band is None:
        who = (
            "every point of every band" if sel.point is None else f"point {sel.point} of every band"
        )
    else:
        who = f"band {sel.band}"
        if sel.salary is not None:
            who += f", salary {fmt_amount(sel.salary)}"
        elif sel.point is not None:
            who += f", point {sel.point}"
    fte = "full-time" if sel.fte == 1 else f"FTE {sel.fte}"
    first, last = c.window
    return (
        f"Staff: {who} ({fte}). Money in £. Cash counted from {first:%-d %B %Y} to "
        f"{last:%-d %B %Y}, against no award."
    )


def _illustrative_line(schemes: tuple[SchemeInfo, ...]) -> str:
    scales = list(dict.fromkeys(s for info in schemes for s in info.illustrative_scales))
    return (
        "⚠ ILLUSTRATIVE: the pay points of " + ", ".join(scales) + " were not checked against a "
        "published source; read the figures as worked examples, not as anyone's pay."
    )


def _ref_name(ref: str) -> str:
    return "NPS" if ref.lower().startswith("nps") else "ref"


def _scheme_lines(info: SchemeInfo) -> list[Part]:
    status: Style = "warn" if info.status in UNSETTLED else ""
    where = "" if info.bundled else " (local file)"
    lines: list[Part] = [
        Heading(f"{info.id}: {info.title}", 2),
        Line(
            f"{info.employer}{where}. Status: {info.status.upper()}. Starts from "
            f"{info.from_scale}; compared with {info.reference}.",
            status,
        ),
    ]
    if info.illustrative:
        lines.append(Line("⚠ illustrative: " + ", ".join(info.illustrative_scales), "warn"))
    return lines


def _one_scheme(c: Comparison, info: SchemeInfo) -> list[Part]:
    out = _scheme_lines(info)
    ref = _ref_name(info.reference)
    for band in dict.fromkeys(r.figures.band for r in c.rows_of(info.id)):
        rows = c.rows_of(info.id, band)
        table = Table(
            [
                # Short titles: eleven columns of pounds to the penny fit in 100 columns.
                Column("pt"),
                Column("before", "right"),
                Column("after", "right"),
                Column("rise", "right"),
                Column("rise%", "right"),
                Column("one-off", "right"),
                Column("total%", "right"),
                Column(ref, "right"),
                Column("gap", "right"),
                Column("gap%", "right"),
                Column("gain", "right"),
            ],
            title=f"Band {band}" + _ref_band(rows, band),
        )
        for row in rows:
            f = row.figures
            table.add(
                row_label(row, c.selection) + ("*" if f.illustrative_value else ""),
                fmt_amount(f.before),
                fmt_amount(f.after),
                fmt_amount(f.consolidated_increase),
                fmt_pct(f.consolidated_increase_pct),
                fmt_amount(f.unconsolidated),
                fmt_pct(f.total_increase_pct),
                fmt_amount(f.reference_salary),
                Cell(fmt_amount(f.parity_gap), gap_style(f.parity_gap)),
                Cell(fmt_pct(f.parity_gap_pct), gap_style(f.parity_gap)),
                fmt_amount(f.cash_gain),
            )
        table.notes = row_notes(rows, c.selection)
        out.append(table)
        rate = next(r for r in c.rates if r.scheme == info.id and r.band == band)
        out.append(Line(_rate_line(rate), gap_style(rate.gap)))
    summary = next(s for s in c.summaries if s.scheme == info.id)
    out.append(Line(f"Summary for {info.id}: {summary.line()}.", "bold"))
    if summary.cost is not None:
        out.append(Line(f"Cost of {info.id}: {summary.cost.line()}."))
    return out


def _ref_band(rows: list[Row], band: str) -> str:
    ref_bands = {r.figures.reference_band for r in rows}
    if ref_bands == {band} or not ref_bands:
        return ""
    return f" (compared with reference band {', '.join(sorted(ref_bands))})"


def _rate_line(rate: RateForJob) -> str:
    return (
        f"Rate for the job: the top of band {rate.band} is {fmt_amount(rate.max_before)} before, "
        f"{fmt_amount(rate.max_after)} after; {_ref_name(rate.reference)} band "
        f"{rate.reference_band} ({rate.parity_rule}) {fmt_amount(rate.reference_salary)}; "
        f"gap {fmt_amount(rate.gap)} ({fmt_pct(rate.gap_pct)} %)."
    )


def _charts(c: Comparison) -> list[Chart]:
    from paycalc.compare.ranking import twins

    charts = []
    for band in c.bands():
        chart = Chart(band, c.reference or "reference")
        # Identical offers are one series, named together, rather than lines drawn over each other.
        for group in twins(c, band):
            rows = c.rows_of(group[0], band)
            if len(rows) > 1:
                chart.series.append(
                    (
                        " = ".join(group),
                        [(r.figures.point, r.top, r.figures.parity_gap) for r in rows],
                    )
                )
        if chart.series:
            charts.append(chart)
    return charts


def _legend(c: Comparison) -> str:
    if c.side_by_side:
        return (
            "gap: salary after the offer minus the reference salary (negative: below it); total "
            "increase: consolidated rise and one-off payments as a share of the salary before; "
            "cash gain: cash over the window minus cash with no award."
        )
    return (
        "pt: pay point (top: the top of the band); before: salary the day before the offer; "
        "after: at the end of its period; rise: consolidated increase; one-off: unconsolidated "
        "payments in the period; total%: both, as a share of before; NPS or ref: the reference "
        "salary; gap: after minus the reference salary (negative: below it); gain: cash over the "
        "window minus cash with no award; *: a figure on the line rests on an illustrative scale "
        "value (paycalc explain names which)."
    )
