"""Tamper evidence: the hash chain over money and audit records, its anchors and `verify`.

The tampering is done as the database's owner would do it: with the append-only triggers out of
the way (dropped on SQLite, disabled on PostgreSQL), in raw SQL.
"""
from __future__ import annotations

import contextlib
import threading

import pytest
from sqlalchemy import create_engine, func, insert, select, text

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.integrity import anchors, chain
from app.integrity.verify import verify
from db.models import AuditRecord, LedgerEntry
from db.models_ops import ChainLink, ChainPending
from tests.conftest import owner_url
from tests.factories import make_campus


@contextlib.contextmanager
def triggers_off(store, *tables: str):
    """As the owner: the tables' own triggers are off inside the block (a raw connection is yielded).
    The program's own role cannot do this (tests/db/test_append_only.py); the owner can."""
    if store.dialect == "postgresql":
        owner = create_engine(owner_url(store.url))
        try:
            with owner.begin() as conn:
                for t in tables:
                    conn.execute(text(f"ALTER TABLE {t} DISABLE TRIGGER USER"))
                yield conn
                for t in tables:
                    conn.execute(text(f"ALTER TABLE {t} ENABLE TRIGGER USER"))
        finally:
            owner.dispose()
        return
    with store.engine.begin() as conn:
        saved = [sql for (sql,) in conn.execute(text(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
            f"({', '.join(repr(t) for t in tables)})"))]
        names = [n for (n,) in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
            f"({', '.join(repr(t) for t in tables)})"))]
        for n in names:
            conn.execute(text(f"DROP TRIGGER {n}"))
        yield conn
        for sql in saved:
            conn.execute(text(sql))


def recompute_chain(conn) -> None:
    """What an owner who knows the algorithm does after an edit: rebuild every link from scratch."""
    links = conn.execute(select(ChainLink.seq, ChainLink.table_name, ChainLink.row_id)
                         .order_by(ChainLink.seq)).all()
    prev = chain.GENESIS
    for seq, table, row_id in links:
        row = conn.execute(chain._select_rows(table, [row_id])).one()
        content = chain.row_hash(table, row)
        h = chain.link_hash(prev, seq, table, row_id, content)
        conn.execute(text("UPDATE chain_links SET row_hash = :c, prev_hash = :p, hash = :h WHERE seq = :s"),
                     {"c": content, "p": prev, "h": h, "s": seq})
        prev = h
    conn.execute(text("UPDATE chain_head SET seq = :s, hash = :h WHERE id = 1"), {"s": links[-1][0], "h": prev})


@pytest.fixture
def anchor_path(store, tmp_path, monkeypatch):
    """SQLite keeps the anchors beside the store; a PostgreSQL store's go to a file we name."""
    if store.dialect == "postgresql":
        monkeypatch.setenv(anchors.ENV_FILE, str(tmp_path / "pg.anchors"))
    return anchors.path_for(store.url)


@pytest.fixture
def office(store, anchor_path):
    """A shift with two recharges, closed (an anchor), then a consumption charge after the anchor."""
    campus = make_campus(store)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money.parse("100"))
    first = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                              method="cash", payer_id=a, key="r1")
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money.parse("20"),
                      method="cash", payer_id=a, key="r2")
    shifts.close_shift(store, campus.clerk, Money.parse("170"))
    acc = payments.account_for(store, room, "electricity")
    late = Ledger(store).consumption(campus.admin, acc, Money(123), key="c1")
    return campus, acc, first.entry.id, late.entry.id


def kinds(v) -> list[tuple[str, str | None, int | None]]:
    return [(p.kind, p.table, p.row_id) for p in v.problems]


def test_an_untouched_store_verifies_and_its_shift_close_was_anchored(store, office, anchor_path):
    v = verify(store)
    assert v.ok, v.problems
    with store.read() as s:
        chained = sum(s.scalar(select(func.count()).select_from(chain.TABLES[t])) for t in chain.CHAINED)
        assert v.links == chained == s.scalar(select(func.count(ChainLink.seq)))
        assert s.scalar(select(func.count(ChainPending.id))) == 0
    lines = anchors.read(anchor_path)
    assert [a.reason for a in lines] == ["shift.close 1"]
    assert v.anchors_checked == 1
    with store.read() as s:
        assert chain.anchor_of(s, "shift.close", 1).hash == lines[0].hash


def test_an_edited_amount_is_found_and_named(store, office):
    _campus, _acc, entry_id, _late = office
    with triggers_off(store, "ledger_entries") as conn:
        conn.execute(text("UPDATE ledger_entries SET amount_fen = amount_fen + 100000 WHERE id = :i"), {"i": entry_id})
    v = verify(store)
    assert kinds(v) == [("edited", "ledger_entries", entry_id)]
    assert f"ledger_entries {entry_id}" in v.problems[0].text and "edited" in v.problems[0].text


def test_a_deleted_entry_is_found(store, office):
    *_, late = office
    with triggers_off(store, "ledger_entries") as conn:
        conn.execute(text("DELETE FROM ledger_entries WHERE id = :i"), {"i": late})
    assert kinds(verify(store)) == [("deleted", "ledger_entries", late)]


def test_a_row_inserted_behind_the_programs_back_is_found(store, office):
    _campus, acc, entry_id, _late = office
    with triggers_off(store, "ledger_entries") as conn:
        op = conn.scalar(select(LedgerEntry.operation_id).where(LedgerEntry.id == entry_id))
        new_id = conn.execute(insert(LedgerEntry.__table__).values(
            account_id=acc, operation_id=op, kind="subsidy", amount_fen=50000, balance_after_fen=0, memo="",
            created_at=clock.now())
            .returning(LedgerEntry.id)).scalar_one()
    v = verify(store)
    assert kinds(v) == [("inserted", "ledger_entries", new_id)]
    assert "never entered the chain" in v.problems[0].text


