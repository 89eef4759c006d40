"""The repeated-id check in a second process (`paycalc.apply.beside`): the same verdicts as the
main pass's own table, and a child that fails, dies or lies costs time, never a row."""

from __future__ import annotations

import csv
import io
import signal
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paycalc.apply.beside
import paycalc.apply.positions
import paycalc.apply.repeats
import paycalc.apply.stream
import paycalc.child
import paycalc.payroll.xlsx_beside
from paycalc.apply.beside import ALL_ROWS, IdsBeside, check, estimate_rows
from paycalc.apply.held import Layout, registered_ids
from paycalc.apply.run import apply_payroll
from paycalc.errors import PaycalcError

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")

# Rows counted by hand (row 1 is the header):
#   2 B7   3 A2 (the order breaks: from here on every id is looked up)
#   4 C1   5 C1 (repeats the row just before, whose id was new: certain, first on row 4)
#   6 "Q,1" (quoted; its id holds a comma)   7 a blank line   8 A2 (repeats row 3: held,
#   settled at the end)   9 too many cells (rejected, its id never looked up)   10 D4 with
#   a note over two lines (rows 10-11)   12 "Q,1" (repeats row 6: held)   13 E5, short (band
#   and point missing: rejected for its band, after its id is registered)   14 E5 (repeats 13)
PAYROLL = (
    "employee_id,band,point,note\r\n"
    "B7,3,1,\r\n"
    "A2,3,2,\r\n"
    "C1,3,3,\r\n"
    "C1,3,4,\r\n"
    '"Q,1",3,1,\r\n'
    "\r\n"
    "A2,3,2,\r\n"
    "X9,3,1,,extra\r\n"
    'D4,3,2,"two\r\nlines"\r\n'
    '"Q,1",3,3,\r\n'
    "E5\r\n"
    "E5,3,1,\r\n"
)
REJECTS = [
    ["5", "employee_id", "duplicate employee_id 'C1': first on row 4"],
    ["8", "employee_id", "duplicate employee_id 'A2': first on row 3"],
    ["9", "", "5 fields, but the header has 4"],
    ["12", "employee_id", "duplicate employee_id 'Q,1': first on row 6"],
    ["13", "band", "band is missing"],
    ["14", "employee_id", "duplicate employee_id 'E5': first on row 13"],
]
APPLIED = ["B7", "A2", "C1", "Q,1", "D4"]


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[IdsBeside]:
    """Every file is worth a child, as if large on a machine with a core to spare; the children
    started are listed."""
    started: list[IdsBeside] = []
    init = IdsBeside.__init__

    def spy(self: IdsBeside, layout: Layout) -> None:
        init(self, layout)
        started.append(self)

    monkeypatch.setattr(paycalc.apply.beside, "FROM_BYTES", 0)
    monkeypatch.setattr(paycalc.child, "spare_core", lambda: True)
    monkeypatch.setattr(IdsBeside, "__init__", spy)
    return started


def run(tmp_path: Path, text: str = PAYROLL) -> tuple[list[list[str]], list[list[str]]]:
    src = tmp_path / "p.csv"
    src.write_bytes(text.encode("utf-8"))
    apply_payroll(SCHEME, src, tmp_path / "o.csv")
    return rows_of(tmp_path / "o.csv"), rows_of(tmp_path / "o.rejects.csv")


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


def rejects_of(rows: list[list[str]]) -> list[list[str]]:
    return sorted((r[:3] for r in rows), key=lambda r: int(r[0]))


def test_the_main_pass_alone_finds_the_repeats_counted_by_hand(tmp_path: Path) -> None:
    out, rejects = run(tmp_path)
    assert [r[0] for r in out] == APPLIED
    assert rejects_of(rejects) == REJECTS


def test_a_child_finds_the_same_repeats_as_the_main_pass(
    tmp_path: Path, children: list[IdsBeside]
) -> None:
    out, rejects = run(tmp_path)
    assert len(children) == 1 and not children[0].failed
    assert [r[0] for r in out] == APPLIED
    assert rejects_of(rejects) == REJECTS


def test_a_child_that_cannot_start_leaves_the_check_to_the_main_pass(
    tmp_path: Path, children: list[IdsBeside], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paycalc.child.sys, "executable", str(tmp_path / "no-python"))
    out, rejects = run(tmp_path)
    assert children == []
    assert [r[0] for r in out] == APPLIED
    assert rejects_of(rejects) == REJECTS


