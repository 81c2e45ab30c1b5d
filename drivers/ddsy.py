"""Driver of the DDSY1946A-13 prepaid meter: typed operations over the named register map.

Every operation is a few Modbus transactions on the meter's ``SharedPort`` and returns one of the
records of ``drivers.ddsy_records`` (raw integer units). Register addresses come from
``drivers.profiles``; nothing here spells one.

Protected writes (§2): when the driver knows the password (``password=``), a write refused with
exception 04 unlocks the meter and is repeated once; without a password it raises
``MeterException(4)``. A refused password raises ``WrongPassword`` and is never sent again by this
driver (until it is given another); a blocked meter raises ``UnlockBlocked``.

Purchases (§6) are delivered idempotently: see ``deliver_purchase``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from operator import itemgetter

from drivers.ddsy_params import (
    LC_NAMES,
    SLOT_NAMES,
    calendar_values,
    load_control_values,
    schedule_values,
    slot_values,
)
from drivers.ddsy_records import (
    EMPTY_SLOT,
    UNUSED,
    BranchReading,
    BranchSchedule,
    BranchState,
    Calendar,
    ControlState,
    ForceMode,
    LineSettings,
    LiveBlock,
    LoadControl,
    MeasurementSnapshot,
    MeterEvent,
    MeterStatus,
    PrepaidParameters,
    PurchaseKind,
    PurchaseOrder,
    PurchaseRecord,
    PurchaseResult,
    SignatureSlot,
    Waveform,
)
from drivers.errors import (
    MeterException,
    OperationTimeout,
    PortError,
    PurchaseRefused,
    PurchaseUncertain,
    TransientError,
    UnlockBlocked,
    WrongPassword,
)
from drivers.modbus_driver import ModbusDriver, broadcast_words, memoized
from drivers.port import SharedPort
from drivers.profiles.ddsy1946a13 import DDSY1946A13, HOLIDAYS, PERIODS, RECORDS, SAMPLES
from drivers.profiles.lxsy20 import LXSY20

BRANCHES = 3
CAPTURE_IDLE, CAPTURE_ARMED, CAPTURE_READY = 0, 1, 2
_EVENT_FIELDS = ("sequence", "type", "branch", "time", "dp", "dq", "pf", "i3", "i5", "i7", "thd",
                 "crest", "fluctuation", "inrush", "power_after", "slot", "action")


def next_sequence(count: int) -> int:
    """Purchase sequence number following ``count`` (§6: after 65535 comes 1; 0 is never used)."""
    return 1 if count >= 0xFFFF else count + 1


class DdsyDriver(ModbusDriver):
    """One DDSY1946A-13 meter at ``address`` on ``port`` (see the module docstring)."""

    profile = DDSY1946A13
    reply_floor_s = 0.020 + 0.050  # §1: longest reply delay + 50 ms, plus the reply's wire time

    def __init__(self, port: SharedPort, address: int, *, password: int | None = None,
                 retries: int = 1) -> None:
        super().__init__(port, address, retries=retries)
        self.password = password

    # -- measurement -------------------------------------------------------------------------
    def read_measurement(self) -> MeasurementSnapshot:
        """The whole measurement block in ONE 48-register read."""
        v = self.read_layout(_MEASUREMENT.layout)
        balance, free, purchases, status, pending, clock, kind1 = _MEASUREMENT_TAIL(v)
        return MeasurementSnapshot(
            **_MEASUREMENT.live_fields(self.address, v),
            balance_fen=balance, free_energy_cwh=free, purchase_count=purchases,
            status=_meter_status(status), events_pending=pending, meter_clock_s=clock,
            kind1_total_fen=kind1)

    def read_live(self) -> LiveBlock:
        """The first 32 registers of the measurement block (live power)."""
        return LiveBlock(**_LIVE.live_fields(self.address, self.read_layout(_LIVE.layout)))

    # -- protection --------------------------------------------------------------------------
    @property
    def password(self) -> int | None:
        """The password used to unlock protected writes; setting another one lets the driver try
        unlocking again after a ``WrongPassword``."""
        return self._password

    @password.setter
    def password(self, value: int | None) -> None:
        self._password = value
        self._refused_password: int | None = None

    def unlock(self, password: int | None = None) -> None:
        """Open protected writes for 60 s.

        Raises ``WrongPassword`` when the meter refuses the password (exception 03); the driver
        then refuses to send that password again (without touching the wire) until it is given
        another, because five wrong ones in a row block unlocking for 10 minutes (§2). Raises
        ``UnlockBlocked`` while the meter's unlocking is blocked (exception 04; temporary).
        """
        pw = self.password if password is None else password
        if pw is None:
            raise ValueError("no password given")
        if pw == self._refused_password:
            raise WrongPassword(address=self.address,
                                detail="wrong meter password; refused before, not sent again")
        self.ensure_identified()
        try:
            self.write_values({"unlock": pw})
        except MeterException as exc:
            if exc.code == 3:
                self._refused_password = pw
                raise WrongPassword(address=self.address) from exc
            if exc.code == 4:
                raise UnlockBlocked(address=self.address) from exc
            raise

    def lock(self) -> None:
        """Close protected writes at once."""
        self.write_values({"unlock": 0})

    def events_pending(self) -> int:
        """Events waiting in the log (§4 0x0126): the bus's event watch, one register."""
        return self.read_names("events_pending")["events_pending"]

    def unlock_seconds(self) -> int:
        """Seconds of unlock left (0 = locked)."""
        return self.read_names("unlock_seconds")["unlock_seconds"]

    def change_password(self, new_password: int) -> None:
        """Set a new password (1–9999); the driver uses it from then on."""
        self._protected_write({"new_password": new_password})
        self.password = new_password

    def _protected_write(self, values: Mapping[str, int], *, idempotent: bool = True) -> None:
        try:
            self.write_values(values, idempotent=idempotent)
        except MeterException as exc:
            if exc.code != 4 or self.password is None:
                raise
            self.unlock()
            self.write_values(values, idempotent=idempotent)

    # -- purchases ---------------------------------------------------------------------------
    def read_purchase_count(self) -> int:
        return self.read_names("purchase_count")["purchase_count"]

    def read_newest_purchase(self) -> PurchaseRecord:
        """The meter's newest purchase record (sequence 0 when the meter has none)."""
        v = self.read_names("record0_sequence", "record0_kind", "record0_amount",
                            "record0_balance_after", "record0_tag")
        return PurchaseRecord(v["record0_sequence"], v["record0_kind"], v["record0_amount"],
                              v["record0_balance_after"], v["record0_tag"])

    def deliver_purchase(self, order: PurchaseOrder, *, sequence: int | None = None,
                         max_attempts: int = 3) -> PurchaseResult:
        """Deliver ``order`` exactly once (§6).

        Reads the purchase count, writes the 6-register record with sequence = count + 1. When
        the reply is lost (timeout, CRC, bad reply) it reads the count back: equal to our
        sequence with our tag in the newest record means delivered; still the old count means
        the write never landed and the same record is written again; anything else raises
        ``PurchaseRefused`` with ``code=None`` (a conflict: the count moved elsewhere, or our
        sequence holds another writer's record, given as ``taken_by``). An exception 03 is told
        apart the same way ("already delivered", a conflict, or refused with ``code=3``). If the
        meter stops answering, ``PurchaseUncertain(sequence=...)`` is raised: call again with
        that ``sequence`` to resume, which checks count and tag first. ``WrongPassword`` and
        ``UnlockBlocked`` pass through (nothing was written). Never credits twice, never drops
        a credit silently.

        For a kind-4 order (clear free energy) the free energy left is read just before the
        write and returned as ``free_energy_cleared_cwh`` (the meter's own deduction may take a
        step in the few milliseconds between, which this cannot see).
        """
        self.ensure_identified()
        if sequence is None:
            seq = next_sequence(self.read_purchase_count())
        else:
            seq = sequence
            landed = self._landed(seq, order)
            if landed is not None:
                return PurchaseResult(seq, order, landed.balance_after_fen, True, 0)
        values = {"purchase_sequence": seq, "purchase_kind": int(order.kind),
                  "purchase_amount": order.amount, "purchase_tag": order.tag}
        cleared = None
        if order.kind == PurchaseKind.CLEAR_FREE_ENERGY:
            cleared = self.read_names("free_energy")["free_energy"]
        attempts = 0
        while True:
            attempts += 1
            try:
                self._protected_write(values, idempotent=False)
                return self._delivered(seq, order, already=False, attempts=attempts,
                                       cleared=cleared)
            except (WrongPassword, UnlockBlocked):
                raise
            except MeterException as exc:
                if exc.code != 3:
                    raise PurchaseRefused(str(exc), address=self.address, code=exc.code,
                                          sequence=seq) from exc
                # 03: our earlier (lost) write landed, another writer took the sequence, or the
                # meter refuses the record itself.
                landed = self._landed(seq, order)
                if landed is not None:
                    return PurchaseResult(seq, order, landed.balance_after_fen, True, attempts,
                                          cleared)
                raise PurchaseRefused(str(exc), address=self.address, code=3,
                                      sequence=seq) from exc
            except PortError as exc:
                # The write may or may not have left the adapter: only a read-back can tell.
                raise PurchaseUncertain(f"port failed while delivering: {exc}",
                                        address=self.address, sequence=seq) from exc
            except TransientError as exc:
                landed = self._landed(seq, order)
                if landed is not None:
                    return PurchaseResult(seq, order, landed.balance_after_fen, True, attempts,
                                          cleared)
                if attempts >= max_attempts:
                    raise PurchaseUncertain(f"no confirmation after {attempts} attempts",
                                            address=self.address, sequence=seq) from exc

    def _landed(self, seq: int, order: PurchaseOrder) -> PurchaseRecord | None:
        """Our record if ``seq`` landed with our tag; None if the count is still ``seq - 1``.

        Raises ``PurchaseRefused(code=None)`` when the count moved anywhere else, or when it equals
        ``seq`` but the newest record carries another tag (``taken_by``); ``PurchaseUncertain``
        when the meter does not answer.
        """
        try:
            count = self.read_purchase_count()
            if next_sequence(count) == seq:
                return None
            if count != seq:
                raise PurchaseRefused(
                    f"purchase count moved to {count} while delivering sequence {seq}",
                    address=self.address, sequence=seq)
            newest = self.read_newest_purchase()
        except (TransientError, PortError) as exc:
            raise PurchaseUncertain("purchase count or record unreadable", address=self.address,
                                    sequence=seq) from exc
        if newest.sequence == seq and newest.tag == order.tag:
            return newest
        raise PurchaseRefused(
            f"sequence {seq} holds another purchase (tag {newest.tag}, not {order.tag})",
            address=self.address, sequence=seq, taken_by=newest)

    def _delivered(self, seq: int, order: PurchaseOrder, *, already: bool, attempts: int,
                   cleared: int | None) -> PurchaseResult:
        balance: int | None = None
        try:
            newest = self.read_names("record0_sequence", "record0_balance_after", "record0_tag")
            if newest["record0_sequence"] == seq and newest["record0_tag"] == order.tag:
                balance = newest["record0_balance_after"]
        except (TransientError, PortError):
            pass  # delivered is certain; the balance is only a courtesy
        return PurchaseResult(seq, order, balance, already, attempts, cleared)

    def read_purchase_records(self, *, max_tries: int = 3) -> list[PurchaseRecord]:
        """The meter's purchase records, newest first, empty ones left out.

        Two reads of 80 registers; if the purchase count changed in between (a purchase shifted
        the records), everything is read again.
        """
        for _ in range(max_tries):
            before = self.read_purchase_count()
            values: dict[str, int] = {}
            for half in range(self.profile.block_count("purchase_records")):
                values.update(self.read_block("purchase_records", half))
            if self.read_purchase_count() == before:
                return [PurchaseRecord(values[f"record{i}_sequence"], values[f"record{i}_kind"],
                                       values[f"record{i}_amount"],
                                       values[f"record{i}_balance_after"], values[f"record{i}_tag"])
                        for i in range(RECORDS) if values[f"record{i}_sequence"] != 0]
        raise OperationTimeout("purchase records kept changing", address=self.address)

    # -- control -----------------------------------------------------------------------------
    def set_forced_control(self, branch: int, mode: ForceMode) -> None:
        """§7 forced control of one branch (automatic, force open, force closed)."""
        self._protected_write({f"branch{_branch(branch)}_force": int(mode)})

    def set_linkage_lock(self, locked: bool) -> None:
        """§7 linkage lock: opens every branch not forced closed, until released."""
        self._protected_write({"linkage_lock": int(locked)})

    def reset_trips(self, mask: int = 0x7) -> None:
        """§7 clear trip latches, lockout and trips-today of the branches in ``mask``."""
        self._protected_write({"reset_trips": mask})

    def read_control(self) -> ControlState:
        v = self.read_names("branch0_force", "branch1_force", "branch2_force", "linkage_lock")
        force = tuple(ForceMode(v[f"branch{b}_force"]) for b in range(BRANCHES))
        return ControlState(force, bool(v["linkage_lock"]))  # type: ignore[arg-type]

    # -- prepaid parameters ------------------------------------------------------------------
    def read_prepaid(self) -> PrepaidParameters:
        v = self.read_block("prepaid")
        return PrepaidParameters(v["prepaid_mode"], v["unit_price"], v["alarm1_amount"],
                                 v["alarm2_amount"], v["overdraft_limit"], v["prepaid_trip_mask"])

    def write_prepaid(self, p: PrepaidParameters) -> None:
        self._protected_write({
            "prepaid_mode": p.prepaid_mode, "unit_price": p.unit_price_centifen,
            "alarm1_amount": p.alarm1_fen, "alarm2_amount": p.alarm2_fen,
            "overdraft_limit": p.overdraft_limit_fen, "prepaid_trip_mask": p.trip_mask})

    # -- calendar and schedules --------------------------------------------------------------
    def read_calendar(self) -> Calendar:
        v = self.read_block("calendar")
        count = min(v["holiday_count"], HOLIDAYS)
        return Calendar(bool(v["term_enabled"]), v["term_start"], v["term_end"], v["rest_day_mask"],
                        tuple((v[f"holiday{k}_start"], v[f"holiday{k}_end"]) for k in range(count)))

    def write_calendar(self, cal: Calendar, *, broadcast: bool = False) -> None:
        """Write the whole calendar block (to every meter at once with ``broadcast``)."""
        self._write_config(calendar_values(cal), broadcast)

    def read_schedule(self, branch: int) -> BranchSchedule:
        b = _branch(branch)
        v = self.read_block("schedule", b)
        p = f"branch{b}_"

        def table(name: str) -> tuple[tuple[int, int], ...]:
            periods = ((v[f"{p}{name}{k}_start"], v[f"{p}{name}{k}_end"]) for k in range(PERIODS))
            return tuple(x for x in periods if UNUSED not in x)

        return BranchSchedule(v[p + "schedule_flags"], v[p + "low_power_limit"],
                              v[p + "low_power_delay"], v[p + "standby_threshold"],
                              v[p + "standby_delay"], table("workday"), table("restday"))

    def write_schedule(self, branch: int, sched: BranchSchedule, *, broadcast: bool = False) -> None:
        """Write one branch's whole schedule block (0x28 registers, one request)."""
        self._write_config(schedule_values(_branch(branch), sched), broadcast)

    def _write_config(self, values: Mapping[str, int], broadcast: bool) -> None:
        if not broadcast:
            self._protected_write(values)
            return
        if self.password is not None:
            self.broadcast_values({"unlock": self.password})
        self.broadcast_values(values)

    # -- load control and signatures ---------------------------------------------------------
    def read_load_control(self, branch: int) -> LoadControl:
        b = _branch(branch)
        v = self.read_block("load_control", b)
        p = f"branch{b}_"
        return LoadControl(*(v[p + n] for n in LC_NAMES))

    def write_load_control(self, branch: int, lc: LoadControl) -> None:
        self._protected_write(load_control_values(_branch(branch), lc))

    def read_signature_slot(self, index: int) -> SignatureSlot:
        v = self.read_block("signature_slot", index)
        return SignatureSlot(*(v[f"slot{index}_{n}"] for n in SLOT_NAMES))

    def read_signature_slots(self, first: int, count: int) -> list[SignatureSlot]:
        """Slots first .. first+count-1, up to 15 in one read (120 registers)."""
        out: list[SignatureSlot] = []
        for off in range(0, count, 15):
            n = min(15, count - off)
            start = self.profile.reg(f"slot{first + off}_{SLOT_NAMES[0]}").address
            v = self.read_span(start, 8 * n)
            out += [SignatureSlot(*(v[f"slot{i}_{name}"] for name in SLOT_NAMES))
                    for i in range(first + off, first + off + n)]
        return out

    def write_signature_slots(self, first: int, slots: list[SignatureSlot]) -> None:
        """Write whole slots from ``first`` on (up to 15 per request, as §11 requires)."""
        for off in range(0, len(slots), 15):
            values: dict[str, int] = {}
            for k, slot in enumerate(slots[off:off + 15]):
                i = first + off + k
                values.update(slot_values(i, slot))
            self._protected_write(values)

    def clear_signature_slots(self, first: int, count: int) -> None:
        self.write_signature_slots(first, [EMPTY_SLOT] * count)

    # -- events ------------------------------------------------------------------------------
    def read_event(self) -> tuple[int, MeterEvent | None]:
        """(events pending, the oldest event or None when the log is empty) in one read."""
        v = self.read_block("event")
        pending = v["event_log_pending"]
        if v["event_sequence"] == 0:
            return pending, None
        return pending, MeterEvent(self.address, *(v["event_" + n] for n in _EVENT_FIELDS))

    def acknowledge_event(self, sequence: int) -> None:
        """Remove the oldest event (``sequence``). A lost reply is resolved by reading back."""
        try:
            self.write_values({"event_ack": sequence}, idempotent=False)
        except TransientError:
            self._ack_resolved(sequence)
        except MeterException as exc:
            if exc.code != 3:
                raise
            self._ack_resolved(sequence, exc)

    def _ack_resolved(self, sequence: int, exc: MeterException | None = None) -> None:
        oldest = self.read_names("event_sequence")["event_sequence"]
        if oldest == sequence:
            if exc is not None:
                raise exc
            self.write_values({"event_ack": sequence}, idempotent=False)

    def drain_events(self, limit: int = 16) -> list[MeterEvent]:
        """Read and acknowledge up to ``limit`` events, oldest first."""
        out: list[MeterEvent] = []
        while len(out) < limit:
            _, event = self.read_event()
            if event is None:
                break
            self.acknowledge_event(event.sequence)
            out.append(event)
        return out

    # -- waveform capture --------------------------------------------------------------------
    def arm_capture(self, branch: int) -> None:
        """Arm branch ``branch`` for the next switch-on of at least 20 W (§14)."""
        self._protected_write({"capture_arm": 0x0100 + _branch(branch)})

    def capture_now(self, branch: int) -> None:
        self._protected_write({"capture_arm": 0x0200 + _branch(branch)})

    def cancel_capture(self) -> None:
        self._protected_write({"capture_arm": 0})

    def capture_state(self) -> int:
        return self.read_names("capture_state")["capture_state"]

    def read_waveform(self) -> Waveform:
        """The captured cycles, in four reads of at most 125 registers."""
        values: dict[str, int] = {}
        for part in range(self.profile.block_count("waveform")):
            values.update(self.read_block("waveform", part))
        return Waveform(values["samples_per_cycle"],
                        tuple(values[f"wave_v_{k:03d}"] for k in range(SAMPLES)),
                        tuple(values[f"wave_i_post_{k:03d}"] for k in range(SAMPLES)),
                        tuple(values[f"wave_i_pre_{k:03d}"] for k in range(SAMPLES)))

    def capture(self, branch: int, *, now: bool = True, timeout_s: float = 10.0,
                poll_s: float = 0.2) -> Waveform:
        """Capture (now, or at the next switch-on) and return the waveform once ready."""
        (self.capture_now if now else self.arm_capture)(branch)
        deadline = time.monotonic() + timeout_s
        while self.capture_state() != CAPTURE_READY:
            if time.monotonic() > deadline:
                raise OperationTimeout("waveform capture not ready", address=self.address)
            time.sleep(poll_s)  # the meter's state changes on its own; nothing to wait on
        return self.read_waveform()

    # -- clock and line settings -------------------------------------------------------------
    def read_clock(self) -> int:
        return self.read_block("clock")["clock"]

    def set_clock(self, seconds: int) -> None:
        """Set the meter clock (seconds since 2000-01-01 00:00 local)."""
        self.write_values({"clock": seconds})

    def read_line_settings(self) -> LineSettings:
        v = self.read_block("line_settings")
        return LineSettings(v["address"], v["baud_code"], v["parity"])

    def write_line_settings(self, settings: LineSettings) -> None:
        """Takes effect after the reply: the caller must talk to the new address/baud after."""
        self._protected_write({"address": settings.address, "baud_code": settings.baud_code,
                               "parity": settings.parity})


