"""A workbook read in a second process (`paycalc.payroll.xlsx_beside`): the rows as the main
process would read them, and a reader that fails or stops costs time, never a row."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import paycalc.child
import paycalc.payroll.xlsx_beside
from paycalc.errors import PaycalcError
from paycalc.payroll.xlsx_beside import rows

openpyxl = pytest.importorskip("openpyxl")

N = 1_203  # three batches of 500 and a part


def workbook(path: Path) -> Path:
    """Row 1 a header; row r (2 to N + 1): an id, a salary shown to the penny, an FTE shown as
    a percentage, a date, and a cell left empty on every third row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Staff"
    ws.append(["Emp No", "Annual Salary", "FTE %", "Start", "Note"])
    for n in range(N):
        ws.append([f"E{n:04d}", 20000 + n / 10, 0.5, dt.date(2020, 4, 1), None if n % 3 else "x"])
        ws.cell(n + 2, 2).number_format = "#,##0.00"
        ws.cell(n + 2, 3).number_format = "0%"
        ws.cell(n + 2, 4).number_format = "yyyy-mm-dd"
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
def children(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every workbook is worth a child; the arguments of each child started are listed."""
    started: list[list[str]] = []
    start = paycalc.child.start

    def spy(module: str, args: list[str]) -> subprocess.Popen[bytes]:
        started.append(args)
        return start(module, args)

    monkeypatch.setattr(paycalc.payroll.xlsx_beside, "FROM_BYTES", 0)
    monkeypatch.setattr(paycalc.child, "cores", lambda: 2)
    monkeypatch.setattr(paycalc.child, "start", spy)
    return started


def test_a_workbook_read_in_the_main_process_gives_the_rows_counted_by_hand(book: Path) -> None:
    assert list(rows(book)) == expected()


def test_a_workbook_read_beside_gives_the_same_rows(book: Path, children: list[list[str]]) -> None:
    assert list(rows(book)) == expected()
    assert children == [[str(book)]]


def test_a_sheet_named_is_read_beside_too(book: Path, children: list[list[str]]) -> None:
    assert list(rows(book, "Staff"))[:2] == expected()[:2]
    assert children == [[str(book), "Staff"]]


def test_the_childs_error_is_the_main_process_error(book: Path, children: list[list[str]]) -> None:
    with pytest.raises(PaycalcError) as beside:
        list(rows(book, "Pay"))
    assert str(beside.value) == f"{book}: no sheet 'Pay'; the workbook has 'Staff'"


def fake_child(lines: list[str]) -> subprocess.Popen[bytes]:
    """A child that writes `lines` and stops."""
    script = f"import sys; sys.stdout.write({''.join(lines)!r})"
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)


@pytest.mark.parametrize(
    ("lines", "sent"),
    [
        pytest.param([], 0, id="says-nothing"),
        pytest.param(['[[1, ["Emp No"]]]\n'], 1, id="stops-after-a-batch"),
        pytest.param(['[[1, ["Emp No"]]]\n', "not json\n"], 1, id="says-something-else"),
        pytest.param(['{"unexpected": 1}\n'], 0, id="says-an-unknown-object"),
    ],
)
def test_a_reader_that_stops_early_costs_time_never_a_row(
    book: Path,
    children: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
    lines: list[str],
    sent: int,
) -> None:
    # Whatever rows the child sent are kept (a fake header, here); the main process reads on
    # from the row after them, so none is read twice and none is lost.
    monkeypatch.setattr(paycalc.child, "start", lambda module, args: fake_child(lines))
    got = list(rows(book))
    assert got[:sent] == [(1, ["Emp No"])][:sent]
    assert got[sent:] == expected()[sent:]


def test_a_reader_that_cannot_start_leaves_the_reading_to_the_main_process(
    book: Path, children: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot(module: str, args: list[str]) -> subprocess.Popen[bytes]:
        raise OSError("no python")

    monkeypatch.setattr(paycalc.child, "start", cannot)
    assert list(rows(book)) == expected()


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


def test_the_childs_lines_are_json_a_batch_at_a_time(book: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "paycalc.payroll.xlsx_beside", str(book)],
        capture_output=True,
        check=True,
    )
    lines = done.stdout.decode("ascii").splitlines()
    assert [len(json.loads(line)) for line in lines[:-1]] == [500, 500, 204]
    assert json.loads(lines[-1]) == {"end": True}
