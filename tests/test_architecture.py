"""The import rule, checked on every module's source: dependencies point one way.

`bot.telegram` and `bot.cli` reach storage and the text pipeline only through
`bot.usecases`; the use cases know no transport; `storage` and `summarizer` never import
`bot`, nor each other. Imports inside functions and under TYPE_CHECKING count, and so do the
module names given to `Deferred` (the CLI's imports on first use).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# (package whose modules are checked, packages they must not import, why)
RULES = [
    ("bot.telegram", ("storage", "summarizer"), "adapters go through bot.usecases"),
    ("bot.cli", ("storage", "summarizer"), "adapters go through bot.usecases"),
    ("bot.usecases", ("telegram", "typer", "rich", "bot.telegram", "bot.cli"),
     "use cases know no transport"),
    ("storage", ("bot", "summarizer"), "storage is below the application"),
    ("summarizer", ("bot", "storage"), "the text pipeline is pure"),
]  # fmt: skip


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """Every module a source imports, at any depth, relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - (node.level - 1)]
                yield ".".join([*base, *([node.module] if node.module else [])])
            elif node.module:
                yield node.module
        elif isinstance(node, ast.Call) and _is_deferred(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value


def _is_deferred(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id == "Deferred"
    return isinstance(func, ast.Attribute) and _is_deferred(func.value)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def violations(path: Path) -> list[str]:
    module = module_name(path)
    found = []
    for package, banned, why in RULES:
        if not _within(module, package):
            continue
        names = imported_names(path.read_text(encoding="utf-8"), module,
                               is_package=path.name == "__init__.py")  # fmt: skip
        found += [f"{module} imports {name} ({why})" for name in names
                  if any(_within(name, b) for b in banned)]  # fmt: skip
    return found


MODULES = sorted(
    path for top in ("bot", "storage", "summarizer") for path in (ROOT / top).rglob("*.py")
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_keeps_the_import_rule(path):
    assert violations(path) == []


def test_the_packages_are_all_checked():
    checked = {module_name(p) for p in MODULES}
    for package, _, _ in RULES:
        assert package in checked, package


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("bot.telegram.render", "from storage.search import HIGHLIGHT_END"),
        ("bot.cli.main", "def f():\n    from summarizer import rank"),
        ("bot.cli.main", "if TYPE_CHECKING:\n    import storage.audience"),
        ("bot.cli.main", 'X = Deferred.names("storage", "Database")'),
        ("bot.usecases.ingest", "from telegram import Bot"),
        ("bot.usecases.ingest", "import typer"),
        ("storage.db", "from bot.usecases.errors import BriefingError"),
        ("storage.db", "from ..bot import config"),
        ("summarizer.rank", "from storage import Database"),
        ("summarizer.facts.dates", "from ...storage import zones"),
    ],
)
def test_a_violating_import_is_caught(tmp_path, monkeypatch, module, source):
    """The checker itself: each of these, planted in a module, is a violation."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    path = tmp_path.joinpath(*module.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    assert violations(path), source