_branch_state = memoized(BranchState)
_meter_status = memoized(MeterStatus)

_LIVE_NAMES = ("voltage_dv", "voltage"), ("frequency_chz", "frequency"), \
    ("incoming_current_ca", "incoming_current"), ("incoming_power_w", "incoming_power"), \
    ("incoming_reactive_var", "incoming_reactive_power"), ("incoming_pf_milli", "incoming_pf"), \
    ("incoming_energy_cwh", "incoming_energy")
"""(record field, register) of the incoming line, in the live block."""
_BRANCH_REGISTERS = ("current", "power", "reactive_power", "pf", "energy", "state", "trips_today")
"""Registers of one branch (``branch{b}_...``) in the order of ``BranchReading``'s fields."""


class _LiveLayout:
    """A measurement span's compiled layout and where each ``LiveBlock`` field sits in its
    values (looked up by register name once, at import)."""

    def __init__(self, block: str) -> None:
        self.layout = DDSY1946A13.block_layout(block)
        ix = self.layout.index
        self.fields = tuple(field for field, _ in _LIVE_NAMES)
        self.head = itemgetter(*(ix[reg] for _, reg in _LIVE_NAMES))
        self.branches = tuple(itemgetter(*(ix[f"branch{b}_{n}"] for n in _BRANCH_REGISTERS))
                              for b in range(BRANCHES))

    def live_fields(self, address: int, v: tuple[int, ...]) -> dict[str, object]:
        branches = []
        for get in self.branches:
            current, power, reactive, pf, energy, state, trips = get(v)
            branches.append(BranchReading(current, power, reactive, pf, energy,
                                          _branch_state(state), trips))
        fields: dict[str, object] = dict(zip(self.fields, self.head(v), strict=True))
        fields["address"] = address
        fields["branches"] = tuple(branches)
        return fields


_LIVE = _LiveLayout("live")
_MEASUREMENT = _LiveLayout("measurement")
_MEASUREMENT_TAIL = itemgetter(*(_MEASUREMENT.layout.index[n] for n in (
    "balance", "free_energy", "purchase_count", "status", "events_pending", "meter_clock",
    "kind1_total")))
"""The rest of the measurement block, in the order ``read_measurement`` unpacks it."""


def _branch(branch: int) -> int:
    if not 0 <= branch < BRANCHES:
        raise ValueError(f"branch must be 0..2, got {branch}")
    return branch


def broadcast_clock(port: SharedPort, seconds: int) -> None:
    """Set the clock of every meter on the line (DDSY and LXSY) with one broadcast frame.

    Both profiles place the clock at the same registers; if a profile ever differs, it gets
    its own frame.
    """
    frames = {tuple([p.encode({"clock": seconds})[0], *p.encode({"clock": seconds})[1]])
              for p in (DDSY1946A13, LXSY20)}
    for start, *words in sorted(frames):
        broadcast_words(port, start, list(words))
