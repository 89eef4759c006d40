"""When the machine fails an HR officer mid-run (full disk, unwritable or missing directory,
Ctrl-C), paycalc says so in one line, exits 2, leaves no partial file and never touches the
input."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from held_run import HeldRun, write_half_rejected

PAYCALC = [sys.executable, "-c", "from paycalc.cli import main; main()"]


def write_payroll(path: Path, rows: int) -> str:
    """A payroll on the bundled Interserve scale; returns its SHA-256."""
    lines = ["employee_id,band,point,salary,fte"]
    lines += [f"E{i},{2 + i % 4},{1 + i % 5},,1" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(directory: Path, payroll: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p != payroll)


def run(args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "CI": "true"}
    return subprocess.run([*PAYCALC, *args], cwd=cwd, capture_output=True, text=True, env=env, **kw)


def test_a_full_disk_gives_one_line_exit_2_and_no_partial_file(tmp_path: Path) -> None:
    payroll = tmp_path / "payroll.csv"
    digest = write_payroll(payroll, 5_000)

    def small_disk() -> None:
        # Files may not grow past 64 KiB: writing fails as on a full disk (EFBIG, not ENOSPC,
        # but through the same code path).
        resource.setrlimit(resource.RLIMIT_FSIZE, (65_536, 65_536))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    out = run(
        ["apply", "interserve-2020", "payroll.csv", "-o", "out.csv"],
        tmp_path,
        preexec_fn=small_disk,
    )
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == ["paycalc: File too large; no output was written"]
    assert leftovers(tmp_path, payroll) == []
    assert hashlib.sha256(payroll.read_bytes()).hexdigest() == digest


def test_an_unwritable_output_directory_gives_one_line_and_exit_2(tmp_path: Path) -> None:
    payroll = tmp_path / "payroll.csv"
    digest = write_payroll(payroll, 10)
    if os.geteuid() == 0:
        target = Path("/proc/paycalc-out.csv")  # root may write anywhere but here
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "out.csv"
    out = run(["apply", "interserve-2020", "payroll.csv", "-o", str(target)], tmp_path)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
    assert "no output was written" in out.stderr
    assert "Traceback" not in out.stderr
    assert not target.exists()
    assert hashlib.sha256(payroll.read_bytes()).hexdigest() == digest


def test_a_missing_output_directory_gives_one_line_and_exit_2(tmp_path: Path) -> None:
    payroll = tmp_path / "payroll.csv"
    digest = write_payroll(payroll, 10)
    out = run(["apply", "interserve-2020", "payroll.csv", "-o", "nowhere/out.csv"], tmp_path)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
    assert "nowhere" in out.stderr
    assert leftovers(tmp_path, payroll) == []
    assert hashlib.sha256(payroll.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    "sig",
    [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT],
    ids=["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"],
)
def test_an_interrupt_mid_run_leaves_no_file_and_the_input_untouched(
    tmp_path: Path, sig: signal.Signals
) -> None:
    payroll = tmp_path / "payroll.csv"
    write_half_rejected(payroll)
    digest = hashlib.sha256(payroll.read_bytes()).hexdigest()
    # A suite started in the background (`pytest &`) hands its children SIGINT ignored, which
    # paycalc rightly keeps; this test is about a signal that is delivered.
    run = HeldRun(
        ["apply", "interserve-2020", "payroll.csv", "-o", "out.csv"],
        tmp_path,
        tmp_path / "rejects.csv",
        lambda: signal.signal(sig, signal.SIG_DFL),
    )
    run.signal(sig)
    code, stderr, _ = run.finish()
    assert code == 2, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("paycalc: interrupted") and "no output" in last
    assert "Traceback" not in stderr
    assert leftovers(tmp_path, payroll) == ["rejects.csv"]  # the FIFO itself, nothing else
    assert hashlib.sha256(payroll.read_bytes()).hexdigest() == digest


def test_a_signal_ignored_at_start_stays_ignored_so_nohup_runs_finish(tmp_path: Path) -> None:
    # `nohup paycalc apply …` ignores SIGHUP before paycalc starts; a hang-up mid-run must not
    # stop it. Of 30,000 rows the 15,000 on band 3 are applied and the 15,000 on band 9
    # rejected: exit 3, output complete.
    write_half_rejected(tmp_path / "payroll.csv")
    run = HeldRun(
        ["apply", "interserve-2020", "payroll.csv", "-o", "out.csv"],
        tmp_path,
        tmp_path / "rejects.csv",
        lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    run.signal(signal.SIGHUP)
    code, stderr, _ = run.finish()
    assert code == 3, stderr
    with open(tmp_path / "out.csv", encoding="utf-8-sig") as f:
        assert sum(1 for _ in f) == 15_001  # the header and every applied row
