"""Moving onto another scale: `same_point`, `same_point_from_top`, `nearest`, `band_map`, a
protected salary against a longer reference band, and protection for a number of years.

The scales are those of conftest.py (crc band 3: 20000 21000 22000 23000; band 4: 26000 27000
28000; band 5: 27500 29000 30500; ref band 3: 20500 21500 23500 24000; band 4: 26500 28500 30000;
band 5: 29000 31000 33000). Every expected figure is worked by hand in the comment above it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from rule_helpers import result, step

from paycalc.engine import run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec
from paycalc.parity import figures
from paycalc.steps.assimilate import protection_end

# --- assimilation: same_point and band_map --------------------------------------------------


@pytest.mark.parametrize(
    ("point", "expected_point", "expected"),
    [
        (1, 1, "20500"),  # crc 20000 -> ref point 1, 20500
        (2, 2, "21500"),  # crc 21000 -> ref point 2, 21500
        (4, 4, "24000"),  # crc 23000 -> ref point 4, 24000
    ],
)
def test_same_point_assimilation_keeps_the_point_number(
    make_scheme, point: int, expected_point: int, expected: str
) -> None:
    body = step("{on: 2020-04-01, assimilate: {to: ref, method: same_point}}")
    res, _ = result(make_scheme, body, band="3", point=point)
    assert (res.end.scale_id, res.end.point, res.end.salary) == ("ref", expected_point, D(expected))


def test_same_point_assimilation_that_would_cut_pay_takes_the_next_point_up(make_scheme) -> None:
    # crc band 4 point 3 is 28000; ref band 4 point 3 is 30000: fine. Salary 28600 sits on crc
    # point 3 (28000 <= 28600); ref point 3 is 30000 >= 28600, kept. Salary 26900 is crc point
    # 1; ref point 1 (26500) is below it, so the next point at or above: 28500 (point 2)
    body = step("{on: 2020-04-01, assimilate: {to: ref, method: same_point}}")
    res, _ = result(make_scheme, body, band="4", salary="26900")
    assert (res.end.point, res.end.salary) == (2, D("28500"))


def test_nearest_assimilation_prefers_the_higher_point_on_a_tie(make_scheme) -> None:
    # 22500 is 1000 from 21500 and 1000 from 23500: the higher wins, and it pays more anyway
    body = step("{on: 2020-04-01, assimilate: {to: ref, method: nearest}}")
    res, _ = result(make_scheme, body, band="3", salary="22500")
    assert (res.end.point, res.end.salary) == (3, D("23500"))


def test_nearest_assimilation_below_the_salary_takes_the_next_point_up(make_scheme) -> None:
    # 21600: nearest ref point is 21500 (100 away), which would cut pay: 23500 instead
    body = step("{on: 2020-04-01, assimilate: {to: ref, method: nearest}}")
    res, _ = result(make_scheme, body, band="3", salary="21600")
    assert (res.end.point, res.end.salary) == (3, D("23500"))


SHORT = """\
kind: scale
id: short
title: A scale whose band 3 has two points
employer: Test NPS
effective: 2019-04-01
status: illustrative
bands:
  - {name: "3", points: [20500, 21500]}
