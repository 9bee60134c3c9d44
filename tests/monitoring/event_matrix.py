"""Event and attendance URLs × personas (merged by tests/monitoring/matrix.py)."""

MATRIX = {}
