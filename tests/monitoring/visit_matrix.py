"""Visit URLs × personas (merged by tests/monitoring/matrix.py)."""

MATRIX = {}
