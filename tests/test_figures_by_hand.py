"""Every figure of one person's result, worked by hand: the JSON shape `compare` and `apply`
print, the notes, reading on another date, the salary changes and the cash in a window.

Scales of conftest.py: crc (illustrative) band 3: 20000 21000 22000 23000; ref (published)
band 3: 20500 21500 23500 24000.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from paycalc.engine import EngineError, run
from paycalc.files.registry import Registry
from paycalc.model import Period, PersonSpec
from paycalc.parity import SAME_POINT, default_window, figures, parity_rule

# An increment on the first day, a one-off inside the period and one paid after it ends.
BODY = (
    "steps:\n  - {on: 2020-04-01, increment: {}}\n"
    "  - {on: 2020-06-01, lump_sum: {amount: 100}}\n"
    "  - {on: 2020-09-01, lump_sum: {amount: 50}, paid_on: 2021-05-01}\n"
)


def test_every_figure_of_a_half_time_person_worked_by_hand(make_scheme) -> None:
    registry, path = make_scheme(BODY)
    scheme = registry.scheme(path)
    res = run(scheme, PersonSpec(band="3", point=1, fte="0.5"), registry)
    # before 20000 x 0.5 = 10000; after point 2, 21000 x 0.5 = 10500: +500, 5.00 %.
    # One-offs in the period (2020-04-01 to 2021-03-31): 100 x 0.5 = 50 (the 50 paid on
    # 2021-05-01 is after it); total (500 + 50) / 10000 = 5.50 %.
    # Reference (transfer): the lowest ref band 3 point at or above 21000 is 21500, x 0.5 =
    # 10750; gap 10500 - 10750 = -250, -250 / 10750 = -2.3256 %.
    # Cash from 2020-04-01 to 2021-06-25: 10500 for 275 days of 2020 (366) and 176 of 2021
    # (365): 10500 x 1.2335579010 = 12952.357..., so 12952.36; plus one-offs dated in the
    # window, 50 and 25 (the late one): 13027.36. With no award: 10000 x 1.2335579010 =
    # 12335.58. Gain 691.78.
    assert figures(res, registry).to_dict() == {
        "scheme": scheme.id,
        "status": "offer",
        "band": "3",
        "point": 1,
        "end_point": 2,
        "protected": False,
        "fte": "0.5",
        "before": "10000.00",
        "after": "10500.00",
        "consolidated_increase": "500.00",
        "consolidated_increase_pct": "5.00",
        "unconsolidated": "50.00",
        "total_increase_pct": "5.50",
        "reference": "ref",
        "reference_band": "3",
        "reference_salary": "10750.00",
        "parity_rule": "transfer",
        "parity_gap": "-250.00",
        "parity_gap_pct": "-2.33",
        "cash_in_period": "13027.36",
        "cash_baseline": "12335.58",
        "cash_gain": "691.78",
        "window": ["2020-04-01", "2021-06-25"],
        "illustrative": True,
        "illustrative_scales": ["crc"],
        "notes": ["illustrative scale values: crc", "scheme status: offer"],
        # crc is an illustrative scale with no known values, ref a published one
        "illustrative_value": True,
        "before_basis": "illustrative",
        "after_basis": "illustrative",
        "reference_basis": "published",
    }


def test_full_time_is_written_as_1_and_other_ftes_without_trailing_zeros(make_scheme) -> None:
    registry, path = make_scheme(BODY)
    scheme = registry.scheme(path)
    full = figures(run(scheme, PersonSpec(band="3", point=1, fte="1.000"), registry), registry)
    part = figures(run(scheme, PersonSpec(band="3", point=1, fte="0.800"), registry), registry)
    assert (full.to_dict()["fte"], part.to_dict()["fte"]) == ("1", "0.8")


def test_figures_read_on_another_date_stop_there(make_scheme) -> None:
    registry, path = make_scheme(BODY)
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    # on 15 May 2020 the increment has happened (21000) and no one-off yet (the first is 1 June)
    f = figures(res, registry, as_of=date(2020, 5, 15))
    assert (f.after, f.unconsolidated, f.end_point) == (D("21000"), D("0.00"), 2)
    # on 1 June the 100 is in
    f = figures(res, registry, as_of=date(2020, 6, 1))
    assert f.unconsolidated == D("100.00")
    # the day before the period: nothing has happened yet, and no one-off counts
    f = figures(res, registry, as_of=date(2020, 3, 31))
    assert (f.after, f.unconsolidated, f.end_point) == (D("20000"), D("0.00"), 1)


def test_the_notes_say_protected_reference_top_and_status(make_scheme) -> None:
    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, lump_sum: {amount: 1}}\n")
    scheme = registry.scheme(path)
    # 24500 is above crc band 3's top (protected) and above ref band 3's top, 24000
    f = figures(run(scheme, PersonSpec(band="3", salary="24500"), registry), registry)
    assert f.notes == (
        "protected salary above the band top: no increments",
        "salary above the top of band 3 on ref: compared with its top",
        "illustrative scale values: crc",
        "scheme status: offer",
    )
    assert (f.reference_salary, f.parity_gap, f.parity_gap_pct) == (D("24000"), D("500"), D("2.08"))


@pytest.mark.parametrize(
    ("status", "noted"),
    [
        ("claim", True),
        ("pending", True),
        ("rejected", True),
        ("offer", True),
        ("accepted", False),
        ("imposed", False),
    ],
)
def test_a_status_that_is_not_pay_anyone_received_is_noted(
    make_scheme, status: str, noted: bool
) -> None:
    registry, path = make_scheme(BODY)
    file = Path(path)
    file.write_text(file.read_text().replace("status: offer", f"status: {status}"))
    scheme = registry.scheme(path)
    f = figures(run(scheme, PersonSpec(band="3", point=1), registry), registry)
    assert (f"scheme status: {status}" in f.notes) is noted
    assert f.status == status


def test_same_point_beyond_the_reference_band_is_compared_with_its_top_and_noted(
    make_scheme,
) -> None:
    # crc band 4 has 3 points as has ref band 4, so map crc band 3 (4 points) onto ref band 4:
    # point 4 (top) has no point 4 on ref band 4, so its top 30000: gap 23000 - 30000 = -7000
    registry, path = make_scheme(
        "band_map: {'3': '4'}\nsteps:\n  - {on: 2020-04-01, lump_sum: {amount: 1}}\n"
    )
    res = run(registry.scheme(path), PersonSpec(band="3", point="top"), registry)
    f = figures(res, registry, parity="same-point")
    assert (f.reference_band, f.reference_salary, f.parity_gap) == ("4", D("30000"), D("-7000"))
    assert "reference: band 4 of ref has 3 points; compared with its top" in f.notes
    assert f.parity_rule == "same-point"


ONE_BAND = """\
kind: scale
id: oneband
title: A reference with band 3 only
employer: Test NPS
effective: 2019-04-01
status: published
sources: [{id: s, title: Test source, url: "https://example.org/ref"}]
bands:
  - {name: "3", points: [20500, 21500]}
  - {name: "5", points: [29000, 31000]}
