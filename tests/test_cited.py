"""Where explain's figures come from (paycalc.describe.cited): before, after and the reference,
each cited from its scale's `known:` entry when it has one, with the source that entry names."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

from rule_helpers import result, step

from paycalc.describe.cited import CitedValue, cited_values
from paycalc.model import Source
from paycalc.parity import SAME_POINT, TRANSFER

# The CRC scale cites its points 1 and 3 from a handbook (a file, no address); the reference
# cites its point 1 from a web page.
CRC = """\
kind: scale
id: crc
title: A CRC scale for tests
employer: Test CRC
effective: 2019-04-01
status: illustrative
sources: [{id: c, title: CRC handbook, file: crc-handbook.pdf}]
bands:
  - name: "3"
    points: [20000, 21000, 22000, 23000]
    known:
      - {point: 1, source: c, basis: quoted, note: from the handbook}
      - {point: 3, source: c, basis: inferred}
"""
REF = """\
kind: scale
id: ref
title: A reference scale for tests
employer: Test NPS
effective: 2019-04-01
status: published
sources: [{id: s, title: Test source, url: "https://example.org/ref"}]
bands:
  - name: "3"
    points: [20500, 21500, 23500, 24000]
    known:
      - {point: 1, source: s, basis: secondary}
"""
HANDBOOK = Source(id="c", title="CRC handbook", file="crc-handbook.pdf")
WEB = Source(id="s", title="Test source", url="https://example.org/ref")


def test_each_figure_on_a_cited_point_is_given_with_its_entry_and_source(
    make_scheme: Any, tmp_path: Path
) -> None:
    # make_scheme has written conftest's scales; these replace them.
    # Band 3 point 1, 20,000 (handbook, quoted), rises 10 % to 22,000, CRC point 3 (handbook,
    # inferred). The reference by the same point is NPS point 1, 20,500 (web page); by
    # transfer it is the lowest point at or above 22,000, 23,500, which has no entry.
    (tmp_path / "scales" / "crc.yaml").write_text(CRC, encoding="utf-8")
    (tmp_path / "scales" / "ref.yaml").write_text(REF, encoding="utf-8")
    found, registry = result(
        make_scheme, step("{on: 2020-04-01, uplift: {percent: 10}}"), band="3", point=1
    )
    before = CitedValue("before", D("20000.00"), "quoted", HANDBOOK, "from the handbook")
    after = CitedValue("after", D("22000.00"), "inferred", HANDBOOK, None)
    reference = CitedValue("reference", D("20500.00"), "secondary", WEB, None)
    assert cited_values(found, registry, None, SAME_POINT) == [before, after, reference]
    transfer = cited_values(found, registry, None, TRANSFER)
    assert transfer == [before, after]
    # A source is named in full the first time, by its id after that.
    assert before.line() == (
        "  Before £20,000.00: quoted (from the handbook), [c] CRC handbook, crc-handbook.pdf"
    )
    assert after.line(titled=False) == "  After £22,000.00: inferred, [c]"
    assert reference.line(titled=True) == (
        "  Reference £20,500.00: secondary, [s] Test source, https://example.org/ref"
    )
    assert [c.to_dict() for c in (before, reference)] == [
        {
            "figure": "before",
            "value": "20000.00",
            "basis": "quoted",
            "source": "c",
            "title": "CRC handbook",
            "where": "crc-handbook.pdf",
            "note": "from the handbook",
        },
        {
            "figure": "reference",
            "value": "20500.00",
            "basis": "secondary",
            "source": "s",
            "title": "Test source",
            "where": "https://example.org/ref",
            "note": None,
        },
    ]
