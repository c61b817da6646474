"""Every environment variable the settings read is documented in .env.example."""

from __future__ import annotations

import ast

from tests.paths import ROOT

SETTINGS = ROOT / "workbench" / "settings"


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def variables_read(tree: ast.Module, helpers: set[str]) -> set[str]:
    """Names in os.environ.get("X"), os.getenv("X"), os.environ["X"], "X" in os.environ and env_*("X")."""
    readers = {"os.environ.get", "os.getenv", "os.environ.setdefault", *helpers}
    names = set()
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Call) and _dotted(node.func) in readers and node.args:
            key = node.args[0]
        elif isinstance(node, ast.Subscript) and _dotted(node.value) == "os.environ":
            key = node.slice
        elif isinstance(node, ast.Compare) and any(_dotted(c) == "os.environ" for c in node.comparators):
            key = node.left
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def documented() -> set[str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    return {
        line.split("=", 1)[0].strip() for line in lines if "=" in line and not line.lstrip().startswith("#")
    }


def test_every_variable_the_settings_read_is_in_env_example():
    trees = {path.name: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SETTINGS.glob("*.py"))}
    helpers = {
        node.name
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("env_")
    }
    read = {name: variables_read(tree, helpers) for name, tree in trees.items()}
    assert {"env_bool", "env_list"} <= helpers and "DATABASE_URL" in read["base.py"], (
        "the parser found nothing"
    )
    missing = {f"{name} ({module})" for module, names in read.items() for name in names - documented()}
    assert not missing, f"read in workbench/settings but not in .env.example: {sorted(missing)}"


def test_the_parser_finds_every_way_of_reading_a_variable():
    tree = ast.parse(
        'import os\nA = os.environ.get("ONE")\nB = os.environ["TWO"]\nC = env_bool("THREE", False)\n'
        'D = os.getenv("FOUR")\nE = "FIVE" in os.environ\nF = env_list(name, [])\n'
    )
    assert variables_read(tree, {"env_bool", "env_list"}) == {"ONE", "TWO", "THREE", "FOUR", "FIVE"}
