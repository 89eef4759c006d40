"""A workbook's sheet (.xlsx) read as rows of text, as Excel shows them, with the standard library.

Each cell's text is what Excel shows (`cell_text`): the same text as the same payroll saved as
CSV, a number, date or boolean carrying its value and number format.

Only the cells the sheet really holds are read: its declared dimension is ignored, no empty row
or cell is made up, and trailing empty cells are dropped, so a file's cost follows its content.
Rows come in the sheet's row order whatever order the XML stores them in. Shared strings are
capped by the file's own size (a string costs at least a byte of the file), and a formula cell
that holds no value (a workbook written by a script, never opened in a spreadsheet program) is
marked so that its row is rejected rather than read as blank.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, iterparse

from paycalc.errors import PaycalcError
from paycalc.limits import SHEET_COLUMNS
from paycalc.tabular import NO_VALUE
from paycalc.tabular.cell_text import (
    day_and_time,
    display_text,
    is_date_format,
    stored_number,
    typed_text,
)

_CELL_REF = re.compile(r"([A-Z]{1,3})(\d*)")
# A row element, in the namespaces of transitional and strict SpreadsheetML, or in none.
_ROW_TAGS = frozenset(
    f"{ns}row"
    for ns in (
        "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
        "{http://purl.oclc.org/ooxml/spreadsheetml/main}",
        "",
    )
)
_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\s[^>]*?\br=\"(\d+)\"")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_REL = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
# The number formats Excel numbers itself (ECMA-376 18.8.30) that paycalc reads differently
# from General: decimals, percentages and dates.
_BUILTIN_FORMATS = {
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    14: "yyyy-mm-dd",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    22: "yyyy-mm-dd h:mm",
}
Record = tuple[int, list[str]]


def why_not_a_workbook(path: Path, name: Path | str) -> str:
    """One line on a file named like a workbook that is not a zip file."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith(b"PK"):
        return f"{name}: cannot read the workbook (a damaged zip archive)"
    if head.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in head or b"EncryptedPackage" in head:
            return (
                f"{name}: the workbook is protected by a password; remove the password in "
                "your spreadsheet program and save it again"
            )
        return (
            f"{name}: this is an old-style Excel workbook (.xls); save it as .xlsx or as "
            "'CSV UTF-8 (comma delimited)'"
        )
    if head and b"\x00" not in head[:4096]:
        return (
            f"{name}: this is a text file (CSV?), not an Excel workbook; give it a name "
            "ending in .csv"
        )
    return f"{name}: not an Excel workbook (.xlsx): the file is not a zip archive"


