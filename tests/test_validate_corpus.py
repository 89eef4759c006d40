"""The broken-file corpus: each file gives one problem with the expected code, line and words,
exit 1, never a traceback, and no code runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from validate_helpers import INVALID, validate_json

from paycalc.errors import CODES


def _bytes(data: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "generated.yaml"
        path.write_bytes(data)
        return path

    return make


def _huge(tmp_path: Path) -> Path:
    path = tmp_path / "huge.yaml"
    line = "# " + "x" * 98 + "\n"
    path.write_text("kind: scheme\n" + line * 11_000)  # 1.1 MB of comment, then nothing
    return path


# file in tests/fixtures/invalid (or a function writing one into tmp_path): code, line, words
CORPUS: dict[str, tuple[str | Callable[[Path], Path], str, int | None, list[str]]] = {
    "bad-yaml": ("bad_yaml", "PC002", 14, ["did not find expected", "starts at line 13"]),
    "tabs": ("tabs", "PC002", 13, ["tab character", "spaces"]),
    "duplicate-key": (
        "duplicate_key",
        "PC003",
        14,
        ["duplicate key 'increment'", "first at line 13"],
    ),
    "unknown-key": (
        "unknown_key",
        "PC101",
        13,
        ["unknown key 'incremnt'", "did you mean 'increment'"],
    ),
    "unknown-nested-key": (
        "unknown_key_nested",
        "PC101",
        13,
        ["unknown key 'pionts'", "steps[0].increment"],
    ),
    "unknown-top-key": (
        "unknown_top_key",
        "PC101",
        19,
        ["unknown key 'refernces'", "Allowed keys are"],
    ),
    "merge-key": ("merge_key", "PC101", 13, ["unknown key '<<'"]),
    "wrong-type": ("wrong_type", "PC103", 13, ["steps[0].increment.points", "'two'"]),
    "wrong-enum": ("wrong_status", "PC103", 5, ["'status'", "'maybe'", "'claim'"]),
    "float-looking-money": ("scientific_money", "PC004", 13, ["'1e3'", "scientific notation"]),
    "negative-money": ("negative_money", "PC103", 13, ["money cannot be negative"]),
    "fraction-of-penny": ("fraction_of_penny", "PC103", 13, ["fractions of a penny"]),
    "percent-zero": ("percent_zero", "PC103", 13, ["percentage is a number above 0"]),
    "unknown-step-kind": (
        "unknown_step_kind",
        "PC101",
        13,
        ["unknown key 'bonus'", "A step has one of"],
    ),
    "step-without-kind": ("step_without_kind", "PC104", 12, ["has no kind"]),
    "two-kinds-in-step": (
        "two_kinds_in_step",
        "PC104",
        12,
        ["more than one kind (increment, uplift)"],
    ),
    "missing-kind": ("missing_kind", "PC102", 1, ["no 'kind' key"]),
    "unknown-kind": ("unknown_kind", "PC103", 1, ["kind 'schema'"]),
    "missing-keys": (
        "missing_keys",
        "PC102",
        1,
        ["missing keys 'employer', 'status'", "'sources'"],
    ),
    "top-level-list": ("top_level_list", "PC103", 1, ["expected a mapping"]),
    "period-backwards": ("period_backwards", "PC103", 8, ["the period ends before it starts"]),
    "two-documents": ("two_documents", "PC002", 19, ["more than one YAML document"]),
    "missing-scale": ("missing_scale", "PC201", 6, ["scale 'crc-2019' not found"]),
    "band-not-in-scale": ("band_not_in_scale", "PC202", 14, ["eligible band '9' is not on crc"]),
    "example-band-not-in-scale": (
        "example_band_not_in_scale",
        "PC202",
        17,
        ["band '9' is not on crc"],
    ),
    "points-not-ascending": (
        "points_not_ascending",
        "PC203",
        9,
        ["point 3 (20500.00) is not above point 2 (21000.00)"],
    ),
    "date-outside-period": (
        "date_outside_period",
        "PC204",
        12,
        ["2019-04-01", "outside the period"],
    ),
    "undeclared-source": ("undeclared_source", "PC206", 15, ["source 'letter' is not declared"]),
    "failing-example": (
        "failing_example",
        "PC301",
        18,
        ["Example 'band 3 point 1 moves to point 2': after: expected 21500.00, got 21000.00"],
    ),
    "example-cannot-run": (
        "example_cannot_run",
        "PC302",
        16,
        ["Example 'band 3 point 1 moves to point 2': cannot be computed", "point 9"],
    ),
    "empty-file": ("empty", "PC001", None, ["file is empty"]),
    "only-comments": ("only_comments", "PC001", None, ["file is empty"]),
    "not-utf8": ("not_utf8", "PC001", None, ["not UTF-8", "0xe9"]),
    "yaml-bomb": ("yaml_bomb", "PC004", 1, ["aliases"]),
    "binary-file": (
        _bytes(b"kind: scheme\x00\x01\x02\xff\xfe" * 50),
        "PC001",
        None,
        ["not a text file"],
    ),
    "png-file": (
        _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "PC001",
        None,
        ["not a text file"],
    ),
    "huge-file": (_huge, "PC001", None, ["too large", "1,048,576"]),
}


@pytest.mark.parametrize(("fixture", "code", "line", "words"), CORPUS.values(), ids=CORPUS)
def test_broken_file_gives_one_located_problem_and_exit_1(
    fixture: str | Callable[[Path], Path],
    code: str,
    line: int | None,
    words: list[str],
    tmp_path: Path,
    runner: CliRunner,
) -> None:
    path = INVALID / f"{fixture}.yaml" if isinstance(fixture, str) else fixture(tmp_path)
    report = validate_json(runner, 1, path)
    assert report["errors"] == 1
    [problem] = report["problems"]
    assert (problem["file"], problem["code"], problem["line"]) == (str(path), code, line)
    assert code in CODES  # every code is documented in one place
    for word in words:
        assert word in problem["message"]


PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:pathlib.Path {{}}",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
def test_a_python_tag_is_refused_and_runs_nothing(
    tag: str, tmp_path: Path, runner: CliRunner
) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "tagged.yaml"
    path.write_text(f"kind: scheme\nid: {tag.format(marker=marker)}\ntitle: x\n")
    report = validate_json(runner, 1, path)
    [problem] = report["problems"]
    assert (problem["code"], problem["line"], problem["col"]) == ("PC004", 2, 5)
    assert "is not allowed" in problem["message"]
    assert not marker.exists()


def test_every_model_problem_in_a_file_is_reported_not_just_the_first(runner: CliRunner) -> None:
    report = validate_json(runner, 1, INVALID / "several_problems.yaml")
    found = [(p["line"], p["code"], p["message"].split(" (")[0]) for p in report["problems"]]
    assert found == [
        (2, "PC101", "unknown key 'status_note' in '(top level)'"),
        (14, "PC101", "unknown key 'incremnt' in 'steps[0]'"),
        (
            16,
            "PC103",
            "'steps[1].uplift.percent': a percentage is a number above 0 and at most 100",
        ),
        (18, "PC103", "'steps[2].lump_sum.amount': money cannot be negative"),
    ]


def test_cross_file_problems_and_failing_examples_are_reported_together(runner: CliRunner) -> None:
    report = validate_json(runner, 1, INVALID / "several_cross_file.yaml")
    assert [(p["line"], p["code"]) for p in report["problems"]] == [
        (15, "PC206"),
        (16, "PC204"),
        (21, "PC301"),
    ]


def test_every_file_of_a_directory_is_reported(runner: CliRunner) -> None:
    report = validate_json(runner, 1, INVALID)
    files = {Path(p["file"]).name for p in report["problems"]}
    expected = {p.name for p in INVALID.glob("*.yaml")}
    assert files == expected
    assert report["files"] == len(expected) + 2  # and the two scales, which are clean
