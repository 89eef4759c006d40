"""Checks that each `quote:` in a scheme really appears in the source text it cites."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from paycalc.errors import Problem
from paycalc.files.marks import mark_at
from paycalc.model import Scheme

# An ellipsis in a quote marks words left out: each piece must appear, in order.
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")

_QUOTE_CHARS = str.maketrans(
    {
        "\u2018": "'",  # ‘ ’ ‚ ‛ ′ -> '
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',  # “ ” „ ″ -> "
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00a0": " ",  # a no-break space is a space
    }
)


def normalise_quote(text: str) -> str:
    """Text as quotes are compared: curly quotes made straight, each run of whitespace (line
    breaks included) one space."""
    return " ".join(text.translate(_QUOTE_CHARS).split())


def quote_in(quote: str, normalised_text: str) -> bool:
    """Whether `quote` appears in a text already passed through `normalise_quote`; the pieces of
    a quote cut with an ellipsis must appear in order."""
    start = 0
    for piece in _ELLIPSIS.split(normalise_quote(quote)):
        if not piece:
            continue
        found = normalised_text.find(piece, start)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def quote_problems(
    scheme: Scheme, raw: Any, name: str, text_of: Callable[[str], str | None]
) -> list[Problem]:
    """A PC207 problem for each quote missing from its source.

    A step that names its `source` is checked against that source's file. A step without one,
    and every `not_modelled` quote, is checked against all the scheme's sources, but only when
    every source is a file that `text_of` finds (else the quote may come from a web page that
    cannot be read here). Quotes whose source file is not found are not checked.

    Args:
        text_of: the normalised text of a source `file:`, or None when it is not available.
    """
    files = {s.id: s.file for s in scheme.sources}
    texts = {ident: text_of(f) if f else None for ident, f in files.items()}
    everything = (
        [(files[i], t) for i, t in texts.items() if t is not None]
        if all(t is not None for t in texts.values())
        else []
    )
    places: list[tuple[tuple[Any, ...], str, str | None]] = [
        (("steps", i, "quote"), step.quote, step.source)
        for i, step in enumerate(scheme.steps)
        if step.quote is not None
    ]
    places += [
        (("not_modelled", i, "quote"), n.quote, None) for i, n in enumerate(scheme.not_modelled)
    ]
    problems = []
    for loc, quote, source in places:
        if source is not None:
            text = texts.get(source)
            candidates = [(files[source], text)] if text is not None else []
        else:
            candidates = everything
        if not candidates or any(quote_in(quote, t) for _, t in candidates):
            continue
        line, col = mark_at(raw, loc) or (None, None)
        where = ", ".join(str(f) for f, _ in candidates)
        problems.append(
            Problem(name, line, col, "PC207", f"quote not found in {where}: {_short(quote)}")
        )
    return problems


def _short(quote: str) -> str:
    text = normalise_quote(quote)
    return f'"{text}"' if len(text) <= 70 else f'"{text[:67]}..."'
