"""A plain table value, drawn with rich on a terminal and as aligned text when piped."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, Literal

from paycalc.text import needs_escape, printable

if TYPE_CHECKING:
    from rich.text import Text

Align = Literal["left", "right"]
Style = Literal["", "good", "bad", "warn", "dim", "bold"]

# The one map from a Style to rich's colours, for every table and report drawn on a terminal.
RICH_STYLES: dict[str, str] = {
    "good": "green",
    "bad": "red",
    "warn": "bold yellow",
    "dim": "dim",
    "bold": "bold",
}


@dataclass
class Cell:
    text: str
    style: Style = ""


@dataclass
class Column:
    title: str
    align: Align = "left"


@dataclass
class Table:
    """Rows of cells under titled columns, with an optional title and notes below."""

    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    title: str = ""
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: str | Cell) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])


@dataclass
class Doc:
    """A report: paragraphs of text and tables, in order."""

    parts: list[str | Table] = field(default_factory=list)

    def text(self, line: str = "") -> None:
        self.parts.append(line)

    def table(self, table: Table) -> None:
        self.parts.append(table)


def width() -> int:
    """The width to draw in: $COLUMNS, else the terminal's, else 100 (a pipe or a file)."""
    # What shutil.get_terminal_size((100, 24)).columns gives, without importing shutil, which
    # loads the bz2 and lzma modules: about a fifth of a bare Python start, for a number.
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (ValueError, OSError):  # closed or detached, or not a terminal
            columns = 0
    return max(40, columns or 100)


def printable_table(t: Table) -> Table:
    """The table with control characters in its text escaped (`paycalc.text.printable`); line
    breaks inside a cell are kept, since a cell may be several lines on purpose."""
    # One search over all the cells first: a full compare has some 15,000 and nearly always
    # none needs an escape, so the rows are copied with their cells as they are (a Cell or
    # Column is never changed once made; `fit` makes new ones).
    if needs_escape("".join([c.text for row in t.rows for c in row]), newlines=True):
        rows = [[Cell(printable(c.text, newlines=True), c.style) for c in row] for row in t.rows]
    else:
        rows = [list(row) for row in t.rows]
    return replace(
        t,
        columns=[
            replace(c, title=printable(c.title)) if needs_escape(c.title) else c for c in t.columns
        ],
        rows=rows,
        title=printable(t.title),
        notes=[printable(n, newlines=True) for n in t.notes],
    )


def printable_doc(doc: Doc) -> Doc:
    """The doc with control characters escaped, so text from a file (a title, a quote) can never
    send a terminal an escape sequence: every renderer below draws this."""
    return Doc([printable(p) if isinstance(p, str) else printable_table(p) for p in doc.parts])


def plain_doc(doc: Doc, columns: int | None = None) -> str:
    """Aligned text, no colour: what a pipe, a file or a test sees, `columns` wide at most
    (default: width()); paragraphs and the widest text column are wrapped to fit."""
    import textwrap

    columns = columns or width()
    out: list[str] = []
    for part in printable_doc(doc).parts:
        if isinstance(part, str):
            indent = part[: len(part) - len(part.lstrip())]
            wrapped = textwrap.wrap(part, columns, subsequent_indent=indent + "  ")
            out.extend(wrapped or [""])
        else:
            out.extend(plain_table(part, columns))
    return "\n".join(out) + "\n"


def plain_table(t: Table, columns: int) -> list[str]:
    """The lines of a table that is already printable (`printable_table`), fitted to `columns`
    as `plain_doc` fits it."""
    widths = _widths(t)
    fitted = fit(t, columns, widths)
    return _plain_table(fitted, widths if fitted is t else _widths(fitted))


