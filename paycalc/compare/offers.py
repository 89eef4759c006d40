"""The offers of a comparison: each a scheme, or a run `a+b+c` of schemes joined as one, named
as the command line names it; and which schemes are transfers (compared only in a run)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from paycalc.errors import NotFound, PaycalcError

if TYPE_CHECKING:
    from paycalc.files.registry import Registry
    from paycalc.model import Scheme

RUN_JOIN = "+"  # `a+b+c`: a run through a, then b, then c


class Offer:
    """One column of a comparison: a scheme, or a run of schemes joined as one, by its name."""

    def __init__(self, scheme: Scheme, parts: tuple[str, ...], bundled: bool) -> None:
        self.scheme = scheme
        self.parts = parts
        self.bundled = bundled


def named_offers(refs: list[str], registry: Registry) -> list[Offer]:
    """The offers named on the command line, in order: each a scheme or a run `a+b+c`, each
    part loaded once and named by its id, unless a counter-offer copied from another file kept
    that id, in which case the file not bundled goes by its file name instead."""
    runs = [_parts(ref) for ref in refs]
    schemes = _named_schemes([p for run in runs for p in run], registry)
    out: list[Offer] = []
    seen: set[str] = set()
    for run in runs:
        named = [schemes[p] for p in run]
        parts = tuple(name for name, _, _ in named)
        name = RUN_JOIN.join(parts)
        if name in seen:
            continue
        seen.add(name)
        scheme = joined([s for _, s, _ in named], name, lambda i: registry.scale(i).employer)
        out.append(Offer(scheme, parts, all(b for _, _, b in named)))
    return out


def _parts(ref: str) -> list[str]:
    """A ref's parts: `a+b` is a run, unless it names a file as it is."""
    if RUN_JOIN not in ref or Path(ref).is_file():
        return [ref]
    parts = ref.split(RUN_JOIN)
    if any(not p for p in parts):
        raise NotFound(f"'{ref}': a run names its schemes joined by '+', such as a+b")
    return parts


def joined(parts: list[Scheme], name: str, scale_employer: Callable[[str], str]) -> Scheme:
    """One scheme that runs `parts` in turn (each must follow the run so far: `runs.follows`,
    with `scale_employer` giving a scale's employer), named `name`. A run of readings
    (`variant_of`) is a reading of the run of the schemes they read."""
    from paycalc.engine import chained, end_scale, runs_on
    from paycalc.model import UNSETTLED

    if len(parts) == 1:
        return parts[0]
    run = parts[0]
    for then in parts[1:]:
        if not runs_on(run, then, scale_employer):
            scale = end_scale(run)
            raise PaycalcError(
                f"{name}: {then.id} (from {then.period.start}, on {then.from_scale}, "
                f"{then.employer}) does not run on from {run.id.split(RUN_JOIN)[-1]}: a run's "
                f"next scheme starts after the one before ends ({run.period.end}), on the scale "
                f"it ends on ({scale}), and is of the run's employer ({run.employer}) or of "
                f"that scale's ({scale_employer(scale)})"
            )
        run = replace(chained(run, then), id=f"{run.id}{RUN_JOIN}{then.id}")
    unsettled = [p.status for p in parts if p.status in UNSETTLED]
    variant = None
    if any(p.variant_of for p in parts):
        variant = RUN_JOIN.join(p.variant_of or p.id for p in parts)
    return replace(
        run,
        id=name,
        title="; then ".join(p.title for p in parts),
        status=unsettled[0] if unsettled else parts[-1].status,
        variant_of=variant,
    )


def _named_schemes(refs: list[str], registry: Registry) -> dict[str, tuple[str, Scheme, bool]]:
    """Each ref's (name, scheme, bundled): every file loaded once and named by its id, unless
    a counter-offer copied from another file kept that id, in which case the file not bundled
    goes by its file name instead."""
    from paycalc.files.registry import looks_like_path

    # Ids first: a file given by path puts its directory first in the search, and would then
    # shadow the bundled scheme it was copied from.
    loaded = {}
    for ref in sorted(dict.fromkeys(refs), key=looks_like_path):
        loaded[ref] = (registry.scheme(ref), registry.loaded(ref, "scheme"))
    found: dict[Path, tuple[str, Scheme, bool]] = {}
    for ref in loaded:
        scheme, file = loaded[ref]
        found.setdefault(file.path, (ref, scheme, file.bundled))
    ids = Counter(scheme.id for _, scheme, _ in found.values())
    names: dict[Path, str] = {}
    # Bundled files choose first, so they keep their ids.
    for path, (ref, scheme, bundled) in sorted(found.items(), key=lambda item: not item[1][2]):
        first = scheme.id
        if ids[scheme.id] > 1 and not bundled and path.stem != scheme.id:
            first = path.stem
        taken = set(names.values())
        names[path] = next((n for n in (first, ref, str(path)) if n not in taken), str(path))
    out: dict[str, tuple[str, Scheme, bool]] = {}
    for ref, (_, file) in loaded.items():
        _, scheme, bundled = found[file.path]
        name = names[file.path]
        if name != scheme.id:
            # The name is a label for the reports (a path is not a valid id, and need not be).
            scheme = replace(scheme, id=name)
        out[ref] = (name, scheme, bundled)
    return out


def is_transfer(scheme: Scheme, registry: Registry) -> bool:
    """Whether a scheme only moves its employer's staff onto another employer's scale (the June
    2021 transfers to the Probation Service): every step is such a move."""
    steps = [step for _, step in scheme.ordered_steps()]
    if not steps:
        return False
    for step in steps:
        target = step.moves_to()
        if target is None or registry.scale(target).employer == scheme.employer:
            return False
    return True