class Workbook:
    """An open .xlsx file: its sheets, shared strings and number formats."""

    def __init__(self, path: Path, name: Path | str | None = None) -> None:
        self.name = name if name is not None else path
        self.size = path.stat().st_size
        try:
            self.zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise PaycalcError(why_not_a_workbook(path, self.name)) from None
        try:
            self._read_book()
        except (KeyError, ParseError, ValueError, zipfile.BadZipFile, EOFError) as e:
            self.zip.close()
            raise PaycalcError(f"{self.name}: cannot read the workbook ({e})") from None
        except BaseException:
            self.zip.close()
            raise

    def _xml(self, member: str) -> Iterator[tuple[str, Element]]:
        with self.zip.open(member) as f:
            yield from iterparse(f, events=("end",))

    def _read_book(self) -> None:
        targets: dict[str, str] = {}
        for _e, elem in self._xml("xl/_rels/workbook.xml.rels"):
            if elem.tag.endswith("Relationship"):
                target = elem.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[elem.get("Id", "")] = posixpath.normpath(path)
        # (name, member, visible) per sheet, in the workbook's order
        self.sheets: list[tuple[str, str, bool]] = []
        self.active = 0
        self.date1904 = False
        self.strings_member = self.styles_member = ""
        for member in targets.values():
            if member.endswith("sharedStrings.xml"):
                self.strings_member = member
            elif member.endswith("styles.xml"):
                self.styles_member = member
        for _e, elem in self._xml("xl/workbook.xml"):
            tag = elem.tag.rpartition("}")[2]
            if tag == "sheet":
                rid = elem.get(_REL) or elem.get(_STRICT_REL) or ""
                visible = elem.get("state", "visible") == "visible"
                self.sheets.append((elem.get("name", ""), targets.get(rid, ""), visible))
            elif tag == "workbookView" and elem.get("activeTab"):
                self.active = int(elem.get("activeTab", "0"))
            elif tag == "workbookPr":
                self.date1904 = elem.get("date1904", "0") in ("1", "true")
        if not self.sheets:
            raise ValueError("it has no sheet")
        self.formats = self._read_formats()

    def _read_formats(self) -> list[str]:
        """The number format of each cell style (a cell's `s`), 'General' when none."""
        if not self.styles_member or self.styles_member not in self.zip.namelist():
            return []
        custom: dict[int, str] = {}
        formats: list[str] = []
        in_cell_xfs = False
        with self.zip.open(self.styles_member) as f:
            for event, elem in iterparse(f, events=("start", "end")):
                tag = elem.tag.rpartition("}")[2]
                if tag == "cellXfs":
                    in_cell_xfs = event == "start"
                elif event == "end" and tag == "numFmt":
                    custom[int(elem.get("numFmtId", "0"))] = elem.get("formatCode", "General")
                elif event == "end" and tag == "xf" and in_cell_xfs:
                    number = int(elem.get("numFmtId", "0"))
                    formats.append(custom.get(number) or _BUILTIN_FORMATS.get(number, "General"))
        return formats

    def sheet(self, wanted: str | None) -> tuple[str, str]:
        """(name, member) of the sheet named, or by default of the active sheet when it is
        visible, else the first visible one."""
        if wanted is not None:
            for name, member, _visible in self.sheets:
                if name == wanted:
                    return name, member
            names = ", ".join(f"'{n}'" for n, _m, _v in self.sheets)
            raise PaycalcError(f"{self.name}: no sheet '{wanted}'; the workbook has {names}")
        if 0 <= self.active < len(self.sheets) and self.sheets[self.active][2]:
            return self.sheets[self.active][:2]
        for name, member, visible in self.sheets:
            if visible:
                return name, member
        return self.sheets[0][:2]

    def strings(self) -> list[str]:
        """The shared strings, at most one per byte of the file."""
        if not self.strings_member or self.strings_member not in self.zip.namelist():
            return []
        strings: list[str] = []
        cap = self.size
        with self.zip.open(self.strings_member) as f:
            for _e, elem in iterparse(f, events=("end",)):
                if elem.tag.endswith("}si"):
                    # The text runs of the string, without its phonetic guide (rPh).
                    text = elem.findtext("{*}t")
                    if text is None:
                        text = "".join(r.findtext("{*}t") or "" for r in elem.iterfind("{*}r"))
                    strings.append(text)
                    elem.clear()
                    if len(strings) > cap:
                        raise ValueError(
                            f"more shared strings than a file of {self.size:,} bytes can use"
                        )
        return strings

    def close(self) -> None:
        self.zip.close()


def column_index(letters: str) -> int:
    """'A' -> 0, 'Z' -> 25, 'AA' -> 26."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheet_rows(book: Workbook, member: str) -> Iterator[Record]:
    """(row number, cells as displayed) of each row the sheet holds, in row order; trailing
    empty cells dropped; a formula without a value is the cell NO_VALUE."""
    rows = _rows(book, member)
    if _in_order(book, member):
        return rows
    # Rows stored out of order (a script's output): sorted, which holds them all at once.
    return iter(sorted(rows, key=lambda row: row[0]))


def _in_order(book: Workbook, member: str) -> bool:
    """Whether the sheet's rows are stored in ascending order, from their numbers alone."""
    last, tail = 0, b""
    with book.zip.open(member) as f:
        while chunk := f.read(1 << 20):
            text = tail + chunk
            cut = max(text.rfind(b"<"), len(text) - 4096)  # a row tag is shorter
            for match in _ROW_NUMBER.finditer(text, 0, cut):
                number = int(match.group(1))
                if number <= last:
                    return False
                last = number
            tail = text[cut:]
    end = _ROW_NUMBER.search(tail)
    return end is None or int(end.group(1)) > last


