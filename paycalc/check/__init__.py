"""`paycalc check`: transfer-data checks of a payroll against a pay scale."""
