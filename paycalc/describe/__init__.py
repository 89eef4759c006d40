"""`paycalc list`, `show` and `explain`: the files, one offer step by step, one person's timeline,
as tables (as_tables.py) and as JSON (as_json.py)."""