def test_a_recomputed_chain_still_disagrees_with_the_anchor(store, office):
    _campus, _acc, entry_id, _late = office
    with triggers_off(store, "ledger_entries", "chain_links") as conn:
        conn.execute(text("UPDATE ledger_entries SET amount_fen = amount_fen + 100000 WHERE id = :i"), {"i": entry_id})
        recompute_chain(conn)
    v = verify(store)
    assert [p.kind for p in v.problems] == ["anchor"]
    assert "recomputed" in v.problems[0].text
    # Without the anchor file the rewrite would go unseen: the anchors are what make it evident.
    assert verify(store, anchors_path=v.anchors_path.with_name("no-such.anchors")).ok


def test_a_chain_cut_short_disagrees_with_the_anchor(store, office):
    with triggers_off(store, "chain_links") as conn:
        conn.execute(text("DELETE FROM chain_links"))
        conn.execute(text("UPDATE chain_head SET seq = 0, hash = :h WHERE id = 1"), {"h": chain.GENESIS})
    v = verify(store)
    assert {p.kind for p in v.problems} == {"inserted", "anchor"}
    assert any("is gone" in p.text for p in v.problems)


def test_core_inserts_are_chained_and_a_rolled_back_write_leaves_no_link(store, office):
    with store.write() as s:
        s.execute(insert(AuditRecord.__table__), [{"action": "test.bulk", "entity": "x", "entity_id": i,
                                                   "at": clock.now()}
                                                  for i in range(3)])
    with pytest.raises(RuntimeError), store.write() as s:
        s.add(AuditRecord(action="test.rolled_back", entity="x", entity_id=9))
        s.flush()
        raise RuntimeError("no")
    v = verify(store)
    assert v.ok, v.problems
    with store.read() as s:
        linked = s.scalar(select(func.count(ChainLink.seq)).where(
            ChainLink.table_name == "audit_records",
            ChainLink.row_id.in_(select(AuditRecord.id).where(AuditRecord.action == "test.bulk"))))
        assert linked == 3


def test_day_close_is_anchored(store, office, anchor_path):
    campus, *_ = office
    number = shifts.close_day(store, campus.admin, clock.today())["number"]
    shift_anchor, day_anchor = anchors.read(anchor_path)
    assert (shift_anchor.reason, day_anchor.reason.split()[0]) == ("shift.close 1", "day.close")
    assert chain.shift_anchor_text(store, 1) == f"#{shift_anchor.seq} {shift_anchor.hash}"
    assert chain.day_close_anchor_text(store, number) == f"#{day_anchor.seq} {day_anchor.hash}"
    assert chain.day_close_anchor_text(store, number + 1) is None
    assert verify(store).ok


def test_concurrent_writers_build_one_unbroken_chain(store, office):
    campus, acc, *_ = office
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(8):
                Ledger(store).subsidy(campus.admin, acc, Money(1 + i), key=f"w{n}-{i}")
        except BaseException as exc:   # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    v = verify(store)
    assert v.ok, v.problems
    with store.read() as s:
        assert s.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "subsidy")) == 24


def test_shift_and_day_close_reports_print_the_anchored_head(store, office, anchor_path):
    from app.counter.reports_pdf import render_day_close, render_shift_report
    from tests.app.counter.test_reports_pdf import day_close, flat, shift

    anchor = anchors.read(anchor_path)[0]
    with store.read() as s:
        head = chain.anchor_of(s, "shift.close", 1)
    for pdf in (render_shift_report(shift(), chain_head=head.text), render_day_close(day_close(), chain_head=head.text)):
        assert f"Chain head #{anchor.seq} {anchor.hash}" in flat(pdf).replace(" ", " ")
    assert "Chain head" not in flat(render_shift_report(shift()))


def test_a_savepoint_does_not_link_early(store, office):
    with store.write() as s:
        with s.begin_nested():
            s.add(AuditRecord(action="test.nested", entity="x", entity_id=1))
            s.flush()
        assert s.scalar(select(func.count(ChainPending.id))) == 1       # linked only when the whole commits
    assert verify(store).ok


def test_a_store_with_history_enters_the_chain_at_its_next_write(store, owner_store, office, tmp_path):
    from db import migrate

    campus, acc, *_ = office
    # a store from before the chain, with its money in it, upgraded by its owner
    migrate.downgrade(owner_store.engine, "0005")
    migrate.upgrade(owner_store.engine)
    no_anchors_yet = tmp_path / "new.anchors"    # such a store has never written one
    v = verify(store, no_anchors_yet)
    assert v.ok and v.links == 0 and v.pending > 0
    Ledger(store).subsidy(campus.admin, acc, Money(1), key="after-upgrade")
    v = verify(store, no_anchors_yet)
    assert v.ok and v.pending == 0 and v.links > 0


def test_the_printed_shift_and_day_close_reports_carry_their_anchors(store, office, anchor_path):
    """What the office prints (app.counter.documents) names the chain head the file anchored."""
    from app.counter import documents
    from tests.app.counter.test_reports_pdf import flat

    campus, *_ = office
    number = shifts.close_day(store, campus.admin, clock.today())["number"]
    shift_anchor, day_anchor = anchors.read(anchor_path)
    shift_text = flat(documents.shift_report_pdf(store, 1)).replace(" ", " ")
    day_text = flat(documents.day_close_pdf(store, number)).replace(" ", " ")
    assert f"#{shift_anchor.seq} {shift_anchor.hash}" in shift_text
    assert f"#{day_anchor.seq} {day_anchor.hash}" in day_text
