"""Hostile and odd inputs: each gives one clear line and the documented exit code, never a
traceback (issue 12, "Tracebacks" and "Unclear messages")."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.compare.html import chart_svg
from paycalc.compare.report_parts import Chart
from paycalc.files.registry import Registry

MakeScheme = Callable[[str], tuple[Registry, str]]


def test_a_chart_of_more_offers_than_colours_draws_square_markers() -> None:
    # Seven colours and four marker shapes, cycled together, then dashed lines: series 1, 5 and
    # 9 (from 0) of 13 are squares. A marker's size was once a float added to a Decimal
    # position (TypeError). At the top of a band its half-size is 5.5, so 2 * 5.5 = 11.0 wide.
    chart = Chart(band="Band 3")
    chart.series = [(f"offer-{i}", [(Decimal(20000), True, Decimal("-1"))]) for i in range(13)]
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
    make_scheme: MakeScheme, day: str, why: str, command: list[str], code: int, runner: CliRunner
) -> None:
    _, path = make_scheme(STEP_ON.format(on=day))
    out = runner.invoke(cli, [command[0], path, *command[1:]])
    assert out.exit_code == code, out.output
    assert not isinstance(out.exception, (ValueError, RecursionError))
    assert f"{Path(path).name}:11:9: PC103 '{day}' is not a date: {why}" in out.stderr + out.stdout


def test_a_step_date_that_is_not_a_date_is_reported_at_on_not_at_the_kind(
    make_scheme: MakeScheme,
    runner: CliRunner,
) -> None:
    # The step kind's key `uplift:` is on line 12; `on:` is line 11, column 5.
    _, path = make_scheme(STEP_ON.format(on="yesterday"))
    out = runner.invoke(cli, ["validate", path])
    assert out.exit_code == 1, out.output
    assert f"{Path(path).name}:11:5: PC103 'steps[0].on': " in out.stdout


def test_a_bad_value_inside_a_step_kind_is_still_reported_inside_it(
    make_scheme: MakeScheme,
    runner: CliRunner,
) -> None:
    # The counterpart of the rule above: `percent` under `uplift:` (line 12, column 14).
    _, path = make_scheme("steps:\n  - on: 2020-04-01\n    uplift: {percent: lots}\n")
    out = runner.invoke(cli, ["validate", path])
    assert f"{Path(path).name}:12:14: PC103 'steps[0].uplift.percent': " in out.stdout


@pytest.mark.parametrize("depth", [60, 300, 900])
def test_yaml_nested_hundreds_deep_is_one_problem(
    tmp_path: Path, depth: int, runner: CliRunner
) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("kind: scheme\nid: deep\nx: " + "[" * depth + "]" * depth + "\n")
    out = runner.invoke(cli, ["validate", str(path)])
    assert out.exit_code == 1, out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)
    # The file's mapping is level 1, so the 50th '[' (line 3, column 4 + 49) is level 51.
    assert "deep.yaml:3:53: PC103 nested more than 50 levels deep" in out.stdout


def test_a_broken_file_never_stops_the_files_beside_it(tmp_path: Path, runner: CliRunner) -> None:
    bundled = Path(__file__).parents[1] / "schemes" / "sodexo-2021.yaml"
    folder = tmp_path / "offers"
    folder.mkdir()
    (folder / "sodexo-2021.yaml").write_text(bundled.read_text())
    (folder / "broken.yaml").write_text(
        "kind: scheme\nid: broken\nperiod: {start: 2020-02-30, end: 2021-03-31}\n"
    )
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


# -- numbers, dates and names too large or empty -----------------------------------------------

DIGITS_27 = "9" * 27  # Decimal keeps 28 digits: a penny more and quantize() cannot round it
DIGITS_4400 = "1" * 4400  # int() refuses more than 4,300 digits


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--salary", DIGITS_27], "is too large (more than 12 digits before the point)"),
        (["--point", DIGITS_4400], "is not a point: give a whole number from 1, or 'top'"),
        (["--point", "1", "--to", "9999-12-31"], "9999-12-31 is outside the years 1900 to 2099"),
        (["--point", "1", "-o", ""], "give a file name"),
    ],
    ids=["salary-27-digits", "point-4400-digits", "to-9999", "output-empty"],
)
def test_option_values_out_of_range_are_one_usage_line(
    args: list[str], message: str, runner: CliRunner
) -> None:
    out = runner.invoke(cli, ["compare", "sodexo-2020", "--band", "3", *args])
    assert out.exit_code == 2, out.output
    [line] = out.stderr.splitlines()
    assert line.startswith("paycalc: ") and message in line
    assert len(line) < 200  # the 4,400 digits are not repeated


def test_an_empty_band_is_a_usage_error_not_a_validation_traceback(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["explain", "sodexo-2020", "--band", "", "--point", "1"])
    assert out.exit_code == 2, out.output
    assert out.stderr.splitlines() == [
        "paycalc: Invalid value for '--band' / '-b': give a band name, e.g. 3 "
        "(see 'cli explain --help')"
    ]


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ("E1,3,," + DIGITS_27, "salary", "is too large (more than 12 digits before the point)"),
        ("E1,3," + DIGITS_4400 + ",", "point", "is not a point: give a whole number from 1"),
    ],
    ids=["salary-27-digits", "point-4400-digits"],
)
def test_payroll_values_too_large_are_that_rows_reject(
    tmp_path: Path, cells: str, column: str, reason: str, runner: CliRunner
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("employee_id,band,point,salary\n" + cells + "\n")
    out = runner.invoke(cli, ["apply", "sodexo-2020", str(staff), "-o", str(tmp_path / "o.csv")])
    assert out.exit_code == 3, out.output
    rejects = (tmp_path / "o.csv.rejects.csv").read_text().splitlines()
    assert rejects[1].startswith(f"2,{column},") and reason in rejects[1]
    summary = runner.invoke(cli, ["compare", "sodexo-2020", "--payroll", str(staff)])
    assert summary.exit_code == 0, summary.output


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            f"steps:\n  - on: 2020-04-01\n    uplift: {{percent: {DIGITS_27}}}\n",
            f":12:23: PC103 '{DIGITS_27}' is too large (more than 12 digits before the point)",
        ),
        (
            "steps:\n  - on: 2020-04-01\n    increment: {points: 1}\n    eligible_on: 9999-12-31\n",
            ":13:18: PC103 9999-12-31 is outside the years 1900 to 2099",
        ),
        (
            'steps:\n  - on: "1066-10-14"\n    increment: {points: 1}\n',
            ":11:5: PC103 'steps[0].on': 1066-10-14 is outside the years 1900 to 2099",
        ),
    ],
    ids=["percent-27-digits", "date-9999", "quoted-date-1066"],
)
def test_yaml_values_too_large_are_one_problem_at_their_place(
    make_scheme: MakeScheme, body: str, message: str, runner: CliRunner
) -> None:
    # Line 12 is the step kind: `    uplift: {percent: ` is 22 characters, so the value starts at
    # column 23; line 13 is `    eligible_on: ` (17 characters), value at column 18. A quoted
    # date reaches the model as text, so it is reported at its key (`on:`, line 11, column 5).
    _, path = make_scheme(body)
    out = runner.invoke(cli, ["compare", path, "--band", "3"])
    assert out.exit_code == 2, out.output
    [line] = out.stderr.splitlines()
    assert message in line


# -- one style for every error, --debug, --format json ----------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "no-such-offer"],
        ["compare", "sodexo-2020", "--format", "pdf"],
        ["validate", "no-such-dir"],
        ["no-such-command"],
        ["--no-such-option"],
    ],
    ids=["paycalc-error", "bad-choice", "missing-path", "unknown-command", "unknown-option"],
)
def test_usage_errors_and_paycalcs_own_errors_are_one_line_in_one_style(
    args: list[str], runner: CliRunner
) -> None:
    out = runner.invoke(cli, args)
    assert out.exit_code == 2, out.output
    [line] = out.stderr.splitlines()
    assert line.startswith("paycalc: ")
    assert "Usage:" not in out.stderr and "Error:" not in out.stderr


@pytest.mark.parametrize(
    ("args", "last"),
    [
        (["compare", "no-such-offer"], "paycalc: unknown scheme 'no-such-offer'"),
        (["compare", "sodexo-2020", "--band", "9"], "paycalc: sodexo-2020: band '9' is not on"),
    ],
)
def test_debug_adds_a_traceback_and_keeps_the_exit_code(
    args: list[str], last: str, runner: CliRunner
) -> None:
    plain = runner.invoke(cli, args)
    debug = runner.invoke(cli, ["--debug", *args])
    assert plain.exit_code == debug.exit_code == 2
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.splitlines()[-1].startswith(last)
    assert debug.stderr.splitlines()[-1] == plain.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "no-such-offer", "--format", "json"],
        ["compare", "no-such-offer", "-f", "json"],
        ["compare", "sodexo-2020", "--to", "9999-12-31", "--format=json"],
        ["validate", "no-such-dir", "--format", "json"],
        ["apply", "no-such-offer", "no-such.csv", "-o", "out.csv", "--format", "json"],
    ],
    ids=["paycalc-error", "short-option", "usage-error", "validate-path", "apply"],
)
def test_with_format_json_an_error_is_a_json_object(args: list[str], runner: CliRunner) -> None:
    out = runner.invoke(cli, args)
    assert out.exit_code == 2, out.output
    assert out.stdout == ""
    [line] = out.stderr.splitlines()
    error = json.loads(line)["error"]
    assert error["exit_code"] == 2
    assert error["message"] and not error["message"].startswith("paycalc:")


def test_a_file_problem_in_json_keeps_its_file_line_and_column(
    make_scheme: MakeScheme, runner: CliRunner
) -> None:
    _, path = make_scheme(STEP_ON.format(on="2020-02-30"))
    out = runner.invoke(cli, ["compare", path, "--format", "json"])
    assert out.exit_code == 2, out.output
    [problem] = json.loads(out.stderr)["error"]["problems"]
    assert (problem["line"], problem["col"], problem["code"]) == (11, 9, "PC103")
    assert problem["file"].endswith("s0.yaml")


# -- the search path, file names and symbolic links --------------------------------------------


def test_an_unreadable_paycalc_path_entry_is_skipped_with_a_warning(
    tmp_path: Path, runner: CliRunner
) -> None:
    # A name longer than the system allows (255 bytes) cannot even be looked at: every lookup
    # in it failed with "File name too long", bundled ids too.
    too_long = tmp_path / ("a" * 300)
    not_a_dir = tmp_path / "notes.txt"
    not_a_dir.write_text("not a folder")
    env = {"PAYCALC_PATH": os.pathsep.join([str(too_long), str(not_a_dir), str(tmp_path / "nope")])}
    out = runner.invoke(cli, ["show", "sodexo-2021"], env=env)
    assert out.exit_code == 0, out.output
    assert "Sodexo" in out.stdout
    warnings = out.stderr.splitlines()
    assert len(warnings) == 2  # the missing folder is skipped quietly, as PATH does
    assert warnings[0].startswith("paycalc: warning: PAYCALC_PATH entry ")
    assert warnings[0].endswith(" skipped: File name too long")
    assert (
        warnings[1] == f"paycalc: warning: PAYCALC_PATH entry {not_a_dir} skipped: Not a directory"
    )


def test_a_paycalc_path_folder_we_may_not_read_is_skipped_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    # Root reads any folder, so permission is refused by hand here.
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = runner.invoke(cli, ["show", "sodexo-2021"], env={"PAYCALC_PATH": str(locked)})
    assert out.exit_code == 0, out.output
    assert (
        out.stderr == f"paycalc: warning: PAYCALC_PATH entry {locked} skipped: Permission denied\n"
    )


def test_a_mistyped_id_among_many_files_reads_only_the_close_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    # Every file on the path was parsed to list every id: 39 s for 10,000 files. Now the names
    # are compared first, and only the few close ones are read to learn their kind.
    import paycalc.files.documents

    text = (Path(__file__).parents[1] / "schemes" / "sodexo-2021.yaml").read_text()
    for i in range(300):
        (tmp_path / f"offer-{i:03d}.yaml").write_text(text.replace("sodexo-2021", f"offer-{i:03d}"))
    read: list[Path] = []
    real_read = paycalc.files.documents.read_document

    def counting(path: Path, *args: Any) -> Any:
        read.append(path)
        return real_read(path, *args)

    monkeypatch.setattr(paycalc.files.documents, "read_document", counting)
    out = runner.invoke(cli, ["show", "ofer-123"], env={"PAYCALC_PATH": str(tmp_path)})
    assert out.exit_code == 2, out.output
    [line] = out.stderr.splitlines()
    assert line.startswith("paycalc: unknown scheme 'ofer-123' (did you mean 'offer-123', ")
    assert line.endswith("'paycalc list' shows them all; or give a path to a .yaml file")
    assert 1 <= len(read) <= 6


def test_one_file_given_twice_by_different_names_is_checked_once(
    tmp_path: Path, runner: CliRunner
) -> None:
    text = (Path(__file__).parents[1] / "schemes" / "sodexo-2021.yaml").read_text()
    (tmp_path / "sodexo-2021.yaml").write_text(text)
    (tmp_path / "x").mkdir()
    (tmp_path / "link.yaml").symlink_to(tmp_path / "sodexo-2021.yaml")
    names = ["sodexo-2021.yaml", "./x/../sodexo-2021.yaml", "link.yaml"]
    out = runner.invoke(cli, ["validate", *(str(tmp_path / n) for n in names)])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == ["1 file checked: no problems."]


def test_a_symlink_loop_in_a_scheme_folder_is_one_problem_not_a_crash(
    tmp_path: Path, runner: CliRunner
) -> None:
    text = (Path(__file__).parents[1] / "schemes" / "sodexo-2021.yaml").read_text()
    (tmp_path / "sodexo-2021.yaml").write_text(text)
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    out = runner.invoke(cli, ["validate", str(tmp_path)])
    assert out.exit_code == 1, out.output
    assert (
        f"{tmp_path / 'a.yaml'}: PC001 cannot read file: Too many levels of symbolic links"
        in out.stdout
    )
    assert out.stdout.splitlines()[-1] == "3 files checked: 2 errors."
    env = {"PAYCALC_PATH": str(tmp_path)}
    for args in (["list"], ["show", "sodexo-2021"]):
        assert runner.invoke(cli, args, env=env).exit_code == 0, args
    unknown = runner.invoke(cli, ["show", "sodexo-2012"], env=env)
    assert unknown.exit_code == 2 and "did you mean 'sodexo-2021'" in unknown.stderr


@pytest.mark.parametrize("option", ["-o", "--rejects"])
def test_an_output_path_in_a_symlink_loop_is_refused_in_one_line(
    tmp_path: Path, option: str, runner: CliRunner
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("employee_id,band,point\nE1,3,1\n")
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    args = (
        ["-o", str(tmp_path / "out.csv"), option, str(loop)]
        if option == "--rejects"
        else ["-o", str(loop)]
    )
    out = runner.invoke(cli, ["apply", "sodexo-2020", str(staff), *args])
    assert out.exit_code == 2, out.output
    what = "rejects" if option == "--rejects" else "output"
    assert out.stderr.splitlines() == [f"paycalc: {what} {loop}: Too many levels of symbolic links"]
    assert loop.is_symlink()  # left as it was


# -- a bug is not bad input ----------------------------------------------------------------------


def test_the_engine_reports_a_steps_own_error_with_the_scheme_and_step(
    make_scheme: MakeScheme,
) -> None:
    # On the test scale band 5's top (30500) is above every band 4 point (26000, 27000,
    # 28000), so removing the overlap of 5 (lower) and 4 (upper) would delete all of band 4.
    from paycalc.engine import EngineError, run
    from paycalc.model import PersonSpec

    registry, path = make_scheme(
        "steps:\n  - {on: 2020-04-01, remove_overlap: {lower: '5', upper: '4'}}\n"
    )
    with pytest.raises(EngineError, match=r"^s0 step 1 \(remove_overlap\): removing the overlap"):
        run(registry.scheme(path), PersonSpec(band="4", point=1), registry)


def test_a_key_error_inside_a_step_is_a_bug_and_is_not_reported_as_bad_input(
    make_scheme: MakeScheme, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine turned any KeyError or ValueError from a step into a user error, so a
    # programming mistake read as a problem with the scheme file.
    from paycalc.engine import run
    from paycalc.model import PersonSpec
    from paycalc.steps.uplift import Uplift

    def broken(self: Uplift, state: object, ctx: object) -> object:
        return {}["no such key"]

    registry, path = make_scheme("steps:\n  - {on: 2020-04-01, uplift: {percent: 1}}\n")
    scheme = registry.scheme(path)
    monkeypatch.setattr(Uplift, "apply", broken)
    with pytest.raises(KeyError):
        run(scheme, PersonSpec(band="3", point=1), registry)
