"""What a scale value rests on, looked up through basis.Bases (each band worked out once), as
point_basis and value_basis say it: the `known:` entry of a point, else the scale's status."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from paycalc.basis import Bases
from paycalc.files.registry import Registry

SCALE = """\
kind: scale
id: t-2020
title: Test scale
employer: Test employer
effective: 2020-04-01
status: illustrative
sources:
  - {id: s, title: A test source, url: "https://example.org/pay"}
bands:
  - name: A
    points: [100, 200, 300]
    known:
      - {point: 1, source: s, basis: quoted}
      - {point: top, source: s, basis: inferred}
  - name: B
    points: [200, 250]
    known:
      - {point: 1, source: s, basis: quoted}
"""


def test_each_band_keeps_its_own_bases_and_anything_off_its_points_is_not_a_point(
    tmp_path: Path,
) -> None:
    (tmp_path / "t-2020.yaml").write_text(SCALE, encoding="utf-8")
    bases = Bases(Registry([tmp_path]).scale("t-2020"))
    # Band A: point 1 quoted, the top (point 3) inferred, point 2 has no entry on an
    # illustrative scale; there is no point 0 or 4.
    assert [bases.point("A", p) for p in range(5)] == [
        "not a point",
        "quoted",
        "illustrative",
        "inferred",
        "not a point",
    ]
    # 200 is point 2 of A (illustrative) but point 1 of B (quoted): a band's answers are its own,
    # whichever band was asked first. 200.00 is the same value as 200; 250 is no value of A.
    assert bases.value("B", D("200")) == "quoted"
    assert bases.value("A", D("200.00")) == "illustrative"
    assert bases.value("A", D("300")) == "inferred"
    assert bases.value("A", D("250")) == "not a point"
    assert bases.value("B", D("250")) == "illustrative"
    # A band the scale does not have.
    assert (bases.point("C", 1), bases.value("C", D("100"))) == ("not a point", "not a point")
