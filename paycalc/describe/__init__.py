"""`paycalc list`, `show` and `explain`: the files, one offer step by step, one person's timeline,
as tables (docs.py) and as JSON (data.py)."""
