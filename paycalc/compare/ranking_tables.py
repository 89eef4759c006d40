"""The "Which offer is best" section of a comparison: per band, a table of the offers ranked
(best first), each offer's readings under it and the benchmark below, the best figure of each
column marked ▲. The standings themselves are worked out in compare/ranking.py."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from paycalc.compare.ranking import ranked_by, rankings
from paycalc.compare.report_parts import (
    Heading,
    Part,
    band_title,
    fmt_amount,
    gap_style,
    offer_name,
)
from paycalc.money import fmt_pct
from paycalc.table import Cell, Column, Style, Table

if TYPE_CHECKING:
    from paycalc.compare.ranking import Standing
    from paycalc.compare.results import Comparison

# The ranking's columns: (title, format) for each of Standing.values ("NPS" and "INDEX" are
# replaced by the reference's owner and the price index).
_RANK_COLUMNS: tuple[tuple[str, Callable[[Decimal], str]], ...] = (
    ("total %", fmt_pct),
    ("gain £", fmt_amount),
    ("top v NPS £", fmt_amount),
    ("after £", fmt_amount),
    ("INDEX real %", fmt_pct),
)


def ranking_tables(c: Comparison, members: bool = False) -> list[Part]:
    """Per band, the offers ranked (best first), each offer's readings under it and the
    benchmark below, the best figure of each column marked ▲."""
    standings = rankings(c)
    if not standings:
        return []
    keys = ranked_by(c)
    person = c.selection.salary is not None
    out: list[Part] = [Heading("Which offer is best", 2)]
    bands = list(dict.fromkeys(s.band for s in standings))
    for band in bands:
        shown = [s for s in standings if s.band == band]
        ranked = [s for s in shown if s.rank is not None]
        columns = [Column("offer")]
        for k in keys:
            title = _RANK_COLUMNS[k][0].replace("NPS", _short(c.yardstick_owner))
            columns.append(Column(title.replace("INDEX", _index(c)), "right"))
        what = (
            f"the total rise of someone on {fmt_amount(c.selection.salary)}"
            if c.selection.salary is not None
            else "the median total rise of the people compared"
        )
        table = Table(columns, title=f"{band_title(c, band)}: offers ranked on {what}")
        bests = [max(s.values[k] for s in ranked) for k in keys]
        for s in shown:
            cells: list[str | Cell] = [_offer_cell(c, s, members)]
            for k, best in zip(keys, bests, strict=True):
                value = s.values[k]
                mark = s.rank is not None and len(ranked) > 1 and value == best
                text = _RANK_COLUMNS[k][1](value) + (" ▲" if mark else "  ")
                style: Style = "dim" if s.rank is None else ("bold" if mark else "")
                if k == 2 and s.rank is not None:
                    style = gap_style(value)
                cells.append(Cell(text, style))
            table.add(*cells)
        # What the columns mean is said once, under the last band's table.
        note = _ranking_note(c, shown, person, band == bands[-1])
        table.notes = [note] if note else []
        out.append(table)
    return out


def _short(owner: str) -> str:
    return owner if len(owner) <= 4 else "ref"


def _index(c: Comparison) -> str:
    return c.prices.index.upper() if c.prices is not None else ""


NAME_WIDTH = 28  # a longer run's name is broken after a +, to keep the ranking narrow


def _offer_cell(c: Comparison, s: Standing, members: bool) -> str:
    names = [offer_name(c.info(i), members) for i in s.schemes]
    if not members:
        names = ["\n     ".join(_run_lines(n)) for n in names]
    if s.kind == "reading":
        return "  ↳ " + names[0]
    lead = f"{s.rank:>2} " if s.rank is not None else " – "
    return lead + "\n   = ".join(names)  # one name a line keeps the table narrow


def _run_lines(name: str) -> list[str]:
    """A run's name in lines of at most NAME_WIDTH, each but the last ending in +."""
    lines = [""]
    for part in name.split("+"):
        joined = f"{lines[-1]}+{part}" if lines[-1] else part
        if lines[-1] and len(joined) > NAME_WIDTH:
            lines[-1] += "+"
            lines.append(part)
        else:
            lines[-1] = joined
    return lines


def _ranking_note(c: Comparison, shown: list[Standing], person: bool, last: bool) -> str:
    parts = []
    if last and person:
        parts.append(
            "total %: consolidated rise and one-offs as a share of the salary before; gain: "
            "cash over the window minus cash with no award; after: the salary after the offer"
        )
    elif last:
        parts.append(
            "total % and gain £: medians over the band's people (gain: cash over the window "
            f"minus cash with no award); top v {_short(c.yardstick_owner)}: the band top after "
            f"the offer minus the top of the {c.yardstick_owner} band it is matched to"
        )
    if last and c.prices is not None:
        whose = "their" if person else "the median"
        parts.append(
            f"{_index(c)} real %: {whose} total rise in real terms, every offer read over the "
            "same months (stated under Against prices)"
        )
    if last:
        parts.append("▲ best in its column; equal figures share a rank")
    if any(" = " in s.name for s in shown):
        parts.append("offers joined by = have the same figures on every line")
    if any(s.kind == "reading" for s in shown):
        spans = [_span(s) for s in shown if s.readings and s.ranges[0][0] != s.ranges[0][1]]
        ranges = f" (range of the total rise across readings: {'; '.join(spans)})" if spans else ""
        parts.append(f"↳ another reading of the offer above, not ranked{ranges}")
    if any(s.kind == "benchmark" for s in shown):
        parts.append(f"–: the {c.yardstick_owner}'s own award, the benchmark, not ranked")
    return "; ".join(parts) + "." if parts else ""


def _span(s: Standing) -> str:
    low, high = s.ranges[0]
    return f"{s.schemes[0]} {fmt_pct(low)} to {fmt_pct(high)} %"
