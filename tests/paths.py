"""Where the test material is: `tests/fixtures/`, inside the repository, so a fresh clone needs
nothing beside it. `../shared` (or OPORA_SHARED_DIR) may hold extra material; no test requires it."""

import os
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROADMAP_FIXTURES = FIXTURES / "roadmaps"
SHARED = Path(os.environ.get("OPORA_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
