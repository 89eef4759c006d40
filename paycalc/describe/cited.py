"""Where one person's figures come from: for before, after and the reference salary, the
scale file's `known:` entry for that value and the source it names (explain prints them under
the figures, so a quoted value is shown with its source)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from paycalc.basis import value_known
from paycalc.engine import Result
from paycalc.model import Source
from paycalc.money import fmt_pounds
from paycalc.parity import ParityRule, ScaleSource, reference_salary


@dataclass(frozen=True)
class CitedValue:
    """A figure's full-time value, what it rests on and the source its `known:` entry names."""

    figure: str  # before, after or reference
    value: Decimal
    basis: str
    source: Source
    note: str | None

    def line(self, titled: bool = True) -> str:
        """The value, its basis and source; the source's title and address only when `titled`
        (the first line naming it)."""
        note = f" ({self.note})" if self.note else ""
        line = f"  {self.figure.capitalize()} {fmt_pounds(self.value)}: {self.basis}{note}, "
        line += f"[{self.source.id}]"
        if titled:
            line += f" {self.source.title}, {self.source.url or self.source.file or ''}"
        return line

    def to_dict(self) -> dict[str, object]:
        return {
            "figure": self.figure,
            "value": str(self.value),
            "basis": self.basis,
            "source": self.source.id,
            "title": self.source.title,
            "where": self.source.url or self.source.file,
            "note": self.note,
        }


def cited_values(
    result: Result, scales: ScaleSource, against: str | None, rule: ParityRule
) -> list[CitedValue]:
    """The figures of `result` (read at the end of its scheme's period, as explain reads them)
    whose full-time value is a point with a `known:` entry; a salary off the points has none."""
    scheme = result.scheme
    end = result.state_at(scheme.period.end)
    ref = scales.scale(against or scheme.reference)
    ref_band, ref_salary, _ = reference_salary(scheme, end, ref, rule)
    wanted = [
        ("before", scales.scale(result.start.scale_id), result.start.band, result.start.salary),
        ("after", scales.scale(end.scale_id), end.band, end.salary),
        ("reference", ref, ref_band, ref_salary),
    ]
    cited = []
    for figure, scale, band, value in wanted:
        found = value_known(scale, band, value)
        if found is not None:
            known, source = found
            cited.append(CitedValue(figure, value, known.basis, source, known.note))
    return cited
