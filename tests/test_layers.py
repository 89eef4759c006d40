"""Imports go one way, down the layers of docs/architecture.md, and never round in a cycle.

Every import in paycalc/ is read with `ast`: at the top of a module, inside a function (lazy),
under `if TYPE_CHECKING:`, relative or absolute, and `import_module("paycalc.x")` with a literal
name. A module's *unit* is its top-level name under paycalc (`paycalc.files.cross_checks` is in
`files`, `paycalc.money` in `money`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import paycalc

PACKAGE = Path(paycalc.__file__).parent

# Top to bottom. A unit may import any unit of a lower layer, none of a higher one, and none
# beside it in its own layer (the features never import one another). Modules directly in
# paycalc/ that no layer names (small helpers such as printable or output) belong to the
# base layer, whose modules may import one another (the cycle test still applies).
LAYERS: list[tuple[str, ...]] = [
    ("cli",),
    ("validate", "compare", "apply", "check", "describe", "author"),  # the features
    ("parity",),  # reads the engine's results against a reference scale
    ("engine", "files", "payroll", "basis"),  # running a scheme; files; what a value rests on
    ("model",),  # the scheme and scale file models
    ("steps",),  # one module per step kind
    ("state",),  # a person's position on a scale
    ("tabular",),  # CSV and workbook files read as rows of text, workbooks written
]
BASE = ("money", "errors", "types", "table")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "schemes" not in p.parts}


def imports(module: str) -> Iterator[tuple[int, str]]:
    """(line, module) for every paycalc module `module` imports, however it imports it."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from paycalc import state` imports the module paycalc.state
                sub = f"{base}.{alias.name}"
                yield node.lineno, sub if sub in MODULES else base
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def edges() -> Iterator[tuple[str, int, str]]:
    for module in MODULES:
        for line, target in imports(module):
            if target == "paycalc" or target.startswith("paycalc."):
                yield module, line, target


def unit(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def layer(u: str) -> int:
    for i, names in enumerate(LAYERS):
        if u in names:
            return i
    return len(LAYERS)  # the base layer


def test_every_subpackage_is_placed_in_a_layer() -> None:
    packages = {unit(m) for m, p in MODULES.items() if p.name == "__init__.py" and "." in m}
    placed = {u for names in LAYERS for u in names} | set(BASE)
    assert packages <= placed, f"add {sorted(packages - placed)} to LAYERS in this test"


def test_imports_only_go_down_the_layers() -> None:
    wrong = []
    for module, line, target in edges():
        if module == "paycalc":
            continue  # the package's lazy public API (paycalc.Registry, ...) sits above it all
        if target == "paycalc":
            wrong.append(f"{MODULES[module]}:{line}: imports the paycalc facade, not a module")
            continue
        src, dst = unit(module), unit(target)
        if src == dst:
            continue
        if layer(dst) < layer(src):
            wrong.append(f"{MODULES[module]}:{line}: {src} imports {target}, a higher layer")
        elif layer(dst) == layer(src) < len(LAYERS):
            wrong.append(f"{MODULES[module]}:{line}: {src} imports {target}, beside it")
    assert wrong == [], "\n".join(wrong)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, _, target in edges():
        if module != "paycalc" and target in MODULES and target != module:
            graph.setdefault(module, set()).add(target)
    return graph


def test_no_import_cycle_even_through_lazy_imports() -> None:
    assert cycles(import_graph()) == []


# The checker itself: each rule is seen to fail on a made-up graph or unit.


def test_the_cycle_finder_finds_a_cycle_through_three_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    ("src", "dst", "allowed"),
    [
        ("cli", "compare", True),
        ("compare", "apply", False),  # sideways between features
        ("engine", "compare", False),  # upwards
        ("parity", "engine", True),
        ("model", "steps", True),
        ("steps", "model", False),
        ("engine", "files", False),  # sideways
        ("money", "errors", True),  # within the base layer
        ("printable", "cli", False),  # an unnamed helper module is in the base layer
    ],
)
def test_the_layer_rule_on_examples(src: str, dst: str, allowed: bool) -> None:
    ok = layer(dst) > layer(src) or (layer(dst) == layer(src) == len(LAYERS))
    assert ok == allowed


def test_lazy_and_type_checking_imports_are_seen() -> None:
    # files/documents.py imports files.load inside a function; cli/describe.py imports only
    # lazily.
    assert "paycalc.files.load" in {t for _, t in imports("paycalc.files.documents")}
    assert "paycalc.describe.as_tables" in {t for _, t in imports("paycalc.cli.describe")}
