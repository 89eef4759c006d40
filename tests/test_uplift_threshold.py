"""`uplift: {amount, below}`: a flat consolidated rise on the points below a threshold, as the
NPS 2021/22 award gave (£250 on points below £24,000). Test scale band 3: 20000 21000 22000
23000."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from paycalc.engine import EngineError, run
from paycalc.errors import FileProblems
from paycalc.model import PersonSpec


def _end(make_scheme, uplift: str, **person):  # type: ignore[no-untyped-def]
    registry, path = make_scheme(f"steps:\n  - {{on: 2020-04-01, uplift: {uplift}}}\n")
    return run(registry.scheme(path), PersonSpec(**person), registry).end


def test_a_point_below_the_threshold_rises_by_the_flat_amount(make_scheme) -> None:  # type: ignore[no-untyped-def]
    end = _end(make_scheme, "{amount: 250, below: 21000}", band="3", point=1)
    assert (end.salary, end.point) == (D("20250"), 1)  # 20000 + 250


def test_a_point_at_the_threshold_does_not_rise(make_scheme) -> None:  # type: ignore[no-untyped-def]
    end = _end(make_scheme, "{amount: 250, below: 21000}", band="3", point=2)
    assert end.salary == D("21000")  # not below 21000
    assert end.points == (D("20250"), D("21000"), D("22000"), D("23000"))


def test_a_salary_between_points_below_the_threshold_rises_too(make_scheme) -> None:  # type: ignore[no-untyped-def]
    end = _end(make_scheme, "{amount: 250, below: 21000}", band="3", salary="20500")
    assert end.salary == D("20750")  # 20500 + 250, still between points 1 and 2


def test_a_flat_amount_without_threshold_raises_every_point(make_scheme) -> None:  # type: ignore[no-untyped-def]
    end = _end(make_scheme, "{amount: 1925}", band="3", point="top")
    assert end.salary == D("24925")  # 23000 + 1925


def test_a_percentage_can_have_a_threshold(make_scheme) -> None:  # type: ignore[no-untyped-def]
    end = _end(make_scheme, "{percent: 2, below: 21000}", band="3", point=1)
    assert end.salary == D("20400")  # 20000 x 1.02


def test_a_threshold_that_lifts_a_point_past_the_next_is_refused(make_scheme) -> None:  # type: ignore[no-untyped-def]
    # 20000 + 1500 = 21500 would sit above point 2 (21000, not below the threshold).
    with pytest.raises(EngineError, match="point 1"):
        _end(make_scheme, "{amount: 1500, below: 21000}", band="3", point=1)


def test_an_uplift_needs_exactly_one_of_percent_or_amount(make_scheme) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FileProblems, match="exactly one of 'percent' or 'amount'"):
        _end(make_scheme, "{percent: 2, amount: 250}", band="3", point=1)


def test_at_or_above_leaves_lower_points_alone(make_scheme) -> None:  # type: ignore[no-untyped-def]
    body = "{percent: 10, at_or_above: 21000}"
    assert _end(make_scheme, body, band="3", point=1).salary == D("20000")
    assert _end(make_scheme, body, band="3", point=2).salary == D("23100")  # 21000 x 1.10


def test_round_to_the_pound_rounds_each_point_half_up(make_scheme) -> None:  # type: ignore[no-untyped-def]
    # 21000 x 1.0275 = 21577.50: to the penny 21577.50, to the pound 21578.
    assert _end(make_scheme, "{percent: 2.75}", band="3", point=2).salary == D("21577.50")
    end = _end(make_scheme, "{percent: 2.75, round: pound}", band="3", point=2)
    assert end.salary == D("21578")
