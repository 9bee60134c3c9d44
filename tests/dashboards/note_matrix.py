"""Analytic note and consolidated export URLs × personas (merged by tests/dashboards/matrix.py)."""

MATRIX = {}
