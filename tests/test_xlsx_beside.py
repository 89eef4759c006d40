"""A workbook read in a second process (`paycalc.payroll.xlsx_beside`): the rows as the main
process would read them, and a reader that fails or stops costs time, never a row."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import paycalc.child
import paycalc.payroll.xlsx_beside
from paycalc.errors import PaycalcError
from paycalc.payroll.xlsx_beside import rows

openpyxl = pytest.importorskip("openpyxl")

N = 1_203  # three batches of 500 and a part
LATER = [(1, ["Other"]), (2, ["a"]), (3, ["b"])]  # the second sheet, "Later"


def workbook(path: Path) -> Path:
    """Sheet "Staff": row 1 a header; row r (2 to N + 1): an id, a salary shown to the penny,
    an FTE shown as a percentage, a date, and a cell left empty on every third row. Then a
    second sheet, "Later"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Staff"
    ws.append(["Emp No", "Annual Salary", "FTE %", "Start", "Note"])
    for n in range(N):
        ws.append([f"E{n:04d}", 20000 + n / 10, 0.5, dt.date(2020, 4, 1), None if n % 3 else "x"])
        ws.cell(n + 2, 2).number_format = "#,##0.00"
        ws.cell(n + 2, 3).number_format = "0%"
        ws.cell(n + 2, 4).number_format = "yyyy-mm-dd"
    later = wb.create_sheet("Later")
    for _row, cells in LATER:
        later.append(cells)
    wb.save(path)
    return path


