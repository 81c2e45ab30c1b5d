"""`audit verify`: walk the hash chain, recompute every chained record, compare with the anchors.

Problems are listed in chain order; the first is the first broken link. Kinds:
`broken` (a link does not follow from its predecessor, or one is missing), `edited` (a record's
content no longer matches its link), `deleted` (a linked record is gone), `inserted` (a record that
never entered the chain), `anchor` (the chain disagrees with an anchor written outside the store:
it was rewritten or cut short), `head` (the stored head is not the chain's last link).
Rows a writer committed without linking (`pending`) are counted, not problems: the next write links them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from app.integrity import anchors as anchor_file
from app.integrity.chain import CHAINED, GENESIS, all_row_hashes, link_hash
from db.engine import Store
from db.models_ops import ChainHead, ChainLink, ChainPending


@dataclass(frozen=True)
class Problem:
    kind: str
    seq: int | None
    table: str | None
    row_id: int | None
    text: str


@dataclass
class Verdict:
    links: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    anchors_path: Path | None = None
    anchors_checked: int = 0
    pending: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: Store, anchors_path: Path | None = None) -> Verdict:
    """Check the chain of `store` against the anchors in `anchors_path` (default: the store's
    anchor file, app.integrity.anchors.path_for). Reads only."""
    v = Verdict(anchors_path=anchors_path or anchor_file.path_for(store.url))
    found: list[Problem] = []
    with store.read() as s:
        rows: dict[str, dict[int, str]] = {t: dict(all_row_hashes(s, t)) for t in CHAINED}
        linked: dict[int, str] = {}          # seq -> link hash
        expected_seq, prev = 1, GENESIS
        broken = False
        q = select(ChainLink.seq, ChainLink.table_name, ChainLink.row_id, ChainLink.row_hash,
                   ChainLink.prev_hash, ChainLink.hash).order_by(ChainLink.seq)
        for seq, table, row_id, content, prev_hash, h in s.execute(q.execution_options(yield_per=5000)):
            linked[seq] = h
            where = f"link #{seq} ({table} {row_id})"
            if not broken and seq != expected_seq:
                found.append(Problem("broken", seq, table, row_id,
                                     f"{where}: links #{expected_seq}..#{seq - 1} are missing"))
                broken = True
            elif not broken and prev_hash != prev:
                found.append(Problem("broken", seq, table, row_id, f"{where}: does not follow link #{seq - 1}"))
                broken = True
            elif not broken and h != link_hash(prev_hash, seq, table, row_id, content):
                found.append(Problem("broken", seq, table, row_id, f"{where}: the link itself was altered"))
                broken = True
            actual = rows.get(table, {}).pop(row_id, None)
            if actual is None:
                found.append(Problem("deleted", seq, table, row_id, f"{where}: the record was deleted"))
            elif actual != content:
                found.append(Problem("edited", seq, table, row_id, f"{where}: the record was edited"))
            expected_seq, prev = seq + 1, h
        v.links = len(linked)
        p = ChainPending.__table__
        pending = {(t, i) for t, i in s.execute(select(p.c.table_name, p.c.row_id))}
        v.pending = len(pending)
        for table, left in rows.items():
            for row_id in sorted(left):
                if (table, row_id) not in pending:
                    found.append(Problem("inserted", None, table, row_id,
                                         f"{table} {row_id}: the record never entered the chain"))
        head = s.execute(select(ChainHead.seq, ChainHead.hash).where(ChainHead.id == 1)).one_or_none()
        last_seq = s.scalar(select(func.max(ChainLink.seq))) or 0
        if head is not None:
            v.head_seq, v.head_hash = head
            if head[0] != last_seq or head[1] != linked.get(last_seq, GENESIS):
                found.append(Problem("head", head[0], None, None,
                                     f"the stored head (#{head[0]}) is not the chain's last link (#{last_seq})"))
    if v.anchors_path is not None:
        for a in anchor_file.read(v.anchors_path):
            v.anchors_checked += 1
            have = linked.get(a.seq)
            if have is None:
                found.append(Problem("anchor", a.seq, None, None,
                                     f"anchor of {a.at} ({a.reason}): link #{a.seq} is gone, the chain now "
                                     f"ends at #{last_seq}"))
            elif have != a.hash:
                found.append(Problem("anchor", a.seq, None, None,
                                     f"anchor of {a.at} ({a.reason}): link #{a.seq} differs from the anchored "
                                     "hash (the chain was recomputed)"))
    v.problems = sorted(found, key=lambda pr: (pr.seq is None, pr.seq or 0))
    return v
