"""`WeekGrid`: one branch's two off-period tables (workday, rest day) drawn over 24 hours and edited by
mouse or keyboard.

What a caller may rely on:
- `set_tables(workday, restday)` shows two tables (sorted by start; nothing is emitted) and
  `tables()` gives them back as tuples of `Period`, sorted by start. A period until midnight ends at
  00:00 (`Period(1380, 0)`), as the meter wants it.
- `changed` is emitted after every edit the grid accepted. An edit whose tables
  `app.policies.schedule.table_problems` refuses (a 9th period, an overlap) is drawn red with the
  reason under the grid while the pointer drags, and is not applied when it is released. A table
  given by `set_tables` that is already wrong stays as given and its problems show under the grid;
  `problems()` lists them (`Problem.table` set, `branch` None).
- Mouse: drag on empty space to paint an off period (15-minute steps; dragging leftwards paints
  backwards); drag a bar's body to move it and its ends to resize it; right-click a bar to remove it.
  Midnight: a period that runs past midnight is drawn as the meter applies it, as two pieces on the
  SAME row (23:00–06:00 shows 00:00–06:00 and 23:00–24:00). To make one, paint from 23:00 to the
  right edge and keep dragging past it: the distance beyond the edge counts as hours after 00:00 of
  the same day, and the morning piece grows from the row's left end as you drag. Moving a bar past
  either end wraps it the same way. A new or resized period that touches another at its start or
  end joins it (23:00–24:00 painted next to 00:00–06:00 becomes one period 23:00–06:00).
- Keyboard (Tab reaches the grid; the first bar is selected on entry): Left/Right move the selected
  bar by 15 minutes, Shift+Left/Right shorten or lengthen it, Up/Down select the previous/next bar,
  Insert adds a one-hour period at the first free hour of the selected bar's row, Delete removes.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.policies.model import MINUTES_PER_DAY, RESTDAY, WORKDAY, Period
from app.policies.schedule import Problem, table_problems
from ui.dialogs import ERROR_STYLE
from ui.i18n import N_, _, tr_message

ROWS = (WORKDAY, RESTDAY)
ROW_LABELS = {WORKDAY: N_("Workday"), RESTDAY: N_("Rest day")}
STEP = 15                     # minutes a drag or an arrow key moves by
LABEL_W, HEADER_H, ROW_H, GAP, RIGHT = 84, 20, 40, 6, 10
GRID_H = HEADER_H + 2 * ROW_H + GAP + 4
EDGE_PX = 5                   # how close to a bar's end the pointer resizes instead of moving
BAR, BAR_SELECTED, BAR_REFUSED = QColor("#57606a"), QColor("#0969da"), QColor(209, 36, 47, 170)
ROW_BG, LINE, LINE_STRONG, TEXT = QColor("#f6f8fa"), QColor("#d8dee4"), QColor("#afb8c1"), QColor("#1f2328")


def _snap(minute: float) -> int:
    return int(round(minute / STEP)) * STEP


def _length(p: Period) -> int:
    return (p.end - p.start) % MINUTES_PER_DAY


def _joined(periods: Sequence[Period]) -> list[Period]:
    """Periods sorted by start, any two that touch end-to-start joined into one (unless that would be
    the whole day, which the meter cannot hold)."""
    ps = list(periods)
    joined = True
    while joined:
        joined = False
        for i, a in enumerate(ps):
            for j, b in enumerate(ps):
                if i != j and a.end == b.start and _length(a) + _length(b) < MINUTES_PER_DAY:
                    ps = [p for k, p in enumerate(ps) if k not in (i, j)] + [Period(a.start, b.end)]
                    joined = True
                    break
            if joined:
                break
    return sorted(ps)


@dataclass
class _Drag:
    kind: str                  # "paint" | "move" | "start" | "end"
    row: int
    origin: Period | None      # the bar being moved or resized
    anchor: float              # paint: the snapped first minute; move: the grabbed minute
    fixed: int = 0             # resize: the unwrapped minute of the end that stays put


class WeekGrid(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weekGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumWidth(480)
        self.setAccessibleName(_("Off periods"))
        self.setToolTip(_("Drag on a row to add an off period; drag past 24:00 to run past midnight. Drag a "
                          "bar to move it, its ends to resize it; right-click or Delete removes it."))
        self._tables: list[list[Period]] = [[], []]
        self._pending: tuple[int, list[Period], list[Problem]] | None = None
        self._refusal = ""
        self._drag: _Drag | None = None
        self._selected: tuple[int, Period] | None = None
        self.message = QLabel("", self)
        self.message.setObjectName("weekGridMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, GRID_H, 0, 0)
        lay.addWidget(self.message)
        self._show_message()

    # ----- the tables -----------------------------------------------------------------------

    def set_tables(self, workday: Sequence[Period], restday: Sequence[Period]) -> None:
        self._tables = [sorted(workday), sorted(restday)]
        self._pending, self._drag, self._selected, self._refusal = None, None, None, ""
        self._show_message()
        self.update()

    def tables(self) -> tuple[tuple[Period, ...], tuple[Period, ...]]:
        return tuple(self._tables[0]), tuple(self._tables[1])

    def problems(self) -> list[Problem]:
        return [p if p.table is not None else replace(p, table=ROWS[row])
                for row, table in enumerate(self._tables) for p in table_problems(table)]

    def selected(self) -> tuple[str, Period] | None:
        """The selected bar: (table name, period), or None."""
        return (ROWS[self._selected[0]], self._selected[1]) if self._selected else None

    def select(self, table: str, period: Period) -> None:
        self._selected = (ROWS.index(table), period)
        self.update()

    def _try(self, row: int, table: list[Period], *, select: Period | None = None, final: bool) -> bool:
        """Offer `table` for `row`: while dragging (`final` False) it is only shown; when final it is
        applied if valid, otherwise refused with its first problem under the grid."""
        problems = table_problems(table)
        if not final:
            self._pending = (row, table, problems)
        else:
            self._pending = None
            if problems:
                self._refusal = _("Not changed: {reason}").format(reason=tr_message(problems[0].message))
            else:
                self._refusal = ""
                self._tables[row] = table
                if select is not None:
                    self._selected = (row, select)
        self._show_message()
        self.update()
        if final and not problems:
            self.changed.emit()
        return not problems

    def _show_message(self) -> None:
        if self._pending and self._pending[2]:
            text = tr_message(self._pending[2][0].message)
        elif self._refusal:
            text = self._refusal
        else:
            held = self.problems()
            text = tr_message(held[0].message) if held else ""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.setAccessibleDescription("; ".join(
            "{}: {}".format(_(ROW_LABELS[name]), ", ".join(p.label() for p in table) or _("none"))
            for name, table in zip(ROWS, self._tables, strict=True)))

    # ----- geometry -------------------------------------------------------------------------

    def _scale(self) -> float:
        return max(1.0, self.width() - LABEL_W - RIGHT) / MINUTES_PER_DAY

    def _x(self, minute: float) -> float:
        return LABEL_W + minute * self._scale()

    def _minute(self, x: float) -> float:
        return (x - LABEL_W) / self._scale()

    def _row_rect(self, row: int) -> QRectF:
        return QRectF(LABEL_W, HEADER_H + row * (ROW_H + GAP), MINUTES_PER_DAY * self._scale(), ROW_H)

    def _row_at(self, y: float) -> int | None:
        return next((r for r in range(2) if self._row_rect(r).top() <= y < self._row_rect(r).bottom()), None)

    def point_for(self, table: str, minute: float) -> QPoint:
        """Where minute `minute` of `table`'s row is, in widget coordinates (past 1440 lies beyond the
        right edge, as a wrapping drag goes)."""
        r = self._row_rect(ROWS.index(table))
        return QPointF(self._x(minute), r.center().y()).toPoint()

    def _hit(self, row: int, x: float) -> tuple[str, Period, int] | None:
        """(part, period, edge minute unwrapped) under x on `row`: part "start", "end" or "move"."""
        for p in self._tables[row]:
            for a, b in p.spans():
                xa, xb = self._x(a), self._x(b)
                zone = min(EDGE_PX, (xb - xa) / 4)
                if b % MINUTES_PER_DAY == p.end and abs(x - xb) <= max(zone, 2):
                    return "end", p, b
                if a == p.start and abs(x - xa) <= max(zone, 2):
                    return "start", p, a
                if xa <= x < xb:
                    return "move", p, a
        return None

    # ----- mouse ----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        row = self._row_at(pos.y())
        if row is None or pos.x() < LABEL_W - EDGE_PX:
            return
        hit = self._hit(row, pos.x())
        if event.button() == Qt.MouseButton.RightButton:
            if hit is not None:
                self._remove(row, hit[1])
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if hit is None:
            self._selected = None
            anchor = _snap(min(max(self._minute(pos.x()), 0), MINUTES_PER_DAY))
            self._drag = _Drag("paint", row, None, anchor)
        else:
            part, p, edge = hit
            self._selected = (row, p)
            # a resize keeps the other end where it is, counted on the same unwrapped minute scale
            fixed = edge - _length(p) if part == "end" else edge + _length(p)
            self._drag = _Drag(part, row, p, self._minute(pos.x()), fixed)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag is None:
            row = self._row_at(pos.y())
            hit = self._hit(row, pos.x()) if row is not None else None
            shape = {None: Qt.CursorShape.CrossCursor, "move": Qt.CursorShape.OpenHandCursor}.get(
                hit[0] if hit else None, Qt.CursorShape.SizeHorCursor)
            self.setCursor(shape if row is not None else Qt.CursorShape.ArrowCursor)
            return
        self._follow(pos.x(), final=False)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            self._follow(event.position().x(), final=True)
            self._drag = None

    def _follow(self, x: float, *, final: bool) -> None:
        d = self._drag
        assert d is not None
        c = _snap(self._minute(x))
        others = [p for p in self._tables[d.row] if p != d.origin]
        if d.kind == "paint":
            a = int(d.anchor)
            c = min(max(c, 0), a + MINUTES_PER_DAY - STEP)
            if c == a:
                if final:
                    self._pending = None
                    self._show_message()
                    self.update()
                return
            new = Period(a % MINUTES_PER_DAY, c % MINUTES_PER_DAY) if c > a else Period(c, a % MINUTES_PER_DAY)
            table = _joined([*others, new])
        else:
            p = d.origin
            assert p is not None
            if d.kind == "move":
                delta = _snap(self._minute(x) - d.anchor)
                new = Period((p.start + delta) % MINUTES_PER_DAY, (p.end + delta) % MINUTES_PER_DAY)
            else:
                length = c - d.fixed if d.kind == "end" else d.fixed - c
                length = min(max(length, STEP), MINUTES_PER_DAY - STEP)
                new = (Period(p.start, (p.start + length) % MINUTES_PER_DAY) if d.kind == "end"
                       else Period((p.end - length) % MINUTES_PER_DAY, p.end))
            table = sorted([*others, new]) if d.kind == "move" else _joined([*others, new])
        self._try(d.row, table, select=self._containing(table, new), final=final)

    @staticmethod
    def _containing(table: Sequence[Period], new: Period) -> Period:
        """The period of `table` that took `new` in (itself, or what it was joined into)."""
        m = new.spans()[0][0]
        return next((p for p in table if any(a <= m < b for a, b in p.spans())), new)

    def _remove(self, row: int, p: Period) -> None:
        if self._selected == (row, p):
            self._selected = None
        self._try(row, [q for q in self._tables[row] if q != p], final=True)

    # ----- keyboard -------------------------------------------------------------------------

    def _bars(self) -> list[tuple[int, Period]]:
        return [(r, p) for r in range(2) for p in self._tables[r]]

    def focusInEvent(self, event) -> None:
        if self._selected is None and self._bars():
            self._selected = self._bars()[0]
        super().focusInEvent(event)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        bars = self._bars()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and bars:
            i = bars.index(self._selected) if self._selected in bars else -1
            i = max(0, i - 1) if key == Qt.Key.Key_Up else min(len(bars) - 1, i + 1)
            self._selected = bars[i]
            self.update()
        elif key == Qt.Key.Key_Insert:
            self._insert(self._selected[0] if self._selected else 0)
        elif self._selected is None or self._selected not in bars:
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._remove(*self._selected)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            row, p = self._selected
            step = STEP if key == Qt.Key.Key_Right else -STEP
            if shift:
                length = min(max(_length(p) + step, STEP), MINUTES_PER_DAY - STEP)
                new = Period(p.start, (p.start + length) % MINUTES_PER_DAY)
            else:
                new = Period((p.start + step) % MINUTES_PER_DAY, (p.end + step) % MINUTES_PER_DAY)
            self._try(row, sorted([*(q for q in self._tables[row] if q != p), new]), select=new, final=True)
        else:
            super().keyPressEvent(event)

    def _insert(self, row: int) -> None:
        for hour in range(24):
            new = Period(hour * 60, (hour + 1) * 60 % MINUTES_PER_DAY)
            table = sorted([*self._tables[row], new])
            if not table_problems(table):
                self._try(row, table, select=new, final=True)
                return
        self._try(row, sorted([*self._tables[row], Period(0, 60)]), final=True)   # says why not

    # ----- painting -------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() - 1.5))
        p.setFont(small)
        every = 1 if self._scale() * 60 >= 22 else 3
        for hour in range(0, 25, every):
            x = self._x(hour * 60)
            p.setPen(TEXT)
            p.drawText(QRectF(x - 15, 0, 30, HEADER_H - 2), Qt.AlignmentFlag.AlignCenter, f"{hour:02d}")
        for row, name in enumerate(ROWS):
            r = self._row_rect(row)
            p.setFont(self.font())
            p.setPen(TEXT)
            p.drawText(QRectF(4, r.top(), LABEL_W - 8, r.height()),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, _(ROW_LABELS[name]))
            p.fillRect(r, ROW_BG)
            for hour in range(25):
                p.setPen(QPen(LINE_STRONG if hour % 6 == 0 else LINE, 1))
                p.drawLine(QPointF(self._x(hour * 60), r.top()), QPointF(self._x(hour * 60), r.bottom()))
            pending = self._pending if self._pending and self._pending[0] == row else None
            table = pending[1] if pending else self._tables[row]
            refused = bool(pending and pending[2])
            p.setFont(small)
            for number, period in enumerate(table, 1):
                selected = self._selected == (row, period)
                for a, b in period.spans():
                    bar = QRectF(self._x(a), r.top() + 4, self._x(b) - self._x(a), r.height() - 8)
                    p.fillRect(bar, BAR_REFUSED if refused else BAR_SELECTED if selected else BAR)
                    text = f"{number} · {period.label()}"
                    if p.fontMetrics().horizontalAdvance(text) + 6 <= bar.width():
                        p.setPen(QColor("white"))
                        p.drawText(bar, Qt.AlignmentFlag.AlignCenter, text)
                    elif p.fontMetrics().horizontalAdvance(str(number)) + 4 <= bar.width():
                        p.setPen(QColor("white"))
                        p.drawText(bar, Qt.AlignmentFlag.AlignCenter, str(number))
        if self.hasFocus():
            p.setPen(QPen(BAR_SELECTED, 1, Qt.PenStyle.DotLine))
            p.drawRect(QRectF(1, HEADER_H - 2, self.width() - 2, 2 * ROW_H + GAP + 4))
        p.end()
