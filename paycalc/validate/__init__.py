"""`paycalc validate`: every problem in every scheme file, its examples run, its quotes checked."""
