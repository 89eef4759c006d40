"""The kinds of part a comparison report is built of (`Part`: a heading, a line, a table, which
is `table.Table`, or a chart), and the small rules of how they show money, bands, offers and
notes; laid out by compare/layout.py (with compare/ranking_tables.py and
compare/side_by_side.py) and drawn by compare/text.py and compare/html.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from paycalc.money import to_penny
from paycalc.table import Style, Table

if TYPE_CHECKING:
    from paycalc.compare.results import Comparison, Row, SchemeInfo, Selection

# Notes that parity repeats on every row of a scheme: shown once, in the scheme's heading.
_SCHEME_NOTES = ("illustrative scale values:", "scheme status:")


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
    """The total rise by starting salary in one band, one series per offer (identical offers
    are one series, named together); drawn in html only."""

    band: str  # as titled: "Band 3 (Probation services officer)"
    # (name, [(salary before, top of the band, total rise %)]), by salary
    series: list[tuple[str, list[tuple[Decimal, bool, Decimal]]]] = field(default_factory=list)


Part = Heading | Line | Table | Chart


def row_label(row: Row, selection: Selection) -> str:
    """A row's point as the tables write it; with --salary, the salary and the point it is on."""
    if selection.salary is not None:
        f = row.figures
        return "above top" if f.protected else f"{fmt_amount(selection.salary)} (pt {f.point})"
    return row.label


def row_notes(rows: list[Row], selection: Selection) -> list[str]:
    """Each note once, with the points it applies to ("points 6-15, top: ...")."""
    where: dict[str, list[str]] = {}
    for row in rows:
        for note in row.figures.notes:
            if not note.startswith(_SCHEME_NOTES):
                where.setdefault(note, []).append(row_label(row, selection))
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


def fmt_amount(value: Decimal) -> str:
    """'27,300.00', '-1,234.50': tables say once that money is in pounds."""
    return f"{to_penny(value):,.2f}"


def gap_style(value: Decimal) -> Style:
    return "bad" if value < 0 else "good"


def band_title(c: Comparison, band: str) -> str:
    """'Band 3 (Probation services officer)': the band and its job title, from the scales'
    `role` (a trailing '(pay band 3)' is left out, the band is said already)."""
    role = c.role(band)
    if not role:
        return f"Band {band}"
    short = re.sub(r"\s*\((pay )?band [^)]*\)$", "", role, flags=re.IGNORECASE) or role
    return f"Band {band} ({short})"


def offer_name(info: SchemeInfo, members: bool = False) -> str:
    """An offer as a report names it: its id (a run's parts joined by +); for members, the
    employer first ('Sodexo Justice Services: sodexo-2020 then sodexo-2021')."""
    if not members:
        return info.id
    return f"{info.employer}: {' then '.join(info.parts)}"
