"""What a scale value rests on, looked up through basis.Bases (each band worked out once), as
point_basis says it: the `known:` entry of a point, else the scale's status."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from paycalc.basis import Bases, value_known
from paycalc.cli import cli
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


def test_value_known_gives_the_entry_and_its_source_only_for_a_cited_point(tmp_path: Path) -> None:
    (tmp_path / "t-2020.yaml").write_text(SCALE, encoding="utf-8")
    scale = Registry([tmp_path]).scale("t-2020")
    found = value_known(scale, "A", D("300"))
    assert found is not None
    known, source = found
    assert (known.point, known.basis, source.url) == ("top", "inferred", "https://example.org/pay")
    # 200 is point 2 of A, with no entry; 250 is no point of A; there is no band C.
    assert value_known(scale, "A", D("200")) is None
    assert value_known(scale, "A", D("250")) is None
    assert value_known(scale, "C", D("100")) is None


def _cli(runner: CliRunner, *args: str) -> str:
    out = runner.invoke(cli, list(args), env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    return out.stdout


def _seetec_band_4(runner: CliRunner, salary: str) -> dict[str, Any]:
    args = ["transfer-2021-seetec", "--band", "4", "--salary", salary, "--format", "json"]
    return json.loads(_cli(runner, "compare", *args))  # type: ignore[no-any-return]


def test_a_salary_off_the_points_is_not_a_point_before_as_after(runner: CliRunner) -> None:
    # Seetec Band 1 on £19,000: placed on nps-2019-20 Band 1 (top 17764, quoted) but 19000 is
    # no point of it; it is moved onto Band 2's bottom 20525 and ends on that point's 2021/22
    # value, 20775 (a point with no known: entry).
    text = _cli(runner, "explain", "transfer-2021-seetec", "--band", "1", "--salary", "19000")
    assert "Before: £19,000.00 (not a point)   After: £20,775.00 (illustrative)" in text
    # DTV Band 3 on £28,302, above the 2019/20 top 28209 (inferred): kept, protected.
    text = _cli(runner, "explain", "transfer-2021-dtv", "--band", "3", "--salary", "28302")
    assert "Before: £28,302.00 (not a point)   After: £28,302.00 (not a point)" in text


def test_compare_marks_a_row_by_its_own_values_not_the_point_it_was_placed_on(
    runner: CliRunner,
) -> None:
    # Seetec Band 4 on £37,000: placed on nps-2019-20 point 6 (35663, illustrative), but 37000
    # is no point; the transfer takes it to 37174 (secondary), the reference too. No value
    # is illustrative, so the row has no '*'.
    (row,) = _seetec_band_4(runner, "37000")["results"]
    assert (row["before_basis"], row["after_basis"], row["reference_basis"]) == (
        "not a point",
        "secondary",
        "secondary",
    )
    assert row["illustrative_value"] is False
    text = _cli(runner, "compare", "transfer-2021-seetec", "--band", "4", "--salary", "37000")
    row_line = next(line for line in text.splitlines() if "37,000" in line)
    assert "*" not in row_line


def test_a_salary_equal_to_a_point_takes_that_points_label(runner: CliRunner) -> None:
    # 37174 is the nps-2019-20 Band 4 top, secondary (a 2021 careers page).
    assert _seetec_band_4(runner, "37174")["results"][0]["before_basis"] == "secondary"
