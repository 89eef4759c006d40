"""What paycalc writes never replaces what it reads, a device, a pipe or another run's file;
pipes work as input and output; and nothing personal is left behind."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from held_run import HeldRun, write_half_rejected

from paycalc.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "payroll"
SCHEME = str(FIXTURES / "award.yaml")
PAYCALC = [sys.executable, "-c", "from paycalc.cli import main; main()"]
# Two applied rows and one rejected (band 9 does not exist), with a multi-line quoted cell.
STAFF = 'employee_id,band,point,address\nE1,3,1,"1 High St\nLeeds"\nE2,9,1,x\nE3,4,top,y\n'


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    out = runner.invoke(cli, list(args), input=input)
    return out.exit_code, out.stdout, out.stderr


def run(args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "CI": "true", **kw.pop("env", {})}
    return subprocess.run([*PAYCALC, *args], cwd=cwd, capture_output=True, text=True, env=env, **kw)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """The test scheme and its scales copied into tmp_path, so they can be named as paths."""
    shutil.copy(FIXTURES / "award.yaml", tmp_path / "award.yaml")
    shutil.copytree(FIXTURES / "scales", tmp_path / "scales")
    return tmp_path / "award.yaml"


# --- an output that is an input is refused, for every command that writes ----------------------


def test_compare_refuses_to_write_over_its_payroll(tmp_path: Path, runner: CliRunner) -> None:
    pay = write(tmp_path / "pay.csv", "employee_id,band,point\nE1,3,1\n")
    before = digest(pay)
    code, _, err = invoke(
        runner, "compare", SCHEME, "--payroll", str(pay), "--format", "csv", "-o", str(pay)
    )
    assert code == 2
    assert "never overwrites its input" in err
    assert digest(pay) == before


def test_compare_refuses_to_write_over_its_scheme_by_another_spelling(
    rules: Path, tmp_path: Path, runner: CliRunner
) -> None:
    before = digest(rules)
    other = tmp_path / "scales" / ".." / "award.yaml"
    code, _, err = invoke(runner, "compare", str(rules), "--format", "csv", "-o", str(other))
    assert code == 2
    assert "never overwrites its input" in err
    assert digest(rules) == before


def test_compare_refuses_a_hard_link_to_a_scale_it_read(
    rules: Path, tmp_path: Path, runner: CliRunner
) -> None:
    scale = tmp_path / "scales" / "crc-pay.yaml"
    before = digest(scale)
    os.link(scale, tmp_path / "linked.csv")
    code, _, err = invoke(
        runner, "compare", str(rules), "--format", "csv", "-o", str(tmp_path / "linked.csv")
    )
    assert code == 2
    assert "never overwrites its input" in err
    assert digest(scale) == before


def test_new_scheme_refuses_to_write_over_the_scale_it_reads_even_with_force(
    rules: Path, tmp_path: Path, runner: CliRunner
) -> None:
    scale = tmp_path / "scales" / "crc-pay.yaml"
    before = digest(scale)
    code, _, err = invoke(runner,
        "new-scheme", "x", "--from-scale", str(scale), "--reference", "nps-2019-20",
        "-o", str(scale), "--force",
    )  # fmt: skip
    assert code == 2
    assert "never overwrites its input" in err
    assert digest(scale) == before


def test_schema_refuses_to_write_over_a_scheme_on_the_search_path(
    rules: Path, runner: CliRunner
) -> None:
    runner.env["PAYCALC_PATH"] = str(rules.parent)
    before = digest(rules)
    code, _, err = invoke(runner, "schema", "-o", str(rules))
    assert code == 2
    assert "never overwrites its input" in err
    assert digest(rules) == before


def test_apply_refuses_to_write_its_rejects_over_the_scheme_file(
    rules: Path, tmp_path: Path, runner: CliRunner
) -> None:
    pay = write(tmp_path / "pay.csv", STAFF)
    before = digest(rules)
    out = str(tmp_path / "out.csv")
    code, _, err = invoke(runner, "apply", str(rules), str(pay), "-o", out, "--rejects", str(rules))
    assert code == 2
    assert "never overwrites its input" in err
    assert digest(rules) == before


def test_check_refuses_to_write_its_report_over_the_payroll(
    tmp_path: Path, runner: CliRunner
) -> None:
    pay = write(tmp_path / "pay.csv", STAFF)
    scale = str(FIXTURES / "scales" / "crc-pay.yaml")
    code, _, err = invoke(
        runner, "check", str(pay), "--scale", scale, "--format", "csv", "-o", str(pay)
    )
    assert code == 2
    assert "never overwrites its input" in err
    assert digest(pay) == hashlib.sha256(STAFF.encode()).hexdigest()


def test_check_reads_a_payroll_from_stdin(tmp_path: Path, runner: CliRunner) -> None:
    scale = str(FIXTURES / "scales" / "crc-pay.yaml")
    pay = write(tmp_path / "pay.csv", STAFF)
    from_file = invoke(runner, "check", str(pay), "--scale", scale, "--format", "json")
    from_stdin = invoke(runner, "check", "-", "--scale", scale, "--format", "json", input=STAFF)
    assert from_stdin[0] == from_file[0] == 1  # band 9 is flagged
    as_read = [json.loads(out[1]) for out in (from_stdin, from_file)]
    assert as_read[0].pop("input") == "-"
    as_read[1].pop("input")
    assert as_read[0] == as_read[1]


# --- two runs to one output --------------------------------------------------------------------


def test_a_second_run_to_the_same_output_is_refused_while_the_first_runs(
    tmp_path: Path,
) -> None:
    write_half_rejected(tmp_path / "a.csv")
    write(tmp_path / "b.csv", STAFF)
    first = HeldRun(
        ["apply", "interserve-2020", "a.csv", "-o", "out.csv"], tmp_path, tmp_path / "a.rejects"
    )
    second = run(["apply", SCHEME, "b.csv", "-o", "out.csv"], tmp_path)
    code, first_err, rejects = first.finish()
    assert second.returncode == 2
    assert second.stderr.strip().splitlines() == [
        f"paycalc: {tmp_path / 'out.csv'}: another paycalc run is writing this file; "
        "wait for it to finish (nothing was written)"
    ]
    assert code == 3, first_err
    # The output is the first run's: of its 30,000 rows the 15,000 on band 3 are applied (the
    # 15,000 on band 9, which the scale lacks, went to its rejects).
    with open(tmp_path / "out.csv", newline="", encoding="utf-8-sig") as f:
        assert sum(1 for _ in csv.reader(f)) - 1 == 15_000
    assert rejects > 15_000 * 20
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# --- devices, FIFOs, symlinks and permissions --------------------------------------------------


def test_apply_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(tmp_path: Path) -> None:
    write(tmp_path / "pay.csv", STAFF)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = run(["apply", SCHEME, "pay.csv", "-o", str(fifo), "--rejects", "r.csv"], tmp_path)
    try:
        data, _ = reader.communicate(timeout=20)
    finally:
        reader.kill()
    assert result.returncode == 3, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    rows = list(csv.reader(data.decode("utf-8").splitlines(keepends=True)))
    # The header and the two applied rows (E1 and E3); E2's band 9 is rejected.
    assert [r[0] for r in rows] == ["employee_id", "E1", "E3"]


@pytest.fixture
def null_device(tmp_path: Path) -> Path:
    """A null device. As root (who could replace the real /dev/null if a regression renamed
    over it), a private one made with mknod beside the test's files; else /dev/null, which
    only root may replace."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


