"""A plain table value, drawn with rich on a terminal and as aligned text when piped."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, Any, Literal

from paycalc.printable import needs_escape, printable

if TYPE_CHECKING:
    from rich.table import Table as RichTable
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
    """The table with control characters in its text escaped (`paycalc.printable.printable`); line
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
            # A path or an id is not split at its hyphens.
            wrapped = textwrap.wrap(
                part, columns, subsequent_indent=indent + "  ", break_on_hyphens=False
            )
            out.extend(wrapped or [""])
        else:
            out.extend(plain_table(part, columns))
    return "\n".join(out) + "\n"


def plain_table(t: Table, columns: int) -> list[str]:
    """The lines of a table that is already printable (`printable_table`), fitted to `columns`
    as `plain_doc` fits it."""
    widths = _widths(t)
    fitted = fit(t, columns, widths)
    fitted_widths = widths if fitted is t else _widths(fitted)
    if sum(fitted_widths) + 2 * (len(fitted_widths) - 1) <= columns:
        return _plain_table(fitted, fitted_widths)
    # Figures are never wrapped: a table still too wide for them comes in parts, as in rich.
    out: list[str] = []
    for piece in split_columns(fitted, columns):
        if out:
            out.append("")
        if any(len(line) > columns for line in piece.title.split("\n")):
            piece = replace(piece, title=_wrap_lines(piece.title, columns))
        out.extend(_plain_table(piece, _widths(piece)))
    return out


# Characters that may follow a figure as its marker ("7.84 ▲"): a figure with one and a figure
# without end in the same column.
MARKS = "▲▼"
# When nothing else fits, a text column may be wrapped inside its words down to this width.
NARROWEST = 6


def fit(t: Table, columns: int, widths: list[int] | None = None) -> Table:
    """The table with its text wrapped so that each line fits `columns`.

    The widest columns are narrowed first, each no narrower than its longest word: text cells
    and column titles wrap at spaces (ids and words never split, unless nothing else fits),
    while figures (right-aligned) are never wrapped, only their titles. The table's title and
    notes wrap at `columns`. `widths`: the table's column widths, when the caller has them.
    """
    import textwrap

    if widths is None:
        widths = _widths(t)
    room = columns - 2 * (len(widths) - 1)
    title = _wrap_lines(t.title, columns) if len(t.title) > columns else t.title
    notes = [line for note in t.notes for line in (textwrap.wrap(note, columns) or [""])]
    if sum(widths) <= room:
        if title == t.title and notes == t.notes:
            return t
        return Table(t.columns, t.rows, title, notes)
    least = [_least_width(t, i) for i in range(len(widths))]
    if sum(least) > room:  # even word by word it is too wide: words in titles and text split
        least = [
            _figure_width(t, i) if c.align == "right" else min(w, NARROWEST)
            for i, (c, w) in enumerate(zip(t.columns, least, strict=True))
        ]
    target = _level(widths, least, room)
    cols = [
        replace(c, title=_wrap_lines(c.title, w)) if w < len(c.title) else c
        for c, w in zip(t.columns, target, strict=True)
    ]
    narrowed = [
        i
        for i, (c, w, n) in enumerate(zip(t.columns, target, widths, strict=True))
        if c.align == "left" and w < n
    ]
    rows = t.rows
    if narrowed:
        rows = [
            [
                Cell(_wrap_lines(c.text, target[i]), c.style) if i in narrowed else c
                for i, c in enumerate(row)
            ]
            for row in t.rows
        ]
    return Table(cols, rows, title, notes)


def _level(widths: list[int], least: list[int], room: int) -> list[int]:
    """Each width cut to a common level, no lower than its least: the highest level at which
    they fit `room` (the least widths, when none does)."""
    lo, hi = 0, max(widths)
    while lo < hi:  # the highest level whose total fits
        mid = (lo + hi + 1) // 2
        if sum(min(w, max(mid, m)) for w, m in zip(widths, least, strict=True)) <= room:
            lo = mid
        else:
            hi = mid - 1
    return [min(w, max(lo, m)) for w, m in zip(widths, least, strict=True)]


def _least_width(t: Table, i: int) -> int:
    """The narrowest column `i` can be without splitting a word (of a figure, the figure)."""
    words = [len(w) for w in t.columns[i].title.split()]
    if t.columns[i].align == "right":
        words.append(_figure_width(t, i))
    else:
        # A word counts with its line's indent, which wrapping keeps.
        for row in t.rows:
            if i < len(row):
                for line in row[i].text.split("\n"):
                    indent = len(line) - len(line.lstrip())
                    words += [indent + len(w) for w in line.split()]
    return max(words, default=1)


def _figure_width(t: Table, i: int) -> int:
    """The widest cell of column `i`: its longest line, or of a figure column, the widest
    figure and the widest mark together."""
    cells = [row[i].text for row in t.rows if i < len(row)]
    if t.columns[i].align == "right":
        split = [_split_mark(text) for text in cells]
        return max((len(f) for f, _ in split), default=0) + max(
            (len(m) for _, m in split), default=0
        )
    return max((len(line) for text in cells for line in text.split("\n")), default=0)


