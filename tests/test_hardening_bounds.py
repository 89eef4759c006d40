"""Bounded work on any input: a YAML file is sized before it is read, a scheme's steps and a
scale's points are counted before they are built, every number option is finite and in range,
and `variant_of` names another scheme that exists (issue 23, second hostile round)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from paycalc.cli import cli
from paycalc.limits import MAX_BANDS, MAX_POINTS, MAX_SCALE_POINTS, MAX_STEPS, WEEK_HOURS

FIXTURES = Path(__file__).parent / "fixtures" / "payroll"
AWARD = (FIXTURES / "award.yaml").read_text(encoding="utf-8")
PAYROLL = "employee_id,band,point\nE1,3,1\n"


def invoke(
    runner: CliRunner, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    out = runner.invoke(cli, list(args), env=env)
    return out.exit_code, out.stdout, out.stderr


def award_with_steps(folder: Path, count: int, ident: str = "many") -> Path:
    """The fixture award with its steps replaced by `count` uplifts of 0.01 %."""
    head = AWARD.split("steps:")[0].replace("id: award\n", f"id: {ident}\n")
    steps = "  - on: 2020-04-01\n    uplift: {percent: 0.01}\n" * count
    path = folder / f"{ident}.yaml"
    path.write_text(f"{head}steps:\n{steps}", encoding="utf-8")
    return path


def scale_with(folder: Path, bands: int, points: int) -> Path:
    def band(b: int) -> str:
        values = ", ".join(str(10000 + 1000 * b + p) for p in range(points))
        return f'  - {{name: "{b}", points: [{values}]}}\n'

    rows = "".join(band(b) for b in range(bands))
    path = folder / "wide.yaml"
    path.write_text(
        "kind: scale\nid: wide\ntitle: t\nemployer: e\neffective: 2019-04-01\n"
        f"status: illustrative\nbands:\n{rows}",
        encoding="utf-8",
    )
    return path


# -- a YAML file is sized before it is read --------------------------------------------------


def test_a_sparse_yaml_of_1_5_gb_is_refused_by_its_size_without_the_cache(
    runner: CliRunner, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as f:
        f.truncate(1_610_612_736)  # sparse: no disk used, and reading it would take 1.5 GB
    code, _, err = invoke(runner, "show", str(huge), env={"PAYCALC_NO_CACHE": "1"})
    assert code == 2
    assert err == (
        f"{huge}: PC001 file is too large (1,610,612,736 bytes; a scheme or scale file is at "
        "most 1,048,576)\n"
    )


def test_a_yaml_symlinked_to_dev_zero_is_one_line_not_a_memory_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    (tmp_path / "p.csv").write_text(PAYROLL)
    code, _, err = invoke(
        runner, "apply", str(zero), str(tmp_path / "p.csv"), "-o", str(tmp_path / "o.csv")
    )
    assert code == 2
    assert err == "/dev/zero: PC001 not a regular file (a device)\n"


def test_a_file_holding_more_than_its_stat_says_is_cut_at_the_bound() -> None:
    # A file under /proc says 0 bytes and holds more (as a file that grows after its stat
    # does): /proc/self/status, a regular file, holds a line for each of its 50-odd fields.
    from paycalc.files import source

    path = Path("/proc/self/status")
    if not path.is_file():
        pytest.skip("no /proc on this system")
    assert path.stat().st_size == 0
    with pytest.raises(source.FileProblems) as caught:
        source.read_text(path, max_bytes=50)
    assert "file is too large (more than 50 bytes" in str(caught.value.problems[0])


# -- steps, bands and points are counted ------------------------------------------------------


def test_a_scheme_of_4000_uplift_steps_is_refused_before_it_runs(
    runner: CliRunner, tmp_path: Path
) -> None:
    scheme = award_with_steps(tmp_path, 4000)
    (tmp_path / "scales").symlink_to(FIXTURES / "scales")
    (tmp_path / "p.csv").write_text(PAYROLL)
    code, _, err = invoke(
        runner, "apply", str(scheme), str(tmp_path / "p.csv"), "-o", str(tmp_path / "o.csv")
    )
    assert code == 2
    # 20,000 values come before the 4,000th step (7 to a step): the file is refused as it is
    # parsed, before any step is built.
    assert err == (
        f"{scheme}: PC103 more than 20,000 values (keys, items and scalars): a scheme or scale "
        "file holds a few hundred\n"
    )
    assert not (tmp_path / "o.csv").exists()


def test_a_scheme_of_exactly_the_most_steps_is_valid(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "scales").symlink_to(FIXTURES / "scales")
    at_bound = award_with_steps(tmp_path, MAX_STEPS, "most")
    over = award_with_steps(tmp_path, MAX_STEPS + 1, "over")
    code, out, _ = invoke(runner, "validate", str(at_bound), str(over))
    assert code == 1
    assert f"{over}:11:1: PC103 'steps' has {MAX_STEPS + 1} items" in out
    assert str(at_bound) not in out


@pytest.mark.parametrize(
    ("bands", "points", "message"),
    [
        pytest.param(MAX_BANDS + 1, 1, f"7:1: PC103 'bands' has {MAX_BANDS + 1} items", id="bands"),
        pytest.param(
            1,
            MAX_POINTS + 1,
            f"8:17: PC103 'bands[0].points' has {MAX_POINTS + 1} items",
            id="points",
        ),
        pytest.param(
            MAX_SCALE_POINTS // MAX_POINTS + 1,
            MAX_POINTS,
            f"7:1: PC103 the bands have {MAX_SCALE_POINTS + MAX_POINTS:,} points in all",
            id="points-in-all",
        ),
    ],
)
def test_a_scale_over_its_bounds_is_refused(
    runner: CliRunner, tmp_path: Path, bands: int, points: int, message: str
) -> None:
    path = scale_with(tmp_path, bands, points)
    code, out, _ = invoke(runner, "validate", str(path))
    assert code == 1
    assert f"{path}:{message}" in out


def test_a_scale_at_its_bounds_is_valid(runner: CliRunner, tmp_path: Path) -> None:
    path = scale_with(tmp_path, MAX_SCALE_POINTS // MAX_POINTS, MAX_POINTS)
    code, out, _ = invoke(runner, "validate", str(path))
    assert code == 0, out


# -- number options -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nan", "'nan' is not a number"),  # was a traceback in apply and check
        ("inf", "'inf' is not a number"),  # a traceback in apply, '0 flagged' in check
        ("1e308", "'1e308' is not a number"),  # made every salary 0.00, exit 0
        ("0", "0 is not weekly hours: give a number above 0 and at most 168"),
        ("-37", "-37 is not weekly hours"),
        ("168.01", "168.01 is not weekly hours"),
        ("37.0000001", "'37.0000001' has more than 6 decimal places"),
        ("9" * 40, "is too large (more than 12 digits before the point)"),
    ],
)
@pytest.mark.parametrize("command", ["apply", "check"])
def test_full_time_hours_out_of_range_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path, command: str, value: str, message: str
) -> None:
    payroll = tmp_path / "p.csv"
    payroll.write_text("employee_id,band,hours\nE1,3,18.5\n")
    rest = ["-o", str(tmp_path / "o.csv")] if command == "apply" else ["--scale", "sodexo-2020-21"]
    first = (
        ["apply", "sodexo-2021", str(payroll)] if command == "apply" else ["check", str(payroll)]
    )
    code, _, err = invoke(runner, *first, *rest, "--full-time-hours", value)
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith("paycalc: Invalid value for '--full-time-hours': ")
    assert message in line


@given(
    st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=2, allow_nan=False)
)
def test_full_time_hours_are_taken_exactly_when_above_0_and_at_most_168(hours: Decimal) -> None:
    from paycalc.cli.options import HoursType

    text = str(hours)
    if Decimal(0) < hours <= WEEK_HOURS:
        assert HoursType().convert(text, None, None) == hours
    else:
        with pytest.raises(Exception, match="is not weekly hours"):
            HoursType().convert(text, None, None)


def test_an_hours_column_at_the_full_time_hours_is_read_as_the_fte(
    runner: CliRunner, tmp_path: Path
) -> None:
    import json

    payroll = tmp_path / "p.csv"
    payroll.write_text("employee_id,band,point,hours\nE1,3,1,18.5\n")
    out = tmp_path / "o.csv"
    args = ("apply", "sodexo-2021", str(payroll), "-o", str(out), "--format", "json")
    code, report, err = invoke(runner, *args, "--full-time-hours", "37")
    assert code == 0, err
    # 18.5 of 37 hours is an FTE of 0.5: £22,700 at point 2 of band 3 is paid as £11,350.
    assert json.loads(report)["fte"] == "0.5"
    assert ",11350.00," in out.read_text(encoding="utf-8").splitlines()[1]


@pytest.mark.parametrize("value", ["0.0000001", "0.9999999"])
def test_an_fte_option_with_more_than_six_places_is_refused(runner: CliRunner, value: str) -> None:
    code, _, err = invoke(
        runner, "explain", "sodexo-2021", "--band", "3", "--point", "1", "--fte", value
    )
    assert code == 2
    assert f"'{value}' has more than 6 decimal places" in err


# -- variant_of ---------------------------------------------------------------------------------


def write_variant(folder: Path, ident: str, of: str) -> None:
    text = AWARD.replace("id: award\n", f"id: {ident}\nvariant_of: {of}\n")
    (folder / f"{ident}.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("variants", "checked", "message"),
    [
        pytest.param(
            [("a", "a")],
            "a",
            "variant_of: 'a' names the scheme itself; name the scheme it reads again",
            id="itself",
        ),
        pytest.param(
            [("b", "nowhere")],
            "b",
            "variant_of: no scheme 'nowhere' beside this file, in the folders validated or bundled",
            id="missing",
        ),
        pytest.param(
            [("c", "d"), ("d", "e"), ("e", "c")],
            "c",
            "variant_of: the variants go round in a circle: c -> d -> e -> c",
            id="cycle",
        ),
        pytest.param(
            [("f", "crc-pay")], "f", "variant_of: crc-pay is a scale, not a scheme", id="a-scale"
        ),
    ],
)
def test_validate_refuses_a_variant_of_nothing_itself_or_a_circle(
    runner: CliRunner, tmp_path: Path, variants: list[tuple[str, str]], checked: str, message: str
) -> None:
    (tmp_path / "scales").symlink_to(FIXTURES / "scales")
    for ident, of in variants:
        write_variant(tmp_path, ident, of)
    code, out, _ = invoke(runner, "validate", str(tmp_path / f"{checked}.yaml"))
    assert code == 1
    assert f"{checked}.yaml:4:1: PC209 {message}" in out


def test_a_variant_of_an_existing_scheme_is_valid(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "scales").symlink_to(FIXTURES / "scales")
    (tmp_path / "award.yaml").write_text(AWARD, encoding="utf-8")
    write_variant(tmp_path, "reading", "award")
    code, out, _ = invoke(runner, "validate", str(tmp_path / "reading.yaml"))
    assert code == 0, out


# -- a quoted CSV cell over 64 MiB ----------------------------------------------------------------


def test_a_quoted_cell_over_64_mib_rejects_its_row_and_the_run_goes_on(
    runner: CliRunner, tmp_path: Path
) -> None:
    payroll = tmp_path / "p.csv"
    with payroll.open("w", encoding="utf-8") as f:
        f.write(
            'employee_id,band,point,note\nE1,3,1,"' + "x" * (65 * 1024 * 1024) + '"\nE2,3,2,ok\n'
        )
    out = tmp_path / "o.csv"
    code, _, err = invoke(runner, "apply", "sodexo-2021", str(payroll), "-o", str(out))
    assert code == 3, err  # some rows rejected
    rejects = (tmp_path / "o.csv.rejects.csv").read_text(encoding="utf-8").splitlines()
    assert rejects[1].startswith("2,note,")  # the row of line 2, its note column
    assert [line.split(",")[0] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "employee_id",
        "E2",
    ]


def test_uplifts_that_would_pass_decimal_precision_stop_at_the_digit_bound(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "scales").symlink_to(FIXTURES / "scales")
    head = AWARD.split("steps:")[0].replace("id: award\n", "id: doubling\n")
    scheme = tmp_path / "doubling.yaml"
    scheme.write_text(head + "steps:\n" + "  - on: 2020-04-01\n    uplift: {percent: 100}\n" * 100)
    code, _, err = invoke(runner, "explain", str(scheme), "--band", "3", "--point", "1")
    # Before: decimal.InvalidOperation from quantize, a traceback. Band 3 point 1 is £20,000;
    # 25 doublings make it 20,000 x 33,554,432 = £671,088,640,000 (12 digits), and the 26th
    # would make 13.
    assert code == 2
    assert err == (
        "paycalc: doubling step 26 (uplift): the uplift takes £671,088,640,000.00 past 12 digits "
        "before the point, beyond any pay\n"
    )


def test_a_file_of_more_values_than_any_scheme_holds_is_refused_while_it_is_parsed(
    runner: CliRunner,
    tmp_path: Path,
) -> None:
    from paycalc.files.yamlio import MAX_VALUES

    path = tmp_path / "keys.yaml"
    # 100,000 one-line keys in under 1 MB: 200,000 values. Before, 100,002 problems in 9.5 s.
    path.write_text("kind: scheme\nid: keys\n" + "".join(f"k{i}: 1\n" for i in range(100_000)))
    code, out, _ = invoke(runner, "validate", str(path), env={"PAYCALC_NO_CACHE": "1"})
    assert code == 1
    assert out.splitlines() == [
        f"{path}: PC103 more than {MAX_VALUES:,} values (keys, items and scalars): a scheme or "
        "scale file holds a few hundred",
        "1 file checked: 1 error.",
    ]


def test_a_file_of_thousands_of_model_errors_lists_the_first_and_counts_the_rest(
    runner: CliRunner,
    tmp_path: Path,
) -> None:
    from paycalc.files.load import MAX_PROBLEMS

    path = tmp_path / "keys.yaml"
    # 5,000 unknown keys and the 7 missing ones named in one problem: 5,001 errors from the model.
    path.write_text("kind: scheme\nid: keys\n" + "".join(f"k{i}: 1\n" for i in range(5_000)))
    code, out, _ = invoke(runner, "validate", str(path), env={"PAYCALC_NO_CACHE": "1"})
    assert code == 1
    lines = out.splitlines()
    # The 7 missing keys and the first 193 unknown ones are listed (k192 on line 195); the
    # count of the rest stands at the last of them.
    last_line, left = MAX_PROBLEMS - 7 + 2, 5_000 + 7 - MAX_PROBLEMS
    assert lines[-2] == (
        f"{path}:{last_line}:1: PC100 and {left:,} more problems, not listed: fix these and "
        "validate again"
    )
    assert sum("PC101 unknown key" in line for line in lines) == MAX_PROBLEMS - 7


def test_a_value_longer_than_any_title_note_or_quote_is_refused_at_its_place(
    runner: CliRunner,
    tmp_path: Path,
) -> None:
    from paycalc.files.yamlio import MAX_TEXT

    path = tmp_path / "long.yaml"
    # Before: a one-megabyte title, printed whole by `list` (ten thousand lines).
    path.write_text(f"kind: scheme\nid: long\ntitle: {'W' * (MAX_TEXT + 1)}\n")
    code, out, _ = invoke(runner, "validate", str(path))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}:3:8: PC103 a value of {MAX_TEXT + 1:,} characters; a value is at most "
        f"{MAX_TEXT:,} (a quote is a sentence or two, a note a paragraph)"
    )
