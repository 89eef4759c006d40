"""The transfer-data rules of one payroll row against a pay scale: pure functions, no I/O.

One definition of each rule, used by `paycalc check` (a report of every flag) and `paycalc
apply` (a `flags` column, or with `--strict` the row rejected). A rule that depends only on the
row's position (band, point, salary, FTE as read) is judged by `position_problems`, once per
distinct position; `actual_pay_problem` is the one rule that reads another cell of the row.

A TUPE staff list priced at full salaries can be badly wrong: a seed from the June 2021
transfer tells of staff "allocated to 0.1 or 0.2 of a week, who are earning £100k", which
bidders had to budget for in full. Each rule here names the column at fault and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from paycalc.money import fmt_pounds, parse_money, to_penny
from paycalc.payroll.rows import Position

# Below this FTE, a full-time salary above the band top is the seed's case.
LOW_FTE = Decimal("0.2")
# An actual (pro-rata) amount written for the full-time salary is within a pound of it.
PENNY_SLACK = Decimal(1)

# Flag codes, in the order they are reported.
CODES = {
    "unreadable": "a value that cannot be read (the row is left out of the pay bill)",
    "duplicate": "the same employee id on an earlier row (left out of the pay bill)",
    "band": "a band the scale does not have (left out of the pay bill)",
    "point": "a point beyond the band (left out of the pay bill)",
    "low_fte_high_salary": "FTE below 0.2 with a full-time salary above the band top",
    "above_top": "full-time salary above the band top",
    "below_bottom": "full-time salary below the band bottom",
    "part_time_amount": "salary looks like the actual part-time pay, not the full-time salary",
    "actual_pay": "actual pay is not the full-time salary times the FTE",
    "not_point_value": "salary is not the value of the point given",
    "missing_fte": "no FTE given (read as full time)",
}
ORDER = {code: i for i, code in enumerate(CODES)}

# (code, role of the column at fault, reason)
Problem = tuple[str, str, str]


@dataclass(frozen=True)
class Flag:
    row: int
    employee_id: str
    column: str  # the header as written
    code: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "employee_id": self.employee_id,
            "column": self.column,
            "code": self.code,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class RowFindings:
    """What the rules make of one row: each problem, and the row's full-time salary as listed
    (None: not on the scale, left out)."""

    problems: tuple[Problem, ...]
    listed: Decimal | None


def check_position(
    position: Position,
    bands: Mapping[str, Sequence[Decimal]],
    *,
    actual: str = "",
) -> RowFindings:
    """Every rule on one readable row against the scale's bands (band name -> point values);
    `actual` is the row's actual-pay cell as written ('' when the file has none)."""
    found = position_problems(position, bands)
    if not actual.strip():
        return found
    problem = actual_pay_problem(found.listed, position.fte, actual)
    if problem is None:
        return found
    return RowFindings(_sorted((*found.problems, problem)), found.listed)


def position_problems(position: Position, bands: Mapping[str, Sequence[Decimal]]) -> RowFindings:
    """The rules that depend on the position alone (band, point, salary, FTE as read)."""
    points = bands.get(position.band)
    if points is None:
        known = ", ".join(bands)
        return RowFindings(
            (("band", "band", f"band '{position.band}' is not on the scale ({known})"),), None
        )
    bottom, top = points[0], points[-1]
    problems: list[Problem] = []
    if position.point is not None:
        index = len(points) if position.point == "top" else int(position.point)
        if index > len(points):
            reason = f"point {position.point} is beyond band {position.band} ({len(points)} points)"
            return RowFindings((("point", "point", reason),), None)
        value = points[index - 1]
        stated = position.stated_salary
        listed = stated if stated is not None else value
        if stated is not None and stated != value:
            problems.append(
                (
                    "not_point_value",
                    "salary",
                    f"salary {fmt_pounds(stated)} is not the value of point {position.point} "
                    f"({fmt_pounds(value)})",
                )
            )
    else:
        assert position.salary is not None
        listed = position.salary
    if listed > top:
        problems.append(_above_top(position, listed, top))
    elif listed < bottom:
        problems.append(_below_bottom(position, listed, bottom, top))
    if not position.fte_given:
        problems.append(("missing_fte", "fte", "no FTE given: counted as full time"))
    return RowFindings(_sorted(problems), listed)


def _above_top(position: Position, listed: Decimal, top: Decimal) -> Problem:
    fte = position.fte
    if fte < LOW_FTE:
        actual_pay = to_penny(listed * fte)
        return (
            "low_fte_high_salary",
            "salary",
            f"FTE {fte.normalize()} with a full-time salary of {fmt_pounds(listed)}, "
            f"{fmt_pounds(listed - top)} above the band {position.band} top "
            f"({fmt_pounds(top)}): the actual pay is {fmt_pounds(actual_pay)}, and "
            f"budgeting the full salary overstates it by {fmt_pounds(listed - actual_pay)}",
        )
    return (
        "above_top",
        "salary",
        f"full-time salary {fmt_pounds(listed)} is above the band {position.band} "
        f"top ({fmt_pounds(top)})",
    )


def _below_bottom(position: Position, listed: Decimal, bottom: Decimal, top: Decimal) -> Problem:
    fte = position.fte
    full_time = listed / fte if fte < 1 else None
    if full_time is not None and bottom <= full_time <= top:
        return (
            "part_time_amount",
            "salary",
            f"salary {fmt_pounds(listed)} is below the band {position.band} bottom "
            f"({fmt_pounds(bottom)}) but at FTE {fte.normalize()} is "
            f"{fmt_pounds(to_penny(full_time))} full-time, inside the band: is it the "
            "actual part-time pay in the full-time column?",
        )
    return (
        "below_bottom",
        "salary",
        f"full-time salary {fmt_pounds(listed)} is below the band {position.band} "
        f"bottom ({fmt_pounds(bottom)})",
    )


def actual_pay_problem(listed: Decimal | None, fte: Decimal, written: str) -> Problem | None:
    """The actual-pay rule: the cell `written` (not blank) against the full-time salary as
    listed times the FTE, within PENNY_SLACK (None: no salary listed, nothing to compare); an
    unreadable amount is `unreadable`."""
    try:
        actual = parse_money(written)
    except ValueError as e:
        return ("unreadable", "actual_pay", f"actual pay {e}")
    if listed is None:
        return None
    expected = to_penny(listed * fte)
    if abs(actual - expected) <= PENNY_SLACK:
        return None
    reverse = fte < 1 and abs(actual - listed) <= PENNY_SLACK
    why = (
        "it is the full-time salary: a full-time amount in the actual pay column"
        if reverse
        else f"{fmt_pounds(listed)} x FTE {fte.normalize()} is {fmt_pounds(expected)}"
    )
    return ("actual_pay", "actual_pay", f"actual pay {fmt_pounds(actual)}: {why}")


def _sorted(problems: Sequence[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: ORDER[p[0]]))
