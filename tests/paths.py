"""Where the test material is: `tests/fixtures/`, inside the repository, so that a fresh clone
needs nothing beside it."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROADMAP_FIXTURES = FIXTURES / "roadmaps"
