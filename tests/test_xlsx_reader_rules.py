"""A workbook's sheet read as text, cell kind by cell kind, as Excel shows it: each expected text,
value and number format below is worked out by hand from the XML written in the test."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from paycalc.errors import PaycalcError
from paycalc.tabular import NO_VALUE
from paycalc.tabular.cell_text import TypedText, display_text
from paycalc.tabular.xlsx_reader import Workbook, open_sheet, why_not_a_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_RELS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def book(
    path: Path,
    sheets: list[tuple[str, str]],
    *,
    book_extra: str = "",
    sheet_attrs: tuple[str, ...] = (),
    styles: str | None = None,
    strings: str | None = None,
    rels_extra: str = "",
    ns: str = MAIN,
    rel_ns: str = RELS,
    absolute: bool = False,
    parts: tuple[str, ...] = ("styles", "strings"),
    sheet_rels: bool = True,
) -> Path:
    """A workbook of (name, sheetData XML) sheets. `book_extra` goes inside <workbook> before
    <sheets>; `sheet_attrs[i]` is added to the i-th <sheet>; `styles` and `strings` are the XML of
    styles.xml and sharedStrings.xml, named in the relationships when in `parts`; without
    `sheet_rels`, the sheets' relationships are left out."""
    names = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"'
        f"{sheet_attrs[i] if i < len(sheet_attrs) else ''}/>"
        for i, (n, _rows) in enumerate(sheets)
    )
    where = "/xl/" if absolute else ""
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Target="{where}worksheets/sheet{i + 1}.xml" Type="w"/>'
        for i in range(len(sheets) if sheet_rels else 0)
    )
    if "styles" in parts:
        rels += '<Relationship Id="rIdY" Target="styles.xml" Type="s"/>'
    if "strings" in parts:
        rels += '<Relationship Id="rIdS" Target="sharedStrings.xml" Type="t"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}" xmlns:r="{rel_ns}">{book_extra}<sheets>{names}</sheets>'
            "</workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PKG_RELS}">{rels}{rels_extra}</Relationships>',
        )
        for i, (_name, rows) in enumerate(sheets):
            z.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                f'<worksheet xmlns="{ns}"><sheetData>{rows}</sheetData></worksheet>',
            )
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", strings)
    return path


def read(path: Path, wanted: str | None = None) -> tuple[str, list[tuple[int, list[str]]]]:
    with open_sheet(path, wanted, "staff.xlsx") as (name, rows):
        return name, list(rows)


# cellXfs: 0 General; 1 custom 164 '#,##0.00'; 2 built-in 9 '0%'; 3 built-in 14 'yyyy-mm-dd';
# 4 custom 165 'dd/mm/yyyy hh:mm'; 5 built-in 4 '#,##0.00'; 6 numFmtId 200 (defined nowhere:
# General); 7 no numFmtId (0: General). The cellStyleXfs before them are not cell styles.
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts>'
    '<numFmt numFmtId="164" formatCode="#,##0.00"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>'
    '<cellStyleXfs><xf numFmtId="9"/><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="9"/><xf numFmtId="14"/>'
    '<xf numFmtId="165"/><xf numFmtId="4"/><xf numFmtId="200"/><xf/></cellXfs></styleSheet>'
)
# 0 plain; 1 rich text in runs (one run without text) and a phonetic guide left out;
# 2 plain text with a phonetic guide left out.
STRINGS = (
    f'<sst xmlns="{MAIN}"><si><t>E1</t></si>'
    "<si><r><t>Band </t></r><r><rPr/></r><r><t>3</t></r><rPh><t>x</t></rPh></si>"
    "<si><t>Smith</t><rPh><t>sumisu</t></rPh></si></sst>"
)


def typed(text: str) -> tuple[object, str]:
    assert isinstance(text, TypedText), text
    return text.value, text.number_format