"""
ONLY_BAND_3 = "band_map: {'4': '3', '5': '3'}"


@pytest.mark.parametrize(
    ("to", "point", "expected_point", "expected", "protected"),
    [
        # onto a longer band (6 points): tops aligned, so crc point 2 (two below the top of 4)
        # goes to point 4 (two below the top of 6), 24000; point 1 to point 3, 23500; the top
        # to the top, 26000
        ("longref", 2, 4, "24000", False),
        ("longref", 1, 3, "23500", False),
        ("longref", 4, 6, "26000", False),
        # onto a shorter band (2 points): crc point 1 is three below the top, below the new
        # bottom: the bottom, 20500. Point 2 would also be the bottom, 20500, below its 21000:
        # the next point up instead, 21500. Point 3 (22000) is above the whole band: protected
        ("short", 1, 1, "20500", False),
        ("short", 2, 2, "21500", False),
        ("short", 3, 2, "22000", True),
    ],
)
def test_same_point_from_top_counts_points_down_from_the_top(
    make_scheme,
    tmp_path: Path,
    to: str,
    point: int,
    expected_point: int,
    expected: str,
    protected: bool,
) -> None:
    (tmp_path / "scales" / "longref.yaml").write_text(LONG_REF)
    (tmp_path / "scales" / "short.yaml").write_text(SHORT)
    body = step(
        f"{{on: 2020-04-01, assimilate: {{to: {to}, method: same_point_from_top, {ONLY_BAND_3}}}}}"
    )
    res, _ = result(make_scheme, body, band="3", point=point)
    assert (res.end.point, res.end.salary, res.end.protected) == (
        expected_point,
        D(expected),
        protected,
    )


def test_band_map_assimilates_onto_the_mapped_band(make_scheme) -> None:
    # crc band 3 point 2 (21000) onto ref band 4: the lowest ref band 4 point >= 21000 is 26500
    body = step("{on: 2020-04-01, assimilate: {to: ref, band_map: {'3': '4'}}}")
    res, registry = result(make_scheme, body, band="3", point=2)
    assert (res.end.band, res.end.point, res.end.salary) == ("4", 1, D("26500"))
    assert res.events[0].summary == "onto ref band 4 point 1 (next point at or above)"
    # the parity reference is read through the same map: ref band 4, at or above 26500
    f = figures(res, registry)
    assert (f.reference_band, f.reference_salary, f.parity_gap) == ("4", D("26500"), D("0"))


def test_a_band_missing_from_the_map_keeps_its_name(make_scheme) -> None:
    body = step("{on: 2020-04-01, assimilate: {to: ref, band_map: {'3': '4'}}}")
    res, _ = result(make_scheme, body, band="5", point=1)
    # crc band 5 point 1 (27500) onto ref band 5: the lowest point >= 27500 is 29000
    assert (res.end.band, res.end.salary) == ("5", D("29000"))


def test_assimilation_exactly_at_the_new_band_top_is_not_protected(make_scheme) -> None:
    # salary 24000 in crc band 3 is protected (above 23000); ref band 3 top is 24000: on it
    body = step("{on: 2020-04-01, assimilate: {to: ref}}")
    res, _ = result(make_scheme, body, band="3", salary="24000")
    assert res.start.protected
    assert (res.end.point, res.end.salary, res.end.protected) == (4, D("24000"), False)


def test_the_schemes_own_band_map_places_the_reference_without_assimilation(make_scheme) -> None:
    # no assimilation: band 3 is read as ref band 4 (26500 28500 30000). crc band 3 point 2
    # (21000) under transfer: the lowest ref band 4 point at or above 21000 is 26500, gap -5500;
    # under same-point: ref band 4 point 2, 28500, gap -7500
    body = "band_map: {'3': '4'}\n" + step("{on: 2020-04-01, lump_sum: {amount: 1}}")
    res, registry = result(make_scheme, body, band="3", point=2)
    f = figures(res, registry)
    assert (f.reference_band, f.reference_salary, f.parity_gap) == ("4", D("26500"), D("-5500"))
    f = figures(res, registry, parity="same-point")
    assert (f.reference_band, f.reference_salary, f.parity_gap) == ("4", D("28500"), D("-7500"))


# --- a protected salary against a longer reference band -------------------------------------

LONG_REF = """\
kind: scale
id: longref
title: A reference scale whose band 3 is longer
employer: Test NPS
effective: 2019-04-01
status: illustrative
bands:
  - {name: "3", points: [20500, 21500, 23500, 24000, 25000, 26000]}
