"""Where the tests find the repository and the shared seeds, whatever folder a test module sits in."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_ARTICLE = SHARED / "seeds" / "000_0c67ce4bb6b1cc31.txt"
# Where scripts/services.sh keeps the real services' data and pid files (the same variable it reads).
SERVICES = Path(os.environ.get("WORKBENCH_SERVICES_DIR") or ROOT / ".services")