def test_every_kind_of_cell_reads_as_excel_shows_it_with_its_value_and_format(
    tmp_path: Path,
) -> None:
    cells = (
        '<c r="A1" t="s"><v>0</v></c>'  # shared string 0
        '<c r="B1" t="s"><v>1</v></c>'  # rich text: 'Band ' + '' + '3'
        '<c r="C1" t="s"><v>2</v></c>'  # 'Smith' without its guide
        '<c r="D1" t="str"><f>A1</f><v>by formula</v></c>'
        '<c r="E1" t="e"><v>#N/A</v></c>'
        '<c r="F1" t="b"><v>1</v></c>'
        '<c r="G1" t="b" s="1"><v>0</v></c>'
        '<c r="H1" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c>'
        '<c r="I1" t="d"><v>2020-04-01T00:00:00</v></c>'
        '<c r="J1" t="d" s="4"><v>2020-04-01T09:30:00</v></c>'
        '<c r="K1" t="d"><v>soon</v></c>'
    )
    numbers = (
        '<c r="A2" s="1"><v>29909.499999999996</v></c>'  # '#,##0.00': 29909.50
        '<c r="B2" s="2"><v>0.6</v></c>'  # '0%': 60%
        '<c r="C2" s="3"><v>43922</v></c>'  # day 43922 after 1899-12-30: 2020-04-01
        '<c r="D2" s="4"><v>43922.5</v></c>'  # and half a day: noon
        '<c r="E2" s="5"><v>2.5</v></c>'  # built-in 4 '#,##0.00': 2.50
        '<c r="F2" s="6"><v>0.5</v></c>'  # a format defined nowhere: General
        '<c r="G2" s="7"><v>1.25</v></c>'  # an xf without numFmtId: General
        '<c r="H2" s="8"><v>3.5</v></c>'  # style 8 of 8 (0-7): none, General
        '<c r="I2"><v>12</v></c>'  # a whole number: an int
    )
    path = book(
        tmp_path / "p.xlsx",
        [("Staff", f'<row r="1">{cells}</row><row r="2">{numbers}</row>')],
        styles=STYLES,
        strings=STRINGS,
    )
    name, [(r1, first), (r2, second)] = read(path)
    assert (name, r1, r2) == ("Staff", 1, 2)
    assert first == [
        "E1",
        "Band 3",
        "Smith",
        "by formula",
        "#N/A",
        "TRUE",
        "FALSE",
        "inline",
        "2020-04-01",
        "2020-04-01T09:30:00",
        "soon",
    ]
    # shared, formula, error and inline strings are plain text, never typed
    assert not any(isinstance(c, TypedText) for c in [*first[:5], first[7], first[10]])
    assert typed(first[5]) == (True, "General")
    assert typed(first[6]) == (False, "#,##0.00")
    assert typed(first[8]) == (dt.datetime(2020, 4, 1), "yyyy-mm-dd")  # General: a date
    assert typed(first[9]) == (dt.datetime(2020, 4, 1, 9, 30), "dd/mm/yyyy hh:mm")
    assert second == [
        "29909.50",
        "60%",
        "2020-04-01",
        "2020-04-01 12:00:00",
        "2.50",
        "0.5",
        "1.25",
        "3.5",
        "12",
    ]
    # the stored number exactly, as a Decimal (a workbook written from it keeps it)
    assert typed(second[0]) == (Decimal("29909.499999999996"), "#,##0.00")
    assert typed(second[1]) == (Decimal("0.6"), "0%")
    assert typed(second[2]) == (dt.datetime(2020, 4, 1), "yyyy-mm-dd")
    assert typed(second[3]) == (dt.datetime(2020, 4, 1, 12), "dd/mm/yyyy hh:mm")
    assert typed(second[4]) == (Decimal("2.5"), "#,##0.00")
    assert [typed(c)[1] for c in second[5:]] == ["General"] * 4
    value = typed(second[8])[0]
    assert type(value) is int and value == 12


def test_a_1904_workbook_counts_its_days_from_1904(tmp_path: Path) -> None:
    # The 1904 date system counts from 1904-01-01: day 42460 is 2020-04-01 (43922 - 1462).
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/>'
    styles += "</cellXfs></styleSheet>"
    rows = '<row r="1"><c r="A1" s="1"><v>42460</v></c></row>'
    for flag in ("1", "true"):
        extra = f'<workbookPr date1904="{flag}"/>'
        path = book(tmp_path / f"d{flag}.xlsx", [("S", rows)], book_extra=extra, styles=styles)
        assert read(path)[1] == [(1, ["2020-04-01"])]
    # without the flag, or with it false, day 42460 is 2016-03-31 (from 1899-12-30)
    for extra in ("", '<workbookPr date1904="0"/>', "<workbookPr/>"):
        path = book(tmp_path / "d.xlsx", [("S", rows)], book_extra=extra, styles=styles)
        assert read(path)[1] == [(1, ["2016-03-31"])]


