"""The frozen meter service's entry point (installer.spec): `dormwatt-serve [OPTIONS]` is
`python main.py serve [OPTIONS]`.

It is the console program of the installation, so it also runs the other commands, named first:
`dormwatt-serve db upgrade`, `dormwatt-serve bus list --db URL`; and `dormwatt-serve --version`.
"""
from __future__ import annotations

import faulthandler
import sys


def command_line(args: list[str]) -> list[str]:
    """main.py's arguments for this program's `args`."""
    if args[:1] == ["--version"] or (args and not args[0].startswith("-")):
        return args
    return ["serve", *args]


if __name__ == "__main__":
    faulthandler.enable()
    import main

    sys.exit(main.main(command_line(sys.argv[1:])))
