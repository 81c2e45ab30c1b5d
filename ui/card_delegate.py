"""Paints one room card: number, occupants, both balances coloured by alarm level, the three
branches (lighting, sockets, air conditioning) as on / off / tripped / locked / keep-power marks,
under each branch the small marks of its power policy (lights-off, low-power mode, holiday power-off,
standby trip, low-power trip: `card_marks`, `mark_legend`), the meter's online dot and an alarm
badge. Painting only reads the card: no I/O, no allocation of widgets, so 10,000 cards scroll
smoothly (a branch without marks costs one cached lookup)."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.campus.cards import LOW_BALANCE_FEN, RoomCard
from app.counter.money import Money
from app.metering.runtime.vocabulary import BranchMark, branch_look, branch_mark_name, branch_marks
from ui.card_model import CardRole, DaysLeftRole
from ui.i18n import _

CARD_SIZE = QSize(172, 96)
BACKGROUND = {"ok": "#ffffff", "low": "#fff6d6", "arrears": "#fde0e0", "alarm": "#ffe9d6", "offline": "#eceff1"}
BORDER = {"ok": "#c9d1d9", "low": "#e0b400", "arrears": "#d9534f", "alarm": "#f0883e", "offline": "#9aa4ad"}
BRANCH_COLOUR = {"on": "#2da44e", "off": "#b0b7bf", "tripped": "#d1242f", "locked": "#8250df", "keep": "#0969da"}
# Policy marks: (shape, colour). Shapes tell them apart without colour; trips are red.
MARK_LOOK = {BranchMark.LIGHTS_OFF: ("circle", "#1b3a8a"), BranchMark.LOW_POWER: ("bar", "#bf8700"),
             BranchMark.HOLIDAY_OFF: ("diamond", "#8250df"), BranchMark.STANDBY_TRIP: ("triangle", "#d1242f"),
             BranchMark.LOW_POWER_TRIP: ("square", "#d1242f")}
MARK_SIZE = 6
SOON_DAYS = 7           # days left below this are drawn amber
MARK_STEP = 8


def card_marks(card: RoomCard) -> tuple[tuple[BranchMark, ...], tuple[BranchMark, ...], tuple[BranchMark, ...]]:
    """The policy marks the delegate paints under each branch (none on an offline meter's card: its
    states are old)."""
    if card.online is False:
        return ((), (), ())
    return tuple(branch_marks(s) for s in card.branch_states)  # type: ignore[return-value]


def mark_legend() -> list[tuple[BranchMark, str, str, str]]:
    """(mark, shape, colour, name in the window's language) for a legend beside the grid."""
    return [(m, shape, colour, _(branch_mark_name(m))) for m, (shape, colour) in MARK_LOOK.items()]


def paint_mark(painter: QPainter, mark: BranchMark, x: float, y: float, size: float = MARK_SIZE) -> None:
    """One mark with its top-left corner at (x, y); the caller has set no pen."""
    shape, colour = MARK_LOOK[mark]
    painter.setBrush(QColor(colour))
    if shape == "circle":
        painter.drawEllipse(QRectF(x, y, size, size))
    elif shape == "bar":
        painter.drawRect(QRectF(x, y + size / 3, size, size / 3 + 1))
    elif shape == "square":
        painter.drawRect(QRectF(x, y, size, size))
    elif shape == "diamond":
        h = size / 2
        painter.drawPolygon(QPolygonF([QPointF(x + h, y), QPointF(x + size, y + h), QPointF(x + h, y + size),
                                       QPointF(x, y + h)]))
    else:   # triangle
        painter.drawPolygon(QPolygonF([QPointF(x + size / 2, y), QPointF(x + size, y + size), QPointF(x, y + size)]))


def _branch_letters() -> tuple[str, str, str]:
    return (_("Light"), _("Socket"), _("A/C"))


def _money_colour(fen: int | None) -> QColor:
    if fen is None:
        return QColor("#6e7781")
    if fen < 0:
        return QColor("#cf222e")
    if fen < LOW_BALANCE_FEN:
        return QColor("#9a6700")
    return QColor("#1f2328")


class CardDelegate(QStyledItemDelegate):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._title = QFont()
        self._title.setBold(True)
        self._title.setPointSizeF(self._title.pointSizeF() + 1)
        self._small = QFont()
        self._small.setPointSizeF(max(6.0, self._small.pointSizeF() - 1.5))
        self._labels = _branch_letters()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return CARD_SIZE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        card: RoomCard | None = index.data(CardRole)
        if card is None:
            return
        days: int | None = index.data(DaysLeftRole)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = QRectF(option.rect).adjusted(3, 3, -3, -3)
        status = card.status
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(QColor("#0969da" if selected else BORDER[status]), 2.5 if selected else 1.2))
        painter.setBrush(QColor(BACKGROUND[status]))
        painter.drawRoundedRect(r, 6, 6)
        x, y, w = int(r.left()) + 8, int(r.top()) + 4, int(r.width()) - 16

        painter.setFont(self._title)
        painter.setPen(QColor("#1f2328"))
        painter.drawText(QRect(x, y, w, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, card.code)
        painter.setFont(self._small)
        painter.setPen(QColor("#57606a"))
        painter.drawText(QRect(x, y, w - 18, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         _("{n}/{beds} beds").format(n=card.occupants, beds=card.beds))
        # online dot
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#2da44e" if card.online else "#8c959f"))
        painter.drawEllipse(QRectF(x + w - 9, y + 6, 8, 8))

        painter.setFont(QFont())
        for k, (label, fen) in enumerate(((_("Elec."), card.electricity_fen), (_("Water"), card.water_fen))):
            line = QRect(x, y + 22 + 18 * k, w, 18)
            painter.setPen(QColor("#57606a"))
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            painter.setPen(_money_colour(fen))
            painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             "—" if fen is None else Money(fen).display())
            if k == 0 and days is not None:      # how long the money lasts, between the label and the amount
                painter.setFont(self._small)
                painter.setPen(QColor("#9a6700" if days < SOON_DAYS else "#8c959f"))
                painter.drawText(QRect(x + 34, y + 22, w - 34, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 _("≈{n}d").format(n=days) if days < 1000 else "")
                painter.setFont(QFont())

        painter.setFont(self._small)
        bx = x
        marks = card_marks(card)
        for b, (label, state) in enumerate(zip(self._labels, card.branch_states, strict=True)):
            look = branch_look(state) if card.online is not False else "off"
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BRANCH_COLOUR[look]))
            painter.drawEllipse(QRectF(bx, y + 64, 9, 9))
            if look in ("tripped", "locked"):
                painter.setPen(QPen(QColor("#ffffff"), 1.4))
                painter.drawLine(bx + 2, y + 66, bx + 7, y + 71)
            painter.setPen(QColor("#57606a"))
            painter.drawText(QRect(bx + 12, y + 60, 40, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             label)
            if marks[b]:
                painter.setPen(Qt.PenStyle.NoPen)
                for k, mark in enumerate(marks[b]):
                    paint_mark(painter, mark, bx + 1 + k * MARK_STEP, y + 77)
            bx += w // 3
        if card.open_alarms:
            badge = QRectF(r.right() - 18, r.top() - 2, 18, 18)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#cf222e"))
            painter.drawEllipse(badge)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(min(card.open_alarms, 99)))
        painter.restore()