def test_a_strict_workbook_with_absolute_targets_is_read_like_a_transitional_one(
    tmp_path: Path,
) -> None:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
    path = book(
        tmp_path / "p.xlsx",
        [("Strict", rows)],
        ns=STRICT,
        rel_ns=STRICT_RELS,
        absolute=True,
        parts=(),
    )
    assert read(path) == ("Strict", [(1, ["id"])])


def test_parts_the_relationships_name_but_the_file_lacks_are_read_as_empty(
    tmp_path: Path,
) -> None:
    # styles.xml and sharedStrings.xml are named but absent: no formats, no strings; the sheet
    # uses neither, so it reads. A relationship without a target is ignored.
    rows = '<row r="1"><c r="A1" s="3"><v>0.5</v></c></row>'
    path = book(tmp_path / "p.xlsx", [("S", rows)], rels_extra='<Relationship Id="rIdX"/>')
    assert read(path) == ("S", [(1, ["0.5"])])


def test_which_sheet_is_read_active_visible_then_first_visible_then_first(
    tmp_path: Path,
) -> None:
    sheets = [(n, f'<row r="1"><c r="A1"><v>{i}</v></c></row>') for i, n in enumerate("ABC")]
    hidden = ' state="hidden"'
    # activeTab 1 (B), visible: B
    view = '<bookViews><workbookView activeTab="1"/></bookViews>'
    assert read(book(tmp_path / "1.xlsx", sheets, book_extra=view))[0] == "B"
    # a second window without activeTab leaves the first window's sheet active: B
    two = '<bookViews><workbookView activeTab="1"/><workbookView/></bookViews>'
    assert read(book(tmp_path / "1b.xlsx", sheets, book_extra=two))[0] == "B"
    # no activeTab: the first sheet, A
    plain = "<bookViews><workbookView/></bookViews>"
    assert read(book(tmp_path / "2.xlsx", sheets, book_extra=plain))[0] == "A"
    # activeTab 3, past the last sheet (2): the first visible one, B (A is hidden)
    past = '<bookViews><workbookView activeTab="3"/></bookViews>'
    path = book(tmp_path / "3.xlsx", sheets, book_extra=past, sheet_attrs=(hidden,))
    assert read(path)[0] == "B"
    # every sheet hidden: the first, A, with its rows
    path = book(tmp_path / "4.xlsx", sheets, book_extra=view, sheet_attrs=(hidden,) * 3)
    assert read(path) == ("A", [(1, ["0"])])
    # a sheet named: that one; a name it lacks: every name, in order
    assert read(path, "C")[0] == "C"
    with pytest.raises(PaycalcError) as e:
        read(path, "D")
    assert str(e.value) == "staff.xlsx: no sheet 'D'; the workbook has 'A', 'B', 'C'"


def test_rows_and_cells_without_references_follow_the_ones_before(tmp_path: Path) -> None:
    # Rows without r: 1, 2 after nothing; then r="5"; then 6. Cells without r: the next column.
    # A cell stored before its left neighbour still lands in its own column; an empty text
    # cell is skipped and the cells after it are still read; a gap is blank.
    rows = (
        '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row>'
        '<row><c r="B2"><v>2</v></c><c r="A2"><v>3</v></c></row>'
        '<row r="5"><c r="A5" t="str"><v/></c><c r="C5" t="inlineStr"><is><t/></is></c>'
        '<c r="D5"><v>4</v></c></row>'
        '<row><c r="A6"><v>5</v></c><c r="C6"><v>6</v></c><c r="D6"><f>1+1</f></c></row>'
        '<row><c r="A7"><v>7</v></c><c r="C7" t="inlineStr"><v>as a value</v></c></row>'
    )
    path = book(tmp_path / "p.xlsx", [("S", rows)], parts=())
    assert read(path)[1] == [
        (1, ["a", "1"]),
        (2, ["3", "2"]),
        (5, ["", "", "", "4"]),
        (6, ["5", "", "6", NO_VALUE]),
        (7, ["7", "", "as a value"]),  # an inline string given as a value is its text
    ]