"""


@pytest.mark.parametrize(
    ("parity", "person", "protected", "reference", "gap"),
    [
        # crc band 3 has 4 points, the reference band 3 has 6. 23500 is protected above crc's
        # top (23000). Same point: a protected salary is compared with the reference top, 26000,
        # not point 4 (24000, the number of crc's top): gap 23500 - 26000 = -2500.
        ("same-point", {"salary": "23500"}, True, "26000", "-2500"),
        # the top point itself is not protected: same point number 4, 24000, gap -1000
        ("same-point", {"point": "top"}, False, "24000", "-1000"),
        # transfer: the lowest reference point at or above the salary, 23500 itself: gap 0
        ("transfer", {"salary": "23500"}, True, "23500", "0"),
        # transfer from the top, 23000: the lowest point at or above it is 23500: gap -500
        ("transfer", {"point": "top"}, False, "23500", "-500"),
        # above the whole reference band (26000.01 > 26000): compared with its top
        ("transfer", {"salary": "26000.01"}, True, "26000", "0.01"),
    ],
)
def test_a_protected_salary_against_a_longer_reference_band(
    make_scheme,
    tmp_path: Path,
    parity: str,
    person: dict[str, str],
    protected: bool,
    reference: str,
    gap: str,
) -> None:
    (tmp_path / "scales" / "longref.yaml").write_text(LONG_REF)
    registry, path = make_scheme(step("{on: 2020-04-01, increment: {}}"))
    res = run(registry.scheme(path), PersonSpec(band="3", **person), registry)
    f = figures(res, Registry([tmp_path]), against="longref", parity=parity)
    assert (f.protected, f.reference_salary, f.parity_gap) == (protected, D(reference), D(gap))


# --- protection for a number of years -------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "last_day"),
    [
        # HMPPS: protected for 3 years from the transfer of 26 June 2021: to 25 June 2024
        ("2021-06-26", 3, "2024-06-25"),
        # from 29 February 2020, one year on is 1 March 2021 (no 29 February): to 28 February
        ("2020-02-29", 1, "2021-02-28"),
        # four years on, 2024 has a 29 February: to 28 February 2024
        ("2020-02-29", 4, "2024-02-28"),
        # a century is a leap year only when divisible by 400: 2000 is, 2100 is not
        ("1996-02-29", 4, "2000-02-28"),
        ("2096-02-29", 4, "2100-02-28"),
        # any other 29th, or any other February day, is the same date a year on
        ("2020-03-29", 1, "2021-03-28"),
        ("2020-02-10", 1, "2021-02-09"),
    ],
)
def test_a_protection_ends_the_day_before_its_anniversary(
    start: str, years: int, last_day: str
) -> None:
    assert protection_end(date.fromisoformat(start), years) == date.fromisoformat(last_day)


def test_a_protected_assimilation_records_and_says_when_protection_ends(make_scheme) -> None:
    # 24500 onto ref band 3 (top 24000): kept, 500 above the top, protected for 3 years from
    # 1 April 2020, so to 31 March 2023
    body = step("{on: 2020-04-01, assimilate: {to: ref, protect_for_years: 3}}")
    res, _ = result(make_scheme, body, band="3", salary="24500")
    assert (res.end.salary, res.end.protected, res.end.protected_until) == (
        D("24500"),
        True,
        date(2023, 3, 31),
    )
    assert res.events[0].summary == (
        "onto ref band 3 £500.00 above the band top, protected until 2023-03-31 "
        "(next point at or above)"
    )
    # a salary that fits the new band is not protected and has no end date
    res, _ = result(make_scheme, body, band="3", point=1)
    assert (res.end.protected, res.end.protected_until) == (False, None)
    # without a number of years, protection has no end date
    body = step("{on: 2020-04-01, assimilate: {to: ref}}")
    res, _ = result(make_scheme, body, band="3", salary="24500")
    assert (res.end.protected_until, res.events[0].summary) == (
        None,
        "onto ref band 3 protected above the band top (next point at or above)",
    )


def test_a_later_move_keeps_a_dated_protection_while_the_salary_stays_above_the_top(
    make_scheme,
) -> None:
    # 24500 onto ref band 3 (top 24000): protected to 31 March 2023 (3 years from 1 April
    # 2020). On 1 January 2021 back onto crc band 3 (top 23000), with no years of its own: still
    # 1500 above the top, so the protection keeps its end.
    body = (
        "steps:\n"
        "  - {on: 2020-04-01, assimilate: {to: ref, protect_for_years: 3}}\n"
        "  - {on: 2021-01-01, assimilate: {to: crc}}\n"
    )
    res, _ = result(make_scheme, body, band="3", salary="24500")
    assert (res.end.scale_id, res.end.salary, res.end.protected_until) == (
        "crc",
        D("24500"),
        date(2023, 3, 31),
    )
    assert res.events[1].summary == (
        "onto crc band 3 £1,500.00 above the band top, protected until 2023-03-31 "
        "(next point at or above)"
    )
    # 23500 onto crc band 3 (top 23000): protected to 31 March 2023; then onto ref band 3
    # (20500 21500 23500 24000), which has a point worth it: point 3, 23500, the protection and
    # its end gone.
    body = (
        "steps:\n"
        "  - {on: 2020-04-01, assimilate: {to: crc, protect_for_years: 3}}\n"
        "  - {on: 2021-01-01, assimilate: {to: ref}}\n"
    )
    res, _ = result(make_scheme, body, band="3", salary="23500")
    assert res.events[0].after.protected_until == date(2023, 3, 31)
    assert (res.end.point, res.end.salary, res.end.protected, res.end.protected_until) == (
        3,
        D("23500"),
        False,
        None,
    )