@pytest.mark.parametrize("dies_after", [0, 1, 2])
def test_a_child_that_dies_costs_time_never_a_row(
    tmp_path: Path, children: list[IdsBeside], monkeypatch: pytest.MonkeyPatch, dies_after: int
) -> None:
    # The child is killed after answering `dies_after` waits, and whatever it had written is
    # lost: the main pass reads the end of its events, builds its own table from the row it is
    # on, and finds the rest itself.
    wait_for = IdsBeside.wait_for
    answered = [0]

    def dying(self: IdsBeside, row: int) -> bool:
        if answered[0] == dies_after:
            self._proc.kill()
            self._events = io.BytesIO()
        answered[0] += 1
        return wait_for(self, row)

    monkeypatch.setattr(IdsBeside, "wait_for", dying)
    # A longer file, so that the child is asked more than once: the hand-counted rows, then
    # 9,000 new ids in order (rows 15 to 9014), then B7 again (row 9015, repeats row 2).
    text = PAYROLL + "".join(f"N{n:05d},3,1,\r\n" for n in range(9000)) + "B7,3,2,\r\n"
    out, rejects = run(tmp_path, text)
    assert len(children) == 1 and children[0].failed
    assert len(out) == len(APPLIED) + 9000
    assert rejects_of(rejects) == [*REJECTS, ["9015", "employee_id", REPEAT_B7]]


REPEAT_B7 = "duplicate employee_id 'B7': first on row 2"


def test_a_repeat_just_after_the_childs_report_is_taken_out(
    tmp_path: Path, children: list[IdsBeside]
) -> None:
    # Rows 2 to 4096 hold 4,095 ids out of order, none repeated: the child reports "U 4096".
    # Row 4097 repeats row 2's id: the main pass must wait for the child's word on it.
    ids = sorted(range(4095), key=lambda n: (n * 7919) % 4095)
    first = f"N{ids[0]:05d}"
    text = "employee_id,band,point,note\r\n" + "".join(f"N{n:05d},3,1,\r\n" for n in ids)
    out, rejects = run(tmp_path, text + f"{first},3,2,\r\n")
    assert len(children) == 1 and not children[0].failed
    assert len(out) == 4095
    assert rejects_of(rejects) == [
        ["4097", "employee_id", f"duplicate employee_id '{first}': first on row 2"]
    ]


def test_the_child_is_stopped_when_the_run_is_interrupted(
    tmp_path: Path, children: list[IdsBeside], monkeypatch: pytest.MonkeyPatch
) -> None:
    compute = paycalc.apply.positions.Positions.compute
    calls = iter(range(100))

    def interrupted(self, key, values):  # type: ignore[no-untyped-def]
        if next(calls) == 2:
            raise KeyboardInterrupt
        return compute(self, key, values)

    monkeypatch.setattr(paycalc.apply.positions.Positions, "compute", interrupted)
    # 300,000 rows: the child is still reading them when the run stops, on its third
    # position, a few rows in.
    many = "".join(f"M{n:06d},3,{n % 4 + 1},\r\n" for n in range(300_000))
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, PAYROLL + many)
    assert len(children) == 1
    # Killed, not waited for to the end; and reaped: no process left behind.
    assert children[0]._proc.returncode == -signal.SIGKILL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


@pytest.mark.parametrize("beside", [False, True], ids=["main-pass", "child"])
def test_rows_keep_their_order_when_none_repeats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, beside: bool
) -> None:
    # A quoted row between two plain ones, after the order broke: each written in its place.
    monkeypatch.setattr(paycalc.apply.beside, "FROM_BYTES", 0 if beside else sys.maxsize)
    monkeypatch.setattr(paycalc.child, "spare_core", lambda: True)
    out, rejects = run(tmp_path, 'employee_id,band,point\nB7,3,1\nA2,3,2\n"Q,1",3,3\nC3,3,4\n')
    assert [r[0] for r in out] == ["B7", "A2", "Q,1", "C3"] and rejects == []


def events(text: bytes) -> IdsBeside:
    """A parent's end reading `text` as the child's events (no process)."""
    ids = IdsBeside.__new__(IdsBeside)
    ids._events = io.BytesIO(text)
    ids.upto, ids.first, ids.failed = 0, {}, False
    ids.rows = deque()
    return ids