def _rows(book: Workbook, member: str) -> Iterator[Record]:
    strings = book.strings()
    formats = book.formats
    epoch = dt.datetime(1904, 1, 1) if book.date1904 else dt.datetime(1899, 12, 30)
    last = 0
    with book.zip.open(member) as f:
        c_tag = v_tag = f_tag = is_tag = ""
        for _event, elem in iterparse(f):
            if elem.tag not in _ROW_TAGS:
                continue
            if not c_tag:  # the sheet's namespace, from its first row
                ns = elem.tag[:-3]
                c_tag, v_tag, f_tag, is_tag = (ns + t for t in ("c", "v", "f", "is"))
            r = elem.get("r")
            last = int(r) if r else last + 1
            cells: list[str] = []
            for c in elem.iter(c_tag):
                ref = c.get("r")
                match = _CELL_REF.match(ref) if ref else None
                col = column_index(match.group(1)) if match else len(cells)
                if col >= SHEET_COLUMNS:
                    raise ValueError(f"cell {ref} is beyond Excel's last column")
                v = c.find(v_tag)
                kind = c.get("t", "n")
                if v is not None:
                    text = _cell_text(v.text or "", kind, c.get("s"), strings, formats, epoch)
                elif c.find(f_tag) is not None:
                    text = NO_VALUE
                elif kind == "inlineStr" and (box := c.find(is_tag)) is not None:
                    text = "".join(box.itertext())
                else:
                    continue
                if not text:
                    continue
                if col > len(cells):
                    cells.extend([""] * (col - len(cells)))
                if col == len(cells):
                    cells.append(text)
                else:
                    cells[col] = text
            # Cleared, a row left in the tree is an empty element (its parent is not at hand).
            elem.clear()
            yield last, cells


def _cell_text(
    value: str,
    kind: str,
    style: str | None,
    strings: list[str],
    formats: list[str],
    epoch: dt.datetime,
) -> str:
    if kind == "s":
        return strings[int(value)]
    if kind in ("str", "inlineStr", "e"):
        return value
    # A number, date or boolean keeps its value and number format beside its text (TypedText),
    # for a workbook written from the rows; text is plain text.
    fmt = formats[int(style)] if style and int(style) < len(formats) else "General"
    if kind == "b":
        flag = value == "1"
        return typed_text("TRUE" if flag else "FALSE", flag, fmt)
    if kind == "d":
        text = value[:10] if value.endswith("T00:00:00") else value
        try:
            day = dt.datetime.fromisoformat(value)
        except ValueError:
            return text
        return typed_text(text, day, fmt if fmt != "General" else "yyyy-mm-dd")
    number = int(value) if value.isdigit() else stored_number(value)
    if is_date_format(fmt):
        moment = day_and_time(epoch, number)
        if moment is None:  # past year 9999 or before the epoch: Excel shows '#####'
            return typed_text(display_text(number), number, "General")
        return typed_text(display_text(moment), moment, fmt)
    return typed_text(display_text(number, fmt), number, fmt)


@contextlib.contextmanager
def open_sheet(
    path: Path, wanted: str | None, name: Path | str
) -> Iterator[tuple[str, Iterator[Record]]]:
    """(the sheet's name, its rows) of the sheet named, or of the active visible sheet."""
    book = Workbook(path, name)
    try:
        sheet, member = book.sheet(wanted)
        try:
            rows = sheet_rows(book, member)
            yield sheet, _guarded(rows, name)
        except (KeyError, ParseError, ValueError, zipfile.BadZipFile, EOFError) as e:
            raise PaycalcError(f"{name}: cannot read the workbook ({e})") from None
    finally:
        book.close()


def _guarded(rows: Iterator[Record], name: Path | str) -> Iterator[Record]:
    try:
        yield from rows
    except (KeyError, IndexError, ParseError, ValueError, zipfile.BadZipFile, EOFError) as e:
        why = str(e) or type(e).__name__  # a bare KeyError() says nothing of itself
        raise PaycalcError(f"{name}: cannot read the workbook ({why})") from None
