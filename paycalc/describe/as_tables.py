"""Plain-words reports: the list of files, one offer step by step, one person's timeline."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paycalc.errors import FileProblems
from paycalc.table import Cell, Column, Doc, Table

# `paycalc list` from the cache needs neither the models nor pydantic, nor money and decimal
# (imported by the functions of `explain` that format amounts).
if TYPE_CHECKING:
    from collections.abc import Sequence
    from decimal import Decimal

    from paycalc.describe.cited import CitedValue
    from paycalc.engine import Result
    from paycalc.files.listing import Listing
    from paycalc.model import Scale, Scheme, Source
    from paycalc.parity import Figures, ParityRule


def list_doc(registry: Any) -> Doc:
    """Every scheme, scale and price index the registry can find, with its status and dates; the
    folders searched first, and under each file found outside the bundled ones, its path."""
    doc = Doc()
    searched = "; ".join(f"{path} ({why})" for path, why in folders(registry))
    doc.text(
        f"Folders searched, in order: {searched}. A file found outside the bundled folder "
        "shows its path; the first file of a name is the one used."
    )
    doc.text()
    schemes = Table([Column("scheme"), Column("status"), Column("period")], title="Schemes")
    scales = Table([Column("scale"), Column("status"), Column("effective")], title="Scales")
    indices = Table([Column("prices"), Column("status"), Column("months")], title="Price indices")
    broken: list[str] = []
    found: list[tuple[Listing, str]] = []
    for path in registry.files():
        try:
            item = registry.listing(path)
        except FileProblems as e:
            broken.append(f"  {e.problems[0]}")
            continue
        where = local_path(registry, path)
        if item.kind == "scheme":
            found.append((item, where))
        elif item.kind == "prices":
            months = " to ".join(f"{d:%Y-%m}" for d in item.dates)
            indices.add(_named(item.id, item.title, where), _status(item.status), months)
        else:
            scales.add(_named(item.id, item.title, where), _status(item.status), _dates(item))
    for scheme, where in _variants_after_their_scheme(found):
        if scheme.variant_of:
            title = f"variant of {scheme.variant_of}: {scheme.title}"
            named = _named(scheme.id, title, where, indent="  ")
        else:
            named = _named(scheme.id, scheme.title, where)
        schemes.add(named, _status(scheme.status), _dates(scheme))
    doc.table(schemes)
    # The employer goes below its run, as a title below its id: a run's name is one long word
    # that a narrow terminal would otherwise break, and it is there to be copied.
    runs = Table(
        [Column("run")],
        title="Runs (offers in date order, the transfer, the next award): paycalc compare RUN",
    )
    for employer, name in natural_runs(registry):
        runs.add(_named(name, employer, ""))
    if runs.rows:
        doc.text()
        doc.table(runs)
    doc.text()
    doc.table(scales)
    if indices.rows:
        doc.text()
        doc.table(indices)
    if broken:
        doc.text()
        doc.text("Files that could not be read (run `paycalc validate` for every problem):")
        doc.parts.extend(broken)
    return doc


def folders(registry: Any) -> list[tuple[Path, str]]:
    """The folders a registry searches, in order, each with why it is searched."""
    out = []
    for folder in registry.dirs:
        if folder == registry.home:
            out.append((folder, "bundled"))
        elif folder == registry.here:
            why = "the current directory: its files that say kind: scheme or kind: scale"
            out.append((folder, why))
        else:
            out.append((folder, "on PAYCALC_PATH"))
    return out


def local_path(registry: Any, path: Path) -> str:
    """Where a file that is not bundled was found ('' for a bundled one): relative to the
    current directory when it is in it."""
    if registry.is_bundled(path):
        return ""
    try:
        return os.path.join(os.curdir, path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _named(ident: str, title: str, where: str, indent: str = "") -> str:
    """A file's id, with its title and (for a local file) its path on the lines below."""
    lines = [f"{indent}{ident}", f"{indent}  {title}"]
    if where:
        lines.append(f"{indent}  from {where}")
    return "\n".join(lines)


