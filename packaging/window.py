"""The frozen window's entry point (installer.spec): `main.main()`, as `python main.py` runs it.

A frozen program has no `python -m`, yet the demo starts its meter simulator as
`sys.executable -m app.demo.runtime` (app/demo/runtime.py); frozen, `sys.executable` is this
program, so that one command line runs the module here, as Python would.
"""
from __future__ import annotations

import faulthandler
import runpy
import sys

CHILD_MODULES = ("app.demo.runtime",)      # what the window starts as `sys.executable -m MODULE`


def run(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "-m" and argv[1] in CHILD_MODULES:
        sys.argv = [sys.argv[0], *argv[2:]]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)    # the module exits itself
        return 0
    import main

    return main.main(argv)


if __name__ == "__main__":
    # A crash prints every thread's stack; a windowed build on Windows has no stderr to print to.
    if sys.stderr is not None:
        faulthandler.enable()
    sys.exit(run(sys.argv[1:]))
