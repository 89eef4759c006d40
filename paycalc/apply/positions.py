"""Each distinct payroll position's figures, computed once by the engine and kept as CSV text."""

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
from paycalc.payroll.rows import Position, RowError, parse_position

if TYPE_CHECKING:
    from paycalc.files.registry import Registry

# A real payroll has a few hundred positions; a file of a million distinct salaries must still
# run in bounded memory, so the caches are emptied (their counts folded into the summary) when full.
MAX_POSITIONS = 20_000
MAX_RESULTS = 4_000


class Entry(list):  # type: ignore[type-arg]
    """[csv text of the new cells with a leading comma and the line end, head count, stats,
    the cells, the RowFigures]: a list so the hot loop can bump the count in place
    (entry[1] += 1)."""


class Positions:
    """Maps a row's (band, point, salary, fte) as written to its output cells or its reject.

    Two levels: the text as written (what the hot loop looks up), and the parsed position (so
    '29180' and '£29,180.00' share one computation and one head count).
    """

    def __init__(self, scheme: Scheme, registry: Registry, summary: Summary) -> None:
        self.scheme = scheme
        self.scales = registry
        self.summary = summary
        self.by_text: dict[tuple[str, ...], Entry] = {}  # what the hot loop looks up
        self.bad_text: dict[tuple[str, ...], RowError] = {}
        self._by_position: dict[Position, Entry] = {}
        self._bad_position: dict[Position, RowError] = {}
        self.parity: ParityRule = parity_rule(None)
        self.fte_mode = "fraction"
        self.full_time_hours: Decimal | None = None
        self._results: dict[tuple[str, int | str | None, Decimal | None], Result] = {}

    def compute(self, key: tuple[str, ...], values: tuple[str, str, str, str]) -> Entry | RowError:
        """The entry for a key the hot loop did not find, or why the row is rejected (and
        remember either). `values` are the key's (band, point, salary, fte)."""
        bad = self.bad_text.get(key)
        if bad is not None:
            return bad
        if len(self.by_text) + len(self.bad_text) >= MAX_POSITIONS:
            self.flush()
        try:
            position = parse_position(
                *values, fte_mode=self.fte_mode, full_time_hours=self.full_time_hours
            )
            found: Entry | RowError | None = self._by_position.get(position)
            if found is None:
                found = self._entry(position)
                self._by_position[position] = found
        except PersonError as e:
            found = e if e.column else RowError(e.message, "band")
        except PaycalcError as e:
            found = RowError(e.message, "band")
        if isinstance(found, RowError):
            self.bad_text[key] = found
        else:
            self.by_text[key] = found
        return found

    def placed(self, position: Position) -> Entry | RowError:
        """The entry of a position already read by `payroll.read.read_rows`, or why it cannot
        be placed on the scheme's scale."""
        found: Entry | RowError | None = self._by_position.get(position)
        if found is None:
            found = self._bad_position.get(position)
        if found is not None:
            return found
        if len(self._by_position) + len(self._bad_position) >= MAX_POSITIONS:
            self.flush()
        try:
            entry = self._entry(position)
        except PersonError as e:
            self._bad_position[position] = e if e.column else RowError(e.message, "band")
            return self._bad_position[position]
        except PaycalcError as e:
            self._bad_position[position] = RowError(e.message, "band")
            return self._bad_position[position]
        self._by_position[position] = entry
        return entry

    def flush(self) -> None:
        """Fold every head count into the summary and forget the entries."""
        for entry in self._by_position.values():
            self.summary.add(entry[2], entry[1])
        self._by_position.clear()
        self._bad_position.clear()
        self.by_text.clear()
        self.bad_text.clear()

    def timeline(self, position: Position) -> tuple[Result, Figures]:
        """Exactly `figures(run(scheme, person), registry)`; the engine's timeline is full-time,
        so one run serves every FTE of the same band and point or salary."""
        key = (position.band, position.point, position.salary)
        result = self._results.get(key)
        if result is None:
            if len(self._results) >= MAX_RESULTS:
                self._results.clear()
            full_time = PersonSpec(band=position.band, point=position.point, salary=position.salary)
            result = self._results[key] = run(self.scheme, full_time, self.scales)
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

    def _entry(self, position: Position) -> Entry:
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
            None if self.summary.on_costs is None else self.summary.on_costs.person(f),
        )
        return Entry(["," + csv_line(texts) + "\r\n", 0, stats, cells, row])

    def _point_value(self, position: Position) -> Decimal:
        points = self.scales.bands(self.scheme.from_scale)[position.band]
        index = len(points) if position.point == "top" else int(position.point)  # type: ignore[arg-type]
        return points[index - 1]
