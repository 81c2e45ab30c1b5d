"""What every window and dialog of a logged-in session shares."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.access import Actor
from app.metering.runtime.runtime import MeterRuntime
from app.sync.change_log import new_origin
from db.engine import Store
from ui.event_bridge import EventBridge


@dataclass
class AppContext:
    store: Store
    actor: Actor
    school: str = ""
    demo: bool = False
    training: bool = False        # a training store (app.care.training): the window and receipts say 培训 TRAINING
    runtime: MeterRuntime | None = None
    bridge: EventBridge = field(default_factory=EventBridge)
    origin: str = field(default_factory=lambda: new_origin("window"))   # this window in leases, logs, interest

    def __post_init__(self) -> None:
        self.bridge.attach(self.store)
        if self.runtime is not None:
            self.runtime.listeners.append(self.bridge)
