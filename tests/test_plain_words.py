"""What `show` and `explain` say about each step and each state, word for word: a union rep
reads these sentences against the offer letter, so a wrong word is a wrong offer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

import paycalc.steps
from paycalc.engine import run
from paycalc.errors import PersonError
from paycalc.model import PersonSpec
from paycalc.state import State, assimilate
from paycalc.steps import STEP_KINDS, Step, StepBase, step_kind

STEP = TypeAdapter(Step)


def make(body: dict[str, Any]) -> StepBase:
    step: StepBase = STEP.validate_python({"on": date(2020, 4, 1), **body})
    return step


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"increment": {}}, "move up 1 point (not past the band top)"),
        ({"increment": {"points": 2}}, "move up 2 points (not past the band top)"),
        ({"floor": {"salary": 21500}}, "minimum salary £21,500.00 (consolidated)"),
        (
            {"uplift": {"percent": "2.5"}},
            "consolidated rise of 2.5 % on salaries and scale points",
        ),
        (
            {"uplift": {"amount": 250, "below": 24000}},
            "consolidated rise of £250.00 on salaries and scale points below £24,000.00",
        ),
        (
            {"uplift": {"percent": "1.75", "at_or_above": 21000, "round": "pound"}},
            "consolidated rise of 1.75 % on salaries and scale points at or above £21,000.00, "
            "each rounded to the pound",
        ),
        (
            {"uplift": {"amount": 250, "below": 24000, "at_or_above": 20000}},
            "consolidated rise of £250.00 on salaries and scale points below £24,000.00 at or "
            "above £20,000.00",
        ),
        ({"lump_sum": {"amount": 400}}, "one-off (unconsolidated) payment of £400.00"),
        (
            {
                "lump_sum": {
                    "percent": 2,
                    "pro_rata": {"from": "2020-10-01", "to": "2021-03-31"},
                }
            },
            "one-off (unconsolidated) payment of 2 % of salary × 6/12 "
            "(months 2020-10-01 to 2021-03-31)",
        ),
        (
            {"minimum_increase": {"percent": 3}},
            "at least 3 % rise over the period; any shortfall made up by a one-off payment",
        ),
        (
            {
                "minimum_increase": {
                    "percent": 3,
                    "as": "consolidated",
                    "measured_from": "2020-04-01",
                }
            },
            "at least 3 % rise since 2020-04-01; any shortfall made up by a higher salary point",
        ),
        (
            {"remove_overlap": {"lower": 4, "upper": 5}},
            "remove the overlap of bands 4 and 5: band 5 points at or below the band 4 top are "
            "deleted, staff on them move up",
        ),
        (
            {"assimilate": {"to": "ref"}},
            "move onto scale ref (next point at or above; nobody loses pay)",
        ),
        (
            {"assimilate": {"to": "ref", "method": "same_point", "band_map": {"3": "4"}}},
            "move onto scale ref (same point; nobody loses pay, bands mapped {'3': '4'})",
        ),
    ],
)
def test_each_step_kind_says_what_it_does(body: dict[str, Any], words: str) -> None:
    assert make(body).describe() == words


def test_a_protection_for_years_is_described_with_its_last_day() -> None:
    step = STEP.validate_python(
        {"on": date(2021, 6, 26), "assimilate": {"to": "ref", "protect_for_years": 3}}
    )
    # 26 June 2021 + 3 years is 26 June 2024; the last protected day is the day before
    assert step.describe() == (
        "move onto scale ref (next point at or above; nobody loses pay; pay above the band "
        "maximum protected for 3 years, to 25 June 2024)"
    )


@pytest.mark.parametrize(
    ("eligible", "eligible_on", "words"),
    [
        ("all", None, ""),
        ("all", "2020-03-31", ""),
        ("top_of_band", None, " for staff at the top of their band"),
        ("top_of_band", "2020-03-31", " for staff at the top of their band on 31 March 2020"),
        ("not_top_of_band", None, " for staff not at the top of their band"),
        (["3"], None, " for band 3"),
        (["3", "4"], "2020-03-31", " for bands 3, 4 on 31 March 2020"),
    ],
)
def test_who_a_step_is_for_is_said_after_what_it_does(
    eligible: Any, eligible_on: str | None, words: str
) -> None:
    body: dict[str, Any] = {"lump_sum": {"amount": 400}, "eligible": eligible}
    if eligible_on:
        body["eligible_on"] = eligible_on
    assert make(body).describe() == "one-off (unconsolidated) payment of £400.00" + words


def test_a_steps_arguments_are_its_kinds_mapping() -> None:
    step = make({"increment": {"points": 2}})
    assert step.args() is step.increment  # type: ignore[attr-defined]
    assert step_kind(step) == "increment"
    assert step_kind({"on": "2020-04-01", "floor": {"salary": 1}}) == "floor"
    assert step_kind({"floor": {}, "uplift": {}}) is None
    assert step_kind(["increment"]) is None


def test_every_module_of_the_steps_package_registers_its_one_kind() -> None:
    kinds = STEP_KINDS
    folder = Path(paycalc.steps.__file__).parent
    modules = sorted(p.stem for p in folder.glob("*.py") if p.stem not in ("__init__", "base"))
    assert (
        list(kinds)
        == modules
        == [
            "assimilate",
            "floor",
            "increment",
            "index_uplift",
            "lump_sum",
            "minimum_increase",
            "remove_overlap",
            "uplift",
        ]
    )
    assert all(cls.kind == kind and cls.__name__ != "StepBase" for kind, cls in kinds.items())


BANDS = {"3": (D("20000"), D("21000"), D("22000"), D("23000"))}


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (State("crc", BANDS, "3", 2, D("21000")), "crc band 3 point 2, £21,000.00"),
        (State("crc", BANDS, "3", 4, D("23000")), "crc band 3 point 4 (top), £23,000.00"),
        (
            State("crc", BANDS, "3", 4, D("23500"), protected=True),
            "crc band 3 protected, above the band top, £23,500.00",
        ),
        (
            State("crc", BANDS, "3", 4, D("23500"), True, date(2024, 6, 25)),
            "crc band 3 protected until 25 June 2024, above the band top, £23,500.00",
        ),
    ],
)
def test_a_state_is_described_by_scale_band_point_and_salary(state: State, words: str) -> None:
    assert state.describe() == words


def summaries(make_scheme, body: str, **person: Any) -> list[str]:  # type: ignore[no-untyped-def]
    registry, path = make_scheme(body)
    res = run(registry.scheme(path), PersonSpec(**person), registry)
    return [e.summary for e in res.events]


def test_explain_says_what_each_step_did_to_the_person(make_scheme) -> None:
    body = (
        "steps:\n  - {on: 2020-04-01, increment: {points: 2}}\n"
        "  - {on: 2020-04-01, uplift: {percent: 2}}\n"
        "  - {on: 2020-04-01, floor: {salary: 22000}}\n"
        "  - {on: 2020-04-01, lump_sum: {amount: 400}, eligible: top_of_band}\n"
        "  - {on: 2020-04-01, lump_sum: {percent: 1}}\n"
        "  - {on: 2020-04-01, minimum_increase: {percent: 15}}\n"
        "  - {on: 2020-04-01, minimum_increase: {percent: 20, as: consolidated}}\n"
        "  - {on: 2020-05-01, assimilate: {to: ref, method: nearest}}\n"
        "  - {on: 2020-06-01, increment: {}}\n"
    )
    # point 1 (20000) -> point 3 (22000); +2 % -> 22440; the floor 22000 is met; not at the top
    # (point 3 of 4): no 400; 1 % of 22440 = 224.40; 15 % of 20000 = 3000, the rise is 2440:
    # 560 one-off; 20 % is 4000, 24000 is above the uplifted top (23460): exactly 24000,
    # protected. Onto ref band 3 nearest: ref top 24000 equals it, so point 4, no longer
    # protected; then at the top, no increment.
    assert summaries(make_scheme, body, band="3", point=1) == [
        "point 1 → 3",
        "+2 %",
        "already at or above the minimum £22,000.00",
        "not eligible (for top of band)",
        "one-off £224.40 (1 % of salary)",
        "one-off £560.00 to reach 15 %",
        "raised to reach 20 % over £20,000.00",
        "onto ref band 3 point 4 (nearest)",
        "at the top of the band: no increment",
    ]


def test_explain_names_the_band_list_and_the_date_eligibility_was_read(make_scheme) -> None:
    body = (
        "steps:\n  - {on: 2020-04-01, lump_sum: {amount: 1}, eligible: [4, 5]}\n"
        "  - {on: 2020-04-01, lump_sum: {amount: 1}, eligible: not_top_of_band, "
        "eligible_on: 2020-03-31}\n"
        "  - {on: 2020-04-01, minimum_increase: {percent: 1}}\n"
        "  - {on: 2020-04-01, assimilate: {to: ref}}\n"
    )
    # the top of band 3 (23000): not in bands 4, 5; at the top on 31 March; no rise, so 1 % of
    # 23000 = 230 is the shortfall; onto ref band 3, 23500 is the lowest point at or above
    assert summaries(make_scheme, body, band="3", point="top") == [
        "not eligible (for bands 4, 5)",
        "not eligible (for not top of band on 2020-03-31)",
        "one-off £230.00 to reach 1 %",
        "onto ref band 3 point 3 (next point at or above)",
    ]


def test_assimilating_onto_a_band_the_scale_lacks_names_the_scale() -> None:
    with pytest.raises(PersonError, match=r"band '9' is not on scale ref \(its bands are 3\)"):
        assimilate(
            State("crc", BANDS, "3", 1, D("20000")), "ref", {"3": (D("20500"),)}, "9", "same_point"
        )
