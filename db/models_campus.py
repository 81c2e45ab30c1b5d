"""Buildings, rooms, beds, students and who sleeps where."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, UTCDateTime, utcnow

GENDERS = ("M", "F")


GENDER_POLICIES = ("M", "F", "mixed")   # a single-gender building's rooms all have its gender


class Building(Base):
    __tablename__ = "buildings"
    __table_args__ = (
        CheckConstraint("gender_policy IN ('M','F','mixed')", name="gender_policy"),
        CheckConstraint("floors BETWEEN 1 AND 99", name="floors"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    gender_policy: Mapped[str] = mapped_column(String(8), default="mixed", server_default="mixed")
    floors: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    rooms: Mapped[list[Room]] = relationship(back_populates="building", order_by="Room.number")


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("building_id", "number"),
        CheckConstraint("gender IN ('M','F')", name="gender"),
        CheckConstraint("beds BETWEEN 1 AND 12", name="beds"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"), index=True)
    number: Mapped[str] = mapped_column(String(16), index=True)
    floor: Mapped[int] = mapped_column(Integer)
    beds: Mapped[int] = mapped_column(Integer)
    gender: Mapped[str] = mapped_column(String(1))
    building: Mapped[Building] = relationship(back_populates="rooms")
    bed_list: Mapped[list[Bed]] = relationship(back_populates="room", order_by="Bed.label")

    @property
    def code(self) -> str:
        return f"{self.building.code}-{self.number}"


class Bed(Base):
    __tablename__ = "beds"
    __table_args__ = (UniqueConstraint("room_id", "label"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    label: Mapped[str] = mapped_column(String(8))
    room: Mapped[Room] = relationship(back_populates="bed_list")


class Student(Base):
    __tablename__ = "students"
    __table_args__ = (
        CheckConstraint("gender IN ('M','F')", name="gender"),
        CheckConstraint("status IN ('active','graduated','left')", name="status"),
        Index("ix_students_college_class", "college", "class_name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    student_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    gender: Mapped[str] = mapped_column(String(1))
    college: Mapped[str] = mapped_column(String(64))
    class_name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="active")


class Occupancy(Base):
    """A student in a bed from `start_at` until `end_at` (open while None)."""

    __tablename__ = "occupancies"
    __table_args__ = (
        # One open stay per student and per bed: enforced by the database, not only the service.
        Index("uq_occupancies_open_student", "student_id", unique=True,
              sqlite_where=text("end_at IS NULL"), postgresql_where=text("end_at IS NULL")),
        Index("uq_occupancies_open_bed", "bed_id", unique=True,
              sqlite_where=text("end_at IS NULL"), postgresql_where=text("end_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    bed_id: Mapped[int] = mapped_column(ForeignKey("beds.id"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    student: Mapped[Student] = relationship()
    bed: Mapped[Bed] = relationship()
