"""Readings of an offer that change its figures ship as variant schemes: each names its scheme,
says in its note how it reads the offer, is listed next to it and compares side by side."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.engine import run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec, Scheme

VARIANTS = {
    "seetec-2020-top-to-top": "seetec-2020",
    "seetec-2020-same-point": "seetec-2020",
    "interserve-2020-overlap-first": "interserve-2020",
    "interserve-2020-april-arrears": "interserve-2020",
    "sodexo-2021-pro-rated": "sodexo-2021",
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.bundled()


def _end(registry: Registry, scheme: str, **person: object) -> D:
    return run(registry.scheme(scheme), PersonSpec(**person), registry).end.salary


@pytest.mark.parametrize(("variant", "base"), VARIANTS.items())
def test_every_variant_names_its_scheme_and_says_how_it_reads_it(
    registry: Registry, variant: str, base: str
) -> None:
    scheme: Scheme = registry.scheme(variant)
    assert scheme.variant_of == base
    assert scheme.note and base in scheme.note


def test_list_shows_each_variant_right_after_its_scheme(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["list"], env={"COLUMNS": "60"})
    assert out.exit_code == 0, out.output
    # A scheme's id starts its line, its title is on the lines below, indented by two; a
    # variant's id is indented by two, and its title ("variant of ...") by four.
    lines = [*out.stdout.splitlines(), ""]

    def indent(line: str) -> int:
        return len(line) - len(line.lstrip())

    ids = [
        line.split()[0]
        for line, below in itertools.pairwise(lines)
        if line.strip()
        and (indent(line) == 0 or (indent(line) == 2 and below.lstrip().startswith("variant of")))
    ]
    for base in sorted(set(VARIANTS.values())):
        after = ids[ids.index(base) + 1 : ids.index(base) + 1 + list(VARIANTS.values()).count(base)]
        assert sorted(after) == sorted(v for v, b in VARIANTS.items() if b == base)


def test_compare_puts_seetec_readings_side_by_side_for_the_top_of_band_2(runner: CliRunner) -> None:
    out = runner.invoke(
        cli,
        [
            *("compare", "seetec-2020", "seetec-2020-top-to-top", "seetec-2020-same-point"),
            *("--band", "2", "--point", "top", "--format", "json"),
        ],
    )
    assert out.exit_code == 0, out.output
    after = {r["scheme"]: r["after"] for r in json.loads(out.stdout)["results"]}
    # Seetec band 2 top 21400: next NPS point at or above is 21665; aligned tops give 22259;
    # point 8 of 8 to point 5 of 5 (capped) also gives 22259.
    assert after == {
        "seetec-2020": "21665.00",
        "seetec-2020-top-to-top": "22259.00",
        "seetec-2020-same-point": "22259.00",
    }


def test_interserve_overlap_removal_before_the_increment_ends_band_5_point_1_higher(
    registry: Registry,
) -> None:
    # Increment first: 34957 -> 35600 (deleted) -> 36256 -> NPS 36467 -> April 2021 37925.
    assert _end(registry, "interserve-2020", band="5", point=1) == D("37925")
    # Removal first: 34957 -> 36256 -> increment 36923 -> NPS 37925 -> April 2021 39442.
    assert _end(registry, "interserve-2020-overlap-first", band="5", point=1) == D("39442")


def test_april_only_arrears_are_half_the_april_and_may_arrears(registry: Registry) -> None:
    def back_pay(scheme: str) -> D:
        res = run(registry.scheme(scheme), PersonSpec(band="3", point=1), registry)
        return sum((e.back_pay for e in res.events), D(0))

    # Band 3 point 1 22374 -> 22673: 299 a year. 2020 has 366 days.
    assert back_pay("interserve-2020") == D("49.02")  # 299 x 60 / 366 = 49.016
    assert back_pay("interserve-2020-april-arrears") == D("24.51")  # 299 x 30 / 366 = 24.508


def test_the_pro_rated_sodexo_one_off_is_86_days_of_the_full_one(registry: Registry) -> None:
    def one_off(scheme: str) -> D:
        res = run(registry.scheme(scheme), PersonSpec(band="4", point="top"), registry)
        return sum((p.amount for p in res.payments()), D(0))

    assert one_off("sodexo-2021") == D("871.25")  # 2.5 % of 34850
    assert one_off("sodexo-2021-pro-rated") == D("205.28")  # 871.25 x 86 / 365 = 205.2808


def test_same_point_from_top_keeps_the_distance_from_the_band_top(make_scheme) -> None:  # type: ignore[no-untyped-def]
    # Test scales: crc band 3 has 20000 21000 22000 23000; ref band 5 has 29000 31000 33000.
    body = (
        'steps:\n  - on: 2020-04-01\n    assimilate: {to: ref, method: %s, band_map: {"3": "5"}}\n'
    )
    registry, path = make_scheme(body % "same_point_from_top")
    scheme = registry.scheme(path)

    def placed(point: object) -> D:
        return run(scheme, PersonSpec(band="3", point=point), registry).end.salary

    assert placed("top") == D("33000")
    assert placed(3) == D("31000")  # one below the top -> one below the top
    assert placed(1) == D("29000")  # three below the top: below the bottom, so the bottom
    registry, path = make_scheme(body % "same_point")
    # Counted from the bottom instead, point 3 is capped at the top.
    assert run(registry.scheme(path), PersonSpec(band="3", point=3), registry).end.salary == D(
        "33000"
    )
