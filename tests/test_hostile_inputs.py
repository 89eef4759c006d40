"""Hostile and odd inputs: each gives one clear line and the documented exit code, never a
traceback (issue 12, "Tracebacks" and "Unclear messages")."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.compare.html import chart_svg
from paycalc.compare.parts import Chart
from paycalc.files.registry import Registry

MakeScheme = Callable[[str], tuple[Registry, str]]


def test_a_chart_of_more_offers_than_colours_draws_square_markers() -> None:
    # Seven colours and four marker shapes, cycled together, then dashed lines: series 1, 5 and
    # 9 (from 0) of 13 are squares. A marker's size was once a float added to a Decimal
    # position (TypeError). At the top of a band its half-size is 5.5, so 2 * 5.5 = 11.0 wide.
    chart = Chart(band="3", reference="nps-2019-20")
    chart.series = [(f"offer-{i}", [(1, True, Decimal("-100"))]) for i in range(13)]
    svg = chart_svg(chart)
    assert svg.count('width="11.0" height="11.0"') == 3
    assert svg.count('stroke-dasharray="6 3"') == 2 * 6  # series 7-12: line and legend line


# -- scheme files that cannot be read as written ----------------------------------------------

# A scheme whose first step's date is `{on}` (the test head is 9 lines, so line 11 is
# `  - on: {on}`, its key at column 5 and its value at column 9; the kind's key is line 12).
STEP_ON = "steps:\n  - on: {on}\n    uplift: {{percent: 1}}\n"


@pytest.mark.parametrize(
    ("day", "why"),
    [
        ("2020-02-30", "day is out of range for month"),
        ("2020-13-01", "month must be in 1..12"),
        ("0000-04-01", "year 0 is out of range"),
    ],
)
@pytest.mark.parametrize(
    ("command", "code"),
    [
        (["validate"], 1),
        (["show"], 2),
        (["compare", "--band", "3"], 2),
        (["explain", "--band", "3", "--point", "1"], 2),
    ],
    ids=["validate", "show", "compare", "explain"],
)
def test_an_impossible_date_is_one_problem_at_its_line_and_column(
    make_scheme: MakeScheme, day: str, why: str, command: list[str], code: int
) -> None:
    _, path = make_scheme(STEP_ON.format(on=day))
    out = CliRunner().invoke(cli, [command[0], path, *command[1:]])
    assert out.exit_code == code, out.output
    assert not isinstance(out.exception, (ValueError, RecursionError))
    assert f"{Path(path).name}:11:9: PC103 '{day}' is not a date: {why}" in out.stderr + out.stdout


def test_a_step_date_that_is_not_a_date_is_reported_at_on_not_at_the_kind(
    make_scheme: MakeScheme,
) -> None:
    # The step kind's key `uplift:` is on line 12; `on:` is line 11, column 5.
    _, path = make_scheme(STEP_ON.format(on="yesterday"))
    out = CliRunner().invoke(cli, ["validate", path])
    assert out.exit_code == 1, out.output
    assert f"{Path(path).name}:11:5: PC103 'steps[0].on': " in out.stdout


def test_a_bad_value_inside_a_step_kind_is_still_reported_inside_it(
    make_scheme: MakeScheme,
) -> None:
    # The counterpart of the rule above: `percent` under `uplift:` (line 12, column 14).
    _, path = make_scheme("steps:\n  - on: 2020-04-01\n    uplift: {percent: lots}\n")
    out = CliRunner().invoke(cli, ["validate", path])
    assert f"{Path(path).name}:12:14: PC103 'steps[0].uplift.percent': " in out.stdout


@pytest.mark.parametrize("depth", [60, 300, 900])
def test_yaml_nested_hundreds_deep_is_one_problem(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("kind: scheme\nid: deep\nx: " + "[" * depth + "]" * depth + "\n")
    out = CliRunner().invoke(cli, ["validate", str(path)])
    assert out.exit_code == 1, out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)
    # The file's mapping is level 1, so the 50th '[' (line 3, column 4 + 49) is level 51.
    assert "deep.yaml:3:53: PC103 nested more than 50 levels deep" in out.stdout


def test_a_broken_file_never_stops_the_files_beside_it(tmp_path: Path) -> None:
    bundled = Path(__file__).parents[1] / "schemes" / "sodexo-2021.yaml"
    folder = tmp_path / "offers"
    folder.mkdir()
    (folder / "sodexo-2021.yaml").write_text(bundled.read_text())
    (folder / "broken.yaml").write_text(
        "kind: scheme\nid: broken\nperiod: {start: 2020-02-30, end: 2021-03-31}\n"
    )
    runner = CliRunner()
    out = runner.invoke(cli, ["validate", str(folder)])
    assert out.exit_code == 1, out.output
    assert "broken.yaml:3:17: PC103 '2020-02-30' is not a date" in out.stdout
    assert "2 files checked: 1 error." in out.stdout
    env = {"PAYCALC_PATH": str(folder)}
    listed = runner.invoke(cli, ["list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert "sodexo-2021" in listed.stdout
    unknown = runner.invoke(cli, ["show", "sodexo-2012"], env=env)
    assert unknown.exit_code == 2, unknown.output
    assert "unknown scheme 'sodexo-2012' (did you mean 'sodexo-2021'" in unknown.stderr
