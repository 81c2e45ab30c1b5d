"""`python main.py audit verify` as an auditor runs it: exit 0 on an untouched store, exit 1 naming the
first broken link after an owner's edit, deletion, insertion or recomputed chain."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

import main
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.integrity import anchors
from tests import homes
from tests.app.test_integrity import recompute_chain, triggers_off
from tests.factories import make_campus

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch) -> Path:
    return homes.private_home(tmp_path, monkeypatch)


def cli(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    try:
        code = main.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


@pytest.fixture
def office(store):
    campus = make_campus(store)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money.parse("100"))
    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                          method="cash", payer_id=a, key="r1")
    shifts.close_shift(store, campus.clerk, Money.parse("150"))
    acc = payments.account_for(store, room, "electricity")
    late = Ledger(store).consumption(campus.admin, acc, Money(77), key="c1")
    return r.entry.id, late.entry.id


def test_an_untouched_store_passes(store, db_url, office, capsys):
    code, out, err = cli(capsys, "audit", "verify", "--db", db_url)
    assert (code, err) == (0, [])
    assert out[-1] == "audit verify: 0 problem(s)"
    assert f"anchors: 1 checked in {anchors.path_for(store.url)}" in out


def test_an_edit_exits_1_naming_the_row(store, db_url, office, capsys):
    entry, _late = office
    with triggers_off(store, "ledger_entries") as conn:
        conn.execute(text("UPDATE ledger_entries SET amount_fen = 1 WHERE id = :i"), {"i": entry})
    code, out, _ = cli(capsys, "audit", "verify", "--db", db_url)
    assert code == 1
    first = next(line for line in out if line.startswith("first broken link:"))
    assert f"(ledger_entries {entry})" in first and "edited" in first
    assert out[-1] == "audit verify: 1 problem(s)"


def test_delete_and_insert_exit_1(store, db_url, office, capsys):
    entry, late = office
    with triggers_off(store, "ledger_entries", "audit_records") as conn:
        conn.execute(text("DELETE FROM ledger_entries WHERE id = :i"), {"i": late})
        conn.execute(text("INSERT INTO audit_records (at, action, entity) VALUES (:at, 'forged', 'x')"),
                     {"at": "2026-11-16 03:00:00"})
    code, out, _ = cli(capsys, "audit", "verify", "--db", db_url)
    assert code == 1
    assert any(f"(ledger_entries {late}): the record was deleted" in line for line in out)
    assert any("audit_records" in line and "never entered the chain" in line for line in out)


def test_a_recomputed_chain_fails_against_the_anchor_file(store, db_url, office, capsys, tmp_path):
    entry, _late = office
    anchor_file = tmp_path / "kept-elsewhere.anchors"
    anchor_file.write_bytes(anchors.path_for(store.url).read_bytes())     # the auditor's copy
    with triggers_off(store, "ledger_entries", "chain_links") as conn:
        conn.execute(text("UPDATE ledger_entries SET amount_fen = 1 WHERE id = :i"), {"i": entry})
        recompute_chain(conn)
    code, out, _ = cli(capsys, "audit", "verify", "--db", db_url, "--anchors", str(anchor_file))
    assert code == 1
    assert any(line.startswith("first broken link: anchor of") and "recomputed" in line for line in out)


def test_a_missing_store_is_refused_and_not_created(tmp_path):
    missing = tmp_path / "none" / "store.db"
    done = subprocess.run([sys.executable, "main.py", "audit", "verify", "--db", f"sqlite:///{missing}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.strip() == f"error: no store at {missing}"
    assert not (tmp_path / "none").exists()
