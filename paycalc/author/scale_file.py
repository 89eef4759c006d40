"""The text of a new scale file: from a pay table the user entered, or a template to fill in.

Either is checked as `paycalc validate` checks a scale before it is written, so what
`new-scale` writes always loads; what it could not know (the employer, the date the table came
into force, a band's role) is left as a TODO, which `validate` warns of until it is filled in.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date
from decimal import Decimal

from paycalc.author.table import TableBand
from paycalc.errors import ProblemList

# A template's bands: a pattern to copy, not anyone's pay.
TEMPLATE_BANDS = (
    TableBand("3", (Decimal(22000), Decimal(23000), Decimal(24000))),
    TableBand("4", (Decimal(28000), Decimal(29500), Decimal(31000))),
)
# Where no date is given: a placeholder that validates, flagged by the TODO in the note.
PLACEHOLDER_DAY = date(2020, 4, 1)


def scale_text(
    ident: str,
    bands: list[TableBand],
    *,
    table: str | None = None,
    title: str | None = None,
    employer: str | None = None,
    effective: date | None = None,
    roles: dict[str, str] | None = None,
) -> str:
    """A scale file's text with `status: entered`, every key explained in a comment.

    Args:
        ident: the scale's id (its file name without .yaml).
        bands: the bands and their salaries, point 1 first.
        table: the name of the table the bands were read from (None: a template).
        title, employer, effective: what the user said; a TODO for what they did not.
        roles: a role for a band by its name, over any the table gave.
    """
    roles = roles or {}
    todo = []
    if effective is None:
        todo.append(
            f"'effective' is a placeholder ({PLACEHOLDER_DAY}): give the date the table came "
            "into force"
        )
    if any(not (roles.get(b.name) or b.role) for b in bands):
        todo.append("give each band its 'role' (the job it pays for)")
    if table is None:
        todo.append("replace the template's bands and points with the employer's")
    source = (
        f"The employer's pay table, entered from {table}"
        if table
        else "TODO the pay table's source"
    )
    lines = [
        "# yaml-language-server: $schema=paycalc.schema.json",
        f"# A pay scale {'entered from ' + table if table else 'template'}, by paycalc new-scale.",
        "# Check each figure against the employer's table and fill in every TODO, then:",
        f"#     paycalc validate {ident}.yaml",
        f"#     paycalc show {ident}",
        f"#     paycalc compare OFFER --against {ident}.yaml",
        "",
        "kind: scale                   # this file is a pay scale (an offer says 'kind: scheme')",
        f"id: {ident}",
        "# ^ the file name without .yaml: other commands find the scale by it",
        f"title: {_text(title or _title(ident, employer, table))}",
        f"employer: {_text(employer or 'TODO the employer')}",
        f"effective: {effective or PLACEHOLDER_DAY}",
        "# ^ the date the table came into force",
        "status: entered               # typed in from the employer's own table: neither a",
        "# published figure paycalc can cite nor an illustrative one",
    ]
    if todo:
        note = _text("TODO: " + "; ".join(todo) + "; then remove this note")
        # A double-quoted YAML value may go on over lines: each break reads as a space.
        lines += textwrap.wrap(f"note: {note}", 96, subsequent_indent="  ", break_long_words=False)
    lines += [
        "sources:",
        "  - id: table",
        f"    title: {_text(source)}",
        f"    file: {_text(table or 'TODO the file or document')}",
        "",
        "bands:                        # point 1 first; each point above the one before",
    ]
    for band in bands:
        lines.append(f"  - name: {_text(band.name)}")
        role = roles.get(band.name) or band.role
        if role:
            lines.append(f"    role: {_text(role)}")
        else:
            lines.append("    # role: the job this band pays for, e.g. Probation officer")
        points = ", ".join(_amount(p) for p in band.points)
        lines.append(f"    points: [{points}]")
    return "\n".join(lines) + "\n"


def _title(ident: str, employer: str | None, table: str | None) -> str:
    if employer and table:
        return f"{employer} pay scale, entered from {table}"
    return f"TODO the scale in one line, e.g. {employer or ident} pay scale 2020/21"


def check_scale_text(text: str, name: str) -> None:
    """Raise FileProblems for anything `paycalc validate` would call an error in the file."""
    from paycalc.files.cross_checks import scale_problems
    from paycalc.files.load import parse_document
    from paycalc.files.yamlio import load_text

    raw = load_text(text, name)
    doc = parse_document(raw, name)
    problems = scale_problems(doc, raw, name)  # type: ignore[arg-type]
    ProblemList(name, [p for p in problems if p.severity == "error"]).raise_if_any()


def _text(value: str) -> str:
    """Text as a YAML value that reads back as itself, whatever it holds (':', '#', quotes)."""
    return json.dumps(value, ensure_ascii=False)


def _amount(value: Decimal) -> str:
    """22300 or 22300.50: whole pounds without pence, never an exponent."""
    return f"{value:f}" if value != value.to_integral_value() else f"{value.to_integral_value():f}"
