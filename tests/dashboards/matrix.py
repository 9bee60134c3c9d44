"""The dashboards URLs × personas, for tests/test_access_matrix.py (which requires a row for every URL):
the dashboard pages (page_matrix.py) and the analytic note with the consolidated exports (note_matrix.py)."""

from .note_matrix import MATRIX as NOTE
from .page_matrix import MATRIX as PAGES

MATRIX = PAGES | NOTE
