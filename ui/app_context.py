"""What every window and dialog of a logged-in session shares."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.access import Actor
from app.metering.runtime.service import MeterService
from db.engine import Store
from ui.service_bridge import ServiceBridge


@dataclass
class AppContext:
    store: Store
    actor: Actor
    school: str = ""
    demo: bool = False
    meter_service: MeterService | None = None
    bridge: ServiceBridge = field(default_factory=ServiceBridge)
