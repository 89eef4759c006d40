"""Which schemes follow one another as a run (`a+b+c`): the one rule, over plain values, that
compare checks a run named on the command line against and `list` finds each employer's natural
run with (from the cached listings, so `list` loads no scheme model)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

# Statuses never part of a natural run: no one was paid them.
NOT_PAID = ("claim", "rejected")


def follows(
    first: tuple[str, date, str], then_employer: str, then_start: date, then_from: str
) -> bool:
    """Whether a scheme starts from the pay a run so far leaves staff on. `first` is the run's
    (employer, last day, scale it ends on): the same employer, starting after that day, on that
    scale (a CRC offer and its June 2021 transfer)."""
    employer, end, end_scale = first
    return employer == then_employer and then_start > end and then_from == end_scale


class Part(Protocol):
    """What finding a natural run reads of a scheme (a `files.registry.Listing` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def employer(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def variant_of(self) -> str | None: ...
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...
    @property
    def from_scale(self) -> str: ...
    @property
    def end_scale(self) -> str: ...


P = TypeVar("P", bound=Part)


def natural_runs(schemes: Sequence[P]) -> list[list[P]]:
    """Each employer's natural run, in the order employers first appear: its schemes in date
    order (not claims, rejected offers or other readings), each following the run so far; a
    scheme that does not is passed over. Only runs of two or more schemes."""
    by_employer: dict[str, list[P]] = {}
    for scheme in schemes:
        if scheme.variant_of is None and scheme.status not in NOT_PAID:
            by_employer.setdefault(scheme.employer, []).append(scheme)
    out = []
    for own in by_employer.values():
        own.sort(key=lambda s: (s.start, s.end))
        run = [own[0]]
        for then in own[1:]:
            last = run[-1]
            if follows(
                (last.employer, last.end, last.end_scale),
                then.employer,
                then.start,
                then.from_scale,
            ):
                run.append(then)
        if len(run) > 1:
            out.append(run)
    return out