"""


def test_a_reference_without_the_persons_band_is_an_engine_error(make_scheme, tmp_path) -> None:
    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, lump_sum: {amount: 1}}\n")
    (tmp_path / "scales" / "oneband.yaml").write_text(ONE_BAND)
    res = run(registry.scheme(path), PersonSpec(band="4", point=1), registry)
    with pytest.raises(
        EngineError,
        match=r"reference scale oneband has no band '4' \(its bands are 3, 5\); add a band_map to "
        r"scheme s0",
    ):
        figures(res, Registry([tmp_path]), against="oneband")


def test_a_parity_rule_is_found_by_name_and_an_unknown_name_is_refused() -> None:
    assert parity_rule(None).name == "transfer"
    assert parity_rule("same-point").name == "same-point"
    assert parity_rule(parity_rule("same-point")).name == "same-point"
    with pytest.raises(Exception, match="unknown parity rule 'nps': give transfer or same-point"):
        parity_rule("nps")


def test_salary_changes_merge_steps_of_one_day_and_skip_steps_that_change_nothing(
    make_scheme,
) -> None:
    # 1 April: uplift 1.5 % (20000 -> 20300), then increment to point 2 uplifted, 21000 x 1.015
    # = 21315: one change that day. 1 May: a one-off, no change. 1 Oct: point 3, 22000 x 1.015 =
    # 22330.
    registry, path = make_scheme(
        "steps:\n  - {on: 2020-04-01, uplift: {percent: 1.5}}\n"
        "  - {on: 2020-04-01, increment: {}}\n"
        "  - {on: 2020-05-01, lump_sum: {amount: 10}}\n"
        "  - {on: 2020-10-01, increment: {}}\n"
    )
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    assert res.salary_changes() == [
        (date(2020, 4, 1), D("21315.00")),
        (date(2020, 10, 1), D("22330.00")),
    ]
    # state_at reads the end of a day: on 30 September still 21315, on 1 October 22330
    assert res.state_at(date(2020, 9, 30)).salary == D("21315.00")
    assert res.state_at(date(2020, 10, 1)).salary == D("22330.00")
    assert res.state_at(date(2020, 3, 31)).salary == D("20000")


def test_payments_are_those_dated_inside_the_dates_asked(make_scheme) -> None:
    registry, path = make_scheme(BODY)
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    # default: the period, 2020-04-01 to 2021-03-31: only the 100 of 1 June
    assert [p.amount for p in res.payments()] == [D("100.00")]
    # both ends count
    assert [p.amount for p in res.payments(date(2020, 6, 1), date(2021, 5, 1))] == [
        D("100.00"),
        D("50.00"),
    ]
    assert res.payments(date(2020, 6, 2), date(2021, 4, 30)) == []


def test_cash_in_a_window_across_a_salary_change_and_a_year_end(make_scheme) -> None:
    # increment on 2020-12-01 (20000 -> 21000); window 2020-11-01 to 2021-01-31:
    # 20000 x 30/366 + 21000 x 31/366 + 21000 x 31/365
    # = 1639.344... + 1778.688... + 1783.561... = 5201.59; with no award
    # 20000 x (61/366 + 31/365) = 3333.333... + 1698.630... = 5031.96
    # (the one-off of 1 June is before the window, so not in it)
    registry, path = make_scheme(
        "steps:\n  - {on: 2020-12-01, increment: {}}\n"
        "  - {on: 2020-06-01, lump_sum: {amount: 70}}\n"
    )
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    f = figures(res, registry, window=(date(2020, 11, 1), date(2021, 1, 31)))
    assert (f.cash_in_period, f.cash_baseline, f.cash_gain) == (
        D("5201.59"),
        D("5031.96"),
        D("169.63"),
    )
    assert f.window == (date(2020, 11, 1), date(2021, 1, 31))


def test_a_first_step_that_changes_no_salary_is_no_salary_change(make_scheme) -> None:
    registry, path = make_scheme(
        "steps:\n  - {on: 2020-04-01, lump_sum: {amount: 10}}\n"
        "  - {on: 2020-07-01, increment: {}}\n"
    )
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    assert res.salary_changes() == [(date(2020, 7, 1), D("21000"))]


def test_with_no_one_off_the_json_says_0_00(make_scheme) -> None:
    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, increment: {}}\n")
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    d = figures(res, registry).to_dict()
    assert (d["unconsolidated"], d["total_increase_pct"]) == ("0.00", "5.00")


@pytest.mark.parametrize(
    ("start", "end", "window_end"),
    [
        # starting on the window's last day is not after it: the window is unchanged
        ("2021-06-25", "2022-03-31", "2021-06-25"),
        # starting the day after, the window runs on to the scheme's end
        ("2021-06-26", "2022-03-31", "2022-03-31"),
    ],
)
def test_the_default_window_runs_on_only_for_a_scheme_starting_after_it(
    make_scheme, start: str, end: str, window_end: str
) -> None:
    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, increment: {}}\n")
    scheme = registry.scheme(path)
    later = replace(
        scheme, period=Period(start=date.fromisoformat(start), end=date.fromisoformat(end))
    )
    assert default_window([scheme, later]) == (date(2020, 4, 1), date.fromisoformat(window_end))


def test_a_parity_rule_is_written_as_its_name_and_meaning() -> None:
    assert SAME_POINT.to_dict() == {
        "name": "same-point",
        "meaning": "the NPS salary the same number of points from the bottom of the matched "
        "band, capped at its top (a same-service reading)",
    }


MID = """\
kind: scale
id: mid
title: A second illustrative scale the scheme moves through
employer: Test CRC
effective: 2019-04-01
status: illustrative
bands:
  - {name: "3", points: [20000, 21000, 22000, 23000]}
  - {name: "4", points: [26000, 27000, 28000]}
  - {name: "5", points: [27500, 29000, 30500]}
