"""The clerk's workbench: assembles the campus tree, the search box and quick filters, the card
grid, the room panel, the alarm panel and the status bar. It owns no business logic: every store
or bus call goes through `run_task`, results come back as signals."""
from __future__ import annotations

import gc
import time

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from app.campus.cards import RoomCard, days_left_of, load_cards
from app.campus.search import SearchIndex
from ui.app_context import AppContext
from ui.campus_nav import CampusTree, QuickFilters
from ui.card_grid import CardGrid
from ui.card_model import CardModel
from ui.dialogs.counter_actions import KINDS, SHORTCUTS, action_label
from ui.dialogs.shift_dialogs import show_shift_actions
from ui.i18n import _, tr_message
from ui.live_follow import LiveFollow
from ui.tasks import run_task
from ui.training_banner import mark_menu_bar, training_banner, training_title

REFRESH_MS = 700      # at most one card read per this, however busy the campus
BATCH_MS = 40         # a change waits this long for the ones that come with it
DAYS_LEFT_MS = 30 * 60 * 1000    # every room's days-left forecast is read again this often
DAYS_LEFT_ROOMS = 50  # a card refresh of at most this many rooms reads their forecasts at once
GAP_PER_ROOM_MS = 0.07   # after reading n cards, wait n × this before the next read (10,000: 700 ms)
GC_INTERVAL_MS = 30_000


