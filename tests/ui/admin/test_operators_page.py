"""The Operators administration page, "Change my password" and the window's login session: what an
administrator sees and does through the forms, refusals under the field concerned."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from admin_pages import open_page
from PySide6.QtWidgets import QApplication

from app import clock, operators
from app.errors import AuthenticationFailed
from tests.factories import make_campus
from ui import i18n
from ui.admin.operators_page import OperatorsPage
from ui.admin.password_dialog import ChangePasswordDialog
from ui.admin.session_heartbeat import SessionHeartbeat
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture
def campus(store):
    c = make_campus(store, students_per_gender=0)
    operators.authenticate(store, "clerk", "clerk-pass")
    operators.start_session(store, c.clerk, "counter-1", "window@counter-1:1.abcd")
    return c


def _ctx(store, actor) -> AppContext:
    return AppContext(store=store, actor=actor, school="东华理工大学")


def _page(qtbot, store, actor) -> OperatorsPage:
    return open_page(qtbot, OperatorsPage, store, actor, ctx=_ctx(store, actor))


def _cells(page, login) -> list[str]:
    rows = page.list.rows()
    r = next(i for i, row in enumerate(rows) if row.login == login)
    return [page.list.model.text(r, c) for c in range(page.list.model.columnCount())]


def _select(page, login) -> None:
    assert page.list.select_where(lambda r: r.login == login)


def test_the_list_shows_roles_last_login_and_where_someone_is_logged_in(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    assert [r.login for r in page.list.shown()] == ["admin", "clerk", "tech"]
    login, name, role, active, last, where = _cells(page, "clerk")
    assert (login, name, role, active, where) == ("clerk", "王芳", "Clerk", "yes", "counter-1")
    assert last.startswith(clock.today().isoformat())
    assert _cells(page, "tech")[2:] == ["Technician", "yes", "", ""]


def test_create_refuses_a_taken_login_and_differing_passwords_then_creates(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    form = page.create()
    qtbot.keyClicks(form.login, "clerk")
    form.display_name.setText("王二")
    qtbot.keyClicks(form.password, "long-enough")
    qtbot.keyClicks(form.again, "long-enougH")
    form.accept()
    assert form.field_error("again") == "The two passwords differ."
    form.again.setText("long-enough")
    form.accept()
    qtbot.waitUntil(lambda: bool(form.field_error("login")), timeout=10000)
    assert form.field_error("login") == "The login “clerk” is already taken." and form.field_error("again") == ""
    form.login.setText("clerk2")
    form.password.setText("short")
    form.again.setText("short")
    form.accept()
    qtbot.waitUntil(lambda: bool(form.field_error("password")), timeout=10000)
    assert form.field_error("password") == "A password needs at least 8 characters."
    assert len(operators.list_operators(store)) == 3
    form.password.setText("long-enough")
    form.again.setText("long-enough")
    form.role.setCurrentIndex(form.role.findData("technician"))
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.accept()
    assert page.list.current().login == "clerk2" and _cells(page, "clerk2")[2] == "Technician"
    assert operators.authenticate(store, "clerk2", "long-enough").role == "technician"


def test_the_last_administrator_stays_one_under_the_field(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    _select(page, "admin")
    form = page.change_role()
    form.role.setCurrentIndex(form.role.findData("clerk"))
    form.accept()
    qtbot.waitUntil(lambda: bool(form.field_error("role")), timeout=10000)
    assert "last active administrator" in form.field_error("role")
    form.reject()
    _select(page, "admin")
    form = page.toggle_active()
    form.accept()
    qtbot.waitUntil(lambda: bool(form.field_error("active")), timeout=10000)
    assert form.field_error("active") == "You cannot deactivate yourself."
    form.reject()
    assert [(r.role, r.active) for r in operators.operator_rows(store, campus.admin) if r.login == "admin"] == \
        [("admin", True)]


def test_deactivate_then_activate_and_reset_a_password(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    _select(page, "tech")
    assert page.active_button.text() == "Deactivate…"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.toggle_active().accept()
    assert _cells(page, "tech")[3] == "no" and page.active_button.text() == "Activate…"
    with pytest.raises(AuthenticationFailed, match="deactivated"):
        operators.authenticate(store, "tech", "tech-pass")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.toggle_active().accept()
    assert _cells(page, "tech")[3] == "yes"

    _select(page, "admin")
    assert not page.reset_button.isEnabled()            # one's own: "Change my password"
    _select(page, "tech")
    form = page.reset_password()
    form.password.setText("lab-2026-dec")
    form.again.setText("lab-2026-dec")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.accept()
    assert page.list.message.text() == "李工 (tech) has a new password."
    assert operators.authenticate(store, "tech", "lab-2026-dec").login == "tech"
    with pytest.raises(AuthenticationFailed):
        operators.authenticate(store, "tech", "tech-pass")


def test_change_my_password_needs_the_current_one(qtbot, store, campus):
    clerk = operators.authenticate(store, "clerk", "clerk-pass")
    dialog = ChangePasswordDialog(_ctx(store, clerk))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.current, "wrong-pass")
    qtbot.keyClicks(dialog.new, "counter-new-1")
    qtbot.keyClicks(dialog.again, "counter-new-2")
    dialog.accept()
    assert dialog.field_error("again") == "The two new passwords differ."
    dialog.again.setText("counter-new-1")
    dialog.accept()
    qtbot.waitUntil(lambda: bool(dialog.field_error("current")), timeout=10000)
    assert dialog.field_error("current") == "The current password is wrong."
    operators.authenticate(store, "clerk", "clerk-pass")            # unchanged
    dialog.current.setText("clerk-pass")
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert operators.authenticate(store, "clerk", "counter-new-1").login == "clerk"


def test_a_clerk_gets_the_refusal_not_the_operators(qtbot, store, campus):
    page = OperatorsPage(_ctx(store, campus.clerk))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.list.message.isVisibleTo(page), timeout=10000)
    assert "Administrator" in page.list.message.text() and page.list.rows() == []


def test_the_window_session_is_there_while_it_beats_and_gone_after_stop(qtbot, store, campus):
    tech = operators.authenticate(store, "tech", "tech-pass")
    beat = SessionHeartbeat(_ctx(store, tech), workstation="lab-pc", interval_ms=50)

    def where() -> list[str]:
        return [s.workstation for s in operators.sessions(store) if s.login == "tech"]

    beat.start()
    qtbot.waitUntil(lambda: where() == ["lab-pc"], timeout=10000)
    first = next(s for s in operators.sessions(store) if s.login == "tech").last_seen_at
    qtbot.waitUntil(lambda: next(s for s in operators.sessions(store) if s.login == "tech").last_seen_at > first,
                    timeout=10000)
    beat.stop()
    qtbot.waitUntil(lambda: where() == [], timeout=10000)
    with clock.use(clock.FixedClock(clock.now() + timedelta(minutes=4))):
        assert [s.login for s in operators.sessions(store)] == []     # the clerk's never beat: gone too


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_operators_page_screenshots(qtbot, qapp, store, campus, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(_ctx(store, campus.admin))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("operators")
        qtbot.waitUntil(lambda: page.list.rows() != [], timeout=10000)
        _select(page, "clerk")
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            QApplication.processEvents()
            window.grab().save(os.path.join(FOLDER, f"admin-operators-{language}-{width}.png"))
        form = page.reset_password()
        form.password.setText("short")
        form.again.setText("short")
        form.accept()
        qtbot.waitUntil(lambda: bool(form.field_error("password")), timeout=10000)
        form.grab().save(os.path.join(FOLDER, f"admin-operators-reset-{language}.png"))
        form.reject()
        dialog = ChangePasswordDialog(_ctx(store, campus.admin), window)
        dialog.show()
        dialog.current.setText("wrong-pass")
        dialog.new.setText("new-pass-1")
        dialog.again.setText("new-pass-1")
        dialog.accept()
        qtbot.waitUntil(lambda: bool(dialog.field_error("current")), timeout=10000)
        dialog.grab().save(os.path.join(FOLDER, f"admin-change-password-{language}.png"))
        dialog.reject()
    finally:
        i18n.remove_translations(qapp)
