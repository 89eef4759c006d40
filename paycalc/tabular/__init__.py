"""Tabular files read and written, with no payroll meaning: CSV text as HR systems export it
(`csvio`), a workbook's sheet read as the text Excel shows (`xlsx_reader`), workbooks written
(`xlsx_writer`). `payroll/` says which of the rows are people and what their cells mean."""
