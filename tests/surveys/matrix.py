"""The surveys URLs × personas, for tests/test_access_matrix.py (which requires a row for every URL)."""

MATRIX = {}
