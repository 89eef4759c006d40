"""The layout of a comparison's report in its human forms (table, markdown, html): one list of
parts (headings, lines, tables and charts, compare/report_parts.py), built once and drawn by each
renderer. `members`: a report meant for members (markdown, html) names offers by employer and
gives no command-line advice."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from paycalc.compare.report_parts import (
    Chart,
    Heading,
    Line,
    Part,
    band_title,
    fmt_amount,
    gap_style,
    offer_name,
    row_label,
    row_notes,
)
from paycalc.model import UNSETTLED
from paycalc.money import ZERO, fmt_pct
from paycalc.table import Cell, Column, Style, Table

if TYPE_CHECKING:
    from decimal import Decimal

    from paycalc.compare.results import Comparison, RateForJob, Report, Row, SchemeInfo


def as_report(found: Report | Comparison) -> Report:
    from paycalc.compare.results import Comparison, Report

    return Report((found,)) if isinstance(found, Comparison) else found


def layout(found: Report | Comparison, members: bool = False) -> list[Part]:
    """The report as headings, lines, tables and charts, shared by every human format."""
    report = as_report(found)
    several = report.by_round
    out: list[Part] = []
    if several:
        out.append(Heading(title(report), 1))
        out.append(
            Line(
                "Every offer, one comparison per pay round (the April-to-March year an offer "
                "starts in); each round is measured against its own reference scale over its "
                "own cash window, stated under its heading."
            )
        )
    for c in report.comparisons:
        shown = _comparison(c, members)
        if several:  # one level down, under the report's title
            shown = [replace(p, level=p.level + 1) if isinstance(p, Heading) else p for p in shown]
        out.extend(shown)
    for round_title, why in report.rounds_left_out:
        out.append(
            Line(
                f"Left out: the {round_title}, as none of its offers fits the staff asked for "
                f"(first: {why}).",
                "dim",
            )
        )
    if report.transfers:
        how = (
            "a transfer is compared in a run from an offer of its employer"
            if members
            else "name a run such as OFFER+TRANSFER to compare one; `paycalc list` shows each "
            "employer's runs"
        )
        out.append(Line(f"Transfers left out ({how}): {', '.join(report.transfers)}.", "dim"))
    if report.local_files:
        out.append(Line("Local files included: " + ", ".join(report.local_files) + ".", "warn"))
    out.append(Line(_legend(report.comparisons[-1], members)))
    return out


def title(found: Report | Comparison) -> str:
    report = as_report(found)
    if report.by_round:
        return "Pay offers by pay round against NPS pay"
    return _title(report.comparisons[0])


def _title(c: Comparison) -> str:
    owner = c.yardstick_owner
    what = "Pay offers" if len(c.schemes) > 1 else f"Pay offer {c.schemes[0].id}"
    if c.title:
        what = f"{c.title}: {len(c.schemes)} offers" if len(c.schemes) > 1 else c.title
    against = f"{owner} pay ({c.reference})" if owner == "NPS" else str(c.reference)
    return f"{what} against {against}"


def _comparison(c: Comparison, members: bool) -> list[Part]:
    from paycalc.compare.ranking_tables import ranking_tables
    from paycalc.compare.realterms import prices_parts
    from paycalc.compare.side_by_side import side_by_side

    out: list[Part] = [Heading(_title(c), 1), *_yardstick_lines(c)]
    if c.illustrative:
        out.append(Line(_illustrative_line(c.schemes), "warn"))
    out.extend(ranking_tables(c, members))
    out.extend(prices_parts(c))  # compare --prices: the offers against prices
    out.extend(_charts(c, members))
    if c.side_by_side:
        for info in c.schemes:
            out.extend(_offer_line(info, members))
        out.extend(side_by_side(c, members))
    else:
        for info in c.schemes:
            out.extend(_one_scheme(c, info, members))
    if c.skipped:
        left_out = "; ".join(f"{scheme} ({why})" for scheme, why in c.skipped)
        out.append(Line(f"Left out, as they do not fit the staff asked for: {left_out}.", "dim"))
    return out


def _yardstick_lines(c: Comparison) -> list[Part]:
    """The one reference and window of the comparison, and why, said once."""
    from paycalc.compare.results import pay_round

    first, last = c.window
    lines: list[Part] = []
    if c.yardstick is not None:
        y = c.yardstick
        lines.append(
            Line(
                f"Reference: {y.reference} ({y.reference_why}), for every offer. Cash counted "
                f"from {first:%-d %B %Y} to {last:%-d %B %Y} ({y.window_why}), against no "
                "award; an offer that ends earlier holds its final pay to then."
            )
        )
    rounds = sorted({pay_round(s.period_start) for s in c.schemes if s.period_start})
    if len(rounds) > 1:
        lines.append(
            Line(
                f"The offers start in different pay rounds ({', '.join(rounds)}): every one is "
                "measured with this one reference and window.",
                "warn",
            )
        )
    lines.append(Line(f"Parity rule: {c.rule.name}, {c.rule.meaning}."))
    lines.append(Line(_staff_line(c)))
    return lines


def _staff_line(c: Comparison) -> str:
    sel = c.selection
    if sel.band is None:
        who = (
            "every point of every band" if sel.point is None else f"point {sel.point} of every band"
        )
    else:
        who = band_title(c, sel.band)
        if sel.salary is not None:
            who += f", salary {fmt_amount(sel.salary)}"
        elif sel.point is not None:
            who += f", point {sel.point}"
    fte = "full-time" if sel.fte == 1 else f"FTE {sel.fte}"
    return f"Staff: {who} ({fte}). Money in £. Salary after: at the end of each offer."


def _illustrative_line(schemes: tuple[SchemeInfo, ...]) -> str:
    scales = list(dict.fromkeys(s for info in schemes for s in info.illustrative_scales))
    return (
        "⚠ ILLUSTRATIVE: the pay points of " + ", ".join(scales) + " were not checked against a "
        "published source; read the figures as worked examples, not as anyone's pay."
    )


def _offer_line(info: SchemeInfo, members: bool) -> list[Part]:
    flag = " ⚠ illustrative" if info.illustrative else ""
    style: Style = "warn" if info.status in UNSETTLED else ""
    where = "" if info.bundled else " (local file)"
    role = " (benchmark)" if info.benchmark else ""
    return [
        Line(
            f"{offer_name(info, members)}{role}: {info.title} [{info.status.upper()}]{where}{flag}",
            style,
        )
    ]


def _scheme_lines(info: SchemeInfo, members: bool) -> list[Part]:
    status: Style = "warn" if info.status in UNSETTLED else ""
    where = "" if info.bundled else " (local file)"
    run = f" A run: {', then '.join(info.parts)}." if len(info.parts) > 1 else ""
    bench = " The benchmark: not ranked." if info.benchmark else ""
    dates = f"{info.period_start} to {info.period_end}" if info.period_start else ""
    lines: list[Part] = [
        Heading(f"{offer_name(info, members)}: {info.title}", 2),
        Line(
            f"{info.employer}{where}. Status: {info.status.upper()}. Starts from "
            f"{info.from_scale}; {dates}.{run}{bench}",
            status,
        ),
    ]
    if info.illustrative:
        lines.append(Line("⚠ illustrative: " + ", ".join(info.illustrative_scales), "warn"))
    return lines


def _one_scheme(c: Comparison, info: SchemeInfo, members: bool) -> list[Part]:
    from paycalc.compare.realterms import band_pace_line

    out = _scheme_lines(info, members)
    owner = c.yardstick_owner if c.yardstick_owner == "NPS" else "ref"
    transfer = c.rule.name == "transfer"
    for band in sorted(
        dict.fromkeys(r.figures.band for r in c.rows_of(info.id)),
        key=lambda b: c.bands().index(b),
    ):
        rows = c.rows_of(info.id, band)
        columns = [
            # Short titles: eleven columns of pounds to the penny fit in 100 columns.
            Column("pt"),
            Column("before", "right"),
            Column("after", "right"),
            Column("rise", "right"),
            Column("rise%", "right"),
            Column("one-off", "right"),
            Column("total%", "right"),
            Column(owner, "right"),
            *(
                [Column("adds", "right")]
                if transfer
                else [Column("gap", "right"), Column("gap%", "right")]
            ),
            Column("gain", "right"),
        ]
        table = Table(columns, title=band_title(c, band) + _ref_band(rows, band))
        for row in rows:
            f = row.figures
            if transfer:
                adds = max(f.reference_salary - f.after, ZERO)
                measured: list[str | Cell] = [fmt_amount(adds)]
            else:
                measured = [
                    Cell(fmt_amount(f.parity_gap), gap_style(f.parity_gap)),
                    Cell(fmt_pct(f.parity_gap_pct), gap_style(f.parity_gap)),
                ]
            table.add(
                row_label(row, c.selection) + ("*" if f.illustrative_value else ""),
                fmt_amount(f.before),
                fmt_amount(f.after),
                fmt_amount(f.consolidated_increase),
                fmt_pct(f.consolidated_increase_pct),
                fmt_amount(f.unconsolidated),
                fmt_pct(f.total_increase_pct),
                fmt_amount(f.reference_salary),
                *measured,
                fmt_amount(f.cash_gain),
            )
        table.notes = row_notes(rows, c.selection)
        out.append(table)
        rate = next(r for r in c.rates if r.scheme == info.id and r.band == band)
        out.append(Line(_rate_line(rate, c.yardstick_owner), gap_style(rate.top_gap)))
        out.extend(band_pace_line(rows))  # compare --prices: keeping pace
    summary = next(s for s in c.summaries if s.scheme == info.id)
    if summary.total > 1:
        out.append(Line(f"Summary for {offer_name(info, members)}: {summary.line()}.", "bold"))
    if summary.cost is not None:
        out.append(Line(f"Cost of {offer_name(info, members)}: {summary.cost.line()}."))
    return out


def _ref_band(rows: list[Row], band: str) -> str:
    ref_bands = {r.figures.reference_band for r in rows}
    if ref_bands == {band} or not ref_bands:
        return ""
    return f", compared with reference band {', '.join(sorted(ref_bands))}"


def _rate_line(rate: RateForJob, owner: str) -> str:
    return (
        f"Rate for the job: the top of band {rate.band} is {fmt_amount(rate.max_before)} before, "
        f"{fmt_amount(rate.max_after)} after; the top of {owner} band {rate.reference_band} is "
        f"{fmt_amount(rate.reference_top)}: {fmt_amount(rate.top_gap)} "
        f"({fmt_pct(_pct(rate))} %)."
    )


def _pct(rate: RateForJob) -> Decimal:
    from paycalc.money import pct_change

    return pct_change(rate.max_after, rate.reference_top)


def _charts(c: Comparison, members: bool) -> list[Chart]:
    from paycalc.compare.ranking import twins

    charts = []
    for band in c.bands():
        chart = Chart(band_title(c, band))
        # Identical offers are one series, named together, rather than lines drawn over each other.
        for group in twins(c, band):
            rows = c.rows_of(group[0], band)
            if len(rows) > 1:
                name = " = ".join(offer_name(c.info(i), members) for i in group)
                if len(group) > 1:
                    name += " (identical)"
                points = sorted(
                    (r.figures.before, r.top, r.figures.total_increase_pct) for r in rows
                )
                chart.series.append((name, points))
        if chart.series:
            charts.append(chart)
    return charts


def _legend(c: Comparison, members: bool) -> str:
    owner = c.yardstick_owner
    measured = (
        f"{owner}: the {owner} point the transfer would move the person to; adds: what it would "
        "add to the salary after"
        if c.rule.name == "transfer"
        else f"{owner}: the {owner} salary the same number of points up the matched band; gap: "
        "after minus it (negative: below it)"
    )
    star = "*: a figure on the line rests on an illustrative scale value"
    if not members:
        star += " (paycalc explain names which)"
    if c.side_by_side:
        return (
            "total increase: consolidated rise and one-off payments as a share of the salary "
            "before; cash gain: cash over the window minus cash with no award."
        )
    return (
        "pt: pay point (top: the top of the band); before: salary the day before the offer; "
        "after: at the end of its period; rise: consolidated increase; one-off: unconsolidated "
        f"payments in the period; total%: both, as a share of before; {measured}; gain: cash "
        f"over the window minus cash with no award; {star}."
    )
