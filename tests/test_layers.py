"""The package's layers import one way: data <- views <- build; tools use data and views.

Every `import` and `from ... import` in src/aifigures is read with `ast`, including the ones
inside functions (the lazy imports count as much as the top-level ones)."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "aifigures"

# What each layer may import, besides itself and `aifigures.config`.
ALLOWED = {
    "data": set(),
    "views": {"data"},
    "build": {"data", "views"},
    "tools": {"data", "views"},
}
# Exceptions, each with its reason.
EXCEPTIONS = {
    # the benchmark times kernel start-up and the export, so it drives the build it measures
    ("tools/bench.py", "build"),
}
ENTRY_POINTS = {"__init__.py", "__main__.py", "cli.py"}
TOP_LEVEL = ENTRY_POINTS | {"config.py"}


def imported_modules(path: Path, package_root: Path) -> list[tuple[int, str]]:
    """(line, dotted module) for every aifigures import in a file, relative ones resolved."""
    here = ["aifigures", *path.relative_to(package_root).parent.parts]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            # `from aifigures import config` / `from aifigures.data import tables` name modules
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name == "aifigures" or name.startswith("aifigures.")]


def layer_of_module(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


def violations(package_root: Path) -> list[str]:
    problems = []
    for path in sorted(package_root.rglob("*.py")):
        relative = path.relative_to(package_root).as_posix()
        if relative in ENTRY_POINTS:
            continue
        own = relative.split("/")[0] if "/" in relative else None
        for line, name in imported_modules(path, package_root):
            target = layer_of_module(name)
            parts = name.split(".")
            if relative == "config.py" and len(parts) > 1:
                problems.append(f"src/aifigures/{relative}:{line}: imports {name}; config must import nothing of the package")
            elif len(parts) > 1 and f"{parts[1]}.py" in ENTRY_POINTS:
                problems.append(f"src/aifigures/{relative}:{line}: imports {name}, an entry point; only entry points import it")
            elif own is None and target is not None:
                problems.append(f"src/aifigures/{relative}:{line}: imports {name}; top-level modules import no layer")
            elif target and own and target != own and target not in ALLOWED[own] and (relative, target) not in EXCEPTIONS:
                problems.append(f"src/aifigures/{relative}:{line}: imports {name}: the {own} layer may not import the {target} layer")
    return problems


def test_package_has_only_entry_points_and_config_at_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert set(top) <= TOP_LEVEL and len(top) <= 5, top
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(ALLOWED)


def test_imports_run_one_way():
    assert violations(PACKAGE) == []


def test_every_layer_is_imported_by_its_name():
    # the checker sees the real imports: without this, a parser that found nothing would pass
    seen = {layer_of_module(name) for path in PACKAGE.rglob("*.py") for _, name in imported_modules(path, PACKAGE)}
    assert set(ALLOWED) <= seen


def test_an_import_against_the_direction_is_named(tmp_path):
    root = tmp_path / "aifigures"
    for layer in ALLOWED:
        (root / layer).mkdir(parents=True)
        (root / layer / "__init__.py").write_text("")
    (root / "config.py").write_text("")
    (root / "data" / "tables.py").write_text("def load():\n    from aifigures.views import charts\n")
    (root / "views" / "markup.py").write_text("from ..build import runner\nfrom aifigures.data import tables\n")
    (root / "build" / "runner.py").write_text("from aifigures.tools.extract import find_mentions\n")
    (root / "tools" / "extract.py").write_text("from aifigures.data import numbers\nfrom aifigures import cli\n")
    assert violations(root) == [
        "src/aifigures/build/runner.py:1: imports aifigures.tools.extract.find_mentions: the build layer may not import the tools layer",
        "src/aifigures/data/tables.py:2: imports aifigures.views.charts: the data layer may not import the views layer",
        "src/aifigures/tools/extract.py:2: imports aifigures.cli, an entry point; only entry points import it",
        "src/aifigures/views/markup.py:1: imports aifigures.build.runner: the views layer may not import the build layer",
    ]


def module_graph(package_root: Path) -> dict[str, dict[str, int]]:
    """module -> {module it imports: first line}, for the package's own modules (an import of a
    name from a module counts as an import of that module)."""
    modules = {}
    for path in package_root.rglob("*.py"):
        parts = path.relative_to(package_root).with_suffix("").parts
        name = ".".join(["aifigures", *parts[:-1]] + ([] if parts[-1] == "__init__" else [parts[-1]]))
        modules[name] = path
    graph = {}
    for name, path in modules.items():
        edges = {}
        for line, imported in imported_modules(path, package_root):
            target = imported if imported in modules else imported.rsplit(".", 1)[0]
            if target in modules and target != name and not modules[target].name == "__init__.py":
                edges.setdefault(target, line)
        graph[name] = edges
    return graph


def import_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop (Tarjan's strongly
    connected components of more than one module), each sorted."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_no_import_cycles():
    """No two modules import each other, not even lazily inside a function, nor round a loop."""
    graph = module_graph(PACKAGE)
    described = [" <-> ".join(group) + ": " + "; ".join(
        f"{a} imports {b} (line {graph[a][b]})" for a in group for b in group if b in graph[a]) for group in import_cycles(graph)]
    assert described == []


def test_the_cycle_check_finds_a_cycle(tmp_path):
    root = tmp_path / "aifigures"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.py").write_text("def f():\n    from aifigures.data.b import g\n", encoding="utf-8")
    (root / "data" / "b.py").write_text("from aifigures.data import a\n", encoding="utf-8")
    (root / "data" / "c.py").write_text("from aifigures.data.a import f\n", encoding="utf-8")
    assert import_cycles(module_graph(root)) == [["aifigures.data.a", "aifigures.data.b"]]
