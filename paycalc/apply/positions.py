"""Each distinct payroll position's output cells, computed once by the engine and kept as text."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from paycalc.apply.cells import RowFigures, row_figures
from paycalc.apply.totals import PositionStats, Summary, bucket, pence
from paycalc.csvcell import csv_line, escape_cell
from paycalc.engine import Result, run
from paycalc.errors import PaycalcError, PersonError
from paycalc.model import PersonSpec, Scheme
from paycalc.money import fmt_money
from paycalc.parity import Figures, ParityRule, figures, parity_rule, reference_salary
from paycalc.payroll.rows import Position, RowError

if TYPE_CHECKING:
    from paycalc.files.registry import Registry

# A timeline is kept for the next row of the same band and point (or salary) at another FTE;
# the timelines kept hold at most this many events together, whatever a scheme's length (a
# scheme of thousands of steps must not keep every position's whole timeline).
MAX_EVENTS = 50_000


class PositionCells(list):  # type: ignore[type-arg]
    """[csv text of the new cells with a leading comma and the line end, head count, stats,
    the cells as text, their values typed for a workbook, and (once a workbook has written them)
    its cells]: a list so the hot loop can bump the count in place (cells[1] += 1). Only what
    the outputs need: no timeline."""


class Positions:
    """Maps a row's parsed position to its output cells, or to why it cannot be placed on the
    scheme's scale; the reader (`payroll.read`) asks once per position as written, and
    '29180' and '£29,180.00' share one entry here."""

    def __init__(self, scheme: Scheme, registry: Registry, summary: Summary) -> None:
        self.scheme = scheme
        self.scales = registry
        self.summary = summary
        self.parity: ParityRule = parity_rule(None)
        self._placed: dict[Position, PositionCells | RowError] = {}
        self._results: dict[tuple[str, int | str | None, Decimal | None], Result] = {}
        self._events = 0

    def place(self, position: Position) -> PositionCells | RowError:
        """The entry of a position, or why it cannot be placed on the scheme's scale."""
        found = self._placed.get(position)
        if found is None:
            try:
                found = self._cells_of(position)
            except PersonError as e:
                found = e if e.column else RowError(e.message, "band")
            except PaycalcError as e:
                found = RowError(e.message, "band")
            self._placed[position] = found
        return found

    @property
    def events_kept(self) -> int:
        """The events of the timelines kept for other FTEs (at most MAX_EVENTS)."""
        return self._events

    def flush(self) -> None:
        """Fold every head count into the summary and forget the entries (the reader calls
        this before it forgets the positions it has seen)."""
        for entry in self._placed.values():
            if isinstance(entry, PositionCells):
                self.summary.add(entry[2], entry[1])
        self._placed.clear()

    def timeline(self, position: Position) -> tuple[Result, Figures]:
        """Exactly `figures(run(scheme, person), registry)`; the engine's timeline is full-time,
        so one run serves every FTE of the same band and point or salary."""
        key = (position.band, position.point, position.salary)
        result = self._results.get(key)
        if result is None:
            full_time = PersonSpec(band=position.band, point=position.point, salary=position.salary)
            result = run(self.scheme, full_time, self.scales)
            if self._events + len(result.events) > MAX_EVENTS:
                self._results.clear()
                self._events = 0
            self._results[key] = result
            self._events += len(result.events)
        result = replace(result, person=position.person())
        return result, figures(result, self.scales, parity=self.parity)

    def row(self, position: Position) -> RowFigures:
        """The output columns of a position."""
        result, f = self.timeline(position)
        notes = []
        stated = position.stated_salary
        if stated is not None and position.point is not None:
            value = self._point_value(position)
            if stated != value:
                notes.append(
                    f"salary {fmt_money(stated)} in the file is not the value of point "
                    f"{position.point} ({fmt_money(value)}); the point was used"
                )
        reference = self.scales.scale(self.scheme.reference)
        end = result.state_at(self.scheme.period.end)
        _band, _salary, ref_note = reference_salary(self.scheme, end, reference, self.parity)
        placed_by = "point" if position.point is not None else "salary"
        return row_figures(result, f, placed_by, notes, ref_note)

    def _cells_of(self, position: Position) -> PositionCells:
        row = self.row(position)
        f = row.figures
        texts = row.texts()
        cells = [escape_cell(c) for c in texts]
        stats = PositionStats(
            bucket(f.total_increase_pct),
            f.fte,
            pence(f.before),
            pence(f.after),
            pence(f.unconsolidated),
            pence(f.parity_gap),
            pence(row.back_pay),
            None
            if self.summary.on_costs is None
            else self.summary.on_costs.person(f, position.pension_rate),
        )
        return PositionCells(["," + csv_line(texts) + "\r\n", 0, stats, cells, row.values()])

    def _point_value(self, position: Position) -> Decimal:
        points = self.scales.bands(self.scheme.from_scale)[position.band]
        index = len(points) if position.point == "top" else int(position.point)  # type: ignore[arg-type]
        return points[index - 1]
