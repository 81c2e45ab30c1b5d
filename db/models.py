"""Every model of the store, importable from one place."""
from __future__ import annotations

from db.base import Base
from db.models_campus import GENDERS, Bed, Building, Occupancy, Room, Student
from db.models_counter import (
    BillingCursor,
    BuildingPolicy,
    CounterTransaction,
    DayClose,
    MeterEvent,
    QuotaGrant,
    ReconciliationFinding,
    RefundRequest,
    Sequence,
    Settlement,
    ShareTransfer,
    Shift,
    StatementImport,
    VoidRequest,
)
from db.models_imports import ImportedValue, ImportJob, ImportRow  # noqa: F401
from db.models_loads import LoadAssignment, LoadProfile, SignatureLibraryVersion  # noqa: F401
from db.models_meters import (
    Bus,
    ElectricityMeter,
    ElectricityReading,
    LiveInterest,
    LiveValue,
    MeterCommand,
    WaterMeter,
    WaterReading,
)
from db.models_money import (
    ENTRY_KINDS,
    UTILITIES,
    Account,
    LedgerEntry,
    MoneyOperation,
    Purchase,
    QuotaRule,
    Receipt,
    Tariff,
)
from db.models_ops import ROLES, Alarm, AuditRecord, Operator, Setting
from db.models_power import (  # noqa: F401
    Holiday,
    MeterPolicyState,
    PolicyAssignment,
    PolicyPush,
    PowerPolicy,
    Term,
)
from db.models_sync import BusLease, ChangeLogRow  # noqa: F401  (the lead may add them to __all__)

__all__ = [
    "Base", "GENDERS", "Bed", "Building", "Occupancy", "Room", "Student", "Bus", "ElectricityMeter", "MeterCommand", "LiveValue", "LiveInterest",
    "ElectricityReading", "WaterMeter", "WaterReading", "ENTRY_KINDS", "UTILITIES", "Account", "LedgerEntry",
    "MoneyOperation", "Purchase", "QuotaRule", "Receipt", "Tariff", "ROLES", "Alarm", "AuditRecord",
    "Operator", "Setting", "BillingCursor", "BuildingPolicy", "CounterTransaction", "DayClose", "MeterEvent",
    "QuotaGrant", "ReconciliationFinding", "RefundRequest", "ShareTransfer", "VoidRequest", "Sequence", "Settlement", "Shift", "StatementImport",
]
