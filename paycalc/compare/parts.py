"""The human forms of a comparison (table, markdown, html) as one list of parts: headings,
lines, tables and charts, built once and drawn by each renderer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from paycalc.money import fmt_pct, to_penny
from paycalc.table import Cell, Column, Style, Table

if TYPE_CHECKING:
    from paycalc.compare.run import Comparison, RateForJob, Row, SchemeInfo, Selection

MAX_WIDTH = 100  # a laptop terminal; side-by-side tables are split to fit

# Notes that parity repeats on every row of a scheme: shown once, in the scheme's heading.
_SCHEME_NOTES = ("illustrative scale values:", "scheme status:")
_UNSETTLED = ("claim", "offer", "pending", "rejected")


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Line:
    """A paragraph; `style` colours it on a terminal (and in html)."""

    text: str
    style: Style = ""


@dataclass
class Chart:
    """The parity gap by point in one band, one series per scheme (drawn in html only)."""

    band: str
    reference: str
    series: list[tuple[str, list[tuple[int, bool, Decimal]]]] = field(default_factory=list)


Part = Heading | Line | Table | Chart


def parts(c: Comparison) -> list[Part]:
    """The report as headings, lines, tables and charts, shared by every human format."""
    out: list[Part] = [Heading(title(c), 1), Line(_window_line(c))]
    if c.illustrative:
        out.append(Line(_illustrative_line(c.schemes), "warn"))
    out.extend(_charts(c))
    if c.side_by_side:
        out.extend(_side_by_side(c))
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
    who = "every point of every band"
    if sel.band is not None:
        who = f"band {sel.band}"
    if sel.salary is not None:
        who += f", salary {_money(sel.salary)}"
    elif sel.point is not None:
        who += f", point {sel.point}" if sel.band else f"point {sel.point} of every band"
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
    status: Style = "warn" if info.status in _UNSETTLED else ""
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
                _label(row, c.selection),
                _money(f.before),
                _money(f.after),
                _money(f.consolidated_increase),
                fmt_pct(f.consolidated_increase_pct),
                _money(f.unconsolidated),
                fmt_pct(f.total_increase_pct),
                _money(f.reference_salary),
                Cell(_money(f.parity_gap), _gap_style(f.parity_gap)),
                Cell(fmt_pct(f.parity_gap_pct), _gap_style(f.parity_gap)),
                _money(f.cash_gain),
            )
        table.notes = _row_notes(rows, c.selection)
        out.append(table)
        rate = next(r for r in c.rates if r.scheme == info.id and r.band == band)
        out.append(Line(_rate_line(rate), _gap_style(rate.gap)))
    summary = next(s for s in c.summaries if s.scheme == info.id)
    out.append(Line(f"Summary for {info.id}: {summary.line()}.", "bold"))
    return out


def _ref_band(rows: list[Row], band: str) -> str:
    ref_bands = {r.figures.reference_band for r in rows}
    if ref_bands == {band} or not ref_bands:
        return ""
    return f" (compared with reference band {', '.join(sorted(ref_bands))})"


def _rate_line(rate: RateForJob) -> str:
    return (
        f"Rate for the job: the top of band {rate.band} is {_money(rate.max_before)} before, "
        f"{_money(rate.max_after)} after; {_ref_name(rate.reference)} band {rate.reference_band} "
        f"top {_money(rate.reference_max)}; gap {_money(rate.gap)} ({fmt_pct(rate.gap_pct)} %)."
    )


def _side_by_side(c: Comparison) -> list[Part]:
    band = c.selection.band
    out: list[Part] = [Heading(f"Band {band}: {len(c.schemes)} offers side by side", 2)]
    for info in c.schemes:
        flag = " ⚠ illustrative" if info.illustrative else ""
        style: Style = "warn" if info.status in _UNSETTLED else ""
        out.append(Line(f"{info.id}: {info.title} [{info.status.upper()}]{flag}", style))
    measures: list[tuple[str, Callable[[Row], Decimal], Callable[[Decimal], str], bool]] = [
        ("Parity gap £ (after minus reference)", lambda r: r.figures.parity_gap, _money, True),
        (
            "Total increase % (consolidated and one-off)",
            lambda r: r.figures.total_increase_pct,
            fmt_pct,
            False,
        ),
        ("Salary after £", lambda r: r.figures.after, _money, False),
        ("Cash gain £ over the window", lambda r: r.figures.cash_gain, _money, False),
    ]
    keys = _row_keys(c)
    for title, value, show, coloured in measures:
        out.extend(_measure_tables(c, keys, title, value, show, coloured))
    rates = Table(
        [
            Column("scheme"),
            Column("top before", "right"),
            Column("top after", "right"),
            Column("reference top", "right"),
            Column("gap", "right"),
            Column("gap %", "right"),
        ],
        title=f"Rate for the job: the top of band {band} against the reference band's top",
    )
    for rate in c.rates:
        rates.add(
            rate.scheme,
            _money(rate.max_before),
            _money(rate.max_after),
            _money(rate.reference_max),
            Cell(_money(rate.gap), _gap_style(rate.gap)),
            Cell(fmt_pct(rate.gap_pct), _gap_style(rate.gap)),
        )
    rates.notes = [
        f"{info.id} {note}"
        for info in c.schemes
        for note in _row_notes(c.rows_of(info.id), c.selection)
    ]
    out.append(rates)
    for summary in c.summaries:
        out.append(Line(f"Summary for {summary.scheme}: {summary.line()}.", "bold"))
    return out


def _row_keys(c: Comparison) -> list[str]:
    keys = dict.fromkeys(_key(r, c.selection) for r in c.rows)
    return sorted(keys, key=lambda k: (k == "top", int(k) if k.isdigit() else 0, k))


def _measure_tables(
    c: Comparison,
    keys: list[str],
    title: str,
    value: Callable[[Row], Decimal],
    show: Callable[[Decimal], str],
    coloured: bool,
) -> list[Table]:
    """One table of a measure, a column per scheme, split so each fits in MAX_WIDTH."""
    cells: dict[str, dict[str, Cell]] = {}
    for key in keys:
        found = {r.figures.scheme: value(r) for r in c.rows if _key(r, c.selection) == key}
        best, worst = (max(found.values()), min(found.values())) if found else (None, None)
        marks = best is not None and best != worst and len(found) > 1
        for scheme, v in found.items():
            # Unmarked cells get two spaces, so the digits of a column stay aligned.
            mark = " ▲" if marks and v == best else " ▼" if marks and v == worst else "  "
            style: Style = _gap_style(v) if coloured else ("bold" if mark == " ▲" else "")
            cells.setdefault(key, {})[scheme] = Cell(show(v) + mark, style)
    ids = [s.id for s in c.schemes]
    widths = {
        s: max([len(s), *(len(cells[k][s].text) for k in keys if s in cells.get(k, {}))])
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
        t = Table([first, *(Column(s, "right") for s in chunk)], title=title + more)
        for key in keys:
            t.add(key, *(cells.get(key, {}).get(s, Cell("")) for s in chunk))
        tables.append(t)
    tables[-1].notes = ["▲ best and ▼ worst offer on each line."]
    return tables


def _charts(c: Comparison) -> list[Chart]:
    charts = []
    for band in c.bands():
        chart = Chart(band, c.reference or "reference")
        for info in c.schemes:
            rows = c.rows_of(info.id, band)
            if len(rows) > 1:
                chart.series.append(
                    (info.id, [(r.figures.point, r.top, r.figures.parity_gap) for r in rows])
                )
        if chart.series:
            charts.append(chart)
    return charts


def _key(row: Row, selection: Selection) -> str:
    """The line a row goes on side by side: its point (tops together), or the salary asked."""
    return _money(selection.salary) if selection.salary is not None else row.label


def _label(row: Row, selection: Selection) -> str:
    if selection.salary is not None:
        f = row.figures
        return "above top" if f.protected else f"{_money(selection.salary)} (pt {f.point})"
    return row.label


def _row_notes(rows: list[Row], selection: Selection) -> list[str]:
    """Each note once, with the points it applies to ("points 6-15, top: ...")."""
    where: dict[str, list[str]] = {}
    for row in rows:
        for note in row.figures.notes:
            if not note.startswith(_SCHEME_NOTES):
                where.setdefault(note, []).append(_label(row, selection))
    return [f"{_points(labels)}: {note}" for note, labels in where.items()]


def _points(labels: list[str]) -> str:
    """'point 4', 'points 6-15, top': runs of consecutive numbers as ranges."""
    parts: list[str] = []
    run: list[int] = []
    for label in [*labels, ""]:
        if label.isdigit() and (not run or int(label) == run[-1] + 1):
            run.append(int(label))
            continue
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
        run = [int(label)] if label.isdigit() else []
        if label and not label.isdigit():
            parts.append(label)
    return ("point " if len(labels) == 1 else "points ") + ", ".join(parts)


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
        "window minus cash with no award."
    )


def _money(value: Decimal) -> str:
    """'27,300.00', '-1,234.50': tables say once that money is in pounds."""
    return f"{to_penny(value):,.2f}"


def _gap_style(value: Decimal) -> Style:
    return "bad" if value < 0 else "good"
