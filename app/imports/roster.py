"""Roster import: students and their rooms and beds from the office's Excel sheet, before term (batch
account opening). Upsert by student number; a room and bed puts the student there from the check-in
date (the term's first day unless the row says otherwise), which opens the room's accounts; the free
quota of the term follows (`app.metering.quota.run_quota` after the import).

What the plan checks, for the whole file at once and against the store as it is:
- every cell once (app/imports/cells.py); a student number twice in the file (the later rows say
  which row has it); a status other than active with a room;
- the room (its full code "B1-101", or the building's code or name with the room number), the bed
  (taken by someone who stays, or claimed by a row above), the room full after the rows above, the
  student's gender against the room's;
- a re-import never overwrites what was changed by hand since the last import: a field whose value
  in the store is no longer what the last import gave it is kept, with a warning saying so; the same
  for a student moved or checked in by hand.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app import audit, clock, events
from app.access import Actor
from app.campus import occupancy, students
from app.errors import FieldInvalid
from app.imports import cells
from app.imports.engine import RowPlan, SourceRow
from app.imports.spec import Column, Spec, norm
from db.models import UTILITIES, Account, AuditRecord, Bed, Building, Occupancy, Room, Student
from db.models_imports import ImportedValue, ImportRow
from db.models_power import Term

KIND = "roster"
FIELDS = ("name", "gender", "college", "class_name", "phone")
PLACE = "bed"                # the imported-values field of a student's room and bed ("B1-101/2")

SPEC = Spec(KIND, (
    Column("student_no", "学号", "Student no.", ("学生编号", "学号/工号", "student number", "student id", "stu no"),
           required=True, hint="digits as text; leading zeros are kept"),
    Column("name", "姓名", "Name", ("学生姓名", "student name"), required=True),
    Column("gender", "性别", "Gender", ("sex",), required=True, hint="男 / 女"),
    Column("college", "学院", "College", ("院系", "所在学院", "学院名称", "school", "faculty", "department"),
           required=True),
    Column("class_name", "班级", "Class", ("班级名称", "行政班", "class name"), required=True),
    Column("phone", "手机号", "Phone", ("电话", "联系电话", "手机", "手机号码", "mobile", "phone number", "tel")),
    Column("building", "楼栋", "Building", ("宿舍楼", "楼号", "公寓", "dorm building", "building code")),
    Column("room", "房间", "Room", ("房间号", "寝室", "寝室号", "宿舍号", "宿舍", "room no", "room number")),
    Column("bed", "床位", "Bed", ("床号", "床位号", "bed no")),
    Column("check_in", "入住日期", "Check-in date", ("入住时间", "入住", "check in", "move-in date"),
           hint="2026-09-01; empty: the term's first day"),
))
COLUMN_WORDS = {c.key: f"{c.zh} ({c.en})" for c in SPEC.columns}


def term_start(s: Session, today: date) -> date:
    """The first day of the term under way or next; today when no term is set."""
    terms = list(s.scalars(select(Term).where(Term.last_day >= today).order_by(Term.first_day)))
    return terms[0].first_day if terms else today


@dataclass
class _Existing:
    id: int
    fields: dict[str, Any]
    status: str
    place: str | None            # "B1-101/2" where they sleep now
    room_id: int | None


class Roster:
    name = KIND
    spec = SPEC
    permission = "batch.import"

    # ----- the dry run ---------------------------------------------------------------------------

    def plan(self, s: Session, rows: Sequence[SourceRow]) -> list[RowPlan]:
        today = clock.campus_date(clock.now())
        default_day = term_start(s, today)
        parsed = [self._parse(r) for r in rows]
        nos = [p.key for p in parsed if p.key]
        existing = self._existing(s, nos)
        imported = self._imported(s, nos)
        rooms, by_code, by_name = self._rooms(s)
        beds, taken = self._beds(s)
        first_row: dict[str, int] = {}
        claimed: dict[tuple[int, str], int] = {}            # bed -> the row that takes it
        leaving: dict[tuple[int, str], int] = {}            # bed -> the row that moves its sleeper out
        for p, r in zip(parsed, rows, strict=True):
            if p.errors or not p.key:
                continue
            if p.key in first_row:
                p.errors.append(f"The student number {p.key} is also on row {first_row[p.key]}; each student "
                                "once.")
                continue
            first_row[p.key] = r.number
            self._fields(p, existing.get(p.key), imported)
            if p.errors:
                continue
            self._place(p, r, existing.get(p.key), imported, rooms, by_code, by_name, beds, taken, claimed,
                        leaving, default_day)
        return parsed

    def _parse(self, r: SourceRow) -> RowPlan:
        p = RowPlan(r.number, "new")
        p.errors.extend(r.issues)
        v = r.values
        values: dict[str, Any] = {}
        for key, convert in (("student_no", lambda x: cells.text_id(x, what="student number")),
                             ("name", cells.text), ("college", cells.text), ("class_name", cells.text),
                             ("phone", lambda x: cells.text_id(x, what="phone number")),
                             ("gender", lambda x: cells.choice(x, cells.GENDER_WORDS, what="gender")),
                             ("building", cells.text), ("room", lambda x: cells.text_id(x, what="room number")),
                             ("bed", lambda x: cells.text_id(x, what="bed", limit=8)),
                             ("check_in", cells.day)):
            try:
                values[key] = convert(v.get(key))
            except cells.CellError as exc:
                p.errors.append(f"{COLUMN_WORDS[key]}: {exc}")
        p.key = values.get("student_no") or ""
        if not p.key and not any(e.startswith(COLUMN_WORDS["student_no"]) for e in p.errors):
            p.errors.append(f"{COLUMN_WORDS['student_no']}: the cell is empty.")
        p.payload = {"values": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}}
        return p

    def _fields(self, p: RowPlan, old: _Existing | None, imported: dict) -> None:
        v = p.payload["values"]
        try:
            clean = students._clean(p.key, v.get("name", ""), v.get("gender", ""), v.get("college", ""),
                                    v.get("class_name", ""), v.get("phone") or None)
        except FieldInvalid as exc:
            p.errors.append(f"{COLUMN_WORDS.get(exc.field or '', '')}: {exc}".lstrip(": "))
            return
        if old is None:
            p.action = "new"
            p.changes = {f: (None, clean[f]) for f in FIELDS if clean[f] is not None}
            p.payload["set"] = {f: clean[f] for f in FIELDS}
            return
        p.action = "unchanged"
        sets: dict[str, Any] = {}
        for f in FIELDS:
            new = clean[f]
            if f == "phone" and new is None:
                continue                        # an empty phone cell gives no phone, it does not remove one
            now = old.fields[f]
            if new == now:
                continue
            last = imported.get((p.key, f), _MISSING)
            if last is not _MISSING and last != now:
                p.warnings.append(f"{COLUMN_WORDS[f]} was changed by hand since the last import (now “{now}”); "
                                  f"kept, the file's “{new}” is not applied.")
                continue
            sets[f] = new
            p.changes[f] = (now, new)
        if sets:
            p.action = "update"
            p.payload["set"] = sets
        p.payload["student_id"] = old.id

    def _place(self, p: RowPlan, r: SourceRow, old: _Existing | None, imported: dict, rooms: dict, by_code: dict,
               by_name: dict, beds: dict, taken: dict, claimed: dict, leaving: dict, default_day: date) -> None:
        v = p.payload["values"]
        if not v.get("room"):
            if v.get("building") or v.get("bed"):
                p.errors.append(f"{COLUMN_WORDS['room']}: the cell is empty but a building or bed is given.")
            return
        room_id = self._room_id(v.get("building", ""), v["room"], by_code, by_name)
        if room_id is None:
            where = f"{v.get('building')} {v['room']}".strip()
            p.errors.append(f"{COLUMN_WORDS['room']}: there is no room “{where}”.")
            return
        code, gender = rooms[room_id]
        if old is not None and old.status != "active":
            p.errors.append(f"The student {p.key} has status “{old.status}” and cannot be given a bed.")
            return
        student_gender = p.payload.get("set", {}).get("gender") or (old.fields["gender"] if old else None)
        if student_gender != gender:
            word = occupancy.GENDER_WORD
            p.errors.append(f"{code} is a {word[gender]} room; {p.key} is {word.get(student_gender, '?')}.")
            return
        label = v.get("bed") or None
        if label is not None and label not in beds[room_id]:
            p.errors.append(f"{COLUMN_WORDS['bed']}: {code} has no bed {label}.")
            return
        if old is not None and old.place is not None:
            here = old.place
            if old.room_id == room_id and (label is None or here == f"{code}/{label}"):
                return                                      # already there
            last = imported.get((p.key, PLACE), _MISSING)
            if last != here:
                where = here.replace('/', ', bed ')
                if last is not _MISSING:
                    p.warnings.append(f"{p.key} was moved by hand to {where} since the last import; kept there, "
                                      f"the file's {code} is not applied.")
                else:
                    p.warnings.append(f"{p.key} was checked in by hand to {where} since the last import; kept "
                                      f"there, the file's {code} is not applied.")
                return
        mine = (old.place if old is not None else None)

        def free(bed: tuple[int, str]) -> bool:
            if bed in claimed:
                return False
            who = taken.get(bed)
            return who is None or who == p.key or (bed in leaving and leaving[bed] < r.number)

        if label is not None:
            bed = (room_id, label)
            if bed in claimed:
                p.errors.append(f"{COLUMN_WORDS['bed']}: bed {label} of {code} is also given on row {claimed[bed]}.")
                return
            if not free(bed):
                p.errors.append(f"{COLUMN_WORDS['bed']}: bed {label} of {code} is taken by {taken[bed]}, who stays.")
                return
        else:
            open_beds = [b for b in beds[room_id] if free((room_id, b))]
            if not open_beds:
                p.errors.append(f"{code} is full (after the rows above): no free bed for {p.key}.")
                return
            label = open_beds[0]
            bed = (room_id, label)
        claimed[bed] = r.number
        if mine is not None:
            old_code, old_label = mine.split("/")
            old_room = by_code.get(norm(old_code))
            if old_room is not None:
                leaving[(old_room, old_label)] = r.number
        day = date.fromisoformat(v["check_in"]) if v.get("check_in") else default_day
        p.payload.update(room_id=room_id, bed=label, day=day.isoformat(), move=mine is not None,
                         place=f"{code}/{label}")
        p.changes[PLACE] = (mine, f"{code}/{label}")
        if p.action == "unchanged":
            p.action = "update"

    # ----- what the store has -------------------------------------------------------------------

    @staticmethod
    def _existing(s: Session, nos: list[str]) -> dict[str, _Existing]:
        out: dict[str, _Existing] = {}
        for part in _chunks(sorted(set(nos))):
            for st in s.scalars(select(Student).where(Student.student_no.in_(part))):
                out[st.student_no] = _Existing(st.id, {f: getattr(st, f) for f in FIELDS}, st.status, None, None)
            stays = s.execute(select(Student.student_no, Bed.label, Room.id, Room.number, Building.code)
                              .join(Occupancy, Occupancy.student_id == Student.id)
                              .join(Bed, Bed.id == Occupancy.bed_id).join(Room, Room.id == Bed.room_id)
                              .join(Building, Building.id == Room.building_id)
                              .where(Student.student_no.in_(part), Occupancy.end_at.is_(None)))
            for no, label, room_id, number, bcode in stays:
                out[no].place, out[no].room_id = f"{bcode}-{number}/{label}", room_id
        return out

    @staticmethod
    def _imported(s: Session, nos: list[str]) -> dict[tuple[str, str], str | None]:
        out = {}
        for part in _chunks(sorted(set(nos))):
            for iv in s.scalars(select(ImportedValue).where(ImportedValue.kind == KIND,
                                                            ImportedValue.record_key.in_(part))):
                out[(iv.record_key, iv.field)] = iv.value
        return out

    @staticmethod
    def _rooms(s: Session) -> tuple[dict[int, tuple[str, str]], dict[str, int], dict[tuple[str, str], int]]:
        rooms, by_code, by_name = {}, {}, {}
        for rid, number, gender, bcode, bname in s.execute(
                select(Room.id, Room.number, Room.gender, Building.code, Building.name).join(Building)):
            code = f"{bcode}-{number}"
            rooms[rid] = (code, gender)
            by_code[norm(code)] = rid
            by_name[(norm(bcode), norm(number))] = rid
            by_name.setdefault((norm(bname), norm(number)), rid)
        return rooms, by_code, by_name

    @staticmethod
    def _room_id(building: str, room: str, by_code: dict, by_name: dict) -> int | None:
        if building:
            found = by_name.get((norm(building), norm(room)))
            if found is not None:
                return found
            return by_code.get(norm(f"{building}-{room}"))
        return by_code.get(norm(room))

    @staticmethod
    def _beds(s: Session) -> tuple[dict[int, list[str]], dict[tuple[int, str], str]]:
        beds: dict[int, list[str]] = defaultdict(list)
        for room_id, label in s.execute(select(Bed.room_id, Bed.label).order_by(Bed.room_id, Bed.label)):
            beds[room_id].append(label)
        taken = {(room_id, label): no for room_id, label, no in s.execute(
            select(Bed.room_id, Bed.label, Student.student_no).join(Occupancy, Occupancy.bed_id == Bed.id)
            .join(Student, Student.id == Occupancy.student_id).where(Occupancy.end_at.is_(None)))}
        return beds, taken

    def finish(self, store, actor: Actor, today: date) -> None:
        """After the import: the free quota of the current period for the rooms it filled, as the service
        grants it each day (the system's duty, whoever imported: a clerk grants no subsidy)."""
        from app.metering.quota import run_quota

        run_quota(store, today)

    def lists(self, s: Session) -> dict[str, list[str]]:
        """The template's drop-downs: genders, the colleges the register has, the buildings' codes."""
        colleges = sorted(c for c in s.scalars(select(Student.college).distinct()) if c)
        return {"gender": ["男", "女"], "college": colleges,
                "building": list(s.scalars(select(Building.code).order_by(Building.code)))}

    def summary(self, s: Session, plans: Sequence[RowPlan]) -> dict[str, Any]:
        """Per building: students new, updated, given a bed; and the check-in day used by default."""
        per: dict[str, dict[str, int]] = defaultdict(lambda: {"new": 0, "update": 0, "beds": 0})
        for p in plans:
            if p.status == "error":
                continue
            place = p.payload.get("place")
            building = place.split("-")[0] if place else ""
            if p.action in ("new", "update"):
                per[building][p.action] += 1
            if place:
                per[building]["beds"] += 1
        today = clock.campus_date(clock.now())
        return {"per_building": dict(per), "default_check_in": term_start(s, today).isoformat()}

    # ----- applying a chunk at once ------------------------------------------------------------------

    def apply_many(self, s: Session, actor: Actor, job_id: int, rows: Sequence[ImportRow]) -> dict[int, str]:
        """Apply a chunk of rows in bulk (a few statements for 500 rows, not a dozen per row). Rows that
        became invalid since the preview fail whole and are returned (row id -> reason) without touching
        the others; anything unexpected raises, and the engine applies the chunk row by row instead."""
        failed: dict[int, str] = {}
        nos = [r.key for r in rows]
        found = {st.student_no: st for st in s.scalars(select(Student).where(Student.student_no.in_(nos))
                                                        .with_for_update())}
        for r in rows:
            st, p = found.get(r.key), r.payload
            if st is None and "student_id" in p:
                failed[r.id] = f"The student {r.key} was removed since the preview."
            elif st is not None and "student_id" not in p:
                failed[r.id] = (f"The student number {r.key} was registered at another workstation since the "
                                "preview; import the file again.")
        places = self._check_places(s, [r for r in rows if r.id not in failed and "room_id" in r.payload], found,
                                    failed)
        live = [r for r in rows if r.id not in failed]
        new = [r for r in live if r.key not in found]
        edits = [(r, found[r.key]) for r in live if r.key in found and r.payload.get("set")]
        ids = {st.student_no: st.id for st in found.values()}
        if new:
            made = s.execute(insert(Student).returning(Student.id, Student.student_no),
                             [dict(student_no=r.key, status="active", **r.payload["set"]) for r in new]).all()
            ids.update({no: sid for sid, no in made})
        audits = [dict(operator_id=actor.id, action="student.register", entity="student", entity_id=ids[r.key],
                       before=None, after={"student_no": r.key, **r.payload["set"], "status": "active"}) for r in new]
        for r, st in edits:
            before = students._snapshot(st)
            for f, value in r.payload["set"].items():
                setattr(st, f, value)
            audits.append(dict(operator_id=actor.id, action="student.edit", entity="student", entity_id=st.id,
                               before=before, after=students._snapshot(st)))
        s.flush()
        placed = [r for r in live if r.id in places]
        self._stay_many(s, actor, placed, places, ids, audits)
        if audits:
            s.execute(insert(AuditRecord), [dict(a, before=audit._plain(a["before"]) if a["before"] else None,
                                                 after=audit._plain(a["after"])) for a in audits])
        remembered = [(r.key, f, v) for r in live for f, v in (r.payload.get("set") or {}).items()]
        remembered += [(r.key, PLACE, r.payload["place"]) for r in placed]
        _remember_many(s, job_id, remembered)
        if placed:
            events.stage(s, "occupancy_changed", rooms={r.payload["room_id"] for r in placed})
        return failed

    def _check_places(self, s: Session, rows: list[ImportRow], found: dict[str, Student],
                      failed: dict[int, str]) -> dict[int, tuple]:
        """Each placing row's (bed id, room, start, stay to end) as the store is now; failures noted."""
        if not rows:
            return {}
        room_ids = {r.payload["room_id"] for r in rows}
        rooms = {rid: (f"{bcode}-{number}", gender) for rid, number, gender, bcode in s.execute(
            select(Room.id, Room.number, Room.gender, Building.code).join(Building).where(Room.id.in_(room_ids)))}
        beds = {(rid, label): bid for bid, rid, label in s.execute(
            select(Bed.id, Bed.room_id, Bed.label).where(Bed.room_id.in_(room_ids)))}
        taken = set(s.scalars(select(Occupancy.bed_id).join(Bed).where(Bed.room_id.in_(room_ids),
                                                                        Occupancy.end_at.is_(None))))
        known = [st.id for st in found.values()]
        staying = {occ.student_id: occ for occ in s.scalars(
            select(Occupancy).where(Occupancy.student_id.in_(known), Occupancy.end_at.is_(None))
            .with_for_update())} if known else {}
        out = {}
        for r in rows:
            p, st = r.payload, found.get(r.key)
            code, gender = rooms.get(p["room_id"], (None, None))
            bed = beds.get((p["room_id"], p["bed"]))
            student_gender = (p.get("set") or {}).get("gender") or (st.gender if st is not None else None)
            current = staying.get(st.id) if st is not None else None
            if code is None or bed is None:
                failed[r.id] = f"The room {p.get('place')} was removed since the preview."
            elif student_gender != gender:
                failed[r.id] = (f"{code} is a {occupancy.GENDER_WORD[gender]} room; {r.key} is "
                                f"{occupancy.GENDER_WORD.get(student_gender, '?')}.")
            elif bed in taken:
                failed[r.id] = f"Bed {p['bed']} of {code} is already taken."
            elif current is not None and not p.get("move"):
                failed[r.id] = f"{r.key} was checked in at another workstation since the preview."
            else:
                taken.add(bed)
                at = clock.day_start(date.fromisoformat(p["day"]))
                if current is not None:
                    at = max(at, current.start_at)
                out[r.id] = (bed, p["room_id"], at, current, code)
        return out

    def _stay_many(self, s: Session, actor: Actor, rows: list[ImportRow], places: dict[int, tuple],
                   ids: dict[str, int], audits: list[dict]) -> None:
        if not rows:
            return
        stays = []
        for r in rows:
            bed, _room, at, current, _code = places[r.id]
            if current is not None:
                occupancy.end_stay_in(s, actor, current, at)
            stays.append(dict(student_id=ids[r.key], bed_id=bed, start_at=at))
        made = s.execute(insert(Occupancy).returning(Occupancy.id, Occupancy.student_id, Occupancy.bed_id),
                         stays).all()
        by_student = {ids[r.key]: r for r in rows}
        names = dict(s.execute(select(Student.id, Student.name).where(Student.id.in_(list(by_student)))).all())
        for oid, sid, bid in made:
            r = by_student[sid]
            _bed, rid, at, _current, code = places[r.id]
            audits.append(dict(operator_id=actor.id, action="occupancy.check_in", entity="occupancy", entity_id=oid,
                               before=None, after=dict(occupancy_id=oid, student_id=sid, student_no=r.key,
                                                       student_name=names[sid], room_id=rid, room_code=code,
                                                       bed_id=bid, bed_label=r.payload["bed"], start_at=at,
                                                       end_at=None)))
        room_ids = sorted({places[r.id][1] for r in rows})
        have = set(s.execute(select(Account.room_id, Account.utility).where(Account.room_id.in_(room_ids))).all())
        opened = [dict(room_id=rid, utility=u, balance_fen=0, entry_count=0)
                  for rid in room_ids for u in UTILITIES if (rid, u) not in have]
        if opened:
            s.execute(insert(Account), opened)


_MISSING = object()


def _remember_many(s: Session, job_id: int, values: list[tuple[str, str, object]]) -> None:
    if not values:
        return
    keys = sorted({k for k, _f, _v in values})
    have = {(iv.record_key, iv.field): iv for iv in s.scalars(
        select(ImportedValue).where(ImportedValue.kind == KIND, ImportedValue.record_key.in_(keys)))}
    fresh = []
    for key, field, value in values:
        text = None if value is None else str(value)
        iv = have.get((key, field))
        if iv is None:
            fresh.append(dict(kind=KIND, record_key=key, field=field, value=text, job_id=job_id))
        else:
            iv.value, iv.job_id = text, job_id
    if fresh:
        s.execute(insert(ImportedValue), fresh)


def _remember_many(s: Session, job_id: int, values: list[tuple[str, str, object]]) -> None:
    if not values:
        return
    keys = sorted({k for k, _f, _v in values})
    have = {(iv.record_key, iv.field): iv for iv in s.scalars(
        select(ImportedValue).where(ImportedValue.kind == KIND, ImportedValue.record_key.in_(keys)))}
    fresh = []
    for key, field, value in values:
        text = None if value is None else str(value)
        iv = have.get((key, field))
        if iv is None:
            fresh.append(dict(kind=KIND, record_key=key, field=field, value=text, job_id=job_id))
        else:
            iv.value, iv.job_id = text, job_id
    if fresh:
        s.execute(insert(ImportedValue), fresh)


def _chunks(items: list, n: int = 500):
    for i in range(0, len(items), n):
        yield items[i:i + n]


ROSTER = Roster()
