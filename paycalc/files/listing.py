"""What `paycalc list` shows of a valid scheme, scale or price file, kept in the file's cache
entry as plain data. Its own module, imported only by what lists files (`list`, and `compare`
choosing its reference scale), since its class costs every other command's start-up."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # the models are imported only when a file is read afresh
    from paycalc.model import Prices, Scale, Scheme


class Listing(NamedTuple):
    """What `paycalc list` shows of a valid file. Kept first in the file's cache entry, so a
    listing from the cache needs neither the models nor the YAML reader. A NamedTuple: its
    class costs a fifth of a frozen dataclass's to make, on every `list` and `compare`."""

    kind: str
    id: str
    status: str
    title: str
    dates: tuple[date, ...]  # a scheme's period (start, end); a scale's effective date
    variant_of: str | None = None
    # A scheme's, for `list`'s natural runs (paycalc.runs): the scale it starts from and the
    # one it ends on.
    employer: str = ""
    from_scale: str = ""
    end_scale: str = ""

    @property
    def start(self) -> date:
        return self.dates[0]

    @property
    def end(self) -> date:
        return self.dates[-1]

    def record(self) -> tuple[Any, ...]:
        """The listing as plain data (dates as day numbers), which the cache stores without
        pickle, so a warm `list` imports neither pickle nor the models' classes."""
        return (
            self.kind,
            self.id,
            self.status,
            self.title,
            tuple(d.toordinal() for d in self.dates),
            self.variant_of,
            self.employer,
            self.from_scale,
            self.end_scale,
        )

    @classmethod
    def from_record(cls, record: Any) -> Listing | None:
        """The listing `record()` gave, or None for anything else."""
        if not isinstance(record, tuple) or len(record) != 9:
            return None
        kind, ident, status, title, days, *rest = record
        try:
            return cls(kind, ident, status, title, tuple(map(date.fromordinal, days)), *rest)
        except (TypeError, ValueError, OverflowError):
            return None

    @classmethod
    def of(cls, doc: Scale | Scheme | Prices) -> Listing:
        if doc.kind == "scheme":
            dates = (doc.period.start, doc.period.end)
            return cls(
                doc.kind,
                doc.id,
                doc.status,
                doc.title,
                dates,
                doc.variant_of,
                doc.employer,
                doc.from_scale,
                doc.end_scale(),
            )
        if doc.kind == "prices":  # its first and last month with a value
            return cls(doc.kind, doc.id, doc.status, doc.title, doc.months())
        return cls(doc.kind, doc.id, doc.status, doc.title, (doc.effective,), None, doc.employer)
