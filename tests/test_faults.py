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
import time
from collections.abc import Callable
from pathlib import Path

import pytest

PAYCALC = [sys.executable, "-c", "from paycalc.cli import main; main()"]


def write_payroll(path: Path, rows: int, distinct_salaries: bool = False) -> str:
    """A payroll on the bundled Interserve scale; returns its SHA-256."""
    lines = ["employee_id,band,point,salary,fte"]
    for i in range(rows):
        if distinct_salaries:  # every row a new position: slow enough to interrupt
            lines.append(f"E{i},4,,{30000 + i / 100:.2f},1")
        else:
            lines.append(f"E{i},{2 + i % 4},{1 + i % 5},,1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(directory: Path, payroll: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p != payroll)


def apply_until_writing(
    tmp_path: Path, preexec: Callable[[], object], ended: str
) -> subprocess.Popen[str]:
    """Start `paycalc apply` on tmp_path/payroll.csv and return once it is writing (its
    temporary files, hidden names, exist); `preexec` sets the child's signal dispositions."""
    proc = subprocess.Popen(
        [*PAYCALC, "apply", "interserve-2020", "payroll.csv", "-o", "out.csv"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CI": "true"},
        preexec_fn=preexec,
    )
    deadline = time.monotonic() + 20
    while not any(p.name.startswith(".") for p in tmp_path.iterdir()):
        assert proc.poll() is None, ended
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return proc


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
    digest = write_payroll(payroll, 60_000, distinct_salaries=True)
    # A suite started in the background (`pytest &`) hands its children SIGINT ignored, which
    # paycalc rightly keeps; this test is about a signal that is delivered.
    proc = apply_until_writing(
        tmp_path,
        lambda: signal.signal(sig, signal.SIG_DFL),
        "the run ended before it could be interrupted",
    )
    time.sleep(0.2)  # well into the rows
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 2, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("paycalc: interrupted") and "no output" in last
    assert "Traceback" not in stderr
    assert leftovers(tmp_path, payroll) == []
    assert hashlib.sha256(payroll.read_bytes()).hexdigest() == digest


def test_a_signal_ignored_at_start_stays_ignored_so_nohup_runs_finish(tmp_path: Path) -> None:
    # `nohup paycalc apply …` ignores SIGHUP before paycalc starts; a hang-up mid-run must not
    # stop it. 20,000 rows in, 20,000 applied: exit 0, output complete.
    payroll = tmp_path / "payroll.csv"
    write_payroll(payroll, 20_000, distinct_salaries=True)
    proc = apply_until_writing(
        tmp_path,
        lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
        "the run ended before the hang-up",
    )
    proc.send_signal(signal.SIGHUP)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    with open(tmp_path / "out.csv", encoding="utf-8-sig") as f:
        assert sum(1 for _ in f) == 20_001  # the header and every row
