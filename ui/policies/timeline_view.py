"""`TimelineView`: what a policy does to the three branches over one day, as three coloured bars.

`set_timeline(segments_per_branch, day_label)` takes what `app.policies.schedule.day_timeline` gives
(three tuples of `Segment`, lighting, sockets, air conditioning) and a title (`day_title` makes the
usual "Tuesday 2026-12-08 (workday)"); `segments()` and `title()` give them back, `mode_at(branch,
minute)` reads one minute. Colours per `BranchMode` are explained by a legend under the hour ticks;
hovering a bar tells its mode and times. Painting only; GUI thread only.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from app.metering.runtime.vocabulary import BRANCH_NAMES, Branch
from app.policies.model import MINUTES_PER_DAY
from app.policies.schedule import BranchMode, DayKind, Segment
from ui.i18n import N_, _

MODE_COLOUR = {BranchMode.ON: QColor("#2da44e"), BranchMode.OFF: QColor("#57606a"),
               BranchMode.LOW_POWER: QColor("#d4a72c"), BranchMode.HOLIDAY_OFF: QColor("#8250df")}
MODE_LABELS = {BranchMode.ON: N_("On"), BranchMode.OFF: N_("Off by schedule"),
               BranchMode.LOW_POWER: N_("Low-power (small loads only)"), BranchMode.HOLIDAY_OFF: N_("Holiday off")}
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
            N_("Sunday"))
DAY_KINDS = {DayKind.WORKDAY: N_("workday"), DayKind.RESTDAY: N_("rest day"), DayKind.HOLIDAY: N_("holiday")}
LABEL_W, TITLE_H, ROW_H, GAP, TICKS_H, LEGEND_H, RIGHT = 120, 24, 22, 5, 18, 22, 10


def day_title(day: dt.date, kind: DayKind) -> str:
    """"Tuesday 2026-12-08 (workday)" in the window's language."""
    return _("{weekday} {date} ({kind})").format(weekday=_(WEEKDAYS[day.weekday()]), date=day.isoformat(),
                                                kind=_(DAY_KINDS[kind]))


def _hm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


class TimelineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setMouseTracking(True)
        self._segments: tuple[tuple[Segment, ...], ...] = ((), (), ())
        self._title = ""
        self.setMinimumHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(560, TITLE_H + 3 * (ROW_H + GAP) + TICKS_H + LEGEND_H + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, self.sizeHint().height())

    def set_timeline(self, segments_per_branch: Sequence[Sequence[Segment]], day_label: str) -> None:
        self._segments = tuple(tuple(s) for s in segments_per_branch)
        self._title = day_label
        self.setAccessibleName(day_label)
        self.setAccessibleDescription("; ".join(
            "{}: {}".format(_(BRANCH_NAMES[Branch(b)]),
                            ", ".join(f"{_(MODE_LABELS[s.mode])} {_hm(s.start)}–{_hm(s.end)}" for s in segs))
            for b, segs in enumerate(self._segments)))
        self.update()

    def segments(self) -> tuple[tuple[Segment, ...], ...]:
        return self._segments

    def title(self) -> str:
        return self._title

    def mode_at(self, branch: int, minute: int) -> BranchMode | None:
        return next((s.mode for s in self._segments[branch] if s.start <= minute < s.end), None)

    # ----- geometry -------------------------------------------------------------------------

    def _scale(self) -> float:
        return max(1.0, self.width() - LABEL_W - RIGHT) / MINUTES_PER_DAY

    def _x(self, minute: float) -> float:
        return LABEL_W + minute * self._scale()

    def _row_rect(self, branch: int) -> QRectF:
        return QRectF(LABEL_W, TITLE_H + branch * (ROW_H + GAP), MINUTES_PER_DAY * self._scale(), ROW_H)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            assert isinstance(e, QHelpEvent)
            pos = QPointF(e.pos())
            for b in range(len(self._segments)):
                if self._row_rect(b).contains(pos):
                    minute = int((pos.x() - LABEL_W) / self._scale())
                    seg = next((s for s in self._segments[b] if s.start <= minute < s.end), None)
                    if seg is not None:
                        QToolTip.showText(e.globalPos(), _("{branch}: {mode}, {start}–{end}").format(
                            branch=_(BRANCH_NAMES[Branch(b)]), mode=_(MODE_LABELS[seg.mode]),
                            start=_hm(seg.start), end=_hm(seg.end)), self)
                        return True
            QToolTip.hideText()
            e.ignore()
            return True
        return super().event(e)

    # ----- painting -------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() - 1.5))
        p.setFont(bold)
        p.setPen(QColor("#1f2328"))
        p.drawText(QRectF(4, 0, self.width() - 8, TITLE_H - 4),
                   Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self._title)
        p.setFont(self.font())
        for b, segs in enumerate(self._segments):
            r = self._row_rect(b)
            p.setPen(QColor("#1f2328"))
            p.drawText(QRectF(4, r.top(), LABEL_W - 8, r.height()),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, _(BRANCH_NAMES[Branch(b)]))
            p.fillRect(r, QColor("#eaeef2"))
            for s in segs:
                p.fillRect(QRectF(self._x(s.start), r.top(), self._x(s.end) - self._x(s.start), r.height()),
                           MODE_COLOUR[s.mode])
        top = self._row_rect(len(self._segments) - 1).bottom() if self._segments else TITLE_H
        p.setFont(small)
        every = 1 if self._scale() * 60 >= 22 else 3
        for hour in range(25):
            x = self._x(hour * 60)
            p.setPen(QPen(QColor("#8c959f"), 1))
            p.drawLine(QPointF(x, top + 1), QPointF(x, top + (5 if hour % every == 0 else 3)))
            if hour % every == 0:
                p.setPen(QColor("#1f2328"))
                p.drawText(QRectF(x - 15, top + 4, 30, TICKS_H - 4), Qt.AlignmentFlag.AlignCenter, f"{hour:02d}")
        x, y = float(LABEL_W), top + TICKS_H + 4
        p.setFont(self.font())
        for mode in BranchMode:
            text = _(MODE_LABELS[mode])
            p.fillRect(QRectF(x, y + 3, 12, 12), MODE_COLOUR[mode])
            p.setPen(QColor("#1f2328"))
            width = p.fontMetrics().horizontalAdvance(text)
            p.drawText(QRectF(x + 16, y, width + 4, LEGEND_H - 4),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            x += 16 + width + 18
        p.end()