def test_the_childs_events_are_read_up_to_the_row_asked_for() -> None:
    ids = events(b"R 5 4\nU 6\nH 8\nU 9\nE\n")
    assert ids.wait_for(6) and ids.upto == 6 and ids.first == {5: 4}
    assert ids.next_row(5) == ALL_ROWS  # nothing reported beyond row 5 yet
    assert ids.wait_for(7) and ids.first == {5: 4, 8: 0} and ids.next_row(6) == 8
    assert ids.wait_for(10**9) and ids.upto == ALL_ROWS


@pytest.mark.parametrize(
    "text", [b"", b"U 4\n", b"U four\nU 9\n", b"R 5\nU 9\n", b"X 5\nU 9\n", b"E"]
)
def test_a_child_that_stops_or_says_anything_unexpected_is_not_believed(text: bytes) -> None:
    ids = events(text)
    assert not ids.wait_for(5)
    assert ids.failed


def childs_events(layout: Layout) -> list[str]:
    out = io.BytesIO()
    check(layout, out)
    return [e for e in out.getvalue().decode("ascii").split("\n") if e and e[0] != "U"]


@pytest.mark.parametrize("estimate", [None, 3], ids=["sized-from-samples", "rebuilt"])
def test_the_child_reports_each_repeat_as_the_main_pass_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, estimate: int | None
) -> None:
    # Rows 5 and 14 repeat the row just before (certain); 8 and 12 repeat an earlier one. A
    # table sized for 3 rows is rebuilt from the whole file on row 4, with the same verdicts.
    if estimate is not None:
        monkeypatch.setattr(paycalc.apply.beside, "estimate_rows", lambda path: estimate)
    assert childs_events(payroll_layout(tmp_path)) == ["R 5 4", "H 8", "H 12", "R 14 13", "E"]


def payroll_layout(tmp_path: Path) -> Layout:
    path = tmp_path / "p.csv"
    path.write_bytes(PAYROLL.encode("utf-8"))
    return Layout(path, "utf-8", 1, 4, 0, False)


@pytest.mark.parametrize(("lines", "stops"), [(14, False), (13, True)])
def test_a_file_that_grows_past_its_counted_lines_is_left_to_the_main_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: int, stops: bool
) -> None:
    # The payroll's last row is 14. A table sized for 3 rows is rebuilt on row 4 from the
    # lines counted: 14 are enough; 13 mean the file grew, and the child stops (exit 3).
    monkeypatch.setattr(paycalc.apply.beside, "estimate_rows", lambda path: 3)
    monkeypatch.setattr(paycalc.apply.beside, "count_lines", lambda path: lines)
    if stops:
        with pytest.raises(SystemExit) as stopped:
            check(payroll_layout(tmp_path), io.BytesIO())
        assert stopped.value.code == 3
    else:
        assert childs_events(payroll_layout(tmp_path))[-1] == "E"


def test_the_child_says_every_4096_rows_how_far_it_has_checked(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    # Rows 2 to 5002: E0 twice (row 3 repeats row 2), then ids out of order, none repeated:
    # the repeat is said with the first report, on row 4096, then the end.
    ids = sorted(range(1, 5000), key=lambda n: (n * 7919) % 5000)
    path.write_bytes(("employee_id\nE0\nE0\n" + "".join(f"E{n}\n" for n in ids)).encode())
    out = io.BytesIO()
    check(Layout(path, "utf-8", 1, 1, 0, False), out)
    assert out.getvalue() == b"R 3 2\nU 4096\nE\n"


def test_the_childs_main_reads_its_file_from_its_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = payroll_layout(tmp_path).path
    out = io.BytesIO()
    monkeypatch.setattr(sys, "argv", ["beside", str(path), "utf-8", "1", "4", "0"])
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out))
    paycalc.apply.beside.main()
    assert out.getvalue() == b"R 5 4\nH 8\nH 12\nR 14 13\nE\n"


def test_a_child_that_cannot_read_its_file_stops_with_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["beside", str(tmp_path / "gone.csv"), "utf-8", "1", "4", "0"])
    with pytest.raises(SystemExit) as stopped:
        paycalc.apply.beside.main()
    assert stopped.value.code == 3


