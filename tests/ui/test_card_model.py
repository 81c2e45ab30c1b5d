"""The card model keeps what the meter says now over an older billing reading from the store."""
from __future__ import annotations

from dataclasses import replace

from app.campus.cards import RoomCard
from app.metering.runtime.vocabulary import branch_look
from drivers.ddsy_records import BranchState
from ui import card_model
from ui.card_model import CardModel

ON, PREPAID_OFF = int(BranchState.RELAY_CLOSED), int(BranchState.PREPAID_OPEN)


def card(states) -> RoomCard:
    return RoomCard(7, "B1", "一号楼", "101", 1, "M", 4, 1, 3000, 0, True, 0, 0, states)


def test_a_stored_reading_older_than_the_live_block_does_not_turn_the_branches_back(qtbot, monkeypatch):
    model = CardModel()
    model.set_cards([card((ON, ON, ON))])                    # the store: power on (an older reading)
    model.update_branches(7, (PREPAID_OFF,) * 3)              # the meter now: the credit ran out
    model.update_cards([replace(card((ON, ON, ON)), electricity_fen=0)])     # the card is read again
    assert [branch_look(s) for s in model.cards[7].branch_states] == ["off"] * 3
    assert model.cards[7].electricity_fen == 0               # everything else comes from the store
    now = card_model.time.monotonic()
    monkeypatch.setattr(card_model.time, "monotonic", lambda: now + card_model.LIVE_FRESH_S + 1)
    model.update_cards([card((ON, ON, ON))])                  # no live block for a while: the store wins
    assert [branch_look(s) for s in model.cards[7].branch_states] == ["on"] * 3
