"""The benchmarks' code, for tests that build on it (bench/ is scripts, not a package): loaded once."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).parents[1] / "bench"


def bench_loads() -> ModuleType:
    """bench/loads.py: its switch-ons through the simulated meter and its library builder."""
    name = "bench_loads"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH / "loads.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