def fit(t: Table, columns: int, widths: list[int] | None = None) -> Table:
    """The table with its widest left-aligned column wrapped so each line fits `columns`
    (numbers are never wrapped; when the other columns leave too little room, that column is
    wrapped at 16 characters and the table is as narrow as it can be). `widths`: the table's
    column widths, when the caller has them already."""
    import textwrap

    if widths is None:
        widths = _widths(t)
    excess = sum(widths) + 2 * (len(widths) - 1) - columns
    texts = [i for i, c in enumerate(t.columns) if c.align == "left"]
    if excess <= 0 or not texts:
        return t
    widest = max(texts, key=lambda i: widths[i])
    # Too many fixed columns to fit: still wrap, as narrow as is readable.
    room = max(widths[widest] - excess, 16)
    if room >= widths[widest]:
        return t

    def wrap(text: str) -> str:
        # Each line on its own (a cell's line breaks are meant); ids and words never split.
        return "\n".join(
            textwrap.fill(line, room, break_long_words=False, break_on_hyphens=False) or line
            for line in text.split("\n")
        )

    rows = [
        [Cell(wrap(c.text), c.style) if i == widest else c for i, c in enumerate(row)]
        for row in t.rows
    ]
    notes = [line for note in t.notes for line in (textwrap.wrap(note, columns) or [""])]
    return Table(t.columns, rows, t.title, notes)


def split_columns(t: Table, columns: int) -> list[Table]:
    """The table as several, each `columns` wide at most and each starting with the first
    column (a row's label), for figures that must not be wrapped. The notes go under the last."""
    widths = _widths(t)
    if sum(widths) + 2 * (len(widths) - 1) <= columns or len(widths) < 3:
        return [t]
    chunks: list[list[int]] = []
    chunk, used = [0], widths[0]
    for i in range(1, len(widths)):
        if len(chunk) > 1 and used + 2 + widths[i] > columns:
            chunks.append(chunk)
            chunk, used = [0], widths[0]
        chunk.append(i)
        used += 2 + widths[i]
    chunks.append(chunk)
    return [
        Table(
            [t.columns[i] for i in chunk],
            [[row[i] for i in chunk] for row in t.rows],
            f"{t.title} ({n} of {len(chunks)})" if t.title else f"({n} of {len(chunks)})",
            t.notes if n == len(chunks) else [],
        )
        for n, chunk in enumerate(chunks, 1)
    ]


def _widths(t: Table) -> list[int]:
    widths = [len(c.title) for c in t.columns]
    for row in t.rows:
        for i, cell in enumerate(row):
            text = cell.text
            n = max(map(len, text.split("\n"))) if "\n" in text else len(text)
            if n > widths[i]:
                widths[i] = n
    return widths


def _plain_table(t: Table, widths: list[int]) -> list[str]:
    lines = [t.title] if t.title else []
    pads = [str.rjust if c.align == "right" else str.ljust for c in t.columns]

    def fmt(texts: list[str]) -> str:
        # A row may have fewer cells than the table has columns.
        cells = zip(pads, texts, widths, strict=False)
        return "  ".join([pad(x, w) for pad, x, w in cells]).rstrip()

    lines.append(fmt([c.title for c in t.columns]))
    lines.append("  ".join("-" * w for w in widths))
    for row in t.rows:
        texts = [cell.text for cell in row]
        if not any("\n" in x for x in texts):
            lines.append(fmt(texts))
            continue
        split = [x.split("\n") for x in texts]
        for k in range(max(len(s) for s in split)):
            lines.append(fmt([s[k] if k < len(s) else "" for s in split]))
    lines.extend(t.notes)
    return lines


def print_doc(doc: Doc, stream: IO[str] | None = None) -> None:
    """Rich on a terminal (colour, boxes), plain text otherwise."""
    stream = stream or sys.stdout
    if not stream.isatty():
        stream.write(plain_doc(doc))
        return
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(file=stream, highlight=False, width=width())
    for part in printable_doc(doc).parts:
        if isinstance(part, str):
            console.print(part, markup=False)
            continue
        rt = RichTable(title=part.title or None, title_justify="left")
        for col in part.columns:
            rt.add_column(col.title, justify=col.align)
        for row in part.rows:
            rt.add_row(*[_rich_cell(c) for c in row])
        console.print(rt)
        for note in part.notes:
            console.print(note, style="dim", markup=False)


def _rich_cell(cell: Cell) -> Text:
    from rich.text import Text

    return Text(cell.text, style=RICH_STYLES.get(cell.style, ""))
