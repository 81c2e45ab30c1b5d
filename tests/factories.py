"""Small campuses built directly in a store for tests."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app import operators
from app.access import Actor
from db.engine import Store
from db.models import Bed, Building, Bus, ElectricityMeter, Room, Student, WaterMeter


@dataclass
class Campus:
    admin: Actor
    clerk: Actor
    tech: Actor
    rooms: dict[str, int] = field(default_factory=dict)       # "B1-101" -> room id
    students: dict[str, int] = field(default_factory=dict)    # student_no -> id


def make_campus(store: Store, *, rooms_per_gender: int = 2, beds: int = 4, students_per_gender: int = 10) -> Campus:
    admin = operators.create_operator(store, None, "admin", "Admin", "admin-pass", "admin")
    clerk = operators.create_operator(store, admin, "clerk", "王芳", "clerk-pass", "clerk")
    tech = operators.create_operator(store, admin, "tech", "李工", "tech-pass", "technician")
    campus = Campus(admin, clerk, tech)
    with store.write() as s:
        bus = Bus(name="bus-1", port="socket://127.0.0.1:5020", baud=9600, parity="N")
        s.add(bus)
        b = Building(code="B1", name="一号楼")
        s.add(b)
        s.flush()
        n = 0
        for gender, floor in (("M", 1), ("F", 2)):
            for i in range(rooms_per_gender):
                number = f"{floor}{i + 1:02d}"
                room = Room(building_id=b.id, number=number, floor=floor, beds=beds, gender=gender)
                s.add(room)
                s.flush()
                for k in range(beds):
                    s.add(Bed(room_id=room.id, label=str(k + 1)))
                n += 1
                s.add(ElectricityMeter(bus_id=bus.id, address=n, serial_no=f"E{n:06d}", room_id=room.id,
                                       installed_on=date(2026, 9, 1)))
                s.add(WaterMeter(bus_id=bus.id, address=100 + n, serial_no=f"W{n:06d}", room_id=room.id,
                                 installed_on=date(2026, 9, 1)))
                campus.rooms[f"B1-{number}"] = room.id
        for gender in ("M", "F"):
            for i in range(students_per_gender):
                no = f"2026{'1' if gender == 'M' else '2'}{i:04d}"
                st = Student(student_no=no, name=f"学生{gender}{i}", gender=gender, college="计算机学院",
                             class_name="计科2601", phone=None, status="active")
                s.add(st)
                s.flush()
                campus.students[no] = st.id
    return campus


class AcceptingMeter:
    """A meter gateway for PurchaseDelivery that takes every purchase and answers with its amount as the
    balance (what the runtime's outbox sees when the credit has reached the meter; no wire here)."""

    def purchase_count(self, meter_id):
        return 0

    def deliver(self, meter_id, order, sequence):
        from drivers.ddsy_records import PurchaseResult
        return PurchaseResult(sequence, order, order.amount, False, 1)

    def purchase_records(self, meter_id):
        return []
