"""`paycalc apply`: a payroll streamed through a scheme, with rejects, summary and totals."""
