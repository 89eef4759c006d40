"""`paycalc compare`: offers against the reference (NPS) scale, and the renderers of the report."""
