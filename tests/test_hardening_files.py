"""Files that name themselves: a local file never stands in for a bundled one, a scheme whose own
examples fail is not used silently, writers never replace a file paycalc finds, and a lock file
is never followed or named as an output (issue 23, second hostile round)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.files.registry import bundled_dir

# The folder the paycalc under test ships, wherever it is installed (not the checkout's, which
# an installed paycalc reads as any other folder).
BUNDLED = bundled_dir()
PAYROLL = "employee_id,band,point\n1,3,1\n"


def invoke(
    runner: CliRunner, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    out = runner.invoke(cli, list(args), env=env)
    return out.exit_code, out.stdout, out.stderr


def edited_sodexo(folder: Path) -> Path:
    """sodexo-2020 with its 2 % top-up made 9 % (its own examples then fail)."""
    text = (BUNDLED / "sodexo-2020.yaml").read_text(encoding="utf-8")
    assert "minimum_increase: {percent: 2," in text
    path = folder / "sodexo-2020.yaml"
    path.write_text(
        text.replace("minimum_increase: {percent: 2,", "minimum_increase: {percent: 9,")
    )
    return path


def unconsolidated(path: Path) -> str:
    with path.open(newline="", encoding="utf-8") as f:
        return next(csv.DictReader(f))["unconsolidated"]


# -- a local file with a bundled id ------------------------------------------------------------


def test_a_local_scheme_with_a_bundled_id_does_not_replace_the_bundled_offer_in_apply(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = edited_sodexo(tmp_path)
    (tmp_path / "p.csv").write_text(PAYROLL)
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(runner, "apply", "sodexo-2020", "p.csv", "-o", "out.csv")
    assert code == 0, err
    # Band 3 point 1 of sodexo-2020-21 (£22,300) moves to point 2 (£22,700): an increment of
    # £400. The bundled offer tops the year's rise up to 2 % of £22,300 = £446, so £46 one-off;
    # the planted 9 % would have paid £2,007 - £400 = £1,607.
    assert unconsolidated(tmp_path / "out.csv") == "46.00"
    assert f"paycalc: warning: {planted} not used: 'sodexo-2020' is a bundled scheme" in err


def test_a_local_scheme_on_paycalc_path_with_a_bundled_id_is_not_used_by_id(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    planted = edited_sodexo(shared)
    work = tmp_path / "work"
    work.mkdir()
    (work / "p.csv").write_text(PAYROLL)
    monkeypatch.chdir(work)
    code, _, err = invoke(
        runner, "apply", "sodexo-2020", "p.csv", "-o", "out.csv", env={"PAYCALC_PATH": str(shared)}
    )
    assert code == 0, err
    assert unconsolidated(work / "out.csv") == "46.00"  # as above, by hand
    assert f"{planted} not used" in err


def test_a_planted_reference_scale_does_not_change_any_compare_gap(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    monkeypatch.chdir(clean)
    args = ("compare", "sodexo-2020", "interserve-2020", "--band", "3", "--format", "csv")
    code, expected, err = invoke(runner, *args)
    assert code == 0, err
    planted = tmp_path / "planted"
    planted.mkdir()
    text = (BUNDLED / "scales" / "nps-2020-21.yaml").read_text(encoding="utf-8")
    # Every NPS value in the thousands raised by 5,000: every gap would move.
    raised = "\n".join(
        line.replace("points: [2", "points: [7") if "points: [" in line else line
        for line in text.splitlines()
    )
    assert raised != text
    (planted / "nps-2020-21.yaml").write_text(raised)
    monkeypatch.chdir(planted)
    code, got, err = invoke(runner, *args)
    assert code == 0, err
    assert got == expected
    assert "nps-2020-21.yaml not used: 'nps-2020-21' is a bundled scale" in err


def test_list_shows_the_bundled_file_for_a_bundled_id_and_names_the_local_one(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = edited_sodexo(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(runner, "list", "--format", "json")
    assert code == 0, err
    import json

    found = [
        entry
        for entries in json.loads(out).values()
        if isinstance(entries, list)
        for entry in entries
        if isinstance(entry, dict) and entry.get("id") == "sodexo-2020"
    ]
    assert [entry["from"] for entry in found] == ["bundled"]
    assert f"{planted} not used" in err


def test_a_local_scheme_given_by_path_is_used_but_a_payroll_run_refuses_failing_examples(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = edited_sodexo(tmp_path)
    (tmp_path / "p.csv").write_text(PAYROLL)
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(runner, "apply", "./sodexo-2020.yaml", "p.csv", "-o", "out.csv")
    assert code == 2
    assert not (tmp_path / "out.csv").exists()
    [line] = err.splitlines()
    assert line.startswith(f"paycalc: {planted}:")
    assert "this scheme's own example does not hold" in line
    assert "expected 2.00, got 9.00" in line
    assert "it is not applied until its examples agree" in line


def test_a_scheme_whose_examples_fail_is_explained_after_one_warning_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = edited_sodexo(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(runner, "explain", str(planted), "--band", "3", "--point", "1")
    assert code == 0, err
    warnings = [line for line in err.splitlines() if "own example does not hold" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"paycalc: warning: {planted}:")
    # £22,300 x 9 % = £2,007, less the £400 increment: the file's own steps are what is shown.
    assert "1,607.00" in out


def test_a_scheme_whose_examples_hold_is_applied_by_path_without_a_word(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (BUNDLED / "sodexo-2020.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(text.replace("id: sodexo-2020\n", "id: mine\n"))
    (tmp_path / "p.csv").write_text(PAYROLL)
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(runner, "apply", "mine", "p.csv", "-o", "out.csv")
    assert code == 0, err
    assert "warning" not in err
    assert unconsolidated(tmp_path / "out.csv") == "46.00"


# -- special files in the places paycalc searches ---------------------------------------------


@pytest.fixture
def fifo_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    fifo = tmp_path / "notes.yaml"
    os.mkfifo(fifo)
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    monkeypatch.chdir(tmp_path)
    return fifo


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param(("list",), 0, id="list"),
        pytest.param(("show", "sodexo-2002"), 2, id="show-a-mistyped-id"),
        pytest.param(("show", "notes"), 2, id="show-the-fifo-by-id"),
    ],
)
def test_a_fifo_or_device_in_the_working_directory_is_skipped_with_a_warning(
    runner: CliRunner, fifo_here: Path, args: tuple[str, ...], code: int
) -> None:
    got, _, err = invoke(runner, *args)  # before: `list` and `show` waited on the FIFO for ever
    assert got == code, err
    assert f"paycalc: warning: {fifo_here}: not a regular file (a FIFO) (skipped)" in err
    assert "MemoryError" not in err


def test_validate_of_a_folder_skips_a_fifo_and_a_device_with_a_warning(
    runner: CliRunner, fifo_here: Path
) -> None:
    code, out, _ = invoke(runner, "validate", ".")
    assert code == 0, out
    assert "notes.yaml: PC001 warning: not a regular file (a FIFO): skipped" in out
    assert "zero.yaml: PC001 warning: not a regular file (a device): skipped" in out


@pytest.mark.parametrize("name", ["zero.yaml", "notes.yaml"])
def test_a_special_file_given_by_path_is_one_line(
    runner: CliRunner, fifo_here: Path, name: str
) -> None:
    code, _, err = invoke(runner, "show", f"./{name}")
    assert code == 2
    [line] = err.splitlines()
    assert "PC001 not a regular file" in line


# -- writers never replace a file paycalc finds ------------------------------------------------

NEW_SCHEME = ("new-scheme", "mine", "--from-scale", "sodexo-2020-21", "--reference", "nps-2020-21")


def test_new_scheme_force_refuses_a_scheme_on_paycalc_path(
    runner: CliRunner, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "mine.yaml"
    code, _, err = invoke(runner, *NEW_SCHEME, "-o", str(target))
    assert code == 0, err
    before = target.read_bytes()
    env = {"PAYCALC_PATH": str(shared)}
    code, _, err = invoke(runner, *NEW_SCHEME, "--force", "-o", str(target), env=env)
    assert code == 2
    assert err == (
        f"paycalc: output {target} is a file paycalc may read as a scheme or scale ({target}); "
        "it never writes over one, even with --force: give another name\n"
    )
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        pytest.param((*NEW_SCHEME, "--force"), id="new-scheme-force"),
        pytest.param(("schema",), id="schema"),
        pytest.param(("compare", "sodexo-2021", "--band", "3", "--point", "1"), id="compare"),
        pytest.param(("check", "p.csv", "--scale", "sodexo-2020-21"), id="check"),
        pytest.param(("apply", "sodexo-2021", "p.csv"), id="apply"),
    ],
)
def test_no_writer_replaces_a_bundled_file_it_did_not_read(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    (tmp_path / "p.csv").write_text(PAYROLL)
    monkeypatch.chdir(tmp_path)
    target = BUNDLED / "nps-2021.yaml"  # read by none of these runs
    before = target.read_bytes()
    try:
        code, _, err = invoke(runner, *args, "-o", str(target))
    finally:  # a regression must not leave the checkout's data replaced
        changed = target.read_bytes() != before
        target.write_bytes(before)
        (BUNDLED / "nps-2021.rejects.yaml").unlink(missing_ok=True)
    assert code == 2, err
    # check and schema name every file they find as an input; the others say it is one found
    assert (
        "a file paycalc may read as a scheme or scale" in err or "never overwrites its input" in err
    )
    assert not changed


def test_apply_rejects_never_replace_a_scale_beside_the_scheme_given_by_path(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (BUNDLED / "sodexo-2020.yaml").read_text(encoding="utf-8")
    offers = tmp_path / "offers"
    offers.mkdir()
    (offers / "mine.yaml").write_text(text.replace("id: sodexo-2020\n", "id: mine\n"))
    other = offers / "other.yaml"
    other.write_text(text.replace("id: sodexo-2020\n", "id: other\n"))
    (tmp_path / "p.csv").write_text(PAYROLL)
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(
        runner,
        "apply",
        str(offers / "mine.yaml"),
        "p.csv",
        "-o",
        "out.csv",
        "--rejects",
        str(other),
    )
    assert code == 2, err
    assert f"rejects {other} is a file paycalc may read as a scheme or scale" in err
    assert not (tmp_path / "out.csv").exists()


def test_an_output_is_the_same_file_by_any_spelling_a_link_or_a_folder_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paycalc.output import same_file, same_file_as

    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    scheme = tmp_path / "real" / "mine.yaml"
    scheme.write_text("kind: scheme\n")
    os.link(scheme, tmp_path / "hard.yaml")
    (tmp_path / "soft.yaml").symlink_to(scheme)
    (tmp_path / "folder").symlink_to(tmp_path / "real")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "real" / "new.yaml")
    names = [
        "real/mine.yaml",  # relative, from the working directory
        str(scheme),
        str(tmp_path / "real" / ".." / "real" / "mine.yaml"),
        "hard.yaml",  # a hard link
        "soft.yaml",  # a symbolic link
        str(tmp_path / "folder" / "mine.yaml"),  # through a link to its folder
        str(tmp_path / "folder" / "new.yaml"),  # not there yet, through the folder's link
        "real/new.yaml",
        "dangling.yaml",  # a link to real/new.yaml, not there yet
        "other.yaml",
        "-",  # standard output is no file
    ]
    same_as_scheme = {n for n in names[:6]}
    same_as_new = {names[6], names[7], names[8]}
    for a in names:
        is_a = same_file_as(a)
        for b in names:
            expected = a != "-" != b and (
                a == b or {a, b} <= same_as_scheme or {a, b} <= same_as_new
            )
            assert is_a(b) == same_file(a, b) == expected, (a, b)


# -- lock files ----------------------------------------------------------------------------------


def test_a_symlink_planted_as_the_lock_is_refused_and_its_target_never_created(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "p.csv").write_text(PAYROLL)
    victim = tmp_path / "victim"
    lock = tmp_path / ".out.csv.paycalc-lock"
    lock.symlink_to(victim)
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(runner, "apply", "sodexo-2021", "p.csv", "-o", "out.csv")
    assert code == 2
    assert not victim.exists()
    assert lock.is_symlink()
    assert not (tmp_path / "out.csv").exists()
    assert f"paycalc: {lock}: not a lock file paycalc made" in err


def test_a_hard_link_planted_as_the_lock_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "p.csv").write_text(PAYROLL)
    victim = tmp_path / "victim"
    victim.write_text("someone's file\n")
    os.link(victim, tmp_path / ".out.csv.paycalc-lock")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(runner, "apply", "sodexo-2021", "p.csv", "-o", "out.csv")
    assert code == 2
    assert "not a lock file paycalc made (not a plain file with one name)" in err
    assert victim.read_text() == "someone's file\n"


def test_a_lock_left_by_a_killed_run_does_not_stop_the_next_and_is_removed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "p.csv").write_text(PAYROLL)
    lock = tmp_path / ".out.csv.paycalc-lock"
    lock.write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(runner, "apply", "sodexo-2021", "p.csv", "-o", "out.csv")
    assert code == 0, err
    assert (tmp_path / "out.csv").exists()
    assert not lock.exists()


@pytest.mark.parametrize(
    "option",
    [
        pytest.param(("--rejects", ".out.csv.paycalc-lock"), id="rejects"),
        pytest.param(("--rejects", "sub/.x.paycalc-lock"), id="rejects-in-a-folder"),
    ],
)
def test_no_output_may_be_named_as_a_lock(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: tuple[str, str]
) -> None:
    (tmp_path / "p.csv").write_text(PAYROLL)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(runner, "apply", "sodexo-2021", "p.csv", "-o", "out.csv", *option)
    assert code == 2
    assert f"paycalc: rejects {option[1]} is named as paycalc's lock files are" in err
    assert not (tmp_path / "out.csv").exists()


def test_an_output_symlinked_to_a_lock_name_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "p.csv").write_text(PAYROLL)
    (tmp_path / "report.csv").symlink_to(tmp_path / ".out.csv.paycalc-lock")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(
        runner, "compare", "sodexo-2021", "--band", "3", "--format", "csv", "-o", "report.csv"
    )
    assert code == 2
    assert "output report.csv is named as paycalc's lock files are" in err


def test_a_warning_naming_a_file_escapes_its_control_characters(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(tmp_path / "red\x1b[31m.yaml")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(runner, "list")
    assert code == 0, err
    assert "\x1b" not in err
    assert f"paycalc: warning: {tmp_path}/red\\x1b[31m.yaml: not a regular file (a FIFO)" in err


def test_the_bundled_folder_on_paycalc_path_or_a_link_to_a_bundled_file_is_no_stand_in(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sodexo-2020.yaml").symlink_to(BUNDLED / "sodexo-2020.yaml")
    (tmp_path / "p.csv").write_text(PAYROLL)
    monkeypatch.chdir(tmp_path)
    spelled = f"{BUNDLED}/../schemes"  # the bundled folder, spelled another way
    code, _, err = invoke(
        runner, "apply", "sodexo-2020", "p.csv", "-o", "out.csv", env={"PAYCALC_PATH": spelled}
    )
    assert code == 0, err
    assert "not used" not in err
    assert unconsolidated(tmp_path / "out.csv") == "46.00"  # the bundled offer, as worked above


def test_an_output_name_too_long_for_its_lock_name_is_still_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "a" * 250 + ".csv"  # 254 bytes: '.NAME.paycalc-lock' would be 268
    code, _, err = invoke(
        runner, "compare", "sodexo-2021", "--band", "3", "--format", "csv", "-o", name
    )
    assert code == 0, err  # before: 'File name too long' for the lock
    assert (tmp_path / name).read_text(encoding="utf-8").startswith("scheme,")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # the lock is gone


# -- validate --sources reads only regular files inside the sources folder -------------------------


@pytest.mark.parametrize("planted", ["fifo", "dev-zero", "outside"])
def test_a_source_file_that_is_special_or_outside_the_sources_is_not_read(
    tmp_path: Path, planted: str, runner: CliRunner
) -> None:
    import shutil

    from validate_helpers import VALID, validate_json

    offers = tmp_path / "offers"
    shutil.copytree(VALID, offers)
    letter = offers / "offer-letter.txt"
    scheme = offers / "good.yaml"
    text = scheme.read_text(encoding="utf-8")
    # A changed quote: PC207 if the source were read and held the letter's text.
    text = text.replace("one spine point increment", "two spine point increments")
    if planted == "outside":
        # The letter's text, outside --sources and named by a path that climbs out of it.
        shutil.copy(letter, tmp_path / "letter.txt")
        text = text.replace("file: offer-letter.txt", "file: ../letter.txt")
    letter.unlink()
    if planted == "fifo":
        os.mkfifo(letter)  # before: validate waited on it for ever
    elif planted == "dev-zero":
        letter.symlink_to("/dev/zero")  # before: read until memory ran out
    scheme.write_text(text, encoding="utf-8")
    # Not read, so the quote is not checked (as for a source file that is not there); before,
    # ../letter.txt was read and the changed quote was PC207.
    assert validate_json(runner, 0, "--sources", offers, offers)["problems"] == []


def test_an_unknown_id_of_5000_characters_is_shown_clipped(runner: CliRunner) -> None:
    code, _, err = invoke(runner, "show", "x" * 5000)
    assert code == 2
    # before: all 5,000 characters repeated in the message
    assert err.startswith(f"paycalc: unknown scheme '{'x' * 39}…';")
    assert len(err) < 300


def test_a_stand_in_is_named_once_and_only_when_its_id_is_asked_for(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited_sodexo(tmp_path)
    scale = (BUNDLED / "scales" / "nps-2020-21.yaml").read_text(encoding="utf-8")
    (tmp_path / "nps-2020-21.yaml").write_text(scale, encoding="utf-8")
    (tmp_path / "p.csv").write_text(PAYROLL)
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(runner, "check", "p.csv", "--scale", "nps-2020-21", "-o", "r.csv")
    assert code in (0, 1), err  # 1: the row is flagged (point 1 of band 3 is not NPS pay)
    warnings = [line for line in err.splitlines() if "warning" in line]
    # before: three lines, two of them the same, one about a scheme check never read
    assert warnings == [
        f"paycalc: warning: {tmp_path}/nps-2020-21.yaml not used: 'nps-2020-21' is a bundled "
        "scale, and a bundled id always means the bundled file (give this file's path to use it)"
    ]