def test_apply_to_a_null_device_leaves_the_device_alone(tmp_path: Path, null_device: Path) -> None:
    write(tmp_path / "pay.csv", STAFF)
    before = os.stat(null_device)
    result = run(
        ["apply", SCHEME, "pay.csv", "-o", str(null_device), "--rejects", "r.csv"], tmp_path
    )
    assert result.returncode == 3, result.stderr
    after = os.stat(null_device)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_device_output_needs_a_named_rejects_file(tmp_path: Path, null_device: Path) -> None:
    write(tmp_path / "pay.csv", STAFF)
    result = run(["apply", SCHEME, "pay.csv", "-o", str(null_device)], tmp_path)
    assert result.returncode == 2
    assert "give --rejects FILE" in result.stderr
    assert stat.S_ISCHR(os.stat(null_device).st_mode)
    assert not Path(f"{null_device}.rejects.csv").exists()


def test_a_symlinked_output_is_written_through_and_stays_a_symlink(
    tmp_path: Path, runner: CliRunner
) -> None:
    write(tmp_path / "pay.csv", STAFF)
    (tmp_path / "real").mkdir()
    (tmp_path / "out.csv").symlink_to(tmp_path / "real" / "o.csv")
    code, _, err = invoke(
        runner, "apply", SCHEME, str(tmp_path / "pay.csv"), "-o", str(tmp_path / "out.csv")
    )
    assert code == 3, err
    assert (tmp_path / "out.csv").is_symlink()
    with open(tmp_path / "real" / "o.csv", newline="") as f:
        assert [r[0] for r in csv.reader(f)] == ["employee_id", "E1", "E3"]


