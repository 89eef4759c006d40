"""One label per value and source: every scale's `known:` entries (bundled and examples) and the
tables of docs/reference-facts.md together never give one value from one source two labels
(quoted, secondary, inferred). A doc row names its sources by the scale files' ids in
backticks; a row without one is keyed by its source text."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from paycalc.files.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "docs" / "reference-facts.md"
LABELS = ("quoted", "secondary", "inferred", "not found")
# An amount: £ and digits, or digits with a thousands comma (a list "£18,333, 18,516, ...").
AMOUNT = re.compile(r"£\d[\d,]*(?:\.\d+)?|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?")
SOURCE_ID = re.compile(r"`([a-z0-9][a-z0-9-]*)`")

Key = tuple[Decimal, str]


def amounts(text: str) -> list[Decimal]:
    return [Decimal(m.group().lstrip("£").replace(",", "")) for m in AMOUNT.finditer(text)]


def scale_labels() -> dict[Key, set[tuple[str, str]]]:
    """(value, source id) -> {(label, where)} from every scale's known: entries."""
    found: dict[Key, set[tuple[str, str]]] = defaultdict(set)
    paths = sorted((ROOT / "schemes" / "scales").glob("*.yaml"))
    paths += sorted((ROOT / "examples" / "scales").glob("*.yaml"))
    registry = Registry([])
    for path in paths:
        scale = registry.scale(str(path))
        for band in scale.bands:
            for known in band.known:
                index = len(band.points) if known.point == "top" else known.point
                value = Decimal(band.points[index - 1])
                where = f"{path.name} band {band.name} point {known.point}"
                found[value, known.source].add((known.basis, where))
    return found


def doc_rows(text: str) -> list[tuple[str, str, str]]:
    """(fact, kind, source) of every row of every `| fact | kind | source |` table."""
    rows, in_table = [], False
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells == ["fact", "kind", "source"]:
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and len(cells) == 3 and not set(cells[0]) <= {"-", " "}:
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def label_of(kind: str) -> str:
    label = next((word for word in LABELS if kind.startswith(word)), None)
    assert label is not None, f"a reference-facts row's kind is none of {LABELS}: {kind!r}"
    return label


def doc_labels(text: str | None = None) -> dict[Key, set[tuple[str, str]]]:
    """(value, source id or text) -> {(label, where)} from the tables of reference-facts.md."""
    found: dict[Key, set[tuple[str, str]]] = defaultdict(set)
    text = FACTS.read_text(encoding="utf-8") if text is None else text
    for fact, kind, source in doc_rows(text):
        ids = SOURCE_ID.findall(source) or [source]
        for value in amounts(fact):
            for ident in ids:
                found[value, ident].add((label_of(kind), f"reference-facts.md: {fact[:50]}"))
    return found


def conflicts(*maps: dict[Key, set[tuple[str, str]]]) -> list[str]:
    merged: dict[Key, set[tuple[str, str]]] = defaultdict(set)
    for labels in maps:
        for key, found in labels.items():
            merged[key] |= found
    return [
        f"{value:.2f} from {source}: "
        + "; ".join(sorted(f"{label} in {where}" for label, where in seen))
        for (value, source), seen in sorted(merged.items())
        if len({label for label, _ in seen}) > 1
    ]


def test_no_value_from_one_source_carries_two_labels() -> None:
    assert conflicts(scale_labels(), doc_labels()) == []


def test_the_docs_table_is_read_with_its_labelled_values() -> None:
    # The check above is only as good as its reading: the rows and values it must see.
    docs = doc_labels()
    assert {label for label, _ in docs[Decimal("37174"), "indeed-probation-officer-pay"]} == {
        "secondary"
    }
    assert {label for label, _ in docs[Decimal("25210"), "unison-2022-25-maxima"]} == {"quoted"}
    assert {label for label, _ in docs[Decimal("18333"), "wychavon-pay-grades"]} == {"quoted"}
    scales = scale_labels()
    assert {label for label, _ in scales[Decimal("41020"), "indeed-probation-officer-pay"]} == {
        "secondary"
    }


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param(
            "| Band 4 maximum £37,174 | quoted | `indeed-probation-officer-pay`: Indeed |",
            "37174.00 from indeed-probation-officer-pay",
            id="careers-page-value-called-quoted",
        ),
        pytest.param(
            "| PB6 £52,939 | inferred | `unison-2022-25-maxima`: UNISON |",
            "52939.00 from unison-2022-25-maxima",
            id="quoted-top-called-inferred",
        ),
    ],
)
def test_a_second_label_for_one_value_and_source_is_caught(extra: str, expected: str) -> None:
    text = FACTS.read_text(encoding="utf-8").replace(
        "| fact | kind | source |\n| --- | --- | --- |\n",
        f"| fact | kind | source |\n| --- | --- | --- |\n{extra}\n",
        1,
    )
    found = conflicts(scale_labels(), doc_labels(text))
    assert any(line.startswith(expected) for line in found), found
