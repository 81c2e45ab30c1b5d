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