def test_a_cell_at_xfd_is_excels_last_column_and_one_past_it_is_refused(tmp_path: Path) -> None:
    # XFD is column 16,384 (index 16,383): read. XFE is one past it: refused in one line.
    path = book(tmp_path / "ok.xlsx", [("S", '<row r="1"><c r="XFD1"><v>7</v></c></row>')])
    [(r, cells)] = read(path)[1]
    assert (r, len(cells), cells[-1]) == (1, 16_384, "7")
    path = book(tmp_path / "bad.xlsx", [("S", '<row r="1"><c r="XFE1"><v>7</v></c></row>')])
    with pytest.raises(PaycalcError) as e:
        read(path)
    assert str(e.value) == (
        "staff.xlsx: cannot read the workbook (cell XFE1 is beyond Excel's last column)"
    )


def rows_out_of_order_across_a_chunk(straddle_at: int) -> str:
    """Row 2 padded so that the tag of row 3, stored after row 4, starts `straddle_at` bytes
    before the first megabyte of the sheet's XML ends."""
    head = f'<worksheet xmlns="{MAIN}"><sheetData>'
    row2 = '<row r="2"><c r="A2" t="inlineStr"><is><t>{pad}</t></is></c></row>'
    row4 = '<row r="4"><c r="A4"><v>4</v></c></row>'
    pad = (1 << 20) - straddle_at - len(head) - len(row2.format(pad="")) - len(row4)
    return row2.format(pad="p" * pad) + row4 + '<row r="3"><c r="A3"><v>3</v></c></row>'


@pytest.mark.parametrize("straddle_at", [0, 3, 20])
def test_rows_stored_out_of_order_are_sorted_wherever_the_file_is_read_in_chunks(
    tmp_path: Path, straddle_at: int
) -> None:
    # The order is checked a megabyte of XML at a time: a row tag cut by the chunk's end is
    # checked with the next chunk (0: the tag starts the second megabyte).
    path = book(tmp_path / "p.xlsx", [("S", rows_out_of_order_across_a_chunk(straddle_at))])
    assert [n for n, _cells in read(path)[1]] == [2, 3, 4]


def test_a_workbook_without_sheets_is_refused_in_one_line_naming_the_file(tmp_path: Path) -> None:
    path = book(tmp_path / "p.xlsx", [])
    with pytest.raises(PaycalcError) as e:
        Workbook(path, "staff.xlsx")
    assert str(e.value) == "staff.xlsx: cannot read the workbook (it has no sheet)"
    # without a name to show, the path is named
    with pytest.raises(PaycalcError) as e:
        Workbook(path)
    assert str(e.value) == f"{path}: cannot read the workbook (it has no sheet)"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(PaycalcError) as e:
        Workbook(path)
    assert str(e.value) == f"{path}: not an Excel workbook (.xlsx): the file is not a zip archive"


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    "content, line",
    [
        pytest.param(
            OLE + b"\x00" * 100 + b"EncryptedPackage",
            "f.xlsx: the workbook is protected by a password; remove the password in your "
            "spreadsheet program and save it again",
            id="encrypted-named-in-ascii",
        ),
        pytest.param(
            OLE + b"\x00" * 600,
            "f.xlsx: this is an old-style Excel workbook (.xls); save it as .xlsx or as "
            "'CSV UTF-8 (comma delimited)'",
            id="xls",
        ),
        pytest.param(
            # the password's mark past the first 64 KiB is not looked for
            OLE + b"\x00" * (1 << 16) + b"EncryptedPackage",
            "f.xlsx: this is an old-style Excel workbook (.xls); save it as .xlsx or as "
            "'CSV UTF-8 (comma delimited)'",
            id="mark-past-64-KiB",
        ),
        pytest.param(
            b"employee_id,band\n" + b"x" * (4096 - 17) + b"\x00",
            "f.xlsx: this is a text file (CSV?), not an Excel workbook; give it a name ending "
            "in .csv",
            id="text-with-a-NUL-at-byte-4096",
        ),
        pytest.param(
            b"employee_id,band\n" + b"x" * (4095 - 17) + b"\x00",
            "f.xlsx: not an Excel workbook (.xlsx): the file is not a zip archive",
            id="a-NUL-at-byte-4095",
        ),
        pytest.param(
            b"", "f.xlsx: not an Excel workbook (.xlsx): the file is not a zip archive", id="empty"
        ),
    ],
)
def test_a_file_that_is_no_workbook_is_named_for_what_it_is(
    tmp_path: Path, content: bytes, line: str
) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(content)
    assert why_not_a_workbook(path, "f.xlsx") == line


