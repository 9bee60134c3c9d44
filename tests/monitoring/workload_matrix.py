"""Workload, reassignment and mismatch URLs × personas (merged by tests/monitoring/matrix.py)."""

MATRIX = {}
