"""Find a room in a keystroke: by room number ("305", "3-305"), student number, name, the
pinyin initials of a name ("zs" finds 张三) or its full pinyin ("zhangsan", "zhang san", "zhangs").
A hit found through a person carries that student's id (the counter takes them as the payer). The index is built once in memory from the
store (a background task) and answers in well under a millisecond per query for 10,000 rooms."""
from __future__ import annotations

from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin, pinyin
from sqlalchemy import select

from db.engine import Store
from db.models import Bed, Building, Occupancy, Room, Student

_SINGLE: dict[str, str | None] = {}
_FULL: dict[str, str | None] = {}


def _char_initial(ch: str) -> str | None:
    """The initial of a character with one reading, None for one with several (heteronyms depend on
    the words around them, so those names go through the whole-word conversion)."""
    if ch not in _SINGLE:
        readings = pinyin(ch, style=Style.FIRST_LETTER, heteronym=True, errors="default")[0]
        _SINGLE[ch] = readings[0][:1].lower() if len({r[:1] for r in readings}) == 1 else None
    return _SINGLE[ch]


def initials(name: str) -> str:
    """张三丰 → "zsf"; characters without pinyin keep themselves, lowercased. Per-character with a
    cache (a campus has a few hundred distinct characters), exact for heteronyms."""
    out = []
    for ch in name:
        ini = _char_initial(ch)
        if ini is None:
            return "".join(p[:1] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")).lower()
        out.append(ini)
    return "".join(out)


def _char_pinyin(ch: str) -> str | None:
    """The toneless pinyin of a character with one reading, None for a heteronym."""
    if ch not in _FULL:
        readings = {r for r in pinyin(ch, style=Style.NORMAL, heteronym=True, errors="default")[0]}
        _FULL[ch] = next(iter(readings)).lower() if len(readings) == 1 else None
    return _FULL[ch]


def full_pinyin(name: str) -> str:
    """张三丰 → "zhangsanfeng" (no tones, no spaces); heteronyms through the whole-word conversion."""
    out = []
    for ch in name:
        syllable = _char_pinyin(ch)
        if syllable is None:
            return "".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")).lower().replace(" ", "")
        out.append(syllable)
    return "".join(out).replace(" ", "")


@dataclass(frozen=True)
class Hit:
    room_id: int
    why: str          # what matched: "room", "student number", "name", "initials", "pinyin"
    student_id: int | None = None     # the student found, when the hit came through a person


class SearchIndex:
    def __init__(self, rooms: list[tuple[int, str, str]], people: list[tuple[int, str, str, str]],
                 student_ids: list[int | None] | None = None) -> None:
        # rooms: (room_id, building code, number); people: (room_id, student_no, name, initials), and
        # in the same order the students' ids and the names' full pinyin
        self.rooms = rooms
        self.people = people
        self.student_ids = student_ids if student_ids is not None else [None] * len(people)
        self.full = [full_pinyin(name) for _rid, _no, name, _ini in people]
        self._code = {f"{b}-{n}".lower(): rid for rid, b, n in rooms}

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        with store.read() as s:
            rooms = [tuple(r) for r in s.execute(select(Room.id, Building.code, Room.number)
                                                 .join(Building, Building.id == Room.building_id)
                                                 .order_by(Building.id, Room.number))]
            rows = s.execute(select(Bed.room_id, Student.student_no, Student.name, Student.id)
                             .join(Occupancy, Occupancy.bed_id == Bed.id).join(Student, Student.id == Occupancy.student_id)
                             .where(Occupancy.end_at.is_(None))).all()
        people = [(rid, no, name, initials(name)) for rid, no, name, _sid in rows]
        return cls(rooms, people, [sid for *_rest, sid in rows])

    def find(self, text: str, limit: int = 200) -> list[Hit]:
        """Rooms matching `text`, best first: a whole room code or number, then student numbers,
        names, pinyin initials and full pinyin (prefix matches; case and spaces do not matter)."""
        q = text.strip().lower()
        if not q:
            return []
        hits: list[Hit] = []
        seen: set[int] = set()

        def add(rid: int, why: str, student_id: int | None = None) -> None:
            if rid not in seen and len(hits) < limit:
                seen.add(rid)
                hits.append(Hit(rid, why, student_id))

        if q in self._code:
            add(self._code[q], "room")
        for rid, _b, number in self.rooms:
            if number.lower() == q:
                add(rid, "room")
        if q.isdigit() and len(q) >= 5 or not q.isascii():
            for (rid, no, name, _ini), sid in zip(self.people, self.student_ids, strict=True):
                if no.startswith(q) or q in name:
                    add(rid, "student number" if no.startswith(q) else "name", sid)
        elif q.isascii() and q.replace(" ", "").isalpha():
            letters = q.replace(" ", "")
            for (rid, _no, _name, ini), sid, full in zip(self.people, self.student_ids, self.full, strict=True):
                if ini.startswith(letters):
                    add(rid, "initials", sid)
                elif len(letters) > 1 and full.startswith(letters):
                    add(rid, "pinyin", sid)
        for rid, b, number in self.rooms:
            if f"{b}-{number}".lower().startswith(q) or number.lower().startswith(q):
                add(rid, "room")
        return hits
