"""`paycalc new-scale`: a scale file made from an employer's own pay table, or a template."""
