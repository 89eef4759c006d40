"""Tabular files read and written, with no payroll meaning: CSV text as HR systems export it
(`csvio`), a workbook's sheet read as the text Excel shows (`xlsx_reader`, each cell's text by
`cell_text`), workbooks written (`xlsx_writer`). `payroll/` says which of the rows are people
and what their cells mean."""

# What a workbook's reader gives for a formula cell without a value (a workbook written by a
# script, never opened in a spreadsheet program): the payroll reader rejects its row. Here, not in
# xlsx_reader, so that reading a CSV never imports the workbook reader.
NO_VALUE = "\x00formula without a value"
