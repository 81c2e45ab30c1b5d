"""app, db and drivers import no Qt: the headless service, the CLI and the tests use them as they are."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "ui")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_qt_or_ui_imports_in_core_packages():
    offenders = []
    for pkg in ("app", "db", "drivers"):
        for path in (ROOT / pkg).rglob("*.py"):
            bad = _imports(path) & set(QT)
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_drivers_know_nothing_of_db_or_app():
    offenders = []
    for path in (ROOT / "drivers").rglob("*.py"):
        bad = _imports(path) & {"db", "app", "ui"}
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_db_knows_nothing_above_it():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "db").rglob("*.py") if _imports(p) & {"app", "ui"}]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt():
    code = (
        "import sys, pkgutil, importlib\n"
        "for pkg in ('app', 'db', 'drivers'):\n"
        "    m = importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(m.__path__, pkg + '.'):\n"
        "        if info.name.endswith('__main__'): continue\n"
        "        importlib.import_module(info.name)\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ui_reaches_the_store_only_through_app():
    """ui/ is presentation: it may hold a Store handle to pass to app/, never query models itself."""
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("db") \
                    and node.module != "db.engine":
                offenders.append(f"{path.relative_to(ROOT)}: from {node.module}")
            if isinstance(node, ast.ImportFrom) and node.module == "db.engine" and \
                    any(a.name != "Store" for a in node.names):
                offenders.append(f"{path.relative_to(ROOT)}: db.engine beyond Store")
    assert offenders == []


def _module_graph(packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Module -> the project modules it imports at run time (deferred imports included, TYPE_CHECKING not)."""
    modules = {}
    for pkg in packages:
        for path in (ROOT / pkg).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                       and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING"
                       for n in ast.walk(node)}
        for node in ast.walk(tree):
            targets = []
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            deps.update(t for t in targets if t in modules and t != name and not name.startswith(t + "."))
        graph[name] = deps
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles_in_core_packages():
    assert _cycles(_module_graph(("app", "db", "drivers"))) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_app_is_organised_by_the_offices_work():
    """A reader finds behaviour from folder names: only cross-cutting modules stay at app/'s top."""
    shared = {"__init__", "access", "audit", "cli", "config", "errors", "events", "clock", "operators",
              "settings_store"}
    flat = {p.stem for p in (ROOT / "app").glob("*.py")}
    assert flat <= shared, sorted(flat - shared)
    assert {"counter", "campus", "metering", "demo"} <= {p.name for p in (ROOT / "app").iterdir() if p.is_dir()}
