"""Typed errors raised by the meter drivers, the port layer and the bus worker.

Every failure on the wire becomes one of these classes, so callers (the bus worker, the app's meter
service) can decide by type: retry (``MeterTimeout``, ``CrcError``, ``BadReply`` are transient),
give up on the request (``MeterException``), reopen the port (``PortError``), or stop a purchase
(``PurchaseRefused``, ``PurchaseUncertain``). ``MeterOffline`` is the bus refusing to spend wire
time on a meter it knows is not answering. A refused unlock is ``WrongPassword`` (the configured
password is wrong: a setting to fix, not a line fault) or ``UnlockBlocked`` (temporary, spec §2).
``MeterError`` is the common base; nothing here imports minimalmodbus or pyserial.
"""

from __future__ import annotations

from drivers.ddsy_records import PurchaseRecord

EXCEPTION_MEANINGS: dict[int, str] = {
    1: "function code not supported",
    2: "register not defined in the profile, or write to a read-only register",
    3: "value out of range, incomplete record, wrong purchase sequence or wrong event acknowledge",
    4: "write to a protected area while writes are locked (or unlock blocked)",
    6: "busy writing parameter memory; retry after 50 ms",
}
"""Meaning of each Modbus exception code as the DDSY1946A-13 / LXSY-20 profiles use it (§1)."""


class MeterError(Exception):
    """Base of every error a driver or the bus reports. ``address`` is the meter's, if known."""

    kind = "error"
    """Short stable name used as the key of the bus's error counters."""

    def __init__(self, message: str = "", *, address: int | None = None) -> None:
        super().__init__(message)
        self.address = address


class TransientError(MeterError):
    """A request whose reply was lost or spoilt on the line; repeating the request may succeed."""

    kind = "transient"


class MeterTimeout(TransientError):
    """No reply byte arrived before the deadline (dead meter, wrong address, lost frame)."""

    kind = "timeout"


class CrcError(TransientError):
    """A reply of the expected length arrived but its CRC is wrong (noise on the line)."""

    kind = "crc"


class BadReply(TransientError):
    """A reply that cannot be the answer: garbage, wrong address, truncated, wrong function or size."""

    kind = "bad_reply"


class MeterOffline(TransientError):
    """The bus did not send the command: the meter is offline (it stopped answering), and until a
    probe brings it back only that probe goes on the wire. Nothing was sent, so nothing changed on
    the meter; try again once the meter is back online."""

    kind = "offline"

    def __init__(self, message: str = "meter offline", *, address: int | None = None) -> None:
        super().__init__(message, address=address)


class MeterException(MeterError):
    """The meter refused the request with a Modbus exception reply.

    ``code`` is the exception code (1, 2, 3, 4, 6, ...); ``meaning`` the profile's meaning of it.
    """

    kind = "exception"

    def __init__(self, code: int, *, address: int | None = None, detail: str = "") -> None:
        self.code = code
        self.meaning = EXCEPTION_MEANINGS.get(code, f"exception code {code}")
        text = f"meter exception {code:02d}: {self.meaning}"
        if detail:
            text += f" ({detail})"
        super().__init__(text, address=address)


class WrongPassword(MeterException):
    """The meter refused the configured password (exception 03 on the unlock register, §2).

    A setting to correct, not a fault of the line or of the request: the driver does not try the
    same password again (five wrong ones in a row block the meter's unlocking for 10 minutes)
    until it is given another one.
    """

    kind = "wrong_password"

    def __init__(self, *, address: int | None = None, detail: str = "") -> None:
        super().__init__(3, address=address, detail=detail or "wrong meter password")


class UnlockBlocked(MeterException):
    """The meter's unlocking is blocked (exception 04 on the unlock register, §2): five wrong
    passwords in a row block it for 10 minutes. Temporary: retry after the block."""

    kind = "unlock_blocked"

    def __init__(self, *, address: int | None = None, detail: str = "") -> None:
        super().__init__(4, address=address, detail=detail or "unlocking blocked after wrong passwords")


class PortError(MeterError):
    """The port or gateway cannot be opened or failed during I/O (USB adapter pulled, TCP dropped)."""

    kind = "port"


class ProfileMismatch(MeterError):
    """The device answered with a model code that is not the profile the host expected."""

    kind = "profile"

    def __init__(self, message: str, *, address: int | None = None,
                 model_code: int | None = None) -> None:
        super().__init__(message, address=address)
        self.model_code = model_code


class PurchaseRefused(MeterError):
    """The meter refused the purchase and nothing was credited.

    ``code`` is the Modbus exception code when the meter said so (3 wrong value/sequence,
    4 locked), or None for a conflict found by reading the purchase count back (the count moved
    to something other than our sequence, or our sequence holds another purchase's tag: another
    writer delivered in between). ``taken_by`` is the meter's record that holds our sequence,
    when the driver read it.
    """

    kind = "purchase_refused"

    def __init__(self, message: str, *, address: int | None = None, code: int | None = None,
                 sequence: int | None = None, taken_by: PurchaseRecord | None = None) -> None:
        super().__init__(message, address=address)
        self.code = code
        self.sequence = sequence
        self.taken_by = taken_by


class PurchaseUncertain(MeterError):
    """Delivery could not be confirmed either way (the meter stopped answering mid-delivery).

    The credit was applied at most once. Resume with the same order and ``sequence`` (the
    driver's ``deliver_purchase(order, sequence=err.sequence)``): it reads the count back and
    either confirms the earlier write or writes the same record again; it never credits twice.
    """

    kind = "purchase_uncertain"

    def __init__(self, message: str, *, address: int | None = None, sequence: int) -> None:
        super().__init__(message, address=address)
        self.sequence = sequence


class ValveFault(MeterError):
    """The water meter's valve reported state 3 (fault) after a command."""

    kind = "valve_fault"


class OperationTimeout(MeterError):
    """A multi-step operation (valve motion, waveform capture) did not finish in its time."""

    kind = "operation_timeout"
