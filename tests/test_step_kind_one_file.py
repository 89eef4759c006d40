"""A step kind is one class in one file: a copy of the package plus one new module in
`paycalc/steps/` (the example in docs/architecture.md, read from there) is enough for validate,
explain, show, compare and new-scheme to know the kind.

The copy is run in a subprocess with PYTHONPATH pointing at it, so nothing but that one file
differs from the package under test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from package_copy import copy_paycalc, python_in

import paycalc
import paycalc.steps

FIXTURES = Path(__file__).parent / "fixtures" / "valid" / "scales"

ARCHITECTURE = Path(__file__).parents[1] / "docs" / "architecture.md"


def documented_kind() -> str:
    """The step kind shown in docs/architecture.md: the one file this test adds."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    return text.split("```python\n", 1)[1].split("```", 1)[0]


SCHEME = """\
kind: scheme
id: doubled
title: Band 4 doubled
employer: Test CRC
status: claim
from_scale: crc
reference: ref
period: {start: 2020-04-01, end: 2021-03-31}
sources: [{id: s, title: Test source, url: "https://example.org/doubled"}]
steps:
  - on: 2020-04-01
    double: {band: "BAND"}
examples:
  - name: band 4 point 2 is paid its salary again
    person: {band: "4", point: 2}
    expect: {before: "27000.00", after: "27000.00", unconsolidated: "27000.00"}
"""


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the paycalc package with steps/double.py added, and a folder of offers."""
    root = tmp_path_factory.mktemp("one-file")
    (copy_paycalc(root) / "steps" / "double.py").write_text(documented_kind(), encoding="utf-8")
    shutil.copytree(FIXTURES, root / "offers" / "scales")
    (root / "offers" / "doubled.yaml").write_text(SCHEME.replace("BAND", "4"), encoding="utf-8")
    return root


def paycalc_in(root: Path, *args: str, code: int = 0) -> str:
    env = {**os.environ, "PYTHONPATH": str(root), "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-c", "from paycalc.cli import main; main()", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == code, done.stderr + done.stdout
    return done.stdout


def test_the_copy_runs_and_only_it_has_the_new_kind(copy: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import paycalc.steps as s; print(s.__file__, *s.STEP_KINDS)"],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert Path(out[0]).parent == copy / "paycalc" / "steps"
    assert "double" in out[1:]
    assert "double" not in paycalc.steps.STEP_KINDS


def test_a_kind_added_as_one_file_validates_and_runs_its_example(copy: Path) -> None:
    # Band 4 point 2 of crc is £27,000: the one-off is the salary, £27,000, and the salary
    # itself does not change.
    report = json.loads(paycalc_in(copy, "validate", "offers", "--format", "json"))
    assert report["errors"] == 0 and report["problems"] == [], report


def test_a_band_the_new_kind_names_is_checked_against_the_scale(copy: Path) -> None:
    bad = copy / "bad"
    shutil.copytree(copy / "offers", bad)
    (bad / "doubled.yaml").write_text(SCHEME.replace("BAND", "9"), encoding="utf-8")
    report = json.loads(paycalc_in(copy, "validate", "bad", "--format", "json", code=1))
    assert [(p["code"], p["line"]) for p in report["problems"]] == [("PC202", 12)]
    assert "band '9' is not on the scale in force on 2020-04-01" in report["problems"][0]["message"]


def test_explain_and_show_give_the_new_kinds_step(copy: Path) -> None:
    # Band 4 point 2 (£27,000) is paid £27,000 once; the salary after stays £27,000.
    out = paycalc_in(copy, "explain", "offers/doubled.yaml", "--band", "4", "--point", "2")
    assert "2020-04-01  double    £27,000.00  £27,000.00  doubled: one-off 27000.00" in out
    assert "Unconsolidated (one-off) in the period: £27,000.00" in out
    shown = paycalc_in(copy, "show", "offers/doubled.yaml")
    assert "one-off payment of the whole salary in band 4" in shown


def test_compare_counts_the_new_kinds_payment(copy: Path) -> None:
    # Band 4 top is £28,000, paid again as a one-off: unconsolidated 28000.00, total rise
    # 28000 / 28000 = 100.00 %.
    out = paycalc_in(
        copy, "compare", "offers/doubled.yaml", "--band", "4", "--point", "top", "--format", "json"
    )
    [row] = json.loads(out)["results"]
    assert (row["unconsolidated"], row["total_increase_pct"]) == ("28000.00", "100.00")


def test_new_scheme_shows_the_new_kinds_example(copy: Path) -> None:
    out = paycalc_in(
        copy, "new-scheme", "x", "--from-scale", "offers/scales/crc.yaml", "--reference", "ref"
    )
    assert '  #   double: {band: "4"}     # a year\'s salary again, one-off\n' in out


def test_a_kind_defined_in_two_files_stops_paycalc_finding_kinds_and_names_the_kind(
    tmp_path: Path,
) -> None:
    # A copy of the package with steps/floor.py copied as steps/floor_again.py: two classes of
    # kind 'floor', which a scheme could not tell apart. The kinds are found when first asked
    # for (reading a file afresh, a template), which stops there.
    steps = copy_paycalc(tmp_path) / "steps"
    shutil.copy(steps / "floor.py", steps / "floor_again.py")
    done = python_in(tmp_path, "from paycalc.steps import STEP_KINDS")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "TypeError: step kind 'floor' is defined twice"