def test_the_row_estimate_counts_every_line_end_of_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"a\r\nb\rc\nd")  # four lines: CRLF, CR, LF and none
    assert estimate_rows(path) == 4


def test_the_row_estimate_of_a_large_file_is_above_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    # 200,000 lines of 10 bytes: 2,000,000 bytes, sampled in four quarters of a megabyte
    # (262,144 bytes); the densest sample holds 26,215 line ends. 26,215 / 262,144 of
    # 2,000,000 is 200,004.6 lines; a tenth more is 220,005, and 1,024 spare: 221,029.
    path.write_bytes(b"E000000,1\n" * 200_000)
    assert estimate_rows(path) == 221_029


def test_a_file_of_exactly_four_samples_is_counted_not_sampled(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    # 87,381 lines of 6 bytes (524,286 bytes), then one line of 524,290 bytes with no end:
    # 1 MiB, four samples' worth, so counted: 87,381 line ends, and 1 for the last line.
    path.write_bytes(b"E00,1\n" * 87_381 + b"E0" + b"x" * (1 << 19))
    assert path.stat().st_size == 1 << 20
    assert estimate_rows(path) == 87_382


@pytest.mark.parametrize(
    ("before", "after"), [(3_145_728, 0), (1_048_576, 2_097_152)], ids=["at-the-end", "a-third-in"]
)
def test_the_row_estimate_follows_the_densest_part_wherever_it_is_sampled(
    tmp_path: Path, before: int, after: int
) -> None:
    # 256-byte lines, but for a quarter megabyte of 4-byte lines (65,536 of them) where a
    # sample falls: at the very end, or a third of the way in ((size - 262,144) / 3 =
    # 1,048,576 when the file is 3,407,872 bytes).
    long_line = b"x" * 255 + b"\n"
    path = tmp_path / "p.csv"
    path.write_bytes(long_line * (before // 256) + b"E,1\n" * 65_536 + long_line * (after // 256))
    lines = (before + after) // 256 + 65_536
    assert estimate_rows(path) > lines


def test_registered_ids_are_the_rows_whose_id_the_main_pass_looks_up(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(PAYROLL.encode("utf-8"))
    layout = Layout(path, "utf-8", 1, 4, 0, False)
    assert list(registered_ids(layout, ALL_ROWS)) == [
        (2, "B7"),
        (3, "A2"),
        (4, "C1"),
        (5, "C1"),
        (6, "Q,1"),
        (8, "A2"),
        (10, "D4"),
        (12, "Q,1"),
        (13, "E5"),
        (14, "E5"),
    ]


def test_registered_ids_read_an_id_in_any_column_with_its_spaces_and_line_end_removed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"band,employee_id\r\n3, A1 \r\n3\r\n3,\r\n4,B2\r\n5,C3,x\r\n")
    layout = Layout(path, "utf-8", 1, 2, 1, False)
    assert list(registered_ids(layout, ALL_ROWS)) == [(2, "A1"), (5, "B2")]


@pytest.mark.parametrize("module", [paycalc.apply.beside, paycalc.payroll.xlsx_beside])
def test_a_second_process_is_only_worth_it_for_a_large_file_with_a_core_to_spare(
    monkeypatch: pytest.MonkeyPatch, module: Any
) -> None:
    big = module.FROM_BYTES
    monkeypatch.setattr(paycalc.child, "spare_core", lambda: True)
    assert module.worth_it(big) and not module.worth_it(big - 1)
    monkeypatch.setattr(paycalc.child, "spare_core", lambda: False)
    assert not module.worth_it(big)


@pytest.mark.parametrize(
    ("cores", "running", "spare"),
    [(1, 1, False), (2, 1, True), (2, 2, False), (4, 3, True), (4, 4, False)],
)
def test_a_core_is_spare_when_no_more_than_all_but_two_others_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int, running: int, spare: bool
) -> None:
    # /proc/loadavg: three load averages, then running/all processes (this one running).
    loadavg = tmp_path / "loadavg"
    loadavg.write_text(f"3.90 3.80 3.70 {running}/412 9999\n")
    monkeypatch.setattr(paycalc.child, "LOADAVG", str(loadavg))
    monkeypatch.setattr(paycalc.child, "cores", lambda: cores)
    assert paycalc.child.spare_core() is spare


@pytest.mark.parametrize(("load", "spare"), [(0.0, True), (1.49, True), (1.5, False)])
def test_without_proc_the_load_average_says_whether_a_core_is_spare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, load: float, spare: bool
) -> None:
    monkeypatch.setattr(paycalc.child, "LOADAVG", str(tmp_path / "missing"))
    monkeypatch.setattr(paycalc.child, "cores", lambda: 2)
    monkeypatch.setattr(paycalc.child.os, "getloadavg", lambda: (load, 0.0, 0.0))
    assert paycalc.child.spare_core() is spare


def test_without_a_load_average_two_cores_are_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> tuple[float, float, float]:
        raise OSError("no load average")

    monkeypatch.setattr(paycalc.child, "LOADAVG", str(tmp_path / "missing"))
    monkeypatch.setattr(paycalc.child, "cores", lambda: 2)
    monkeypatch.setattr(paycalc.child.os, "getloadavg", missing)
    assert paycalc.child.spare_core()


# --- the main pass's own table -----------------------------------------------------------------


@pytest.fixture
def every_row_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkpoint on every row, so that the guards run wherever they could."""
    monkeypatch.setattr(paycalc.apply.repeats, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(paycalc.apply.stream, "PROGRESS_EVERY", 1)


@pytest.mark.usefixtures("every_row_checked")
def test_a_last_row_without_a_line_end_is_not_taken_for_a_file_that_grew(tmp_path: Path) -> None:
    # Three line ends and a last line without one: 4 lines counted, and the last row is 4.
    out, rejects = run(tmp_path, "employee_id,band,point\nB2,3,1\nA1,3,2\nC3,3,3")
    assert [r[0] for r in out] == ["B2", "A1", "C3"] and rejects == []


@pytest.mark.usefixtures("every_row_checked")
def test_more_rows_than_lines_counted_stop_the_run_before_the_table_fills(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if the file grew after its lines were counted (3, when row 4 comes).
    monkeypatch.setattr(paycalc.apply.repeats, "count_lines", lambda path: 3)
    with pytest.raises(PaycalcError, match="the file changed while it was being read"):
        run(tmp_path, "employee_id,band,point\nB2,3,1\nA1,3,2\nC3,3,3\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


# --- generated payrolls ------------------------------------------------------------------------

ID = st.sampled_from(["A1", "A2", "B1", " B1", "C,1", 'D"1', "Zoë", ""])
NOTE = st.sampled_from(["", "x", "two\nlines", "=1+1", "a,b"])


def cell(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if set(text) & set(',"\n\r') else text


@st.composite
def payrolls(draw: st.DrawFn) -> str:
    rows = draw(st.lists(st.tuples(ID, st.sampled_from(["1", "2", "9"]), NOTE), max_size=14))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    lines = ["employee_id,band,point,note"]
    for eid, point, note in rows:
        lines.append(",".join([cell(eid), "3", point, cell(note)]))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(1, len(lines))), "")
    return end.join(lines) + end


def first_rows(text: str) -> Iterator[tuple[int, str, bool]]:
    """(row, id, first with that id) of each row with an id, read with the csv module."""
    seen: set[str] = set()
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    for fields in reader:
        row = reader.line_num - text_lines(fields) + 1
        eid = fields[0].strip() if fields else ""
        if eid:
            yield row, eid, eid not in seen
            seen.add(eid)


def text_lines(fields: list[str]) -> int:
    return 1 + sum(f.count("\n") for f in fields)


@settings(max_examples=25, deadline=None)
@given(payrolls(), st.booleans())
def test_every_repeated_id_is_rejected_naming_its_first_row_with_or_without_a_child(
    text: str, beside: bool
) -> None:
    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
        mp.setattr(paycalc.apply.beside, "FROM_BYTES", 0 if beside else sys.maxsize)
        mp.setattr(paycalc.child, "spare_core", lambda: True)
        out, rejects = run(Path(tmp), text)
    firsts = {eid: row for row, eid, first in first_rows(text) if first}
    repeats = {str(row): eid for row, eid, first in first_rows(text) if not first}
    said = {r[0]: r[2] for r in rejects if r[1] == "employee_id" and "duplicate" in r[2]}
    assert said == {
        row: f"duplicate employee_id '{eid}': first on row {firsts[eid]}"
        for row, eid in repeats.items()
    }
    applied = [r[0].strip() for r in out]
    assert len(applied) == len(set(applied))
