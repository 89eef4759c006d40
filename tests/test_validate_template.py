"""`paycalc new-scheme`: the template it writes validates as written, and every commented-out
step kind is a valid step once uncommented."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from validate_helpers import VALID, invoke_assert_code, validate_json

from paycalc.steps import STEP_KINDS


@pytest.fixture
def offers(tmp_path: Path) -> Path:
    shutil.copytree(VALID / "scales", tmp_path / "offers" / "scales")
    return tmp_path / "offers"


def new_scheme(runner: CliRunner, offers: Path, name: str = "my-offer", *extra: str) -> Path:
    out = offers / f"{name}.yaml"
    invoke_assert_code(
        runner,
        0,
        [
            "new-scheme",
            name,
            "--from-scale",
            offers / "scales" / "crc.yaml",
            "--reference",
            offers / "scales" / "ref.yaml",
            "-o",
            out,
            *extra,
        ],
    )
    return out


def test_the_template_has_no_errors_but_a_warning_for_each_todo(
    offers: Path, runner: CliRunner
) -> None:
    path = new_scheme(runner, offers)
    problems = validate_json(runner, 0, path)["problems"]
    todo_lines = [
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "TODO" in line.split(" #")[0] and not line.lstrip().startswith("#")
    ]
    assert len(todo_lines) >= 3  # title, employer, the source's title at least
    assert [(p["code"], p["severity"], p["line"]) for p in problems] == [
        ("PC208", "warning", n) for n in todo_lines
    ]


def test_the_template_with_its_todos_replaced_validates_cleanly(
    offers: Path, runner: CliRunner
) -> None:
    path = new_scheme(runner, offers)
    text = path.read_text(encoding="utf-8")
    filled = [
        line.split(" #")[0].replace("TODO", "Filled")
        if "TODO" in line.split(" #")[0] and not line.lstrip().startswith("#")
        else line
        for line in text.splitlines()
    ]
    path.write_text("\n".join(filled) + "\n", encoding="utf-8")
    assert validate_json(runner, 0, path)["problems"] == []


def test_the_template_example_has_the_right_figures_for_the_scale(
    offers: Path, runner: CliRunner
) -> None:
    text = new_scheme(runner, offers).read_text(encoding="utf-8")
    assert '    person: {band: "3", point: 1}\n' in text
    assert '    expect: {before: "20000.00", after: "21000.00", point: 2}\n' in text
    assert "from_scale: crc\n" in text and "reference: ref\n" in text
    assert "period: {start: 2020-04-01, end: 2021-03-31}\n" in text


def test_the_example_catches_a_wrong_figure(offers: Path, runner: CliRunner) -> None:
    path = new_scheme(runner, offers)
    path.write_text(path.read_text().replace('after: "21000.00"', 'after: "21000.01"'))
    problems = validate_json(runner, 1, path)["problems"]
    [problem] = [p for p in problems if p["code"] != "PC208"]  # PC208: the template's TODOs
    assert problem["code"] == "PC301"
    assert problem["message"].endswith("after: expected 21000.01, got 21000.00")


def test_every_commented_step_kind_is_a_valid_step_once_uncommented(
    offers: Path, runner: CliRunner
) -> None:
    path = new_scheme(runner, offers)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^  # - on:", "  - on:", text, flags=re.MULTILINE)
    text = re.sub(r"^  #   ([a-z_]+:)", r"    \1", text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    kinds = [k for k in re.findall(r"^    ([a-z_]+):", text, re.M) if k in STEP_KINDS]
    assert sorted(kinds) == sorted(STEP_KINDS)  # each kind once: the working step and the rest
    codes = {p["code"] for p in validate_json(runner, 1, path)["problems"]}
    assert codes <= {"PC301", "PC208"}  # the figures change, but every step is well formed


def test_the_template_explains_each_key_in_a_comment(offers: Path, runner: CliRunner) -> None:
    text = new_scheme(runner, offers).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=paycalc.schema.json\n")
    for key in ["kind", "id", "title", "employer", "covers", "status", "from_scale", "reference",
                "period", "sources", "steps", "not_modelled", "examples"]:  # fmt: skip
        line = next(i for i, t in enumerate(text.splitlines()) if t.startswith(f"{key}:"))
        around = text.splitlines()[line : line + 2]
        assert "#" in "".join(around), key


def test_a_bundled_scale_pair_gives_a_clean_template(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "counter.yaml"
    args = ["--from-scale", "interserve-2019-20", "--reference", "nps-2019-20", "-o", out]
    invoke_assert_code(runner, 0, ["new-scheme", "counter", *args])
    assert {p["code"] for p in validate_json(runner, 0, out)["problems"]} == {"PC208"}


def test_without_output_the_template_goes_to_stdout(offers: Path, runner: CliRunner) -> None:
    result = invoke_assert_code(runner,
        0, ["new-scheme", "x", "--from-scale", offers / "scales" / "crc.yaml", "--reference",
            offers / "scales" / "ref.yaml"],
    )  # fmt: skip
    assert "kind: scheme" in result.stdout and "id: x\n" in result.stdout


def test_an_existing_file_is_not_overwritten_without_force(offers: Path, runner: CliRunner) -> None:
    path = new_scheme(runner, offers)
    path.write_text("mine")
    args = ["new-scheme", "my-offer", "--from-scale", "crc", "--reference", "ref", "-o", path]
    result = invoke_assert_code(runner, 2, args)
    assert "exists; give --force" in result.stderr
    assert path.read_text() == "mine"
    new_scheme(runner, offers, "my-offer", "--force")
    assert path.read_text().startswith("# yaml-language-server")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(["My Offer", "--from-scale", "nps-2019-20", "--reference", "nps-2019-20"],
                     "'My Offer' is not a valid id", id="bad-id"),
        pytest.param(["x", "--from-scale", "nope", "--reference", "nps-2019-20"],
                     "unknown scale 'nope'", id="unknown-scale"),
        pytest.param(["x", "--reference", "nps-2019-20"], "Missing option '--from-scale'",
                     id="missing-option"),
    ],
)  # fmt: skip
def test_new_scheme_usage_errors_exit_2(args: list[str], words: str, runner: CliRunner) -> None:
    result = invoke_assert_code(runner, 2, ["new-scheme", *args])
    assert words in result.stderr


def test_a_band_missing_from_the_reference_is_pointed_out(offers: Path, runner: CliRunner) -> None:
    ref = offers / "scales" / "ref.yaml"
    ref.write_text(ref.read_text().replace('{name: "4"', '{name: "PO"'))
    text = new_scheme(runner, offers).read_text(encoding="utf-8")
    assert "# NEEDED: bands 4 of crc have no namesake on ref" in text


def test_the_scheme_authors_guide_worked_example_validates(
    tmp_path: Path, runner: CliRunner
) -> None:
    guide = Path(__file__).parents[1] / "docs" / "scheme-authors.md"
    section = guide.read_text(encoding="utf-8").split("## Writing a scheme file", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "counter-2020.yaml"
    path.write_text(example, encoding="utf-8")
    assert validate_json(runner, 0, path)["problems"] == []


def test_a_new_scheme_in_the_current_directory_is_found_by_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    import json

    from paycalc.cli import cli

    monkeypatch.chdir(tmp_path)
    args = ["--from-scale", "interserve-2019-20", "--reference", "nps-2019-20"]
    invoke_assert_code(runner, 0, ["new-scheme", "counter-2020", *args, "-o", "counter-2020.yaml"])
    (tmp_path / "broken.yaml").write_text("kind: scheme\nid: [\n", encoding="utf-8")
    (tmp_path / "mkdocs.yaml").write_text("site_name: not ours\n", encoding="utf-8")
    misnamed = (tmp_path / "counter-2020.yaml").read_text(encoding="utf-8")
    (tmp_path / "copy.yaml").write_text(misnamed, encoding="utf-8")  # id counter-2020 again
    out = runner.invoke(
        cli, ["compare", "counter-2020", "--band", "3", "--point", "1", "-f", "json"]
    )
    assert out.exit_code == 0, out.output
    # The template's one working step is an increment: band 3 point 1 (22,374.00 on
    # interserve-2019-20) moves to point 2.
    [row] = json.loads(out.stdout)["results"]
    assert (row["scheme"], row["before"], row["end_point"]) == ("counter-2020", "22374.00", 2)
    # Every scheme: the broken file is a warning on stderr, the file that is not ours is ignored.
    every = runner.invoke(cli, ["compare", "--band", "3", "--point", "top", "-f", "json"])
    assert every.exit_code == 0, every.output
    rounds = json.loads(every.stdout)["comparisons"]  # one comparison per pay round
    assert "counter-2020" in {s["id"] for c in rounds for s in c["schemes"]}
    assert "paycalc: warning: " in every.stderr and "broken.yaml" in every.stderr
    assert "mkdocs" not in every.stderr
    assert "copy.yaml: id 'counter-2020' is not the file name (skipped)" in every.stderr
