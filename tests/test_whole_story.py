"""A CRC worker's whole story as one run: their CRC offer, the June 2021 transfer (placed on the
NPS 2020/21 values, then on their point's 2021/22 value), and the 2022-25 NPS award (nps-2022),
which runs on because the transfer leaves them on the NPS's scale it starts from. `list` shows
each employer's whole-story run. Figures worked by hand from the scale files named below."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.compare.offers import joined
from paycalc.engine import run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec

REGISTRY = Registry.bundled()
STORY = "dtv-2020+transfer-2021-dtv+nps-2022"
NPS = "National Probation Service (HMPPS)"


def _invoke(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli, list(args), env={"COLUMNS": "60"})


def _salaries_on(person: PersonSpec, days: list[date]) -> list[D]:
    parts = [REGISTRY.scheme(p) for p in STORY.split("+")]
    story = joined(parts, STORY, lambda scale: REGISTRY.scale(scale).employer)
    result = run(story, person, REGISTRY)
    return [result.state_at(day).salary for day in days]


YEAR_ENDS = [
    date(2021, 6, 25),  # the last day with DTV
    date(2022, 3, 31),  # the end of the transfer's year
    date(2023, 3, 31),
    date(2024, 3, 31),
    date(2025, 3, 31),  # the end of nps-2022
]


def test_a_dtv_band_3_persons_whole_story_worked_by_hand(runner: CliRunner) -> None:
    # DTV band 3 point 1 on 31 March 2020: 21500 (dtv-2019-20 band 3).
    # dtv-2020, 1 April 2020: onto nps-2019-20 band 3 [23186 24113 25078 26081 27124 28209]
    #   at the next point at or above 21500: 23186; 6 % of 21500 is 22790, below it: 23186.
    # transfer-2021-dtv, 26 June 2021: onto nps-2020-21 band 3 [24113 ...] at the next point at
    #   or above 23186: 24113 (point 1); its 2021/22 value (nps-2021-22) is the same, 24113 (the
    #   £250 was only for points below £24,000).
    # nps-2022, 1 April 2022: progression to point 2, 25078; x 1.032 = 25880.50 -> 25880 (to
    #   the pound); onto nps-2022-23 band 3 [25880 26916 27992 29112]: 25880 (point 1).
    #   1 April 2023: progression to 26916; x 1.032 = 27777.31 -> 27777; nps-2023-24 point 2.
    #   1 April 2024: onto nps-2024-25 band 3 [27413 28510 29650 30837 31650] at the next point
    #   at or above 27777: 28510 (point 2); progression to point 3, 29650.
    # Rise 29650 - 21500 = 8150; 8150 / 21500 = 37.907 % -> 37.91. The reference is the NPS
    # scale in force on 31 March 2025, nps-2024-25: next point at or above 29650 is 29650.
    # Cash 1 April 2020 - 31 March 2025 (days over days in each calendar year; 2020 and 2024
    # have 366):
    #   23186 x (275/366 + 176/365) = 23186 x 1.2335579 = 28601.2735 (to 25 June 2021)
    #   24113 x 279/365             = 24113 x 0.7643836 = 18431.5808 (to 31 March 2022)
    #   25880 x 365/365             =                     25880.0000
    #   27777 x (275/365 + 91/366)  = 27777 x 1.0020585 = 27834.1800
    #   29650 x (275/366 + 90/365)  = 29650 x 0.9979415 = 29588.9644
    #   total 130335.9987 -> 130336.00; no award: 21500 x 4.9979415 = 107455.7414 -> 107455.74;
    #   gain 22880.26.
    out = _invoke(runner, "compare", STORY, "--band", "3", "--point", "1", "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert (data["reference"], data["window"]) == ("nps-2024-25", ["2020-04-01", "2025-03-31"])
    (row,) = data["results"]
    assert row["run"] == ["dtv-2020", "transfer-2021-dtv", "nps-2022"]
    assert (row["before"], row["after"], row["end_point"]) == ("21500.00", "29650.00", 3)
    assert (row["consolidated_increase"], row["consolidated_increase_pct"]) == ("8150.00", "37.91")
    assert (row["reference_salary"], row["parity_gap"]) == ("29650.00", "0.00")
    assert (row["cash_in_period"], row["cash_baseline"]) == ("130336.00", "107455.74")
    assert row["cash_gain"] == "22880.26"
    # The run is DTV's offer to its staff, not the NPS's own award (the benchmark).
    (scheme,) = data["schemes"]
    assert (scheme["employer"], scheme["benchmark"]) == ("ARCC (Durham Tees Valley CRC)", False)
    person = PersonSpec(band="3", point=1)
    expected = [D("23186"), D("24113"), D("25880"), D("27777"), D("29650")]
    assert _salaries_on(person, YEAR_ENDS) == expected


def test_a_dtv_band_2_top_takes_the_2021_22_value_then_ends_on_the_quoted_band_2_top() -> None:
    # DTV band 2 top 21000 (dtv-2019-20). dtv-2020: onto nps-2019-20 band 2, 21087; 6 % makes
    # 22260, above the band top 22259: exactly 22260, protected.
    # transfer-2021-dtv: above the nps-2020-21 top 22259 by 1: kept, protected; then the top's
    #   2021/22 value, 22259 + 250 = 22509, passes it: onto the top, 22509, not protected.
    # nps-2022: at the top, no progression; 22509 x 1.032 = 23229.29 -> 23229 (nps-2022-23
    #   top); 23229 x 1.032 = 23972.33 -> 23972 (nps-2023-24 top); 2024 onto nps-2024-25 band 2
    #   [23304 23935 24583 25210] at 24583, then progression onto the new top 25210 (UNISON's
    #   quoted PB2 value).
    person = PersonSpec(band="2", point="top")
    expected = [D("22260"), D("22509"), D("23229"), D("23972"), D("25210")]
    assert _salaries_on(person, YEAR_ENDS) == expected


def test_the_2021_22_award_does_not_run_on_from_a_transfer_and_says_why(runner: CliRunner) -> None:
    # nps-2021 starts on 1 April 2021, before the transfer (26 June 2021): its progression and
    # £250 were for the NPS's own staff; the transfer already carries transferees onto the
    # 2021/22 values of their points.
    out = _invoke(runner, "compare", "dtv-2020+transfer-2021-dtv+nps-2021+nps-2022")
    assert out.exit_code == 2
    assert out.stderr.startswith(
        "paycalc: dtv-2020+transfer-2021-dtv+nps-2021+nps-2022: nps-2021 (from 2021-04-01, on "
        "nps-2020-21, National Probation Service (HMPPS)) does not run on from transfer-2021-dtv: "
        "a run's next scheme starts after the one before ends (2022-03-31), on the scale it ends "
        "on (nps-2021-22)"
    )


def test_list_shows_each_employers_whole_story_run(runner: CliRunner) -> None:
    out = _invoke(runner, "list", "--format", "json")
    assert out.exit_code == 0, out.output
    listed = json.loads(out.stdout)["runs"]
    runs = {r["employer"]: r["parts"] for r in listed}
    assert runs.pop(NPS) == ["nps-2020", "nps-2021", "nps-2022"]
    # Every CRC whose staff transferred: its offers, its transfer, then the NPS's next award.
    assert {employer: parts[-2:] for employer, parts in runs.items()} == {
        "ARCC (Durham Tees Valley CRC)": ["transfer-2021-dtv", "nps-2022"],
        "Interserve (Purple Futures)": ["transfer-2021-interserve", "nps-2022"],
        "MTC Novo (London CRC, Thames Valley CRC)": ["transfer-2021-mtc", "nps-2022"],
        "Reducing Reoffending Partnership": ["transfer-2021-rrp", "nps-2022"],
        "Seetec (KSS CRC, including the ex-Working Links CRCs)": [
            "transfer-2021-seetec",
            "nps-2022",
        ],
        "Sodexo Justice Services": ["transfer-2021-sodexo", "nps-2022"],
        "People Plus (Warwickshire & West Mercia CRC)": ["transfer-2021-wwm", "nps-2022"],
    }
    assert runs["Sodexo Justice Services"] == [
        "sodexo-2020",
        "sodexo-2021",
        "transfer-2021-sodexo",
        "nps-2022",
    ]
    # The plain-text list, even 60 columns wide, gives each run whole on a line of its own, to
    # be copied (the longest, Sodexo's, is 53 characters), its employer on the line below.
    lines = _invoke(runner, "list").output.splitlines()
    for r in listed:
        assert lines[lines.index(r["run"]) + 1] == f"  {r['employer']}"
    assert STORY in lines


def _whole_story_runs() -> list[str]:
    from conftest import make_runner  # at collection, before any fixture

    out = _invoke(make_runner(), "list", "--format", "json")
    return [r["run"] for r in json.loads(out.stdout)["runs"] if r["employer"] != NPS]


@pytest.mark.parametrize("story", _whole_story_runs())
def test_the_award_after_a_transfer_pays_each_person_as_it_pays_them_alone_from_there(
    story: str,
) -> None:
    # Joining nps-2022 on after a transfer changes nothing of nps-2022's rule: for every point
    # of every band of the story's starting scale, the story's end equals nps-2022 run alone
    # from where the story stood on 31 March 2022 (the point held then, or the salary when it
    # is off the points), and the story on that day equals the run without nps-2022.
    *before, last = story.split("+")
    parts = [REGISTRY.scheme(p) for p in story.split("+")]
    whole = joined(parts, story, lambda scale: REGISTRY.scale(scale).employer)
    upto = joined(parts[:-1], "+".join(before), lambda scale: REGISTRY.scale(scale).employer)
    award = REGISTRY.scheme(last)
    for band, points in REGISTRY.scale(whole.from_scale).band_points().items():
        for point in range(1, len(points) + 1):
            person = PersonSpec(band=band, point=point)
            story_result = run(whole, person, REGISTRY)
            there = run(upto, person, REGISTRY).end
            assert story_result.state_at(date(2022, 3, 31)) == there
            on_a_point = not there.protected and there.salary == there.points[there.point - 1]
            alone_person = (
                PersonSpec(band=there.band, point=there.point)
                if on_a_point
                else PersonSpec(band=there.band, salary=there.salary)
            )
            alone = run(award, alone_person, REGISTRY).end
            assert (story_result.end.salary, story_result.end.point) == (alone.salary, alone.point)