def natural_runs(registry: Any) -> list[tuple[str, str]]:
    """(employer, run name `a+b+c`) of each employer's natural run among the valid schemes the
    registry finds (`paycalc.runs`), from their listings: no scheme model is loaded."""
    from paycalc.runs import natural_runs as runs_of

    schemes = []
    scale_employers: dict[str, str] = {}
    for path in registry.files():
        try:
            item = registry.listing(path)
        except FileProblems:
            continue
        if item.id != path.stem:
            continue
        if item.kind == "scheme":
            schemes.append(item)
        elif item.kind == "scale":
            scale_employers.setdefault(item.id, item.employer)
    runs = runs_of(schemes, lambda scale: scale_employers.get(scale, ""))
    return [(run[0].employer, "+".join(s.id for s in run)) for run in runs]


def _dates(item: Listing) -> str:
    return " to ".join(str(d) for d in item.dates)


def _variants_after_their_scheme(
    found: list[tuple[Listing, str]],
) -> list[tuple[Listing, str]]:
    """Schemes in the order found, each followed by its variants (and theirs); a variant whose
    scheme is not found keeps its own place. Nothing is dropped, even a loop of variants."""
    ids = {scheme.id for scheme, _ in found}

    def is_variant(scheme: Listing) -> bool:
        return scheme.variant_of in ids and scheme.variant_of != scheme.id

    variants: dict[str, list[tuple[Listing, str]]] = {}
    for item in found:
        if is_variant(item[0]):
            variants.setdefault(item[0].variant_of or "", []).append(item)
    ordered: list[tuple[Listing, str]] = []
    seen: set[int] = set()

    def emit(item: tuple[Listing, str]) -> None:
        if id(item) in seen:
            return
        seen.add(id(item))
        ordered.append(item)
        for variant in variants.get(item[0].id, []):
            emit(variant)

    for item in found:
        if not is_variant(item[0]):
            emit(item)
    ordered.extend(item for item in found if id(item) not in seen)
    return ordered


def _status(status: str) -> Cell:
    style = {
        "accepted": "good",
        "imposed": "warn",
        "illustrative": "warn",
        "published": "good",
        "rejected": "bad",
    }.get(status, "")
    return Cell(status, style)  # type: ignore[arg-type]


def scheme_doc(scheme: Scheme, scales: dict[str, Scale]) -> Doc:
    """The offer in plain words, step by step, with the sentence each step implements."""
    doc = Doc()
    doc.text(f"{scheme.title} [{scheme.id}]")
    doc.text(f"Employer: {scheme.employer}")
    if scheme.covers:
        doc.text(f"Covers: {', '.join(scheme.covers)}")
    doc.text(f"Status: {scheme.status}    Period: {scheme.period.start} to {scheme.period.end}")
    if scheme.variant_of:
        doc.text(f"Variant of: {scheme.variant_of} (another reading of the offer; see the note)")
    doc.text(f"Starts from scale: {_scale_line(scales, scheme.from_scale)}")
    doc.text(f"Compared with: {_scale_line(scales, scheme.reference)}")
    if scheme.note:
        doc.text(f"Note: {scheme.note}")
    doc.text()
    doc.text("Steps (in date order):")
    for n, (_, step) in enumerate(scheme.ordered_steps(), start=1):
        paid = f" (paid {step.paid_on})" if step.paid_on else ""
        doc.text(f"  {n}. {step.on}{paid}: {step.describe()}")
        if step.quote:
            doc.text(f'       "{step.quote}"')
        if step.note:
            doc.text(f"       Note: {step.note}")
    if scheme.not_modelled:
        doc.text()
        doc.text("Not modelled (left out on purpose):")
        for item in scheme.not_modelled:
            doc.text(f'  - "{item.quote}"')
            doc.text(f"    Why: {item.reason}")
    sources_part(doc, scheme.sources)
    return doc


def sources_part(doc: Doc, sources: Sequence[Source]) -> None:
    """A file's sources under `show`: id, title, and where to find each (a page's locator)."""
    doc.text()
    doc.text("Sources:")
    for src in sources:
        where = src.url or src.file
        loc = f", {src.locator}" if src.locator else ""
        doc.text(f"  [{src.id}] {src.title} ({where}{loc})")


def _scale_line(scales: dict[str, Scale], ident: str) -> str:
    scale = scales.get(ident)
    if scale is None:
        return ident
    flag = " (illustrative values)" if scale.illustrative else ""
    return f"{ident}: {scale.title}{flag}"


