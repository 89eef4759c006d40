"""`paycalc show SCALE`: a scale's bands and points, each value with what it rests on, as
tables and as JSON."""

from __future__ import annotations

from typing import Any

from paycalc.basis import Bases
from paycalc.describe.as_tables import sources_part
from paycalc.model import Scale
from paycalc.money import fmt_money, fmt_pounds
from paycalc.table import Cell, Column, Doc, Style, Table

# What each basis means, in the words `show` prints under the tables.
MEANINGS = {
    "quoted": "quoted from the source named",
    "inferred": "worked out from the source named",
    "secondary": "from a secondary source (a union circular, a news report)",
    "illustrative": "made up by stated arithmetic to show the method: not anyone's pay",
    "published": "from the scale's published sources",
    "entered": "typed in from the employer's own table; not checked against a source",
}


def scale_points(scale: Scale) -> list[dict[str, Any]]:
    """Every point of every band: band, role, point, salary, basis, and the source it names."""
    bases = Bases(scale)
    out = []
    for band in scale.bands:
        for n, salary in enumerate(band.points, start=1):
            top = n == len(band.points)
            known = next(
                (k for k in band.known if k.point == n or (k.point == "top" and top)), None
            )
            out.append(
                {
                    "band": band.name,
                    "role": band.role,
                    "point": n,
                    "salary": salary,
                    "basis": bases.point(band.name, n),
                    "source": known.source if known else None,
                    "note": known.note if known else None,
                }
            )
    return out


def scale_doc(scale: Scale) -> Doc:
    """The scale in plain words: what it is, then a table per band of points and salaries, each
    with its basis."""
    doc = Doc()
    doc.text(f"{scale.title} [{scale.id}]")
    doc.text(f"Employer: {scale.employer}")
    doc.text(f"In force from: {scale.effective}    Status: {scale.status}")
    if scale.note:
        doc.text(f"Note: {scale.note}")
    points = scale_points(scale)
    for band in scale.bands:
        doc.text()
        role = f": {band.role}" if band.role else " (role not given)"
        table = Table(
            [Column("point", "right"), Column("salary £", "right"), Column("basis")],
            title=f"Band {band.name}{role}",
        )
        for p in (p for p in points if p["band"] == band.name):
            basis = p["basis"] + (f" ({p['source']})" if p["source"] else "")
            if p["note"]:
                basis += f": {p['note']}"
            style: Style = "warn" if p["basis"] == "illustrative" else ""
            table.add(str(p["point"]), fmt_pounds(p["salary"]).lstrip("£"), Cell(basis, style))
        if band.note:
            table.notes.append(f"Note: {band.note}")
        doc.table(table)
    doc.text()
    used = dict.fromkeys(p["basis"] for p in points)
    doc.text("Basis: " + "; ".join(f"{b}: {MEANINGS[b]}" for b in used if b in MEANINGS) + ".")
    if scale.sources:
        sources_part(doc, scale.sources)
    return doc


def scale_data(scale: Scale) -> dict[str, object]:
    """The scale as its file says it, and every point with its basis (money as strings)."""
    from paycalc.types import plain_data

    data: dict[str, object] = plain_data(scale)
    data["points"] = [
        {**p, "salary": fmt_money(p["salary"]), "meaning": MEANINGS.get(p["basis"], "")}
        for p in scale_points(scale)
    ]
    return data
