from __future__ import annotations

import os

from app import operators
from db.engine import Store
from ui.setup_wizard import SetupWizard


def test_wizard_refuses_mismatched_passwords_then_sets_up_the_store(qtbot, db_url):
    store = Store(db_url)
    wizard = SetupWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.school_edit.setText("东华理工大学")
    wizard.name.setText("管理员")
    wizard.password.setText("secret12")
    wizard.password2.setText("secret2")
    wizard.port.setText("/dev/serial/by-id/usb-FTDI-if00")
    wizard.finish()
    assert wizard.error.text() == "The two passwords differ." and not operators.has_operators(store)
    wizard.password2.setText("secret12")
    shots = os.environ.get("DORMWATT_SCREENSHOTS")
    if shots:
        wizard.grab().save(os.path.join(shots, "setup-wizard.png"))
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        wizard.finish()
    assert wizard.school == "东华理工大学"
    assert operators.authenticate(store, "admin", "secret12").role == "admin"
    store.dispose()
