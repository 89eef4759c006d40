"""The scale and scheme file models: what one file may say. The checks across files (the scales
and bands a scheme names, dates inside its period) are in files/cross_checks.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field, fields
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from paycalc.state import Points
from paycalc.steps import Step
from paycalc.types import (
    BandName,
    Before,
    Count,
    Day,
    Fte,
    Id,
    IndexValue,
    Money,
    Month,
    NonEmpty,
    ScaleRef,
    Strict,
    Text,
    band_name,
    decimal_value,
    fte_value,
    money_value,
)

SCHEME_STATUSES = ("claim", "offer", "accepted", "imposed", "rejected", "pending")
# Statuses of a scheme that is not pay anyone has received; every report says so.
UNSETTLED = ("claim", "offer", "pending", "rejected")
# The last day of the CRC contracts: their staff transferred to the Probation Service on 26 June
# 2021, and no CRC offer ran beyond it.
CRC_CONTRACTS_END = date(2021, 6, 25)


def one_or_many(value: Any) -> Any:
    # `covers: Wales` is one area; a list is several.
    return [value] if isinstance(value, str) else value


class Source(Strict):
    """A document a figure or rule comes from: a web page (`url`) or a seed file (`file`), with a
    `locator` (paragraph, page or heading) so a reader can find the sentence."""

    id: Id
    title: Text
    url: Text | None = None
    file: Text | None = None
    locator: Text | None = None

    def __post_init__(self) -> None:
        if self.url is None and self.file is None:
            raise ValueError("a source needs a 'url' or a 'file'")


class KnownValue(Strict):
    """A point value that comes from a source (the rest of the band is illustrative)."""

    point: Count | Literal["top"]
    source: Id
    basis: Literal["quoted", "inferred", "secondary"] = "quoted"
    note: Text | None = None


class Band(Strict):
    name: BandName
    role: Text | None = None
    points: Annotated[list[Money], NonEmpty]
    known: list[KnownValue] = field(default_factory=list)
    note: Text | None = None


class Scale(Strict):
    """A pay scale: bands of ascending points, in force from `effective`."""

    kind: Literal["scale"]
    id: Id
    title: Text
    employer: Text
    effective: Day
    status: Literal["published", "illustrative", "entered"]
    """published: every value from the sources listed; illustrative: values made up by stated
    arithmetic to show a method; entered: typed in by a user from their own employer's table
    (`paycalc new-scale --from-table`), which paycalc has not checked against a source."""
    note: Text | None = None
    sources: list[Source] = field(default_factory=list)
    bands: Annotated[list[Band], NonEmpty]
    former_bands: dict[BandName, BandName] = field(default_factory=dict)
    """Bands this scale no longer has, each with the band its staff are on now (Band 1 went onto
    Band 2 in 2022): a person on a former band is compared with its successor."""

    @property
    def illustrative(self) -> bool:
        return self.status == "illustrative"

    def band_points(self) -> dict[str, Points]:
        return {b.name: tuple(b.points) for b in self.bands}

    def band(self, name: str) -> Band | None:
        return next((b for b in self.bands if b.name == name), None)


class PriceValue(Strict):
    """One month's value of a price index, with the source it is quoted from."""

    month: Month
    """The calendar month, e.g. 2021-03 for March 2021."""
    value: IndexValue
    source: Id
    basis: Literal["quoted", "inferred", "secondary"] = "quoted"
    note: Text | None = None

    @property
    def first_day(self) -> date:
        year, month = self.month.split("-")
        return date(int(year), int(month), 1)


class Prices(Strict):
    """A price index (RPI, CPI) as dated monthly values, each quoted from a source. A month
    without a value is left out, never filled in: a figure that needs it says it is missing."""

    kind: Literal["prices"]
    id: Id
    title: Text
    index: Text
    """What the index is and its base, e.g. 'RPI all items, January 1987 = 100 (ONS CHAW)'."""
    status: Literal["published", "illustrative"]
    note: Text | None = None
    sources: Annotated[list[Source], NonEmpty]
    values: Annotated[list[PriceValue], NonEmpty]

    @property
    def illustrative(self) -> bool:
        return self.status == "illustrative"

    def series(self) -> dict[date, Decimal]:
        """The values by the first day of their month."""
        return {v.first_day: v.value for v in self.values}

    def months(self) -> tuple[date, date]:
        """The first and last month with a value."""
        days = [v.first_day for v in self.values]
        return min(days), max(days)


class Period(Strict):
    start: Day
    end: Day

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


