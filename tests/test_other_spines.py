"""Other pay spines by YAML alone (examples/): NHS Agenda for Change 2021/22 -> 2022/23 on the
published tables, and the NJC local government spine through the 2020-2022 awards."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.engine import run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry([EXAMPLES])


def _after(registry: Registry, scheme: str, **person: object) -> D:
    return run(registry.scheme(scheme), PersonSpec(**person), registry).end.salary


def test_validate_examples_passes() -> None:
    out = CliRunner().invoke(cli, ["validate", str(EXAMPLES)])
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


def test_rounding_to_the_pound_keeps_njc_points_whole(registry: Registry) -> None:
    res = run(registry.scheme("njc-2022"), PersonSpec(band="SCP", point=1), registry)
    # 17364 x 1.0275 = 17841.51 would be 17841.51 to the penny; the NJC table says 17842.
    assert res.events[0].after.salary == D("17842")