def test_a_boolean_or_a_date_and_time_reads_as_excel_shows_it() -> None:
    assert display_text(True) == "TRUE"
    assert display_text(False) == "FALSE"
    assert display_text(dt.datetime(2020, 4, 1, 9, 30)) == "2020-04-01 09:30:00"
    assert display_text(dt.date(2020, 4, 1)) == "2020-04-01"
    assert display_text("text") == "text"


def test_a_displayed_number_is_rounded_half_up_to_15_significant_digits_and_its_places() -> None:
    # 2.5 to no places: 3 (half up; half to even would give 2). 0.125 to 2 places: 0.13.
    assert display_text(2.5, "0") == "3"
    assert display_text(0.125, "0.00") == "0.13"
    # 1.000000000000025 has 16 significant digits: the 15th rounds half up, to ...03
    assert display_text(1.000000000000025) == "1.00000000000003"
    # exactly 15 significant digits are kept as they are
    assert display_text(1234567.89012345) == "1234567.89012345"
    # however large the number: 123456789012345.67 (17 digits) shows 123456789012346, and
    # 1.2345678901234568e18 shows 1234567890123460000
    assert display_text(123456789012345.67) == "123456789012346"
    assert display_text(1.2345678901234568e18) == "1234567890123460000"
    assert display_text(0.0) == "0"
    assert display_text(0.0, "0.00") == "0.00"


def test_only_a_formats_first_section_says_how_a_number_shows() -> None:
    # '0;(0.00)': positives in the first section, no places: 1.5 shows 2 (half up).
    assert display_text(1.5, "0;(0.00)") == "2"
    # a space inside the first section is part of it: '0 %' is a percentage
    assert display_text(0.6, "0 %") == "60%"


def test_a_format_without_a_digit_shows_a_number_as_general_and_literal_text_adds_no_places() -> (
    None
):
    # '@' (text) has no 0: 1234.5 shows as General does, all its digits
    assert display_text(1234.5, "@") == "1234.5"
    # the '0.00' inside quotes is text: the format '0" of 10.00"' has no places, so 2.5 shows 3
    assert display_text(2.5, '0" of 10.00"') == "3"
    # so is the '0.0' of an escape or a bracket: no places either
    assert display_text(2.5, "[>=0.0]0") == "3"
    # a literal inside the number does not end it: '0"x".00' still shows two places
    assert display_text(2.5, '0"x".00') == "2.50"


def test_a_number_is_a_date_only_when_the_first_section_of_its_format_is_one(
    tmp_path: Path,
) -> None:
    # '0;d': the first section ('0') is not a date, so 5 reads 5; 'd;0' reads day 5 after
    # 1899-12-30: 1900-01-04. A 'd' inside quotes is text, not a day
    # (and a format's literal text is not shown).
    for code, expected in (("0;d", "5"), ("d;0", "1900-01-04"), ('0" d"', "5")):
        styles = (
            f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="164" formatCode=\'{code}\'/>'
            '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>'
        )
        rows = '<row r="1"><c r="A1" s="1"><v>5</v></c></row>'
        path = book(tmp_path / "p.xlsx", [("S", rows)], styles=styles)
        assert read(path)[1] == [(1, [expected])], code


def test_a_workbook_written_without_a_namespace_is_read_like_any_other(tmp_path: Path) -> None:
    # Parts with no XML namespace at all: the sheet named 'Bare' and its cell styled '0.00'.
    styles = '<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="2"/></cellXfs></styleSheet>'
    rows = '<row r="1"><c r="A1" s="1"><v>2.5</v></c></row>'
    path = book(tmp_path / "p.xlsx", [("Bare", rows)], ns="", styles=styles, parts=("styles",))
    assert read(path) == ("Bare", [(1, ["2.50"])])


def test_a_sheet_whose_part_is_missing_is_refused_in_one_line(tmp_path: Path) -> None:
    # The sheet's r:id names no relationship: there is no part to read.
    path = book(tmp_path / "p.xlsx", [("S", "")], parts=(), sheet_rels=False)
    with pytest.raises(PaycalcError, match=r"^staff\.xlsx: cannot read the workbook \("):
        read(path)