def test_an_existing_output_keeps_its_permissions(tmp_path: Path, runner: CliRunner) -> None:
    write(tmp_path / "pay.csv", STAFF)
    out = write(tmp_path / "out.csv", "old\n")
    out.chmod(0o640)
    invoke(runner, "apply", SCHEME, str(tmp_path / "pay.csv"), "-o", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text().startswith("employee_id")


def test_temporary_files_sit_in_a_private_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    # While the output is being written, the only new entry beside it is a directory only its
    # owner may open (0700): the temporary file's name and data are hidden from other users.
    import paycalc.apply.positions

    seen: list[int] = []
    original = paycalc.apply.positions.Positions.place

    def look(self: paycalc.apply.positions.Positions, position: object) -> object:
        hidden = [p for p in tmp_path.iterdir() if p.name.startswith(".paycalc-")]
        seen.extend(stat.S_IMODE(p.stat().st_mode) for p in hidden if p.is_dir())
        return original(self, position)  # type: ignore[arg-type]

    monkeypatch.setattr(paycalc.apply.positions.Positions, "place", look)
    write(tmp_path / "pay.csv", STAFF)
    invoke(runner, "apply", SCHEME, str(tmp_path / "pay.csv"), "-o", str(tmp_path / "out.csv"))
    assert seen and set(seen) == {0o700}


# --- pipes ---------------------------------------------------------------------------------------


def test_apply_from_stdin_to_stdout_equals_the_file_to_file_run(tmp_path: Path) -> None:
    pay = write(tmp_path / "staff.csv", STAFF)
    files = run(["apply", SCHEME, "staff.csv", "-o", "out.csv", "--rejects", "rej.csv"], tmp_path)
    piped = subprocess.run(
        f"cat staff.csv | {' '.join(PAYCALC[:2])} '{PAYCALC[2]}' apply {SCHEME} - -o - "
        "--rejects piped-rej.csv",
        shell=True, cwd=tmp_path, capture_output=True, env={**os.environ, "CI": "true"},
    )  # fmt: skip
    assert files.returncode == piped.returncode == 3
    assert piped.stdout == (tmp_path / "out.csv").read_bytes()
    assert (tmp_path / "piped-rej.csv").read_bytes() == (tmp_path / "rej.csv").read_bytes()
    # The count line is on stderr, never among the rows.
    assert b"2 of 3 rows applied to standard output; 1 rejected, see piped-rej.csv" in piped.stderr
    assert digest(pay) == hashlib.sha256(STAFF.encode()).hexdigest()


def test_apply_to_stdout_needs_a_named_rejects_file(tmp_path: Path, runner: CliRunner) -> None:
    write(tmp_path / "pay.csv", STAFF)
    code, out, err = invoke(runner, "apply", SCHEME, str(tmp_path / "pay.csv"), "-o", "-")
    assert code == 2
    assert "give --rejects FILE" in err
    assert out == ""
    assert not (tmp_path / "-").exists()


def test_apply_reads_dev_stdin_and_leaves_no_copy_behind(tmp_path: Path) -> None:
    write(tmp_path / "pay.csv", STAFF)
    spool = tmp_path / "tmp"
    spool.mkdir()
    with open(tmp_path / "pay.csv", "rb") as stdin:
        result = run(
            ["apply", SCHEME, "/dev/stdin", "-o", "-", "--rejects", "r.csv"],
            tmp_path, stdin=stdin, env={"TMPDIR": str(spool)},
        )  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert [r[0] for r in csv.reader(result.stdout.splitlines())] == ["employee_id", "E1", "E3"]
    assert list(spool.iterdir()) == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="process substitution needs bash")
def test_compare_reads_a_payroll_from_process_substitution(tmp_path: Path) -> None:
    write(tmp_path / "pay.csv", "employee_id,band,point\nE1,3,1\nE2,3,2\nE3,4,1\n")
    cmd = f"{' '.join(PAYCALC[:2])} '{PAYCALC[2]}' compare {SCHEME} --format json"
    direct = subprocess.run(
        ["bash", "-c", f"{cmd} --payroll pay.csv"], cwd=tmp_path, capture_output=True, text=True
    )
    piped = subprocess.run(
        ["bash", "-c", f"{cmd} --payroll <(cat pay.csv)"], cwd=tmp_path, capture_output=True,
        text=True,
    )  # fmt: skip
    assert direct.returncode == 0, direct.stderr
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == direct.stdout
    assert '"total": 3' in piped.stdout


# --- clear messages about the CSV ----------------------------------------------------------------


def test_utf16_without_a_bom_is_named_as_such(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "pay.csv").write_bytes(STAFF.encode("utf-16-le"))
    code, _, err = invoke(
        runner, "apply", SCHEME, str(tmp_path / "pay.csv"), "-o", str(tmp_path / "o.csv")
    )
    assert code == 2
    assert "looks like UTF-16" in err
    assert "\x00" not in err