def _wrap_lines(text: str, width: int) -> str:
    """Each line of `text` wrapped at `width` (a cell's own line breaks are meant); words split
    only if one is longer than `width`."""
    import textwrap

    lines = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]  # an indented line stays indented
        fill = textwrap.fill(
            line, width, subsequent_indent=indent, break_long_words=True, break_on_hyphens=False
        )
        lines.append(fill or line)
    return "\n".join(lines)


def _split_mark(text: str) -> tuple[str, str]:
    """A figure cell as (figure, mark): '7.84 ▲' -> ('7.84', ' ▲'); '7.56  ' -> ('7.56', '  ')."""
    body = text.rstrip(" " + MARKS)
    return body, text[len(body) :]


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
    """Each column's width: its widest line of title or cell; a figure column's figures and
    marks are measured apart, since every figure leaves room for the widest mark."""
    return [
        max(*map(len, c.title.split("\n")), _figure_width(t, i)) for i, c in enumerate(t.columns)
    ]


def _aligned(t: Table, widths: list[int]) -> list[list[str]]:
    """The cells' text, each figure padded so that figures end in one column whatever mark
    follows them ('7.84 ▲' over '7.56  ')."""
    out = [[c.text for c in row] for row in t.rows]
    for i, c in enumerate(t.columns):
        if c.align != "right":
            continue
        split = [_split_mark(row[i]) if i < len(row) else ("", "") for row in out]
        mark = max((len(m) for _, m in split), default=0)
        for row, (figure, m) in zip(out, split, strict=True):
            if i < len(row):
                row[i] = (figure.rjust(widths[i] - mark) + m.ljust(mark)) if figure or m else ""
    return out


def _titles(t: Table, widths: list[int]) -> list[str]:
    """The column titles, a figure column's ending where its figures end (before the marks)."""
    out = []
    for i, c in enumerate(t.columns):
        mark = max((len(_split_mark(row[i].text)[1]) for row in t.rows if i < len(row)), default=0)
        if c.align != "right" or not mark:
            out.append(c.title)
            continue
        lines = c.title.split("\n")
        room = widths[i] - mark
        out.append("\n".join(x.rjust(room) + " " * mark if len(x) <= room else x for x in lines))
    return out


def _plain_table(t: Table, widths: list[int]) -> list[str]:
    lines = t.title.split("\n") if t.title else []
    pads = [str.rjust if c.align == "right" else str.ljust for c in t.columns]

    def fmt(texts: list[str]) -> str:
        # A row may have fewer cells than the table has columns.
        cells = zip(pads, texts, widths, strict=False)
        return "  ".join([pad(x, w) for pad, x, w in cells]).rstrip()

    def add(texts: list[str]) -> None:
        if not any("\n" in x for x in texts):
            lines.append(fmt(texts))
            return
        split = [x.split("\n") for x in texts]
        for k in range(max(len(s) for s in split)):
            lines.append(fmt([s[k] if k < len(s) else "" for s in split]))

    add(_titles(t, widths))
    lines.append("  ".join("-" * w for w in widths))
    for texts in _aligned(t, widths):
        add(texts)
    lines.extend(t.notes)
    return lines


def print_doc(doc: Doc, stream: IO[str] | None = None) -> None:
    """Rich on a terminal (colour, boxes), plain text otherwise: in a pipe, a file, or a dumb
    terminal (TERM=dumb), for which rich would assume 80 columns whatever the width."""
    stream = stream or sys.stdout
    if not stream.isatty() or os.environ.get("TERM") == "dumb":
        stream.write(plain_doc(doc))
        return
    from rich.console import Console

    console = Console(file=stream, highlight=False, width=width())
    for part in printable_doc(doc).parts:
        if isinstance(part, str):
            console.print(part, markup=False)
            continue
        console.print(rich_table(part, console.width))
        for note in part.notes:
            console.print(note, style="dim", markup=False)


def rich_table(t: Table, columns: int, *, compact: bool = False) -> RichTable:
    """A printable table as rich draws it, fitted to `columns` as `plain_table` fits it: in a
    box, or `compact` (a rule under the titles and two spaces between columns, as the plain
    form, for tables of many figures). Figures are padded here, not by rich, which drops the
    spaces that stand for a missing mark and would set '7.56' two places right of '7.84 ▲'."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    # A box takes 3 characters a column and 1 more: one a column more than two spaces do.
    fitted = fit(t, columns if compact else columns - len(t.columns) - 3)
    widths = _widths(fitted)
    style: dict[str, Any] = (
        {"box": box.SIMPLE_HEAD, "show_edge": False, "pad_edge": False, "collapse_padding": True}
        if compact
        else {}
    )
    rt = RichTable(title=fitted.title or None, title_justify="left", **style)
    for col, title, w in zip(fitted.columns, _titles(fitted, widths), widths, strict=True):
        # Each line of a figure column's title padded here, as its figures are.
        lines = title.split("\n")
        header = "\n".join(x.rjust(w) for x in lines) if col.align == "right" else title
        rt.add_column(Text(header), justify="left", no_wrap=True, min_width=w)
    for row, texts in zip(fitted.rows, _aligned(fitted, widths), strict=True):
        rt.add_row(*[_rich_cell(Cell(x, c.style)) for c, x in zip(row, texts, strict=False)])
    return rt


def _rich_cell(cell: Cell) -> Text:
    from rich.text import Text

    return Text(cell.text, style=RICH_STYLES.get(cell.style, ""))
