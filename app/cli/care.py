"""Backup and restore: `backup [--to DIR] [--keep N]`, `restore FILE` (app.care.backup)."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.maintenance import count
from app.cli.stores import store_url


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    b = sub.add_parser("backup", parents=[common],
                       help="write a backup of the store (safe while the service runs) and print its file")
    b.add_argument("--to", metavar="DIR", type=Path,
                   help="the folder to write it to (default: the user data folder's backups)")
    b.add_argument("--keep", metavar="N", type=count(1),
                   help="then delete the oldest DormWatt backups in the folder beyond the newest N")
    b.set_defaults(handler=do_backup)

    r = sub.add_parser("restore", parents=[common],
                       help="restore a backup onto an empty store (--db URL, or the config's store) and "
                            "check it as ledger verify and audit verify do (exit code 1 if a check fails)")
    r.add_argument("file", metavar="FILE", type=Path, help="a backup written by `backup` (.sqlite or .pgdump)")
    r.set_defaults(handler=do_restore)


def do_backup(args: argparse.Namespace) -> int:
    from app.care.backup import backup, default_dir

    print(backup(store_url(args), args.to or default_dir(), keep=args.keep))
    return 0


def do_restore(args: argparse.Namespace) -> int:
    from app.care.backup import restore

    r = restore(args.file, store_url(args))
    print(f"restored {r.file} onto {r.target} (schema {r.from_revision}"
          f"{f' -> {r.revision}' if r.revision != r.from_revision else ''})")
    print(f"ledger verify: {len(r.drifted)} account(s) drifted"
          f"{': ' + ', '.join(map(str, r.drifted)) if r.drifted else ''}")
    for text in r.problems:
        print(f"  {text}")
    print(f"audit verify: {len(r.problems)} problem(s) in a chain of {r.links} link(s)")
    if r.anchor_problems:
        print(f"note: {len(r.anchor_problems)} anchor(s) in {r.anchors_path} are past the restored chain: what "
              "was recorded after this backup is not in it. `audit verify` reports them until that file is "
              "moved aside (keep it: it proves what the backup lacks).")
        for text in r.anchor_problems:
            print(f"  {text}")
    return 0 if r.ok else 1
