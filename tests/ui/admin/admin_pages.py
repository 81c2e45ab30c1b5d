"""Opening an administration page in a test the way the window does: a context for the actor, shown at
a working size, loaded before the test goes on."""
from __future__ import annotations

from ui.app_context import AppContext

SCHOOL = "东华理工大学"


def open_page(qtbot, page_class, store, actor, *, size=(1200, 700), loaded=("loaded",), load=None, ctx=None):
    """Build `page_class` for `actor`, show it, and wait for the signals named in `loaded` while
    `load(page)` (default: `page.refresh()`) runs."""
    page = page_class(ctx or AppContext(store=store, actor=actor, school=SCHOOL))
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    with qtbot.waitSignals([getattr(page, name) for name in loaded], timeout=20000):
        (load or (lambda p: p.refresh()))(page)
    return page
