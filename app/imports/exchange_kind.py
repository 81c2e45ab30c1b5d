"""The batch exchange (调宿) as an import kind: a sheet of student numbers and their target building,
room and bed, through the import engine (app/imports/engine.py): the template, header aliases, the
dry run with a row each, the job and its log.

An exchange is applied whole or not at all, so this kind is `atomic`: its plan checks the file as one
list (`app.batch.exchange.plan_moves`: capacity, beds and gender after all moves, so swaps and cycles
are valid) and, when any row fails, marks every other row as an error too ("another row of this file
cannot be applied: row N …"), so nothing can be started; the engine applies an atomic kind's rows in
one chunk, and `apply_many` applies them in one go (`app.batch.exchange.apply_in`), each row to the bed
the preview showed. A bed taken since the preview fails the whole file, every row saying why.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.access import Actor
from app.batch import exchange
from app.counter.money import Money
from app.imports import cells
from app.imports.engine import RowPlan, SourceRow
from app.imports.roster import Roster
from app.imports.spec import Column, Spec
from db.models import Building
from db.models_imports import ImportRow

KIND = "exchange"
SPEC = Spec(KIND, (
    Column("student_no", "学号", "Student no.", ("学生编号", "学号/工号", "student number", "student id", "stu no"),
           required=True, hint="digits as text; leading zeros are kept"),
    Column("name", "姓名", "Name", ("学生姓名", "student name"), hint="optional: checked against the student number"),
    Column("building", "目标楼栋", "Target building", ("楼栋", "新楼栋", "调入楼栋", "目标宿舍楼", "宿舍楼", "楼号",
                                                       "building", "new building", "to building"),
           hint="the building's code or name; empty when the room column has the full code (B1-101)"),
    Column("room", "目标房间", "Target room", ("房间", "房间号", "新房间", "调入房间", "目标寝室", "目标宿舍", "寝室",
                                               "宿舍号", "room", "room no", "new room", "to room"), required=True),
    Column("bed", "目标床位", "Target bed", ("床位", "床号", "新床位", "调入床位", "bed", "bed no", "new bed", "to bed"),
           hint="empty: the first bed free after the exchange"),
))
COLUMN_WORDS = {c.key: f"{c.zh} ({c.en})" for c in SPEC.columns}
MAX_NAMED = 3


class Exchange:
    name = KIND
    spec = SPEC
    permission = "occupancy.change"
    atomic = True                   # the engine applies every row in one chunk, or none

    def lists(self, s: Session) -> dict[str, list[str]]:
        """The template's drop-down: the buildings' codes."""
        return {"building": list(s.scalars(select(Building.code).order_by(Building.code)))}

    def plan(self, s: Session, rows: Sequence[SourceRow]) -> list[RowPlan]:
        rooms, by_code, by_name = Roster._rooms(s)
        plans: list[RowPlan] = []
        moves: list[exchange.Move] = []
        names: dict[int, str] = {}
        for r in rows:
            p = RowPlan(r.number, "update")
            p.errors.extend(r.issues)
            v: dict[str, Any] = {}
            for key, convert in (("student_no", lambda x: cells.text_id(x, what="student number")),
                                 ("name", cells.text), ("building", cells.text),
                                 ("room", lambda x: cells.text_id(x, what="room number")),
                                 ("bed", lambda x: cells.text_id(x, what="bed", limit=8))):
                try:
                    v[key] = convert(r.values.get(key))
                except cells.CellError as exc:
                    p.errors.append(f"{COLUMN_WORDS[key]}: {exc}")
            p.key = v.get("student_no") or ""
            if "student_no" in v and not p.key:
                p.errors.append(f"{COLUMN_WORDS['student_no']}: the cell is empty.")
            if "room" in v and not v["room"]:
                p.errors.append(f"{COLUMN_WORDS['room']}: the cell is empty.")
            room_id = None
            if v.get("room"):
                room_id = Roster._room_id(v.get("building", ""), v["room"], by_code, by_name)
                if room_id is None:
                    where = f"{v.get('building', '')} {v['room']}".strip()
                    p.errors.append(f"{COLUMN_WORDS['room']}: there is no room “{where}”.")
            p.payload = {"student_no": p.key}
            plans.append(p)
            if not p.errors:
                moves.append(exchange.Move(p.key, rooms[room_id][0], v.get("bed") or None, row=r.number))
                if v.get("name"):
                    names[r.number] = v["name"]
        by_row = {p.number: p for p in plans}
        for mp in exchange.plan_moves(s, moves):
            p = by_row[mp.row]
            p.errors.extend(mp.errors)
            if mp.student_name and mp.row in names and names[mp.row] != mp.student_name:
                p.errors.append(f"{COLUMN_WORDS['name']}: the row says “{names[mp.row]}”, but student {mp.student_no} "
                                f"is {mp.student_name}; check the student number.")
            p.payload.update(room_code=mp.to_room_code, bed=mp.to_bed or mp.bed_label, name=mp.student_name,
                             place=f"{mp.to_room_code}/{mp.to_bed}" if mp.to_bed else None,
                             shares={u: {"due_fen": sh.due_fen, "refundable_fen": sh.refundable_fen,
                                         "owed_fen": sh.owed_fen, "carried_fen": sh.carried_fen,
                                         "left_fen": sh.left_fen} for u, sh in mp.shares.items()})
            if mp.from_room_code and mp.to_bed:
                p.changes["bed"] = (f"{mp.from_room_code}/{mp.from_bed}", f"{mp.to_room_code}/{mp.to_bed}")
            for utility, sh in mp.shares.items():
                if sh.owed_fen:
                    p.warnings.append(f"{mp.who} owes {Money(sh.owed_fen).display()} of {utility} in "
                                      f"{mp.from_room_code}; listed, not collected.")
        bad = [p for p in plans if p.errors]
        if bad:
            named = "; ".join(f"row {p.number}: {p.errors[0].rstrip('.')}" for p in bad[:MAX_NAMED])
            more = f" (and {len(bad) - MAX_NAMED} more rows)" if len(bad) > MAX_NAMED else ""
            for p in plans:
                if not p.errors:
                    p.errors.append(f"Another row of this file cannot be applied — {named}{more}. An exchange is "
                                    "applied whole or not at all: correct those rows and import the file again.")
        return plans

    def summary(self, s: Session, plans: Sequence[RowPlan]) -> dict[str, Any]:
        """Students and rooms in the exchange; per utility the money carried to the new rooms, left in the old
        rooms (refundable at the counter) and owed (listed, not collected)."""
        ok = [p for p in plans if not p.errors]
        money: dict[str, dict[str, int]] = {}
        for p in ok:
            for utility, sh in p.payload.get("shares", {}).items():
                m = money.setdefault(utility, {"carried_fen": 0, "left_fen": 0, "owed_fen": 0})
                for k in m:
                    m[k] += sh[k]
        return {"students": len(ok), "rooms": len({p.payload.get("room_code") for p in ok}), "money": money,
                "blocked": len(plans) - len(ok)}

    def apply_many(self, s: Session, actor: Actor, job_id: int, rows: Sequence[ImportRow]) -> dict[int, str]:
        """All the job's rows in one go, each to the bed its preview showed; when the list cannot be applied
        now, every row fails (row id -> reason) and nothing is written."""
        moves = [exchange.Move(r.key, r.payload["room_code"], r.payload["bed"], row=r.row_number) for r in rows]
        try:
            exchange.apply_in(s, actor, moves, at=clock.now(), key=f"import-exchange-job-{job_id}")
        except exchange.ExchangeRefused as exc:
            reasons = {p.row: p.errors for p in exc.plans if p.errors}
            named = "; ".join(f"row {n}: {errs[0].rstrip('.')}" for n, errs in list(reasons.items())[:MAX_NAMED])
            return {r.id: (" ".join(reasons[r.row_number]) if r.row_number in reasons else
                           f"Not applied: another row of this file cannot be applied now — {named}.")
                    for r in rows}
        return {}


EXCHANGE = Exchange()
