"""Which schemes follow one another as a run (`a+b+c`): the one rule, over plain values, that
compare checks a run named on the command line against and `list` finds each employer's natural
run with (from the cached listings, so `list` loads no scheme model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple, Protocol, TypeVar

# Statuses never part of a natural run: no one was paid them.
NOT_PAID = ("claim", "rejected")


class End(NamedTuple):
    """Where a run so far leaves its staff: the run's own employer (its first scheme's), its
    last day, the scale it ends on and that scale's employer."""

    employer: str
    last_day: date
    scale: str
    scale_employer: str


def follows(end: End, then_employer: str, then_start: date, then_from: str) -> bool:
    """Whether a scheme starts from the pay a run so far leaves staff on: it starts after the
    run's last day, on the scale the run ends on, and is the run's own employer's (a CRC offer
    and its June 2021 transfer) or the employer's whose scale that is (a transferee on the NPS's
    scale takes the NPS's next award). A CRC offer that put staff on NPS scales while they were
    still the CRC's (DTV's) is followed by no NPS award: none starts after it ends from the
    scale it ends on; the transfer is what moves them onto the scale the NPS's next award
    starts from."""
    return (
        then_employer in (end.employer, end.scale_employer)
        and then_start > end.last_day
        and then_from == end.scale
    )


class Part(Protocol):
    """What finding a natural run reads of a scheme (a `files.listing.Listing` has it)."""

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


def natural_runs(schemes: Sequence[P], scale_employer: Callable[[str], str]) -> list[list[P]]:
    """Each employer's natural run, in the order employers first appear: from its first scheme,
    every scheme in date order that follows the run so far (`follows`: its own offers, then its
    transfer, then the awards of the employer whose scale the transfer put staff on); not
    claims, rejected offers or other readings. Only runs of two or more schemes."""
    paid = [s for s in schemes if s.variant_of is None and s.status not in NOT_PAID]
    in_order = sorted(paid, key=lambda s: (s.start, s.end))
    out = []
    for employer in dict.fromkeys(s.employer for s in paid):
        first = next(s for s in in_order if s.employer == employer)
        run = [first]
        for then in in_order:
            last = run[-1]
            end = End(first.employer, last.end, last.end_scale, scale_employer(last.end_scale))
            if follows(end, then.employer, then.start, then.from_scale):
                run.append(then)
        if len(run) > 1:
            out.append(run)
    return out
