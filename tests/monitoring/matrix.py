"""The monitoring URLs × personas, for tests/test_access_matrix.py (which requires a row for every URL):
visits (visit_matrix.py) and the region's view of curators (workload_matrix.py)."""

from .event_matrix import MATRIX as EVENTS
from .visit_matrix import MATRIX as VISITS
from .workload_matrix import MATRIX as WORKLOAD

MATRIX = VISITS | WORKLOAD | EVENTS
