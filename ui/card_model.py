"""The card grid's model: room ids in display order, their cards, and the filters.

A `QAbstractListModel` of room ids (never a widget per room). Fresh cards arrive in batches
(`update_cards`); the view is told once per batch which rows changed. A card's tooltip names what
its branch marks mean (lights-off, low-power, holiday power-off, policy trips), built on hover only.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.campus.cards import RoomCard
from app.metering.runtime.vocabulary import (
    BRANCH_NAMES,
    Branch,
    branch_mark_name,
    branch_marks,
    in_off_period,
    linkage_locked,
)
from ui.i18n import _

LIVE_FRESH_S = 5.0      # live branch states newer than this win over the store's
CardRole = Qt.ItemDataRole.UserRole + 10
RoomIdRole = Qt.ItemDataRole.UserRole + 11
DaysLeftRole = Qt.ItemDataRole.UserRole + 12

QUICK_FILTERS: dict[str, Callable[[RoomCard], bool]] = {
    "arrears": lambda c: c.status == "arrears",
    "low": lambda c: c.status == "low",
    "offline": lambda c: c.online is False,
    "alarm": lambda c: c.open_alarms > 0,
    "lights_off": lambda c: in_off_period(c.meter_status),
    "linkage": lambda c: linkage_locked(c.meter_status),
}


def card_tooltip(card: RoomCard, days_left: int | None = None) -> str:
    """The card's code, how long its electricity money lasts, and, per branch with marks, what they mean
    ("Sockets: Low-power mode")."""
    lines = [card.code]
    if days_left is not None:
        lines.append(_("Electricity money lasts about {n} days at the room's recent use").format(n=days_left))
    if card.online is not False:
        for b, state in enumerate(card.branch_states):
            marks = branch_marks(state)
            if marks:
                lines.append(_("{branch}: {marks}").format(
                    branch=_(BRANCH_NAMES[Branch(b)]), marks=", ".join(_(branch_mark_name(m)) for m in marks)))
    return "\n".join(lines)


class CardModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.cards: dict[int, RoomCard] = {}
        self._order: list[int] = []          # every room id, display order
        self._visible: list[int] = []        # after filters
        self._row: dict[int, int] = {}
        self._building: str | None = None
        self._floor: int | None = None
        self._quick: set[str] = set()
        self._only: set[int] | None = None   # search result
        self._live: dict[int, tuple[tuple[int, int, int], float]] = {}   # room -> live branch states, when
        self.days_left: dict[int, int] = {}  # room -> days its electricity money lasts (where that can be said)

    # ----- loading and updating ---------------------------------------------------------------

    def set_cards(self, cards: list[RoomCard]) -> None:
        self.cards = {c.room_id: c for c in cards}
        self._order = [c.room_id for c in cards]
        self._refilter()

    def update_cards(self, cards: Iterable[RoomCard]) -> int:
        """Fresh cards for some rooms; one dataChanged per contiguous run of visible rows. A room whose
        meter sent a live block lately keeps the branch states of that block: the store's are those of
        the last billing reading, which may be older."""
        rows = []
        refilter = False
        now = time.monotonic()
        for c in cards:
            live = self._live.get(c.room_id)
            if live is not None and now - live[1] < LIVE_FRESH_S and c.branch_states != live[0]:
                c = replace(c, branch_states=live[0])
            old = self.cards.get(c.room_id)
            self.cards[c.room_id] = c
            if old is None:
                self._order.append(c.room_id)
                refilter = True
            elif self._quick and any(f(old) != f(c) for f in (QUICK_FILTERS[q] for q in self._quick)):
                refilter = True
            if c.room_id in self._row:
                rows.append(self._row[c.room_id])
        if refilter:
            self._refilter()
            return len(rows)
        for first, last in _runs(sorted(rows)):
            self.dataChanged.emit(self.index(first), self.index(last), [CardRole])
        return len(rows)

    def set_days_left(self, days: dict[int, int], rooms: Iterable[int] | None = None) -> None:
        """The days-left forecasts of every room (`rooms` None) or of `rooms` (those missing from `days`
        have none now); the cards repaint once."""
        if rooms is None:
            self.days_left = dict(days)
        else:
            for rid in rooms:
                if rid in days:
                    self.days_left[rid] = days[rid]
                else:
                    self.days_left.pop(rid, None)
        if self._visible:
            self.dataChanged.emit(self.index(0), self.index(len(self._visible) - 1), [DaysLeftRole])

    def update_branches(self, room_id: int, states: tuple[int, int, int]) -> None:
        """The branch states of a live block (what the meter says now)."""
        self._live[room_id] = (states, time.monotonic())
        c = self.cards.get(room_id)
        if c is None or c.branch_states == states:
            return
        self.update_cards([replace(c, branch_states=states)])

    # ----- filters ----------------------------------------------------------------------------

    def set_place(self, building: str | None, floor: int | None) -> None:
        self._building, self._floor = building, floor
        self._refilter()

    def set_quick(self, names: set[str]) -> None:
        self._quick = set(names)
        self._refilter()

    def set_only(self, room_ids: Iterable[int] | None) -> None:
        self._only = None if room_ids is None else set(room_ids)
        self._refilter()

    def _keep(self, c: RoomCard) -> bool:
        if self._only is not None and c.room_id not in self._only:
            return False
        if self._building is not None and c.building != self._building:
            return False
        if self._floor is not None and c.floor != self._floor:
            return False
        return all(QUICK_FILTERS[q](c) for q in self._quick)

    def _refilter(self) -> None:
        self.beginResetModel()
        self._visible = [rid for rid in self._order if self._keep(self.cards[rid])]
        self._row = {rid: i for i, rid in enumerate(self._visible)}
        self.endResetModel()

    def row_of(self, room_id: int) -> int | None:
        return self._row.get(room_id)

    def visible_ids(self) -> list[int]:
        return list(self._visible)

    # ----- Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        rid = self._visible[index.row()]
        if role == CardRole:
            return self.cards[rid]
        if role == RoomIdRole:
            return rid
        if role == DaysLeftRole:
            return self.days_left.get(rid)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cards[rid].code
        if role == Qt.ItemDataRole.ToolTipRole:
            return card_tooltip(self.cards[rid], self.days_left.get(rid))
        return None


def _runs(rows: list[int]):
    start = prev = None
    for r in rows:
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            yield start, prev
            start = prev = r
    if start is not None:
        yield start, prev
