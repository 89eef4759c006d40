"""Each distinct payroll position's output cells, computed once by the engine and kept as text,
with the flags `paycalc check` would give it (`payroll.flags`), also judged once per position."""

from __future__ import annotations

from collections.abc import Iterator
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
from paycalc.payroll.flags import ORDER, Problem, actual_pay_problem, position_problems
from paycalc.payroll.rows import Position, RowError

if TYPE_CHECKING:
    from paycalc.files.registry import Registry
    from paycalc.payroll.read import Row

# A timeline is kept for the next row of the same band and point (or salary) at another FTE;
# the timelines kept hold at most this many events together, whatever a scheme's length (a
# scheme of thousands of steps must not keep every position's whole timeline).
MAX_EVENTS = 50_000


class PositionCells(list):  # type: ignore[type-arg]
    """[csv text of the new cells with a leading comma and the line end, head count, stats,
    the cells as text, their values typed for a workbook, and (once a workbook has written them)
    its cells]: a list so the hot loop can bump the count in place (cells[1] += 1). Only what
    the outputs need: no timeline. Its attributes serve the rare row with a flag of its own
    (the actual-pay rule): the row's columns, the problems of the position, and the entries
    of the same position with a row's flag added."""

    row: RowFigures
    listed: Decimal | None
    problems: tuple[Problem, ...]
    variants: dict[str, PositionCells]


class Flagged(RowError):
    """A row `apply --strict` rejects because `paycalc check` would flag it: each flag's code
    and reason, the column of the first at fault."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        reason = "; ".join(f"{code}: {why}" for code, _role, why in problems)
        super().__init__(reason, problems[0][1])
        self.codes = tuple(code for code, _role, _why in problems)


class Positions:
    """Maps a row's parsed position to its output cells, or to why it cannot be placed on the
    scheme's scale; the reader (`payroll.read`) asks once per position as written, and
    '29180' and '£29,180.00' share one entry here."""

    def __init__(
        self, scheme: Scheme, registry: Registry, summary: Summary, *, strict: bool = False
    ) -> None:
        self.scheme = scheme
        self.scales = registry
        self.summary = summary
        self.parity: ParityRule = parity_rule(None)
        # With `strict`, a flagged position is a reject (`Flagged`) instead of a flagged row.
        self.strict = strict
        self._placed: dict[Position, PositionCells | RowError] = {}
        self._variants: list[PositionCells] = []
        self._bands = registry.bands(scheme.from_scale)
        self._results: dict[tuple[str, int | str | None, Decimal | None], Result] = {}
        self._events = 0

    def place(self, position: Position) -> PositionCells | RowError:
        """The entry of a position, or why it cannot be placed on the scheme's scale."""
        found = self._placed.get(position)
        if found is None:
            try:
                found = self._judged(position)
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
        for entry in [*self._placed.values(), *self._variants]:
            if isinstance(entry, PositionCells):
                self.summary.add(entry[2], entry[1])
        self._placed.clear()
        self._variants.clear()

    def with_actual_pay(
        self, rows: Iterator[Row[PositionCells]], column: int
    ) -> Iterator[Row[PositionCells]]:
        """`rows` with the actual-pay rule applied to each written row's cell `column` (the
        one rule that reads more than the position, so it runs per row, and only on a payroll
        with an actual-pay column)."""
        for row in rows:
            found = row[3]
            # (a rejected row may be shorter than the header; a placed one never is)
            if isinstance(found, PositionCells) and (written := row[1][column]).strip():
                problem = actual_pay_problem(found.listed, found.row.figures.fte, written)
                if problem is not None:
                    yield row[0], row[1], row[2], self._with_problem(found, problem)
                    continue
            yield row

    def _with_problem(self, entry: PositionCells, problem: Problem) -> PositionCells | RowError:
        """The entry of a row of `entry`'s position that has a flag of its own as well."""
        problems = tuple(sorted((*entry.problems, problem), key=lambda p: ORDER[p[0]]))
        if self.strict:
            return Flagged(problems)
        variant = entry.variants.get(problem[0])
        if variant is None:
            flags = tuple(code for code, _role, _why in problems)
            stats = replace(entry[2], flags=flags)
            variant = self._entry(replace(entry.row, flags=flags), stats, entry.listed, problems)
            entry.variants[problem[0]] = variant
            self._variants.append(variant)
        return variant

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

    def _judged(self, position: Position) -> PositionCells | RowError:
        """The entry of a position new to the run: its flags, then (unless `strict` rejects
        it for them) its figures."""
        found = position_problems(position, self._bands)
        if self.strict and found.problems and found.listed is not None:
            return Flagged(found.problems)
        flags = tuple(code for code, _role, _why in found.problems)
        row = replace(self.row(position), flags=flags)
        stats = self._stats(row, position.pension_rate)
        return self._entry(row, stats, found.listed, found.problems)

    def _entry(
        self,
        row: RowFigures,
        stats: PositionStats,
        listed: Decimal | None,
        problems: tuple[Problem, ...],
    ) -> PositionCells:
        texts = row.texts()
        cells = [escape_cell(c) for c in texts]
        entry = PositionCells(["," + csv_line(texts) + "\r\n", 0, stats, cells, row.values()])
        entry.row, entry.listed, entry.problems, entry.variants = row, listed, problems, {}
        return entry

    def _stats(self, row: RowFigures, pension_rate: Decimal | None) -> PositionStats:
        f = row.figures
        return PositionStats(
            bucket(f.total_increase_pct),
            f.fte,
            pence(f.before),
            pence(f.after),
            pence(f.unconsolidated),
            pence(f.parity_gap),
            pence(row.back_pay),
            None
            if self.summary.on_costs is None
            else self.summary.on_costs.person(f, pension_rate),
            row.flags,
        )

    def _point_value(self, position: Position) -> Decimal:
        points = self.scales.bands(self.scheme.from_scale)[position.band]
        index = len(points) if position.point == "top" else int(position.point)  # type: ignore[arg-type]
        return points[index - 1]
