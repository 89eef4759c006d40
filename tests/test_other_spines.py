"""Other pay spines by YAML alone (examples/): NHS Agenda for Change 2021/22 -> 2022/23 on the
published tables, and the NJC local government spine through the 2020-2022 awards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.basis import point_basis
from paycalc.cli import cli
from paycalc.engine import run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec
from paycalc.parity import figures

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry([EXAMPLES])


def _after(registry: Registry, scheme: str, **person: object) -> D:
    return run(registry.scheme(scheme), PersonSpec(**person), registry).end.salary


def test_validate_examples_passes(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["validate", str(EXAMPLES)])
    assert out.exit_code == 0, out.output
    assert "no problems" in out.output


# The published 2022/23 Agenda for Change values (NHS Pay Scales 2022/23), typed from the table.
@pytest.mark.parametrize(
    ("band", "point", "published"),
    [
        ("2", 1, "20270"),
        ("2", "top", "21318"),
        ("3", "top", "23177"),
        ("4", 1, "23949"),
        ("5", 1, "27055"),
        ("5", 2, "29180"),
        ("5", "top", "32934"),
        ("6", 1, "33706"),
        ("6", "top", "40588"),
        ("7", 1, "41659"),
        ("7", 2, "43806"),
        ("7", "top", "47672"),
    ],
)
def test_nhs_2022_award_gives_the_published_2022_23_value(
    registry: Registry, band: str, point: object, published: str
) -> None:
    assert _after(registry, "nhs-afc-2022", band=band, point=point) == D(published)


def test_nhs_flat_1400_is_the_whole_rise_where_the_table_adds_nothing_more(
    registry: Registry,
) -> None:
    # Band 4 top 24882 + 1400 = 26282, the published value: the table step changes nothing.
    res = run(registry.scheme("nhs-afc-2022"), PersonSpec(band="4", point="top"), registry)
    flat, table = res.events
    assert flat.after.salary == D("26282")
    assert table.after.salary == flat.after.salary


def test_njc_awards_rebuild_scp_1_and_2_for_2022_23(registry: Registry) -> None:
    # SCP 1: 17364 x 1.0275 -> 17842, x 1.0275 -> 18333, + 1925 -> 20258.
    # SCP 2: 17711 x 1.0275 -> 18198, x 1.0175 -> 18516, + 1925 -> 20441.
    assert _after(registry, "njc-2022", band="SCP", point=1) == D("20258")
    assert _after(registry, "njc-2022", band="SCP", point=2) == D("20441")


# The published NJC values from 1 April 2021, typed from the sources: SCP 1 £18,333 (NJC
# circular of 28 February 2022, Annex 1: "1 £17,842 £9.25 £18,333") and Wychavon District
# Council's pay grades ("Pay increment point 2: £18,516", 3 £18,887, 4 £19,264, 5 £19,650,
# 6 £20,043, 7 £20,444, 8 £20,852, 9 £21,269, 11 £22,129, 12 £22,571). No source gives SCP 10.
PUBLISHED_NJC_2021 = {
    1: "18333",
    2: "18516",
    3: "18887",
    4: "19264",
    5: "19650",
    6: "20043",
    7: "20444",
    8: "20852",
    9: "21269",
    11: "22129",
    12: "22571",
}


@pytest.mark.parametrize(("scp", "published"), sorted(PUBLISHED_NJC_2021.items()))
def test_njc_2020_and_2021_awards_on_the_2019_rule_give_the_published_april_2021_spine(
    registry: Registry, scp: int, published: str
) -> None:
    res = run(registry.scheme("njc-2022"), PersonSpec(band="SCP", point=scp), registry)
    assert res.state_at(date(2022, 3, 31)).salary == D(published)


def test_njc_scp_1_on_31_march_2021_is_the_published_17842(registry: Registry) -> None:
    # The same circular's 1 April 2020 column: "1 £17,842".
    res = run(registry.scheme("njc-2022"), PersonSpec(band="SCP", point=1), registry)
    assert res.state_at(date(2021, 3, 31)).salary == D("17842")


def test_njc_2021_22_scale_holds_the_published_values_and_marks_scp_10_unquoted(
    registry: Registry,
) -> None:
    scale = registry.scale("njc-2021-22")
    points = scale.band("SCP").points
    for scp, published in PUBLISHED_NJC_2021.items():
        assert points[scp - 1] == D(published)
        assert point_basis(scale, "SCP", scp) == "quoted"
    assert point_basis(scale, "SCP", 10) == "illustrative"


def test_nhs_2022_23_table_carries_bands_8a_to_9_as_published(registry: Registry) -> None:
    # "Band 8a | £48,526** | 5 | £54,619", ... "Band 9 | £95,135** | 5 | £109,475" (UNISON LAS).
    scale = registry.scale("nhs-afc-2022-23")
    published = {
        "8a": ("48526", "54619"),
        "8b": ("56164", "65262"),
        "8c": ("67064", "77274"),
        "8d": ("79592", "91787"),
        "9": ("95135", "109475"),
    }
    for band, (entry, top) in published.items():
        assert scale.band(band).points == [D(entry), D(top)]
        assert point_basis(scale, band, 1) == "quoted"


def test_rounding_to_the_pound_keeps_njc_points_whole(registry: Registry) -> None:
    res = run(registry.scheme("njc-2022"), PersonSpec(band="SCP", point=1), registry)
    # 17364 x 1.0275 = 17841.51 would be 17841.51 to the penny; the NJC table says 17842.
    assert res.events[0].after.salary == D("17842")


def test_an_uplifted_salary_rests_on_no_point_of_the_scale_it_started_on(
    registry: Registry,
) -> None:
    # SCP 2 starts at £17,711 (njc-2019-20, quoted by a secondary source) and ends at £20,441,
    # which is no value of njc-2019-20, the scale an uplift leaves the person counted on: it
    # must not borrow the basis of the £17,711 point. The reference, njc-2022-23 SCP 2, is
    # marked inferred.
    res = run(registry.scheme("njc-2022"), PersonSpec(band="SCP", point=2), registry)
    d = figures(res, registry).to_dict()
    assert (d["before_basis"], d["after_basis"], d["reference_basis"]) == (
        "secondary",
        "not a point",
        "inferred",
    )
    # NHS band 5 entry ends on the published 2022/23 table's own point 1, £27,055: quoted.
    res = run(registry.scheme("nhs-afc-2022"), PersonSpec(band="5", point=1), registry)
    assert figures(res, registry).to_dict()["after_basis"] == "quoted"
