"""The layering holds: the import contracts in pyproject.toml and scripts/check_architecture.py both pass.

The same checks run in `make lint`; here they make `make test` fail on a layer violation too. No database.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT

BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_search_never_imports_claims_and_layers_hold():
    """Every [tool.importlinter] contract: the claims and search layers, search independent of claims,
    tasks imported only by the dispatch modules, infrastructure free of the apps."""
    lint_imports = BIN / "lint-imports"
    assert lint_imports.exists(), f"{lint_imports} missing: install the dev extra (pip install -e .[dev])"
    result = _run(str(lint_imports), "--no-logo", "--no-cache")
    assert result.returncode == 0, f"lint-imports failed:\n{result.stdout}\n{result.stderr}"


def test_no_import_cycle_no_objects_in_entry_points_no_overlong_module():
    result = _run(sys.executable, str(ROOT / "scripts" / "check_architecture.py"))
    assert result.returncode == 0, f"scripts/check_architecture.py failed:\n{result.stdout}\n{result.stderr}"