def test_one_huge_quoted_cell_rejects_its_row_not_the_run(
    tmp_path: Path, runner: CliRunner
) -> None:
    huge = "x" * 131_073  # one more than the csv module's limit
    write(tmp_path / "pay.csv", f'employee_id,band,point,note\nE1,3,1,"{huge}"\nE2,3,2,ok\n')
    code, _, err = invoke(
        runner, "apply", SCHEME, str(tmp_path / "pay.csv"), "-o", str(tmp_path / "o.csv")
    )
    assert code == 3, err
    with open(tmp_path / "o.csv.rejects.csv", encoding="utf-8-sig", newline="") as f:
        rejects = list(csv.reader(f))
    assert [r[:3] for r in rejects[1:]] == [
        ["2", "note", "a cell of 131,073 characters; a cell may hold at most 131,072"]
    ]
    with open(tmp_path / "o.csv", encoding="utf-8-sig", newline="") as f:
        assert [r[0] for r in csv.reader(f)] == ["employee_id", "E2"]


def test_a_csv_error_names_the_file(tmp_path: Path, runner: CliRunner) -> None:
    write(tmp_path / "pay.csv", 'employee_id,band,point,note\nE1,3,1,"never closed\nE2,3,2,x\n')
    code, _, err = invoke(
        runner, "apply", SCHEME, str(tmp_path / "pay.csv"), "-o", str(tmp_path / "o.csv")
    )
    assert code == 2
    assert err.strip() == f"paycalc: {tmp_path / 'pay.csv'}: line 2: a quoted field is never closed"


def test_an_input_rewritten_during_the_run_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    # Rewriting the file while it is read, as another program might, must give one line and
    # exit 2, and no output.
    import paycalc.apply.positions

    pay = write(tmp_path / "pay.csv", "employee_id,band,point\nE2,3,1\nE1,3,1\nE3,3,1\nE1,3,2\n")
    original = paycalc.apply.positions.Positions.place

    def rewrite_first(self: paycalc.apply.positions.Positions, position: object) -> object:
        write(pay, "employee_id,band,point\nZ9,3,1\nZ8,3,1\nZ7,3,2\nZ6,3,2,extra\n")
        return original(self, position)  # type: ignore[arg-type]

    monkeypatch.setattr(paycalc.apply.positions.Positions, "place", rewrite_first)
    code, _, err = invoke(runner, "apply", SCHEME, str(pay), "-o", str(tmp_path / "o.csv"))
    assert code == 2
    assert err.strip() == (
        f"paycalc: {pay}: the file changed while it was being read; no output was written"
    )
    assert not (tmp_path / "o.csv").exists()


def test_no_writer_replaces_a_scheme_in_the_working_directory_even_with_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    # paycalc finds a scheme in the working directory by its id (list shows it), so no output
    # may replace it, --force included: a counter-offer kept there is never lost to a typo.
    monkeypatch.chdir(tmp_path)
    args = ["new-scheme", "counter", "--from-scale", "interserve-2019-20"]
    args += ["--reference", "nps-2019-20", "-o", "counter.yaml"]
    assert invoke(runner, *args)[0] == 0
    first = digest(tmp_path / "counter.yaml")
    code, _, err = invoke(runner, *args, "--force")
    assert code == 2 and "never writes over one, even with --force" in err
    code, _, err = invoke(runner, "compare", "sodexo-2020", "--format", "csv", "-o", "counter.yaml")
    assert code == 2 and "never" in err  # "never writes over one", or "never overwrites its input"
    assert digest(tmp_path / "counter.yaml") == first
    # A YAML file that is not a scheme, scale or price index is not protected.
    (tmp_path / "notes.yaml").write_text("title: my notes\n", encoding="utf-8")
    code, _, err = invoke(runner, "compare", "sodexo-2020", "--format", "csv", "-o", "notes.yaml")
    assert code == 0, err


def test_compare_reads_a_payroll_from_stdin(tmp_path: Path, runner: CliRunner) -> None:
    people = "employee_id,band,point\nE1,3,1\nE2,3,2\nE3,4,1\n"
    pay = write(tmp_path / "pay.csv", people)
    from_file = invoke(runner, "compare", SCHEME, "--payroll", str(pay), "--format", "json")
    from_stdin = invoke(
        runner, "compare", SCHEME, "--payroll", "-", "--format", "json", input=people
    )
    assert from_stdin[0] == from_file[0] == 0
    assert from_stdin[1] == from_file[1]
    assert '"total": 3' in from_stdin[1]
