"""Draws a report's parts as plain text, as a rich terminal table in colour, or as Markdown."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from typing import IO, TYPE_CHECKING

from paycalc.printable import printable
from paycalc.table import (
    RICH_STYLES,
    Table,
    fit,
    plain_table,
    printable_table,
    split_columns,
    width,
)

if TYPE_CHECKING:
    from rich.console import Console

    from paycalc.compare.report_parts import Part


def printable_parts(parts: list[Part]) -> list[Part]:
    """The parts with control characters escaped (`paycalc.printable.printable`): titles, notes and
    quotes come from scheme files, and must never reach a terminal as escape sequences."""
    from paycalc.compare.report_parts import Heading, Line

    out: list[Part] = []
    for part in parts:
        if isinstance(part, Heading | Line):
            part = replace(part, text=printable(part.text, newlines=True))
        elif isinstance(part, Table):
            part = printable_table(part)
        out.append(part)
    return out


def render_plain(parts: list[Part], columns: int | None = None) -> str:
    """Aligned text without colour, no line wider than `columns` (default: $COLUMNS, else the
    terminal's, else 100): for a pipe, a file or a test. A table too wide is drawn in parts,
    each led by its first column."""
    from paycalc.compare.report_parts import Chart, Heading, Line

    columns = columns or width()
    out: list[str] = []
    for part in printable_parts(parts):
        if isinstance(part, Chart):
            continue  # charts are drawn in html only; the tables hold the same figures
        if out:
            out.append("")
        if isinstance(part, Heading):
            text = _wrap(part.text, columns)
            out.append(text)
            out.append(("=" if part.level == 1 else "-") * max(map(len, text.split("\n"))))
        elif isinstance(part, Line):
            out.append(_wrap(part.text, columns))
        else:
            notes = [line for note in part.notes for line in _wrap(note, columns).split("\n")]
            # The parts are printable already: drawn as plain_doc draws a table, not escaped twice.
            pieces = split_columns(fit(replace(part, notes=notes), columns), columns)
            lines: list[str] = []
            for piece in pieces:
                if lines:
                    lines.append("")
                if piece.title:
                    lines.append(_wrap(piece.title, columns))
                lines.extend(plain_table(replace(piece, title=""), columns))
            out.append("\n".join(lines).rstrip("\n"))
    return "\n".join(out) + "\n"


def _wrap(text: str, columns: int) -> str:
    """Wrap at `columns`, never leaving the % of "74 %" alone at the start of a line."""
    wrapped = textwrap.fill(text.replace(" %", "\xa0%"), columns, break_on_hyphens=False)
    return wrapped.replace("\xa0%", " %")


def print_rich(
    parts: list[Part],
    stream: IO[str],
    *,
    force_terminal: bool | None = None,
    width: int | None = None,
) -> None:
    """Compact rich tables: gaps in red (below the reference) or green, warnings in yellow."""
    from rich.console import Console
    from rich.text import Text

    from paycalc.compare.report_parts import Chart, Heading, Line

    console = Console(file=stream, highlight=False, force_terminal=force_terminal, width=width)
    for part in printable_parts(parts):
        if isinstance(part, Chart):
            continue
        console.print()
        if isinstance(part, Heading):
            style = "bold underline" if part.level == 1 else "bold"
            console.print(Text(_wrap(part.text, console.width)), style=style, soft_wrap=True)
        elif isinstance(part, Line):
            style = RICH_STYLES.get(part.style, "")
            console.print(Text(_wrap(part.text, console.width)), style=style, soft_wrap=True)
        else:
            # A terminal too narrow for the table gets it in parts, each led by the pt column.
            for piece in split_columns(part, console.width):
                _print_rich_table(console, piece)


def _print_rich_table(console: Console, part: Table) -> None:
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    # Two spaces between columns and no outer border, as in the plain form, so a band's
    # eleven columns fit a 100-column terminal.
    if part.title:
        console.print(Text(_wrap(part.title, console.width)), style="bold", soft_wrap=True)
    rt = RichTable(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    # Never shrink a column below its widest cell: on a narrow terminal rich would
    # otherwise cut "28,700.00" to "28,700…". The terminal wraps the line instead.
    for i, col in enumerate(part.columns):
        widest = max([len(col.title), *(len(row[i].text) for row in part.rows)])
        rt.add_column(col.title, justify=col.align, no_wrap=True, min_width=widest)
    for row in part.rows:
        rt.add_row(*(Text(c.text, style=RICH_STYLES.get(c.style, "")) for c in row))
    console.print(rt, crop=False)
    for note in part.notes:
        console.print(Text(_wrap(note, console.width)), style="dim", soft_wrap=True)


def render_markdown(parts: list[Part]) -> str:
    """GitHub-flavoured Markdown, for a bulletin or an issue comment."""
    from paycalc.compare.report_parts import Chart, Heading, Line

    out: list[str] = []
    for part in printable_parts(parts):
        if isinstance(part, Chart):
            continue
        if isinstance(part, Heading):
            out.append("#" * part.level + " " + _escape(part.text))
        elif isinstance(part, Line):
            text = _escape(part.text)
            if part.style == "warn":
                text = f"> **{text}**"
            elif part.style == "bold":
                text = f"**{text}**"
            out.append(text)
        else:
            out.append(_markdown_table(part))
        out.append("")
    return "\n".join(out)


def _markdown_table(t: Table) -> str:
    lines = [f"**{_escape(t.title)}**", ""] if t.title else []
    lines.append("| " + " | ".join(_escape(c.title) for c in t.columns) + " |")
    lines.append("|" + "|".join("---:" if c.align == "right" else "---" for c in t.columns) + "|")
    for row in t.rows:
        cells = (_escape(" ".join(c.text.split("\n")).strip()) for c in row)
        lines.append("| " + " | ".join(cells) + " |")
    if t.notes:
        lines.append("")
        lines.extend(_escape(n) + "  " for n in t.notes)
        lines[-1] = lines[-1].rstrip()
    return "\n".join(lines)


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _escape(text: str) -> str:
    """Text from a scheme file shown literally, never as Markdown or HTML."""
    return text.translate(_MARKDOWN_SPECIAL)
