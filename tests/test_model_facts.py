"""Facts every report states about a scheme, written once on the model: which scales a run
reads and which of them are illustrative, and whether the scheme is unsettled."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from paycalc.files.registry import Registry
from paycalc.model import SCHEME_STATUSES

SCALE = """\
kind: scale
id: {id}
title: Scale {id}
employer: Test
effective: 2019-04-01
status: {status}
sources: [{{id: s, title: Test source, url: "https://example.org/s"}}]
bands:
  - {{name: "3", points: [20000, 21000]}}
"""

SCHEME = """\
kind: scheme
id: {id}
title: Test scheme
employer: Test CRC
status: offer
from_scale: crc
reference: {reference}
period: {{start: 2020-04-01, end: 2021-03-31}}
sources: [{{id: s, title: Test source, url: "https://example.org/s"}}]
steps:
  - {{on: 2020-04-01, assimilate: {{to: mid}}}}
"""


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    # crc, mid and nps2 are illustrative, ref is published.
    for ident, status in [("crc", "illustrative"), ("mid", "illustrative"),
                          ("ref", "published"), ("nps2", "illustrative")]:  # fmt: skip
        (tmp_path / f"{ident}.yaml").write_text(SCALE.format(id=ident, status=status))
    for ident, reference in [("onto-mid", "ref"), ("mid-is-ref", "mid")]:
        (tmp_path / f"{ident}.yaml").write_text(SCHEME.format(id=ident, reference=reference))
    return Registry([tmp_path])


def test_the_scales_used_are_the_start_the_steps_scales_then_the_reference(
    registry: Registry,
) -> None:
    scheme = registry.scheme("onto-mid")
    assert scheme.scales_used() == ["crc", "mid", "ref"]
    assert scheme.illustrative_scales(registry.scale) == ("crc", "mid")


def test_against_another_scale_replaces_the_reference_among_the_scales_used(
    registry: Registry,
) -> None:
    scheme = registry.scheme("onto-mid")
    assert scheme.scales_used("nps2") == ["crc", "mid", "nps2"]
    assert scheme.illustrative_scales(registry.scale, "nps2") == ("crc", "mid", "nps2")


def test_a_scale_the_steps_move_onto_stays_flagged_when_compared_against_another(
    registry: Registry,
) -> None:
    # mid is both the reference and the scale staff move onto; compared against ref, staff are
    # still paid on mid's illustrative values, so it is still flagged.
    scheme = registry.scheme("mid-is-ref")
    assert scheme.illustrative_scales(registry.scale, "ref") == ("crc", "mid")


@pytest.mark.parametrize("status", SCHEME_STATUSES)
def test_a_claim_offer_pending_or_rejected_scheme_is_unsettled(
    registry: Registry, status: str
) -> None:
    scheme = replace(registry.scheme("onto-mid"), status=status)
    assert scheme.unsettled == (status in {"claim", "offer", "pending", "rejected"})
