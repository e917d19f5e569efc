"""The right-hand panel: its views' names as buttons that wrap onto more rows when the
panel is narrow (never cut off, never behind scroll arrows), over the views themselves.

The views live in a ``QTabWidget`` whose own tab bar is hidden (``tabs``): it keeps
Ctrl+Tab and Ctrl+Shift+Tab between them, and what features ask of a tab widget.
The panel can also be taken out of the window into one of its own (``detached``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui.widgets.flow_layout import FlowLayout


class SidePanel(QWidget):
    """The panel features fill with ``addTab``; ``currentChanged`` as a tab widget's.

    ``close_requested`` is emitted when the panel is in a window of its own and that
    window is closed: the main window takes the panel back.
    """

    currentChanged = Signal(int)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.strip = QWidget(self)
        self.strip.setObjectName("sidePanelStrip")
        # as tall as its rows (a fixed height would keep it to one)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.strip.setSizePolicy(policy)
        self._flow = FlowLayout(self.strip)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sidePanelTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().hide()
        # Tab goes into the view shown, not to the hidden tab bar
        self.tabs.setFocusProxy(None)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.strip)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._on_current_changed)
        self._group.idClicked.connect(self.tabs.setCurrentIndex)

    # -- what a tab widget offers ----------------------------------------------------

    def addTab(self, widget: QWidget, title: str) -> int:
        index = self.tabs.addTab(widget, title)
        button = QToolButton(self.strip)
        button.setText(title)
        button.setCheckable(True)
        button.setAutoRaise(True)
        # the views have keys of their own (and Ctrl+Tab between them): not a Tab stop
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAccessibleName(f"{title} view")
        self._group.addButton(button, index)
        self._flow.addWidget(button)
        self._on_current_changed(self.tabs.currentIndex())
        return index

    def count(self) -> int:
        return self.tabs.count()

    def tabText(self, index: int) -> str:
        return self.tabs.tabText(index)

    def widget(self, index: int) -> QWidget | None:
        return self.tabs.widget(index)

    def indexOf(self, widget: QWidget) -> int:
        return self.tabs.indexOf(widget)

    def currentIndex(self) -> int:
        return self.tabs.currentIndex()

    def currentWidget(self) -> QWidget | None:
        return self.tabs.currentWidget()

    def setCurrentIndex(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def setCurrentWidget(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    def buttons(self) -> list[QToolButton]:
        return [self._group.button(index) for index in range(self.tabs.count())]

    # -- in a window of its own ----------------------------------------------------------

    def is_detached(self) -> bool:
        return self.isWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isWindow():
            event.ignore()
            self.close_requested.emit()
            return
        super().closeEvent(event)

    def _on_current_changed(self, index: int) -> None:
        button = self._group.button(index)
        if button is not None:
            button.setChecked(True)
        self.currentChanged.emit(index)