class PersonSpec(Strict):
    """One member of staff: a band and either a point (a number or 'top') or a salary."""

    band: BandName
    point: Count | Literal["top"] | None = None
    salary: Money | None = None
    fte: Fte = Decimal(1)

    def __post_init__(self) -> None:
        # From a file pydantic has checked each value already; made by code (the command line,
        # a payroll row, a test) the same rules are kept here, so every PersonSpec is sound.
        band = band_name(self.band)
        if not isinstance(band, str) or not band.strip():
            raise ValueError("a band is a name such as 3 or PSO")
        point = self.point
        if point not in (None, "top") and (
            isinstance(point, bool) or not isinstance(point, int) or point < 1
        ):
            raise ValueError("a point is a whole number from 1, or 'top'")
        set_ = object.__setattr__  # the dataclass is frozen once made
        set_(self, "band", band.strip())
        if self.salary is not None:
            set_(self, "salary", money_value(decimal_value(self.salary)))
        set_(self, "fte", fte_value(decimal_value(self.fte)))
        if (self.point is None) == (self.salary is None):
            raise ValueError("give exactly one of 'point' or 'salary'")

    def label(self) -> str:
        where = f"point {self.point}" if self.point is not None else f"salary {self.salary}"
        fte = "" if self.fte == 1 else f", FTE {self.fte}"
        return f"band {self.band} {where}{fte}"


class Expect(Strict):
    """Figures an example asserts; money to the penny, percentages to two decimals."""

    before: Money | None = None
    after: Money | None = None
    consolidated_increase: Decimal | None = None
    consolidated_increase_pct: Decimal | None = None
    unconsolidated: Money | None = None
    total_increase_pct: Decimal | None = None
    reference_salary: Money | None = None
    parity_gap: Decimal | None = None
    parity_gap_pct: Decimal | None = None
    point: Count | None = None
    protected: bool | None = None

    def __post_init__(self) -> None:
        if not self.given():
            raise ValueError("an example must expect at least one figure")

    def given(self) -> list[str]:
        """The figures the example expects, in the order of the fields."""
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


class Example(Strict):
    """An embedded test, in the manner of OpenFisca's YAML tests: run by validate and pytest."""

    name: Text
    person: PersonSpec
    as_of: Day | None = None
    parity: Literal["transfer", "same-point"] = "transfer"
    """The parity rule the expected reference_salary and parity_gap are read under."""
    expect: Expect


class NotModelled(Strict):
    """A sentence of the offer left out on purpose, and why."""

    quote: Text
    reason: Text


class Scheme(Strict):
    """A pay offer, claim or award as a dated list of steps applied to one scale."""

    kind: Literal["scheme"]
    id: Id
    title: Text
    employer: Text
    covers: Annotated[list[Text], Before(one_or_many)] = field(default_factory=list)
    status: Literal["claim", "offer", "accepted", "imposed", "rejected", "pending"]
    from_scale: ScaleRef
    reference: ScaleRef
    band_map: dict[BandName, BandName] = field(default_factory=dict)
    """Band names of the reference scale for bands the scheme names differently."""
    period: Period
    sources: Annotated[list[Source], NonEmpty]
    variant_of: Id | None = None
    """The scheme this one reads differently (its `note` says how); `paycalc list` shows it next
    to that scheme."""
    note: Text | None = None
    steps: list[Step] = field(default_factory=list)
    not_modelled: list[NotModelled] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)

    def ordered_steps(self) -> list[tuple[int, Step]]:
        """Steps in date order; steps on the same date keep their order in the file."""
        return sorted(enumerate(self.steps), key=lambda pair: (pair[1].on, pair[0]))

    def end_scale(self) -> str:
        """The scale staff are on when the scheme ends: the last one a step moves them to."""
        scale = self.from_scale
        for _, step in self.ordered_steps():
            scale = step.moves_to() or scale
        return scale

    def scale_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every scale the scheme names, with the key that names it: its start, its reference,
        and those its steps name (e.g. assimilation targets)."""
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("from_scale",), self.from_scale),
            (("reference",), self.reference),
        ]
        for i, step in enumerate(self.steps):
            refs += [(("steps", i, *key), ident) for key, ident in step.scales_named()]
        return refs

    def scale_ids(self) -> list[str]:
        """Every scale the scheme names, once each, in the order of `scale_refs`."""
        return list(dict.fromkeys(ident for _, ident in self.scale_refs()))

    def scales_used(self, against: str | None = None) -> list[str]:
        """The scales a run reads, once each: the start, those the steps name, then the scale
        compared with (`against`, default the scheme's own reference)."""
        steps = [ident for s in self.steps for _, ident in s.scales_named()]
        return list(dict.fromkeys([self.from_scale, *steps, against or self.reference]))

    def illustrative_scales(
        self, scale: Callable[[str], Scale], against: str | None = None
    ) -> tuple[str, ...]:
        """The scales of `scales_used` whose values are illustrative (`scale` looks one up)."""
        return tuple(s for s in self.scales_used(against) if scale(s).illustrative)

    @property
    def unsettled(self) -> bool:
        """A claim, offer, pending or rejected scheme: not pay anyone has received."""
        return self.status in UNSETTLED

    def reference_method(self, scale_id: str | None = None) -> tuple[str, dict[str, str]]:
        """How a person is placed on a reference scale (default: the scheme's own): the method
        and band map of the scheme's assimilation onto it, or the same point (band map from the
        scheme)."""
        target = scale_id or self.reference
        for s in self.steps:
            placed = s.placement(target)
            if placed is not None:
                return placed[0], {**self.band_map, **placed[1]}
        return "same_point", dict(self.band_map)