def explain_doc(
    result: Result,
    figs: Figures,
    rule: ParityRule | None = None,
    cited: Sequence[CitedValue] = (),
) -> Doc:
    """One person's timeline: every step, whether it applied, the salary and payments, the quote;
    under the figures, the source of each value a scale file's `known:` list names (`cited`)."""
    from paycalc.money import fmt_pounds
    from paycalc.parity import DEFAULT_PARITY

    scheme, fte = result.scheme, result.person.fte
    rule = rule or DEFAULT_PARITY
    doc = Doc()
    doc.text(f"{scheme.title} [{scheme.id}, {scheme.status}]")
    doc.text(f"Person: {result.person.label()}")
    doc.text(f"Starts: {_state(result.start, fte)}")
    doc.text(f"Parity rule: {rule.name}, {rule.meaning}.")
    if fte != 1:
        # The steps describe themselves in full-time pounds (as the offer is written); the
        # salary and one-off columns are what this person is paid.
        doc.text(
            f"Salary and one-off columns are paid at FTE {fte}; amounts in 'what happened' are "
            "full-time, as the offer states them."
        )
    doc.text()
    table = Table(
        [
            Column("date"),
            Column("step"),
            Column("salary after", "right"),
            Column("one-off", "right"),
            Column("what happened" if fte == 1 else "what happened (full-time £)"),
        ]
    )
    for event in result.events:
        salary = fmt_pounds(_fte(event.after.salary, fte))
        paid = " ".join(fmt_pounds(_fte(p.amount, fte)) for p in event.payments)
        what = [event.summary]
        if event.back_pay:
            what[0] += (
                f"; back pay {fmt_pounds(_fte(event.back_pay, fte))} paid {event.step.paid_on}"
            )
        if event.step.quote:
            what.append(f'"{event.step.quote}"')
        if event.step.note:
            what.append(f"Note: {event.step.note}")
        style = "" if event.eligible else "dim"
        text = "\n".join(what)  # wrapped to the width by table.fit
        kind = Cell(event.step.kind, style)  # type: ignore[arg-type]
        table.add(str(event.step.on), kind, salary, paid, Cell(text, style))  # type: ignore[arg-type]
    doc.table(table)
    doc.text()
    doc.text(f"Ends ({scheme.period.end}): {_state(result.state_at(scheme.period.end), fte)}")
    doc.parts.extend(figures_lines(figs))
    if cited:
        full_time = "" if fte == 1 else " (full-time values)"
        doc.text(f"Where these values come from{full_time}:")
        named: set[str] = set()
        for c in cited:
            doc.text(c.line(c.source.id not in named))
            named.add(c.source.id)
    if scheme.not_modelled:
        doc.text()
        doc.text("Not modelled:")
        for item in scheme.not_modelled:
            doc.text(f'  - "{item.quote}" ({item.reason})')
    return doc


def figures_lines(f: Figures) -> list[str]:
    from paycalc.money import fmt_pct, fmt_pounds

    lines = [
        "",
        f"Before: {fmt_pounds(f.before)} ({f.basis[0]})   After: {fmt_pounds(f.after)} "
        f"({f.basis[1]})",
        f"Consolidated increase: {fmt_pounds(f.consolidated_increase)} "
        f"({fmt_pct(f.consolidated_increase_pct)} %)",
        f"Unconsolidated (one-off) in the period: {fmt_pounds(f.unconsolidated)}",
        f"Total increase in the period: {fmt_pct(f.total_increase_pct)} %",
        f"Reference ({f.reference} band {f.reference_band}, {f.parity_rule}): "
        f"{fmt_pounds(f.reference_salary)} ({f.basis[2]})   "
        f"Parity gap: {fmt_pounds(f.parity_gap)} ({fmt_pct(f.parity_gap_pct)} %)",
        f"Cash {f.window[0]} to {f.window[1]}: {fmt_pounds(f.cash_in_period)} "
        f"(no award: {fmt_pounds(f.cash_baseline)}, gain {fmt_pounds(f.cash_gain)})",
    ]
    lines.append(
        "(in brackets, what each value rests on: quoted, inferred or secondary from a source in "
        "the scale file's known: list, published, or illustrative arithmetic; 'not a point' "
        "for a salary between, above or raised off the points)"
    )
    lines.extend(f"Note: {n}" for n in f.notes)
    return lines


def _fte(amount: Decimal, fte: Decimal) -> Decimal:
    from paycalc.money import to_penny

    return to_penny(amount * fte)


def _state(state: Any, fte: Decimal) -> str:
    from paycalc.money import fmt_pounds

    text: str = state.describe()
    if fte != 1:
        text += f" (full-time); paid {fmt_pounds(_fte(state.salary, fte))} at FTE {fte}"
    return text
