"""Architecture rules import-linter cannot express: no import cycles, no .objects in entry points, short modules."""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # grimp finds the packages here; it reads their source and imports nothing

import grimp  # noqa: E402

PACKAGES = ("claims", "search", "workbench")
# Entry points reach models only through selectors and services.
ENTRY_POINTS = (
    "claims/web",
    "claims/api",
    "search/web",
    "claims/management",
    "search/management",
    "claims/tasks.py",
    "search/tasks.py",
)
MAX_LINES = 400


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """One shortest cycle through each direct import that is part of a cycle, without rotations."""
    cycles: dict[tuple[str, ...], list[str]] = {}
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported == importer:
                continue
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is None:
                continue
            cycle = [importer, *back]  # importer -> imported -> ... -> importer
            ring = cycle[:-1]
            start = ring.index(min(ring))
            key = tuple(ring[start:] + ring[:start])
            cycles.setdefault(key, [*key, key[0]])
    return [cycles[key] for key in sorted(cycles)]


def python_files(*paths: str) -> list[Path]:
    files: list[Path] = []
    for rel in paths:
        path = ROOT / rel
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.py") if "migrations" not in p.parts))
    return files


def objects_accesses() -> list[str]:
    found = []
    for path in python_files(*ENTRY_POINTS):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                found.append((str(path.relative_to(ROOT)), node.lineno, ast.unparse(node)))
    return [f"{path}:{line}: {code}" for path, line, code in sorted(found)]


def long_modules() -> list[tuple[str, int]]:
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        # Prune the venv, dot-directories (.git, caches) and migrations.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "migrations")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = Path(dirpath) / name
                with path.open(encoding="utf-8", errors="replace") as handle:
                    length = sum(1 for _ in handle)
                if length > MAX_LINES:
                    found.append((str(path.relative_to(ROOT)), length))
    return found


def main() -> int:
    failures = 0

    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    cycles = import_cycles(graph)
    if cycles:
        failures += len(cycles)
        print(
            f"error: {len(cycles)} import cycle(s) among {', '.join(PACKAGES)} (imports in functions count):"
        )
        for cycle in cycles:
            print(f"  {' -> '.join(cycle)}")
    else:
        print(f"ok: no import cycle among {len(graph.modules)} modules")

    accesses = objects_accesses()
    if accesses:
        failures += len(accesses)
        print(
            "error: .objects in an entry point (web, api, management commands, tasks); go through a selector or a service:"
        )
        for line in accesses:
            print(f"  {line}")
    else:
        print("ok: no .objects in entry points")

    long = long_modules()
    if long:
        failures += len(long)
        print(f"error: module(s) over {MAX_LINES} lines (migrations and .venv aside); split them:")
        for path, length in long:
            print(f"  {path}: {length} lines")
    else:
        print(f"ok: no module over {MAX_LINES} lines")

    if failures:
        print(f"check_architecture: {failures} problem(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
