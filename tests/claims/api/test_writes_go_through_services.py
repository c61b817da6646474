"""The API modules write only through services: no ORM write in claims/api (checked on the source, Zulip-style)."""

from __future__ import annotations

import ast

from tests.paths import ROOT


def test_api_code_writes_only_through_services():
    """No ORM write in the API modules: every write goes through a service (checked on the source, Zulip-style)."""
    api = ROOT / "claims" / "api"
    trees = [(path.name, ast.parse(path.read_text())) for path in sorted(api.glob("*.py"))]
    writes = {
        "save",
        "create",
        "update",
        "delete",
        "bulk_create",
        "bulk_update",
        "update_or_create",
        "get_or_create",
    }
    offending = [
        f"{name} line {node.lineno}: .{node.func.attr}()"
        for name, tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in writes
    ]
    assert len(trees) >= 5 and not offending, offending
