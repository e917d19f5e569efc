"""The main window's three panes side by side: who gets how much of the width.

Each pane keeps at least its least width (``window_layout.PANE_MIN_WIDTHS``, or
what its content needs if more) whoever asks: a side view brought forward, F9,
the side panel moving to a window of its own and back, View ▸ Reset Layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from netdesk.ui.window_layout import (
    DEFAULT_SHARES,
    PANE_MIN_WIDTHS,
    SCREEN_SHARE,
    fit_sizes,
    keep_on_screen,
    shares_to_sizes,
)

if TYPE_CHECKING:
    from netdesk.ui.main_window import MainWindow


class PaneWidths:
    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.splitter = window.splitter
        self.panel = window.side_panel

    def _panes(self) -> list[QWidget]:
        window = self._window
        return [window.contact_list, window.center, window.side_panel]

    def minimums(self) -> list[int]:
        """The least width of each pane the splitter holds (the side panel's only while
        it is in the window)."""
        return [self.splitter.widget(i).minimumWidth() for i in range(self.splitter.count())]

    def apply_minimums(self) -> None:
        """Each pane's least width: netdesk's own, or what its content needs if more."""
        for pane, least in zip(self._panes(), PANE_MIN_WIDTHS, strict=True):
            pane.setMinimumWidth(0)
            pane.setMinimumWidth(max(least, pane.minimumSizeHint().width()))

    def _total(self) -> int:
        return sum(self.splitter.sizes()) or self._window.width()

    def default_split(self) -> list[int]:
        shares = list(DEFAULT_SHARES[: self.splitter.count()])
        return shares_to_sizes(shares, self.minimums(), self._total())

    def fit(self, wanted: list[int] | None = None) -> None:
        """Share the width out again, as close to ``wanted`` (else to now) as each pane's
        least width allows."""
        sizes = wanted if wanted is not None else self.splitter.sizes()
        if len(sizes) == self.splitter.count():
            self.splitter.setSizes(fit_sizes(sizes, self.minimums(), self._total()))

    def show_side_tab(self, widget: QWidget, shares: tuple[float, float, float]) -> None:
        """Bring a side-panel view forward with room to read it (see MainWindow)."""
        self.panel.setCurrentWidget(widget)
        if self.panel.is_detached():
            self.panel.raise_()
            self.panel.activateWindow()
            return
        sizes = self.splitter.sizes()
        total = self._total()
        if sizes[-1] < total * shares[-1] * 0.8:
            self.splitter.setSizes(shares_to_sizes(shares, self.minimums(), total))

    def set_side_shown(self, shown: bool) -> None:
        self.panel.setVisible(shown)
        if shown and not self.panel.is_detached():
            self.fit()

    def set_detached(self, detached: bool, keys: list[QAction]) -> None:
        """The side panel in a window of its own (answering to ``keys`` there too), or
        back in the main window."""
        window, panel = self._window, self.panel
        if detached == panel.is_detached():
            return
        if detached:
            width = max(panel.width(), panel.minimumWidth())
            panel.setParent(window, Qt.WindowType.Window)
            panel.setWindowTitle(f"netdesk — {window.db_path.name} — side panel")
            panel.resize(width, window.height())
            frame = window.frameGeometry()
            panel.move(frame.right() + 1, frame.top())
            keep_on_screen(panel)
            panel.addActions(keys)
            panel.show()
            self.fit()
        else:
            for action in keys:
                panel.removeAction(action)
            panel.hide()
            self.splitter.insertWidget(2, panel)
            panel.show()
            self.fit(self.default_split())

    def reset(self) -> None:
        """View ▸ Reset Layout: the size, panes and columns netdesk starts with."""
        window = self._window
        window.showNormal()
        window.set_default_size()
        keep_on_screen(window, share=SCREEN_SHARE)
        self.splitter.setSizes(self.default_split())
        window.detail.reset_layout()
        window.contact_list.reset_columns()
