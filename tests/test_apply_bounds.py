"""A position keeps only what its outputs need: a long scheme on many positions holds a bounded
number of timeline events, and the bound never changes a figure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import paycalc.apply.positions
from paycalc.apply.positions import Positions
from paycalc.apply.run import apply_payroll

FIXTURES = Path(__file__).parent / "fixtures" / "payroll"


def long_scheme(tmp_path: Path, steps: int) -> Path:
    """The test award with `steps` small uplifts a day apart after its own steps."""
    shutil.copytree(FIXTURES / "scales", tmp_path / "scales")
    text = (FIXTURES / "award.yaml").read_text(encoding="utf-8")
    uplifts = "".join(
        f"  - on: 2020-{4 + n // 28:02d}-{2 + n % 28:02d}\n    uplift: {{amount: 1}}\n"
        for n in range(steps)
    )
    path = tmp_path / "long.yaml"
    path.write_text(text.replace("id: award", "id: long") + uplifts, encoding="utf-8")
    return path


def test_a_long_scheme_keeps_a_bounded_number_of_events_and_the_same_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheme = long_scheme(tmp_path, 98)  # with the award's own 2: the 100 steps a scheme may have
    # 40 positions (salaries) at 3 FTEs each: 120 rows, every timeline 98 events or more.
    lines = [f"E{n}{f},4,{26000 + n * 10},{f}" for n in range(40) for f in ("1", "0.5", "0.6")]
    src = tmp_path / "p.csv"
    src.write_text("employee_id,band,salary,fte\n" + "\n".join(lines) + "\n", encoding="utf-8")
    apply_payroll(str(scheme), src, tmp_path / "unbounded.csv")
    kept: list[int] = []
    place = Positions.place

    def watched(self: Positions, position: object) -> object:
        found = place(self, position)  # type: ignore[arg-type]
        kept.append(self.events_kept)
        return found

    monkeypatch.setattr(paycalc.apply.positions, "MAX_EVENTS", 500)
    monkeypatch.setattr(Positions, "place", watched)
    apply_payroll(str(scheme), src, tmp_path / "bounded.csv")
    assert len(kept) == 120 and max(kept) <= 500
    bounded = (tmp_path / "bounded.csv").read_bytes()
    assert bounded == (tmp_path / "unbounded.csv").read_bytes()