def expected() -> list[tuple[int, list[str]]]:
    # By hand: 20000 + n/10 shown to two places (n = 7: 20000.70); 0.5 as 0% is 50%.
    header = (1, ["Emp No", "Annual Salary", "FTE %", "Start", "Note"])
    return [header] + [
        (n + 2, [f"E{n:04d}", f"{20000 + n // 10}.{n % 10}0", "50%", "2020-04-01", ""])
        if n % 3
        else (n + 2, [f"E{n:04d}", f"{20000 + n // 10}.{n % 10}0", "50%", "2020-04-01", "x"])
        for n in range(N)
    ]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return workbook(tmp_path_factory.mktemp("book") / "staff.xlsx")


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The arguments of each child started."""
    args_of: list[list[str]] = []
    start = paycalc.child.start

    def spy(module: str, args: list[str]) -> subprocess.Popen[bytes]:
        args_of.append(args)
        return start(module, args)

    monkeypatch.setattr(paycalc.child, "start", spy)
    return args_of


@pytest.fixture
def children(started: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every workbook is worth a child (as if large, with a core to spare)."""
    monkeypatch.setattr(paycalc.payroll.xlsx_beside, "FROM_BYTES", 0)
    monkeypatch.setattr(paycalc.child, "spare_core", lambda: True)
    return started


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The sheets the main process reads itself."""
    sheets: list[str | None] = []
    read_sheet = paycalc.payroll.xlsx_beside.read_sheet

    def spy(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[str]]]:
        sheets.append(sheet)
        return read_sheet(path, sheet)

    monkeypatch.setattr(paycalc.payroll.xlsx_beside, "read_sheet", spy)
    return sheets


def test_a_small_workbook_is_read_in_the_main_process_as_counted_by_hand(
    book: Path, started: list[list[str]], reads: list[str | None]
) -> None:
    assert list(rows(book)) == expected()
    assert started == [] and reads == [None]


def test_a_sheet_named_of_a_small_workbook_is_read_in_the_main_process(
    book: Path, started: list[list[str]], reads: list[str | None]
) -> None:
    assert list(rows(book, "Later")) == LATER
    assert started == [] and reads == ["Later"]


def test_a_workbook_read_beside_gives_the_same_rows(
    book: Path, children: list[list[str]], reads: list[str | None]
) -> None:
    assert list(rows(book)) == expected()
    assert children == [[str(book)]] and reads == []


def test_a_sheet_named_is_read_beside_too(
    book: Path, children: list[list[str]], reads: list[str | None]
) -> None:
    assert list(rows(book, "Later")) == LATER
    assert children == [[str(book), "Later"]] and reads == []


def test_without_openpyxl_no_child_is_started(
    book: Path, children: list[list[str]], reads: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(PaycalcError, match=r"pip install 'paycalc\[xlsx\]'"):
        list(rows(book))
    assert children == [] and reads == [None]


def test_the_childs_error_is_the_main_process_error(
    book: Path, children: list[list[str]], reads: list[str | None]
) -> None:
    with pytest.raises(PaycalcError) as beside:
        list(rows(book, "Pay"))
    assert str(beside.value) == f"{book}: no sheet 'Pay'; the workbook has 'Staff', 'Later'"
    assert reads == []


def fake_child(lines: list[str]) -> subprocess.Popen[bytes]:
    """A child that writes `lines` and stops."""
    script = f"import sys; sys.stdout.write({''.join(lines)!r})"
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)


@pytest.mark.parametrize(
    ("lines", "sent"),
    [
        pytest.param([], 0, id="says-nothing"),
        pytest.param(['[[1, ["Other"]]]\n'], 1, id="stops-after-a-batch"),
        pytest.param(['[[1, ["Other"]]]\n', "not json\n"], 1, id="says-something-else"),
        pytest.param(['{"unexpected": 1}\n'], 0, id="says-an-unknown-object"),
    ],
)
def test_a_reader_that_stops_early_costs_time_never_a_row(
    book: Path,
    children: list[list[str]],
    reads: list[str | None],
    monkeypatch: pytest.MonkeyPatch,
    lines: list[str],
    sent: int,
) -> None:
    # Whatever rows the child sent are kept; the main process reads the sheet named on from
    # the row after them, so none is read twice and none is lost.
    monkeypatch.setattr(paycalc.child, "start", lambda module, args: fake_child(lines))
    assert list(rows(book, "Later")) == LATER
    assert reads == ["Later"]


def test_a_reader_that_cannot_start_leaves_the_reading_to_the_main_process(
    book: Path, children: list[list[str]], reads: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot(module: str, args: list[str]) -> subprocess.Popen[bytes]:
        raise OSError("no python")

    monkeypatch.setattr(paycalc.child, "start", cannot)
    assert list(rows(book, "Later")) == LATER
    assert reads == ["Later"]


def test_a_reader_stopped_by_its_consumer_is_reaped(
    book: Path, children: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    procs: list[subprocess.Popen[bytes]] = []
    start = paycalc.child.start

    def keep(module: str, args: list[str]) -> subprocess.Popen[bytes]:
        procs.append(start(module, args))
        return procs[-1]

    monkeypatch.setattr(paycalc.child, "start", keep)
    reader = rows(book)
    assert next(reader) == expected()[0]
    reader.close()  # as when apply stops on an error
    assert procs[0].returncode is not None


def childs_lines(
    book: Path, args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> list[object]:
    monkeypatch.setattr(sys, "argv", ["xlsx_beside", str(book), *args])
    paycalc.payroll.xlsx_beside.main()
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_the_child_sends_its_rows_in_batches_of_500_then_its_end(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = childs_lines(book, [], capsys, monkeypatch)
    assert [len(batch) for batch in lines[:-1]] == [500, 500, 204]  # type: ignore[arg-type]
    assert [tuple(r) for batch in lines[:-1] for r in batch] == expected()  # type: ignore[attr-defined]
    assert lines[-1] == {"end": True}


def test_the_child_sends_a_sheet_named_and_an_error_as_read_sheet_words_it(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert childs_lines(book, ["Later"], capsys, monkeypatch) == [
        [[row, cells] for row, cells in LATER],
        {"end": True},
    ]
    assert childs_lines(book, ["Pay"], capsys, monkeypatch) == [
        {"error": f"{book}: no sheet 'Pay'; the workbook has 'Staff', 'Later'"}
    ]


def test_the_childs_lines_are_ascii_json_from_a_real_process(book: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "paycalc.payroll.xlsx_beside", str(book), "Later"],
        capture_output=True,
        check=True,
    )
    assert (
        done.stdout.decode("ascii") == '[[1, ["Other"]], [2, ["a"]], [3, ["b"]]]\n{"end": true}\n'
    )


def test_a_child_that_fails_unexpectedly_stops_with_exit_3(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[str]]]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(paycalc.payroll.xlsx_beside, "read_sheet", broken)
    monkeypatch.setattr(sys, "argv", ["xlsx_beside", str(book)])
    with pytest.raises(SystemExit) as stopped:
        paycalc.payroll.xlsx_beside.main()
    assert stopped.value.code == 3
