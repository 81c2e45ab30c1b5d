"""The mark of a training store on a window: the title starts with 培训 TRAINING, an amber strip says
practice only in both languages (as the receipts do) whatever language the window speaks, and the
workbench's menu bar carries 培训 TRAINING at its right end: anyone walking past the counter sees it
is not the real one."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar, QWidget

from app.care.training import BANNER, MARK, TITLE_PREFIX

AMBER = "qlineargradient(x1:0, y1:0, x2:1, y2:0, stop:0 #f0a500, stop:0.5 #ffcc33, stop:1 #f0a500)"
STRIP_STYLE = (f"QLabel#trainingBanner {{ background: {AMBER}; color: #1f1f1f; font-weight: bold; font-size: 15px;"
               " padding: 5px; border-top: 3px solid #1f1f1f; border-bottom: 3px solid #1f1f1f; }")
MARK_STYLE = ("QLabel#trainingMark { background: #f0a500; color: #1f1f1f; font-weight: bold; padding: 1px 10px;"
              " border: 2px solid #1f1f1f; }")


def training_title(title: str) -> str:
    """A training window's title: "培训 TRAINING — " before the usual one."""
    return title if title.startswith(TITLE_PREFIX) else TITLE_PREFIX + title


def training_banner(parent: QWidget) -> QLabel:
    """The strip saying practice only (the caller puts it at the top of its window's content)."""
    banner = QLabel(BANNER, parent)
    banner.setObjectName("trainingBanner")
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setStyleSheet(STRIP_STYLE)
    banner.setToolTip(BANNER)
    banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return banner


def mark_menu_bar(window: QMainWindow) -> QLabel:
    """培训 TRAINING at the right end of `window`'s menu bar (it takes no height from the panels)."""
    mark = QLabel(MARK, window.menuBar())
    mark.setObjectName("trainingMark")
    mark.setStyleSheet(MARK_STYLE)
    mark.setToolTip(BANNER)
    window.menuBar().setCornerWidget(mark, Qt.Corner.TopRightCorner)
    return mark


def add_training_strip(window: QMainWindow) -> QLabel:
    """The strip across the whole top of `window`, where no one can move, float or hide it (it is in
    no menu); returns its label."""
    bar = QToolBar(window)
    bar.setObjectName("trainingBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    bar.setStyleSheet("QToolBar#trainingBar { border: 0; padding: 0; margin: 0; spacing: 0; }")
    banner = training_banner(bar)
    bar.addWidget(banner)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return banner
