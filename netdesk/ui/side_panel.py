"""The right-hand panel: its views' names as buttons that wrap onto more rows when the
panel is narrow (never cut off, never behind scroll arrows), over the views themselves.

The views live in a ``QTabWidget`` whose own tab bar is hidden (``tabs``): it keeps
Ctrl+Tab and Ctrl+Shift+Tab between them, and what features ask of a tab widget.
The panel can also be taken out of the window into one of its own (``detached``).

A feature may add a view that is made only when it is first needed: a ``LazyView``
page makes it when the page is first shown, or when anyone asks for the view (its
feature's key, ``widget(index)``, ``currentWidget()``). Until then it costs the
start nothing but its button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

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

View = TypeVar("View", bound=QWidget)


class LazyView(QWidget, Generic[View]):
    """A side-panel page that makes its view the first time it is shown or asked for
    (``get``), and then holds it, filling the page."""

    built = Signal(QWidget)

    def __init__(self, build: Callable[[], View], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build: Callable[[], View] | None = build
        self._view: View | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def view(self) -> View | None:
        """The view if it has been made, else None (asking does not make it)."""
        return self._view

    def get(self) -> View:
        """The view, made now if need be."""
        if self._view is None:
            build, self._build = self._build, None
            if build is None:
                raise RuntimeError("a side-panel view was asked for while it was being made")
            view = build()
            self._view = view
            self.layout().addWidget(view)
            self.setFocusProxy(view)
            if self.isVisible():
                view.show()  # (a widget added to a shown page would show a turn later)
            self.built.emit(view)
        return self._view

    def showEvent(self, event) -> None:
        self.get()
        super().showEvent(event)


class SidePanel(QWidget):
    """The panel features fill with ``addTab``; ``currentChanged`` as a tab widget's.

    ``close_requested`` is emitted when the panel is in a window of its own and that
    window is closed: the main window takes the panel back.
    """

    currentChanged = Signal(int)
    close_requested = Signal()
    # the view of a ``LazyView`` page has just been made
    view_built = Signal(QWidget)

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
        """A view, or a ``LazyView`` page that makes its view when first needed."""
        if isinstance(widget, LazyView):
            widget.built.connect(self.view_built)
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
        """The view at ``index`` (made now if it was added with ``add_lazy_tab``)."""
        return _view_of(self.tabs.widget(index))

    def indexOf(self, widget: QWidget) -> int:
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is widget or (isinstance(page, LazyView) and page.view() is widget):
                return index
        return -1

    def currentIndex(self) -> int:
        return self.tabs.currentIndex()

    def currentWidget(self) -> QWidget | None:
        return _view_of(self.tabs.currentWidget())

    def setCurrentIndex(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def setCurrentWidget(self, widget: QWidget) -> None:
        self.tabs.setCurrentIndex(self.indexOf(widget))

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


def _view_of(page: QWidget | None) -> QWidget | None:
    return page.get() if isinstance(page, LazyView) else page
