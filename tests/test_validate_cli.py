"""`paycalc validate` as CI runs it: exit codes, the three output formats, what it searches."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from validate_helpers import INVALID, VALID, invoke_assert_code, validate_json

from paycalc.validate.report import escape_data, escape_property

UNKNOWN_KEY = INVALID / "unknown_key.yaml"
UNKNOWN_KEY_MESSAGE = (
    "unknown key 'incremnt' in 'steps[0]' (did you mean 'increment'?). A step has one of "
    "[assimilate, floor, increment, index_uplift, lump_sum, minimum_increase, remove_overlap, "
    "uplift] and may have [eligible, eligible_on, note, on, paid_on, quote, source]"
)


@pytest.fixture
def offers(tmp_path: Path) -> Path:
    """A copy of the clean fixture repository: good.yaml, its source text and scales/."""
    shutil.copytree(VALID, tmp_path / "offers")
    return tmp_path / "offers"


def test_the_bundled_schemes_and_scales_are_clean(runner: CliRunner) -> None:
    result = invoke_assert_code(runner, 0, ["validate"])  # 0: warnings at most
    assert " files checked: " in result.stdout.splitlines()[-1]


def test_a_clean_directory_exits_0_and_says_so(runner: CliRunner) -> None:
    result = invoke_assert_code(runner, 0, ["validate", VALID])
    assert result.stdout == "3 files checked: no problems.\n"


def test_text_output_is_one_located_line_per_problem_then_a_summary(runner: CliRunner) -> None:
    result = invoke_assert_code(runner, 1, ["validate", INVALID / "several_cross_file.yaml"])
    name = INVALID / "several_cross_file.yaml"
    assert result.stdout.splitlines() == [
        f"{name}:15:5: PC206 source 'letter' is not declared in 'sources'",
        f"{name}:16:5: PC204 step date 2021-04-01 is outside the period 2020-04-01 to 2021-03-31",
        f"{name}:21:34: PC301 Example 'band 3 point 1 moves to point 2': after: expected "
        f"21500.00, got 21000.00",
        "1 file checked: 3 errors.",
    ]


def test_json_output_is_the_whole_list_of_problems(runner: CliRunner) -> None:
    assert validate_json(runner, 1, UNKNOWN_KEY) == {
        "files": 1,
        "skipped": 0,
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "file": str(UNKNOWN_KEY),
                "line": 13,
                "col": 5,
                "code": "PC101",
                "severity": "error",
                "message": UNKNOWN_KEY_MESSAGE,
            }
        ],
    }


def test_github_output_is_native_workflow_commands_grouped_by_file(runner: CliRunner) -> None:
    empty = INVALID / "empty.yaml"
    result = invoke_assert_code(runner, 1, ["validate", "--format", "github", empty, UNKNOWN_KEY])
    assert result.stdout.splitlines() == [
        f"::group::{empty}",
        f"::error file={empty}::PC001 file is empty: expected a mapping with 'kind: scheme' or "
        f"'kind: scale'",
        "::endgroup::",
        f"::group::{UNKNOWN_KEY}",
        f"::error file={UNKNOWN_KEY},line=13,col=5::PC101 {UNKNOWN_KEY_MESSAGE}",
        "::endgroup::",
        "2 files checked: 2 errors.",
    ]


def test_github_output_escapes_file_names_and_messages(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "50%, final.yaml"
    path.write_text("kind: scheme\nid: x\ntitle: x\nincremnt: 1\n")
    result = invoke_assert_code(runner, 1, ["validate", "--format", "github", path])
    command = result.stdout.splitlines()[1]
    assert command.startswith(f"::error file={str(tmp_path).replace(':', '%3A')}/50%25%2C final")
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"


def test_warnings_are_shown_but_do_not_fail(offers: Path, runner: CliRunner) -> None:
    (offers / "good.yaml").rename(offers / "counter-offer.yaml")
    result = invoke_assert_code(runner, 0, ["validate", offers / "counter-offer.yaml"])
    assert result.stdout.splitlines() == [
        f"{offers / 'counter-offer.yaml'}:2:1: PC205 warning: id 'good' differs from the file "
        f"name 'counter-offer.yaml', so it cannot be found by id",
        "1 file checked: 1 warning.",
    ]
    as_github = invoke_assert_code(runner, 0, ["validate", "--format", "github", offers])
    assert as_github.stdout.splitlines()[1].startswith("::warning file=")


def test_bom_and_crlf_line_endings_are_fine(offers: Path, runner: CliRunner) -> None:
    path = offers / "good.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert validate_json(runner, 0, path)["problems"] == []


def test_a_repository_of_offers_validates_on_its_own(
    offers: Path, monkeypatch, runner: CliRunner
) -> None:
    monkeypatch.chdir(offers.parent)
    assert validate_json(runner, 0, "offers")["files"] == 3


def test_scales_are_found_in_every_directory_validated(offers: Path, runner: CliRunner) -> None:
    elsewhere = offers.parent / "shared-scales"
    (offers / "scales").rename(elsewhere)
    alone = validate_json(runner, 1, offers)
    assert {p["code"] for p in alone["problems"]} == {"PC201"}
    assert validate_json(runner, 0, offers, elsewhere)["files"] == 3


def test_an_id_used_by_two_validated_files_is_an_error(
    offers: Path, tmp_path: Path, runner: CliRunner
) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(offers / "good.yaml", copy / "good.yaml")
    report = validate_json(runner, 1, offers, copy)
    [problem] = report["problems"]
    assert (problem["file"], problem["line"], problem["code"]) == (
        str(copy / "good.yaml"),
        2,
        "PC205",
    )
    assert problem["message"] == f"scheme id 'good' is also used by {offers / 'good.yaml'}"


def test_a_file_that_cannot_be_read_is_a_problem_not_a_crash(
    tmp_path: Path, runner: CliRunner
) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    report = validate_json(runner, 1, tmp_path)
    [problem] = report["problems"]
    assert (problem["code"], problem["message"]) == ("PC001", "no such file")


def test_hidden_directories_are_not_searched(offers: Path, runner: CliRunner) -> None:
    (offers / ".github").mkdir()
    (offers / ".github" / "ci.yml").write_text("on: push\n")
    assert validate_json(runner, 0, offers)["files"] == 3


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(["no-such-dir"], "does not exist", id="missing-path"),
        pytest.param(["--format", "xml"], "'xml' is not one of", id="bad-format"),
        pytest.param(["--sources", "no-such-dir"], "does not exist", id="missing-sources"),
        pytest.param(["--frobnicate"], "No such option", id="unknown-option"),
    ],
)
def test_usage_errors_exit_2(args: list[str], words: str, runner: CliRunner) -> None:
    result = invoke_assert_code(runner, 2, ["validate", *args])
    assert words in result.stderr


def test_a_directory_without_yaml_files_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "notes.txt").write_text("nothing to check")
    result = invoke_assert_code(runner, 2, ["validate", tmp_path])
    assert result.stderr == f"paycalc: {tmp_path}: no .yaml or .yml files in this directory\n"


def test_skip_other_yaml_skips_files_of_other_tools_but_not_broken_schemes(
    offers: Path,
    runner: CliRunner,
) -> None:
    (offers / "workflow.yaml").write_text("kind: Deployment\nspec: !Ref Something\n")
    (offers / "broken.yaml").write_bytes(b'kind: "scheme"   # a comment\r\nid: [broken\r\n')
    plain = validate_json(runner, 1, offers)
    assert {Path(p["file"]).name for p in plain["problems"]} == {"workflow.yaml", "broken.yaml"}
    skipping = validate_json(runner, 1, "--skip-other-yaml", offers)
    assert (skipping["files"], skipping["skipped"]) == (4, 1)
    assert [Path(p["file"]).name for p in skipping["problems"]] == ["broken.yaml"]


def test_the_pre_commit_hook_runs_validate_skipping_other_yaml() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text())
    [hook] = hooks
    assert hook["id"] == "paycalc-validate"
    assert hook["entry"] == "paycalc validate --skip-other-yaml"
    assert hook["language"] == "python"
    assert hook["files"] == r"\.ya?ml$"
    assert hook["require_serial"] is True


def test_json_output_is_valid_json_when_there_is_nothing_wrong(runner: CliRunner) -> None:
    result = invoke_assert_code(runner, 0, ["validate", "--format", "json", VALID])
    assert json.loads(result.stdout)["problems"] == []
