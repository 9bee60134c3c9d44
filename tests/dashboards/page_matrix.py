"""Dashboard page URLs × personas (merged by tests/dashboards/matrix.py)."""

MATRIX = {}
