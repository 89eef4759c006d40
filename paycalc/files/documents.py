"""One scheme, scale or price file read whole: its model and its marked YAML data (for line
numbers), through the cache of files already validated, which also keeps what `paycalc list`
shows of it (`files/listing.py`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paycalc.errors import Problem, ProblemList
from paycalc.files.marks import Deferred

if TYPE_CHECKING:  # the models are imported only when a file is read afresh
    from paycalc.model import Prices, Scale, Scheme


def read_valid(path: Path) -> tuple[Scale | Scheme | Prices, Any]:
    """A file's model and marked data, if the file is valid on its own (a scale or a price index
    also passes its own checks); else FileProblems."""
    found = read_document(path)
    assert found is not None  # nothing is skipped without `skip`
    doc, raw = found
    ProblemList(str(path), own_problems(doc, raw, str(path))).raise_if_any()
    return doc, raw


def own_problems(doc: Scale | Scheme | Prices, raw: Any, name: str) -> list[Problem]:
    """The checks a scale or a price index is held to on its own (a scheme's need the scales
    it names). Their errors depend on the text alone; only a warning names the file."""
    from paycalc.files.cross_checks import prices_problems, scale_problems
    from paycalc.model import Prices, Scale

    if isinstance(doc, Scale):
        return scale_problems(doc, raw, name)
    if isinstance(doc, Prices):
        return prices_problems(doc, raw, name)
    return []


def read_document(
    path: Path, skip: Callable[[str], bool] | None = None
) -> tuple[Scale | Scheme | Prices, Any] | None:
    """A file's model and its marked YAML data (for line numbers), or FileProblems for every
    problem of YAML and model; None when `skip(text)` is true. What an earlier run read from the
    same text comes from the cache (no YAML parsing, no validation), the marked data only when
    a line number is asked for (`marks.Deferred`); what is read here is stored for the next
    run."""
    from paycalc.files import cache
    from paycalc.files.source import read_text
    from paycalc.model import Prices, Scale, Scheme

    text = read_text(path)  # bounded: FileProblems for a special, huge or binary file
    doc = cache.get(text, 1)
    if skip is not None and skip(text):
        return None
    if isinstance(doc, (Scale, Scheme, Prices)):
        return doc, Deferred(lambda: _marked_data(text, str(path)))
    from paycalc.files.listing import Listing
    from paycalc.files.load import parse_document
    from paycalc.files.yamlio import load_text

    # Exactly the text whose hash names the entry is parsed, even if the file changes meanwhile.
    raw = load_text(text, str(path))
    doc = parse_document(raw, str(path))
    # What `list` shows only of a file valid on its own: `list` reports any other as broken.
    valid = not any(p.severity == "error" for p in own_problems(doc, raw, str(path)))
    cache.put(text, Listing.of(doc).record() if valid else None, doc, raw)
    return doc, raw


def _marked_data(text: str, name: str) -> Any:
    """The marked data of a text whose model came from the cache: from its entry, or, should the
    entry be gone since, read again."""
    from paycalc.files import cache
    from paycalc.files.marks import MarkedDict

    raw = cache.get(text, 2)
    if isinstance(raw, MarkedDict):
        return raw
    from paycalc.files.yamlio import load_text

    return load_text(text, name)