"""


def test_every_illustrative_scale_a_scheme_uses_is_named(make_scheme, tmp_path: Path) -> None:
    (tmp_path / "scales" / "mid.yaml").write_text(MID)
    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, assimilate: {to: mid}}\n")
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    f = figures(res, registry)
    assert f.illustrative_scales == ("crc", "mid")
    assert "illustrative scale values: crc, mid" in f.notes


def test_against_a_scale_the_scheme_moves_onto_later_uses_that_moves_band_map(
    make_scheme, tmp_path: Path
) -> None:
    # The scheme moves crc band 3 onto mid band 4 on 1 October. Read on 1 June (still on crc
    # band 3, point 1, 20000) against mid: the band is matched through that move, mid band 4,
    # whose lowest point at or above 20000 is 26000: gap -6000.
    (tmp_path / "scales" / "mid.yaml").write_text(MID)
    registry, path = make_scheme(
        "steps:\n  - {on: 2020-10-01, assimilate: {to: mid, band_map: {'3': '4'}}}\n"
    )
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    f = figures(res, registry, against="mid", as_of=date(2020, 6, 1))
    assert (f.reference_band, f.reference_salary, f.parity_gap) == ("4", D("26000"), D("-6000"))


@pytest.mark.parametrize(
    ("person", "reference", "notes"),
    [
        # on point 2: ref point 2, 21500, nothing to note beyond the scale and status
        ({"point": 2}, "21500", ()),
        # at the top, point 4 of crc's 4 and of ref's 4: ref point 4, 24000, nothing to note
        ({"point": "top"}, "24000", ()),
        # protected 24500: the ref top, 24000
        (
            {"salary": "24500"},
            "24000",
            ("protected salary above the band top: no increments",),
        ),
    ],
)
def test_same_point_notes_only_what_needs_saying(
    make_scheme, person: dict[str, object], reference: str, notes: tuple[str, ...]
) -> None:
    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, lump_sum: {amount: 1}}\n")
    res = run(registry.scheme(path), PersonSpec(band="3", **person), registry)  # type: ignore[arg-type]
    f = figures(res, registry, parity="same-point")
    assert f.reference_salary == D(reference)
    assert f.notes == (*notes, "illustrative scale values: crc", "scheme status: offer")


def test_a_step_that_would_cut_pay_is_refused_naming_the_step(
    make_scheme, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No real rule cuts pay; a rule broken to take a penny off must be stopped, not applied
    from dataclasses import replace

    from paycalc.steps import Change, Increment

    def cut(self, state, ctx):  # type: ignore[no-untyped-def]
        return Change(replace(state, salary=state.salary - D("0.01")), "cut")

    monkeypatch.setattr(Increment, "apply", cut)
    registry, path = make_scheme(
        "steps:\n  - {on: 2020-04-01, lump_sum: {amount: 1}}\n  - {on: 2020-05-01, increment: {}}\n"
    )
    with pytest.raises(
        EngineError,
        match=r"s0 step 2 \(increment\) would lower consolidated pay from 20000(\.00)? to "
        r"19999.99; a pay rule never cuts pay",
    ):
        run(registry.scheme(path), PersonSpec(band="3", point=1), registry)


def test_each_event_records_the_step_its_place_and_the_states_either_side(make_scheme) -> None:
    registry, path = make_scheme(
        "steps:\n  - {on: 2020-05-01, increment: {}}\n"
        "  - {on: 2020-04-01, lump_sum: {amount: 5}, eligible: top_of_band}\n"
    )
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    # date order: the lump sum (file position 1) first, not eligible; then the increment
    first, second = res.events
    assert (first.index, first.eligible, first.before.salary, first.after.salary) == (
        1,
        False,
        D("20000"),
        D("20000"),
    )
    assert (second.index, second.eligible, second.before.salary, second.after.salary) == (
        0,
        True,
        D("20000"),
        D("21000"),
    )
    assert res.start.salary == D("20000") and res.end.salary == D("21000")


def test_when_every_scheme_starts_after_the_default_window_it_is_theirs(make_scheme) -> None:
    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, increment: {}}\n")
    scheme = registry.scheme(path)
    late = [
        replace(scheme, period=Period(start=date(2021, 6, 26), end=date(2022, 3, 31))),
        replace(scheme, period=Period(start=date(2021, 9, 1), end=date(2022, 8, 31))),
    ]
    # from the earliest start to the latest end
    assert default_window(late) == (date(2021, 6, 26), date(2022, 8, 31))


def test_each_figure_says_what_it_rests_on(make_scheme, tmp_path: Path) -> None:
    # before: crc point 1, an illustrative scale; after: moved onto ref (published) point 1
    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, assimilate: {to: ref}}\n")
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    d = figures(res, registry).to_dict()
    assert (d["before_basis"], d["after_basis"], d["reference_basis"]) == (
        "illustrative",
        "published",
        "published",
    )
    # a protected salary at the end is not a point of any scale
    res = run(registry.scheme(path), PersonSpec(band="3", salary="24500"), registry)
    assert figures(res, registry).to_dict()["after_basis"] == "not a point"


def test_comparing_against_an_illustrative_scale_names_it(make_scheme, tmp_path: Path) -> None:
    (tmp_path / "scales" / "mid.yaml").write_text(MID)
    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, increment: {}}\n")
    res = run(registry.scheme(path), PersonSpec(band="3", point=1), registry)
    assert figures(res, registry, against="mid").illustrative_scales == ("crc", "mid")
    assert figures(res, registry).illustrative_scales == ("crc",)


def test_a_protection_with_an_end_date_is_noted_with_it(make_scheme) -> None:
    # 24500 onto ref band 3 (top 24000), protected for 3 years from 1 April 2020
    registry, path = make_scheme(
        "steps:\n  - {on: 2020-04-01, assimilate: {to: ref, protect_for_years: 3}}\n"
    )
    res = run(registry.scheme(path), PersonSpec(band="3", salary="24500"), registry)
    assert figures(res, registry).notes[0] == (
        "protected salary above the band top: no increments (protected until 2023-03-31)"
    )
