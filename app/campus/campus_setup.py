"""First start of an empty store: the administrator, the school's name and the first bus, at once."""
from __future__ import annotations

from app import audit, operators
from app.access import Actor
from app.errors import FieldInvalid, InvalidInput
from db.engine import Store
from db.models import Bus, Setting


def first_start(store: Store, *, school: str, login: str, display_name: str, password: str, port: str,
                baud: int = 9600, parity: str = "N") -> Actor:
    """Refused (nothing created) unless every field is usable and the store has no operator yet.
    Returns the administrator, logged in (the wizard goes on with the next steps as this operator)."""
    if not school.strip():
        raise FieldInvalid("Enter the school's name.", field="school")
    if not port.strip():
        raise FieldInvalid("Enter the first bus: a serial port or a gateway address.", field="port")
    if baud not in (2400, 4800, 9600, 19200):
        raise FieldInvalid("The baud rate is one of 2400, 4800, 9600 or 19200.", field="baud")
    try:
        operators.hash_password(password)   # checks the password before anything is written
    except InvalidInput as exc:
        raise FieldInvalid(exc.message, field="password") from None
    admin = operators.create_operator(store, None, login, display_name or login, password, "admin")
    with store.write() as s:
        s.add(Setting(key="school_name", value=school.strip()))
        bus = Bus(name="RS485-01", port=port.strip(), baud=baud, parity=parity, enabled=False)   # enabled once its meters are assigned
        s.add(bus)
        s.flush()
        audit.record(s, admin, "setup.first_start", "bus", bus.id, None,
                     {"school": school.strip(), "port": port.strip(), "baud": baud})
    return admin
