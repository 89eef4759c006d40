"""Payroll files in and out: encodings, header columns and the row reader shared by `apply` and
`compare --payroll`."""
