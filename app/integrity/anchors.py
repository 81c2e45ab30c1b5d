"""Anchors: the chain's head written outside the store, one JSON line per shift or day close.

A SQLite store's anchors are the file beside it (`dormwatt.db` -> `dormwatt.db.anchors`); a
PostgreSQL store's are in the user data directory, one file per server and database, unless
DORMWATT_ANCHOR_FILE names the file (for any store). The file is only ever appended to; keep a copy
where the database's owner cannot write (the shift and day-close reports also print each anchor).
"""
from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from app import clock
from db.engine import user_data_dir

log = logging.getLogger(__name__)

ENV_FILE = "DORMWATT_ANCHOR_FILE"


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    reason: str
    line: int          # 1-based line in the file


def path_for(url: str | URL) -> Path | None:
    """Where the anchors of the store at `url` are kept (None for an in-memory store)."""
    explicit = os.environ.get(ENV_FILE)
    if explicit:
        return Path(explicit)
    u = make_url(url) if isinstance(url, str) else url
    if u.get_backend_name() == "sqlite":
        if not u.database or u.database == ":memory:" or u.database.startswith("file:"):
            return None
        return Path(u.database).with_name(Path(u.database).name + ".anchors")
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{u.host or 'local'}_{u.port or 5432}_{u.database or ''}")
    return user_data_dir() / "anchors" / f"{name}.anchors"


def append(url: str | URL, anchors: list[dict], path: Path | None = None) -> None:
    """Append anchors ({seq, hash, reason}) to the store's file. Called after the commit: a failure
    is logged, never raised (the money is already committed)."""
    path = path or path_for(url)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        at = clock.now().isoformat()
        with open(path, "a", encoding="utf-8") as f:
            for a in anchors:
                f.write(json.dumps({"at": at, "seq": a["seq"], "hash": a["hash"], "reason": a["reason"]},
                                   ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
    except OSError:
        log.exception("could not append the chain's anchor to %s", path)


def read(path: Path) -> list[Anchor]:
    """The anchors in `path` (none when the file is missing). A line that is not an anchor raises
    ValueError naming the line: an anchor file is not edited by hand."""
    if not path.is_file():
        return []
    out = []
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            d = json.loads(text)
            out.append(Anchor(int(d["seq"]), str(d["hash"]), str(d.get("at", "")), str(d.get("reason", "")), n))
        except (ValueError, KeyError, TypeError):
            raise ValueError(f"{path}:{n} is not an anchor line") from None
    return out
