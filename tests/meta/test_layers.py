"""The layer rules, read from the source: storage knows nothing of the bot, services know
nothing of Discord or the cogs, SQL lives only in storage, and no module imports itself
back through others. The packages are walked, so new modules are checked as they land.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "cogs", "storage")
SQL = re.compile(
    r"^\s*(SELECT\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|"
    r"CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)\b|DROP\s+\w+\b|ALTER\s+TABLE\b|PRAGMA\b|"
    r"SAVEPOINT\b|ROLLBACK\b|RELEASE\b|BEGIN\b|COMMIT\b|WITH\s+\w+\s+AS\b)"
)


@dataclass(frozen=True, slots=True)
class Import:
    """One import statement in a module."""

    target: str  # the module imported (for `from a import b`: `a.b` when that is a module)
    line: int
    type_only: bool  # inside `if TYPE_CHECKING:`


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(nodes: list[ast.stmt], type_only: bool) -> Iterator[tuple[ast.stmt, bool]]:
    for node in nodes:
        yield node, type_only
        if isinstance(node, ast.If):
            yield from _walk(node.body, type_only or _is_type_checking(node))
            yield from _walk(node.orelse, type_only)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _walk(block, type_only)
            for handler in node.handlers:
                yield from _walk(handler.body, type_only)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield from _walk(node.body, type_only)


def imports_of(name: str) -> list[Import]:
    """Every import in a module, resolved to absolute module names."""
    path = MODULES[name]
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []
    for node, type_only in _walk(tree.body, False):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno, type_only) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append(Import(sub if sub in MODULES else base, node.lineno, type_only))
    return found


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _violations(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{name}:{imp.line} imports {imp.target}"
        for name in MODULES
        if _in(name, layer)
        for imp in imports_of(name)
        if any(_in(imp.target, bad) for bad in forbidden)
    ]


def _project_graph(*, with_type_only: bool) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name in MODULES:
        targets = {
            imp.target
            for imp in imports_of(name)
            if imp.target in MODULES and (with_type_only or not imp.type_only)
        }
        # Importing a.b.c runs a/__init__ and a/b/__init__ first.
        for target in list(targets):
            parts = target.split(".")
            targets.update(".".join(parts[:i]) for i in range(1, len(parts)))
        graph[name] = (targets & MODULES.keys()) - {name}
    return graph


def _loads(start: str, graph: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        current = todo.pop()
        for target in graph.get(current, ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_storage_imports_nothing_from_the_bot_or_the_cogs() -> None:
    assert _violations("storage", ("bot", "cogs")) == []


def test_services_import_nothing_from_the_cogs_or_discord() -> None:
    assert _violations("bot.services", ("cogs", "discord")) == []


def test_services_do_not_load_discord_through_other_modules() -> None:
    graph = _project_graph(with_type_only=False)
    leaks = []
    for name in MODULES:
        if not _in(name, "bot.services"):
            continue
        for loaded in sorted(_loads(name, graph) | {name}):
            for imp in imports_of(loaded):
                if not imp.type_only and _in(imp.target, "discord"):
                    leaks.append(f"{name} loads {loaded}, which imports {imp.target}")
    assert leaks == []


def _sql_strings(name: str) -> Iterator[str]:
    tree = ast.parse(MODULES[name].read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL.match(node.value):
                yield f"{name}:{node.lineno}: {node.value.strip()[:60]}"
        elif isinstance(node, ast.JoinedStr):
            head = node.values[0] if node.values else None
            if isinstance(head, ast.Constant) and SQL.match(str(head.value)):
                yield f"{name}:{node.lineno}: f-string {str(head.value).strip()[:60]}"


def test_no_sql_outside_storage() -> None:
    found = [hit for name in MODULES if not _in(name, "storage") for hit in _sql_strings(name)]
    assert found == []


def test_the_sql_check_finds_sql() -> None:
    hits = [SQL.match(s) is not None for s in ("SELECT 1", "SAVEPOINT x", "Select a role")]
    assert hits == [True, True, False]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles_even_through_type_only_imports() -> None:
    graph = _project_graph(with_type_only=True)
    # A package's __init__ that only re-exports is not a cycle with its own modules.
    for name in graph:
        graph[name] = {t for t in graph[name] if not _in(name, t)}
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


SQL_WRITE = re.compile(r"^\s*(INSERT\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|REPLACE\b)")
# Storage tests check the database itself (its triggers refuse raw writes), so they use SQL.
RAW_SQL_ALLOWED = (
    "tests/storage/",
    "tests/fakediscord/",
    "tests/meta/",
    # Writes the one state only a crash leaves behind (a notice marked 'sending' after its DM
    # went out); no storage function may produce it on purpose.
    "tests/e2e/test_notifier.py",
)


def test_tests_seed_data_through_storage_modules_not_raw_sql() -> None:
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        if where.startswith(RAW_SQL_ALLOWED):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and SQL_WRITE.match(node.value):
                found.append(f"{where}:{node.lineno}")
    assert found == []


def test_cogs_and_views_reach_the_database_only_through_services() -> None:
    """No cog or view opens a read or a transaction itself: each asks a service."""
    opened = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("cogs", "bot/ui")
        for path in sorted((ROOT / package).rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if re.search(r"\.db\.(read|transaction)\(", line)
    ]
    assert opened == []