class MainWindow(QMainWindow):
    ready = Signal(int)                 # rooms shown after the first load
    cards_refreshed = Signal(object)    # room ids refreshed from the store
    search_ready = Signal()             # the search index is built

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        title = _("DormWatt — {school}").format(school=ctx.school) if ctx.school else "DormWatt"
        self.setWindowTitle(training_title(title) if ctx.training else title)
        self.resize(1400, 880)
        self.index: SearchIndex | None = None
        self._dirty: set[int] = set()
        self._loading = False
        self._settled = False

        self.model = CardModel(self)
        self.grid = CardGrid(self.model, self)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Find a room: number, student number, name, pinyin or its initials"))
        self.search.setClearButtonEnabled(True)
        # What the search found when it is not exactly one room (none, or several to choose from).
        self.search_note = QLabel("", self)
        self.search_note.setObjectName("searchNote")
        self.search_note.setStyleSheet("color:#9a6700;")
        self.search_note.hide()
        self._payer_hint: tuple[int, int] | None = None    # (room id, student id) the search found
        self.filters = QuickFilters(self)
        central = QWidget(self)
        col = QVBoxLayout(central)
        col.setContentsMargins(6, 6, 6, 6)
        if ctx.training:
            # Above the grid, not across the window: the room panel keeps its whole height on 768 lines.
            self.training_banner = training_banner(central)
            col.addWidget(self.training_banner)
        elif ctx.demo:
            banner = QLabel(_("DEMO — simulated campus and meters, not real money"), central)
            banner.setObjectName("demoBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet("background:#b02a37;color:white;font-weight:bold;padding:4px;")
            col.addWidget(banner)
        col.addWidget(self.search)
        col.addWidget(self.search_note)
        col.addWidget(self.filters)
        col.addWidget(self.grid, 1)
        self.setCentralWidget(central)

        # The room panel takes the whole height on the right (its buttons and curves need it on a
        # 768-pixel screen); the alarms span the bottom under the tree and the grid.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tree = CampusTree(self)
        self.tree_dock = self._dock(self.tree, _("Campus"), "campusDock", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.room_panel = self._make_room_panel()
        self._dock(self.room_panel, _("Room"), "roomDock", Qt.DockWidgetArea.RightDockWidgetArea)
        self.alarm_panel = self._make_alarm_panel()
        self.alarm_dock = self._dock(self.alarm_panel, _("Alarms"), "alarmDock",
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        self.alarm_panel.alarms_shown.connect(
            lambda n: self.alarm_dock.setWindowTitle(_("Alarms ({n})").format(n=n)))
        self.status_panel = self._make_status_panel()
        self.counter = self._make_counter()
        self._menus()
        if ctx.training:
            mark_menu_bar(self)

        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_enter)
        self.filters.changed.connect(self.model.set_quick)
        self.tree.place_chosen.connect(self.model.set_place)
        self.grid.room_selected.connect(self._room_selected)
        self.grid.visible_rooms_changed.connect(self._on_screen)
        self._refresh_timer = QTimer(self, singleShot=True)
        self._days_timer = QTimer(self, singleShot=True)
        self._days_timer.setInterval(DAYS_LEFT_MS)
        self._days_timer.timeout.connect(self.reload_days_left)
        self._refresh_timer.timeout.connect(self._refresh_dirty)
        self._last_refresh, self._gap_ms = 0.0, 0.0
        self._gc_timer = QTimer(self, interval=GC_INTERVAL_MS)
        self._gc_timer.timeout.connect(gc.collect)   # on the GUI thread (see ui.application.make_app)
        self._gc_timer.start()
        ctx.bridge.rooms_changed.connect(self.mark_dirty)
        # Buildings or rooms added, changed or removed (administration, any workstation): the tree and
        # the grid are rebuilt once the changes that come together have arrived.
        self._layout_timer = QTimer(self, singleShot=True, interval=500)
        self._layout_timer.timeout.connect(self.reload)
        ctx.bridge.event.connect(
            lambda e: e.topic == "rooms_changed" and e.extra.get("layout") and self._layout_timer.start())
        ctx.bridge.live.connect(self._on_live)
        self.live_follow = LiveFollow(ctx, self)
        self.restore_layout()

    # ----- assembly (panels come from their own modules) -------------------------------------------

    def _dock(self, widget: QWidget, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _make_room_panel(self) -> QWidget:
        from ui.room_panel import RoomPanel

        panel = RoomPanel(self.ctx, self)
        panel.room_changed.connect(lambda rid: self.mark_dirty({rid}))
        return panel

    def _make_alarm_panel(self) -> QWidget:
        from ui.alarm_panel import AlarmPanel

        panel = AlarmPanel(self.ctx, self)
        panel.jump_to_room.connect(self.show_room)
        return panel

    def _make_status_panel(self):
        from ui.status_panel import StatusPanel

        return StatusPanel(self.ctx, self.statusBar(), self)

    def _make_counter(self):
        """The counter dialogs, opened from the room panel, the menus and the status bar."""
        from ui.dialogs.counter_actions import CounterActions

        counter = CounterActions(self.ctx, self)
        self.room_panel.action_requested.connect(self._open_counter)
        counter.room_changed.connect(lambda rid: (self.mark_dirty({rid}), self.room_panel.refresh_room(rid)))
        counter.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        counter.shift_changed.connect(self.status_panel.refresh_shift)
        self.status_panel.shift_open_requested.connect(counter.open_shift)
        self.status_panel.shift_close_requested.connect(counter.close_shift)
        return counter

    def _menus(self) -> None:
        find = QAction(_("Find room"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find)
        desk = self.menuBar().addMenu(_("&Counter"))
        self.open_shift_action = desk.addAction(_("Open shift…"))
        self.open_shift_action.triggered.connect(self.counter.open_shift)
        self.close_shift_action = desk.addAction(_("Close shift…"))
        self.close_shift_action.triggered.connect(self.counter.close_shift)
        # Only the shift action that applies is offered.
        self.status_panel.shift_changed.connect(
            lambda sh: show_shift_actions(self.open_shift_action, self.close_shift_action, sh))
        show_shift_actions(self.open_shift_action, self.close_shift_action, self.status_panel.shift)
        desk.addSeparator()
        self.counter_actions: dict[str, QAction] = {}
        for kind in KINDS:      # each with the function key the room panel's buttons show
            act = desk.addAction(action_label(kind))
            act.setShortcut(QKeySequence(SHORTCUTS[kind]))
            act.triggered.connect(lambda _c=False, k=kind: self._counter_on_selected(k))
            self.counter_actions[kind] = act
        # The transaction list, and a student's history (on the student searched for).
        desk.addSeparator()
        self.window_actions: dict[str, QAction] = {}
        for name, label, key, opener in (
                ("transactions", _("Transactions…"), "Ctrl+T", self._open_transactions),
                ("student_history", _("Student history…"), "Ctrl+H", self._open_student_history)):
            act = desk.addAction(label)
            act.setShortcut(QKeySequence(key))
            act.triggered.connect(opener)
            self.window_actions[name] = act
        view = self.menuBar().addMenu(_("&View"))
        reload_action = view.addAction(_("Reload all rooms"))
        reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
        reload_action.triggered.connect(self.reload)
        settings = self.menuBar().addMenu(_("&Settings"))
        settings.addAction(_("Preferences…")).triggered.connect(self._preferences)
        settings.addAction(_("Change my password…")).triggered.connect(self._change_password)
        self._admin_menu()
        help_menu = self.menuBar().addMenu(_("&Help"))
        self.about_action = help_menu.addAction(_("About DormWatt…"))
        self.about_action.triggered.connect(self._about)

    def _admin_menu(self) -> None:
        """Administration: one entry per page this operator's role may open (a clerk: Batch work and Reports)."""
        from ui.admin.pages import pages_for

        self.admin_actions: dict[str, QAction] = {}
        pages = pages_for(self.ctx.actor)
        if not pages:
            return
        menu = self.menuBar().addMenu(_("&Administration"))
        menu.setObjectName("adminMenu")
        for p in pages:
            act = menu.addAction(p.label() + "…")
            act.triggered.connect(lambda _c=False, key=p.key: self.open_admin(key))
            self.admin_actions[p.key] = act
        if self.ctx.actor.can("signature.manage"):     # the technician's capture tool (its own window)
            menu.addSeparator()
            act = menu.addAction(_("Appliance capture…"))
            act.triggered.connect(self._open_capture)
            self.window_actions["capture"] = act

    def _about(self) -> None:
        from ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.ctx.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _change_password(self) -> None:
        from ui.admin.password_dialog import ChangePasswordDialog

        ChangePasswordDialog(self.ctx, self).open()

    def open_admin(self, key: str | None = None):
        from ui.admin.window import open_admin

        return open_admin(self, self.ctx, key)

    def _open_capture(self) -> None:
        from ui.loads.capture_window import open_capture

        open_capture(self, self.ctx)

    def _open_transactions(self) -> None:
        from ui.transactions_view import open_transactions

        open_transactions(self, self.ctx)

    def _open_student_history(self) -> None:
        from ui.student_history import open_student_history

        hint = self._payer_hint
        open_student_history(self, self.ctx, hint[1] if hint is not None else None)

    def _preferences(self) -> None:
        from ui.preferences_dialog import PreferencesDialog

        PreferencesDialog(self).exec()

    def _counter_on_selected(self, kind: str) -> None:
        room = getattr(self.room_panel, "room_id", None)
        if room is None:
            self.statusBar().showMessage(_("Select a room first."), 5000)
            return
        self._open_counter(kind, room)

    def _open_counter(self, kind: str, room_id: int) -> None:
        """Open a counter dialog; a recharge for the room of the student searched for takes them as
        the payer."""
        hint = self._payer_hint
        payer = hint[1] if hint is not None and hint[0] == room_id and kind == "recharge" else None
        self.counter.open(kind, room_id, payer_id=payer)

    # ----- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Load every card in the background, show them, then build the search index (slower: the
        pinyin of every name) in a second task so the grid is on screen first."""
        started = time.perf_counter()
        store = self.ctx.store
        run_task(lambda: load_cards(store), lambda cards: self._loaded(cards, started), self._failed)

    def _loaded(self, cards: list[RoomCard], started: float) -> None:
        self.model.set_cards(cards)
        self.tree.set_cards(cards)
        self.statusBar().showMessage(_("{rooms} rooms loaded in {ms} ms").format(
            rooms=len(cards), ms=f"{(time.perf_counter() - started) * 1000:.0f}"), 5000)
        if not self._settled:
            self._settled = True
            if not self._layout_restored:   # the tree as narrow as its names allow: the grid gets the rest
                self.resizeDocks([self.tree_dock], [self.tree.minimumWidth()], Qt.Orientation.Horizontal)
            self._settle()
        self.ready.emit(len(cards))
        self._on_screen(self.grid.on_screen())
        store = self.ctx.store
        run_task(lambda: SearchIndex.build(store), self._indexed, self._failed, kind="cpu")
        self.reload_days_left()

    def reload_days_left(self) -> None:
        """Every room's days-left forecast, in the background (seconds at 10,000 rooms: after the grid is
        shown, then every DAYS_LEFT_MS; a room the counter changes gets its own at once)."""
        store = self.ctx.store
        run_task(lambda: days_left_of(store), self.model.set_days_left, self._failed, kind="cpu", owner=self)
        self._days_timer.start()

    @staticmethod
    def _settle() -> None:
        """After the first load: move everything start-up allocated out of the garbage collector's
        reach (so a full collection never walks it and freezes the window), then register the
        receipt fonts in the background so the first receipt does not pay for it."""
        from app.counter import pdf_fonts

        gc.freeze()
        run_task(pdf_fonts.register, lambda _name: None, kind="cpu")

    def _indexed(self, index: SearchIndex) -> None:
        self.index = index
        self.search_ready.emit()
        if self.search.text().strip():
            self._run_search()

    def _failed(self, exc: BaseException) -> None:
        self.statusBar().showMessage(_("Could not load the rooms: {error}").format(error=tr_message(str(exc))))

    def mark_dirty(self, room_ids) -> None:
        """Read these rooms' cards again soon: changes arriving together are read in one batch, and
        a batch waits after the previous one in proportion to its size (at most REFRESH_MS), so a busy
        campus (a billing pass touches every card) costs a few reads a second while a single change
        shows within BATCH_MS."""
        self._dirty.update(room_ids)
        self._schedule_refresh()

    def _schedule_refresh(self) -> None:
        if not self._dirty or self._loading or self._refresh_timer.isActive():
            return
        since = (time.monotonic() - self._last_refresh) * 1000
        self._refresh_timer.start(int(max(BATCH_MS, self._gap_ms - since)))

    def _refresh_dirty(self) -> None:
        if not self._dirty or self._loading:
            return
        ids, self._dirty = self._dirty, set()
        self._loading = True
        self._last_refresh = time.monotonic()
        self._gap_ms = min(REFRESH_MS, BATCH_MS + len(ids) * GAP_PER_ROOM_MS)
        store = self.ctx.store

        def done(cards: list[RoomCard]) -> None:
            self._loading = False
            self.model.update_cards(cards)
            self.cards_refreshed.emit({c.room_id for c in cards})
            self._schedule_refresh()
            if len(ids) <= DAYS_LEFT_ROOMS:       # a counter operation, not a billing pass
                run_task(lambda: days_left_of(store, ids), lambda days: self.model.set_days_left(days, ids),
                         self._failed, kind="cpu", owner=self)

        def failed(exc: BaseException) -> None:
            self._loading = False
            self._dirty |= ids
            self._failed(exc)
            self._schedule_refresh()

        run_task(lambda: load_cards(store, ids), done, failed, owner=self)

    # ----- search and selection ----------------------------------------------------------------

    def _run_search(self) -> None:
        """Narrow the grid to the hits. Exactly one room is selected; with none or several the note
        says so and no room stays selected (so F2 never acts on the room chosen before)."""
        text = self.search.text().strip()
        self._payer_hint = None
        if not text or self.index is None:
            self._note("")
            self.model.set_only(None)
            return
        hits = self.index.find(text)
        self.model.set_only([h.room_id for h in hits])
        if len(hits) == 1:
            self._note("")
            hit = hits[0]
            self.grid.select_room(hit.room_id)
            if hit.student_id is not None:
                self._payer_hint = (hit.room_id, hit.student_id)
            return
        self._clear_selection()
        if hits:
            self._note(_("{n} rooms match “{text}”: choose one with the arrow keys or the mouse.").format(
                n=len(hits), text=text))
        else:
            self._note(_("No room matches “{text}”.").format(text=text))

    def _note(self, text: str) -> None:
        self.search_note.setText(text)
        self.search_note.setVisible(bool(text))

    def _clear_selection(self) -> None:
        self.grid.clearSelection()
        self.grid.selectionModel().clearCurrentIndex()
        self.room_panel.show_room(None)

    def _search_enter(self) -> None:
        self._search_timer.stop()
        self._run_search()
        if self.model.rowCount():
            self.grid.setFocus()

    def show_room(self, room_id: int) -> None:
        if not self.grid.select_room(room_id):
            self.search.clear()
            self.model.set_only(None)
            self.model.set_place(None, None)
            self.grid.select_room(room_id)

    def _room_selected(self, room_id: int) -> None:
        if self._payer_hint is not None and self._payer_hint[0] != room_id:
            self._payer_hint = None
        self.room_panel.show_room(room_id)

    def _on_screen(self, room_ids: set[int]) -> None:
        selected = {self.room_panel.room_id} if getattr(self.room_panel, "room_id", None) else set()
        svc = self.ctx.runtime
        if svc is not None:
            run_task(lambda: svc.set_live_rooms(room_ids | selected), lambda _r: None, kind="cpu", owner=self)
        self.live_follow.show(room_ids | selected)

    def _on_live(self, room_id: int, live) -> None:
        self.model.update_branches(room_id, tuple(int(b.state) for b in live.branches))
        self.room_panel.on_live(room_id, live)

    # ----- layout persistence --------------------------------------------------------------------

    def restore_layout(self) -> None:
        settings = QSettings()
        geometry, state = settings.value("main/geometry"), settings.value("main/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._layout_restored = state is not None and self.restoreState(state)

    def closeEvent(self, event) -> None:
        self.live_follow.stop()
        self._refresh_timer.stop()
        self._gc_timer.stop()
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        super().closeEvent(event)
