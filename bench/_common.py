"""What every benchmark does first: configure Django as a production run would, on the database given."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(*, index_prefix: str, database_url: str | None = None) -> None:
    """Settings as in production where it matters for speed: DEBUG off (no per-query SQL log)."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", index_prefix)
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.base")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
