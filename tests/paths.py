"""Where the shared test material is: `../shared` beside the project, or OPORA_SHARED_DIR."""

import os
from pathlib import Path

SHARED = Path(os.environ.get("OPORA_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
ROADMAP_FIXTURES = SHARED / "fixtures" / "roadmaps"
