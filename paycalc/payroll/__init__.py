"""Payroll files: which rows are people and what their cells mean (`read`, `columns`, `rows`),
and check's rules of a row (`flags`); the files themselves are read by `paycalc.tabular`."""
