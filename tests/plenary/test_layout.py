"""The rules of docs/architecture.md that a machine can check: imports go one way, modules stay short."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each app may import only the apps before it: plenary <- conference <- registration <- recommendations.
LAYERS = ["plenary", "conference", "registration", "recommendations"]
MAX_LINES = 400


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _run_time_imports(tree: ast.Module):
    """Imported module names, leaving out imports under ``if TYPE_CHECKING:`` (types only)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            skipped.update(id(child) for child in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("app", LAYERS)
def test_imports_go_one_way(app):
    later = set(LAYERS[LAYERS.index(app) + 1 :])
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(app)
        if path.name != "demo.py"  # demo data of one app may build on another's (found by name, not imported)
        for name in _run_time_imports(ast.parse(path.read_text()))
        if name.split(".")[0] in later
    ]
    assert wrong == []


def test_no_module_is_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for app in LAYERS
        for path in _modules(app)
        if path.name != "demo.py" and (lines := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert long == []
