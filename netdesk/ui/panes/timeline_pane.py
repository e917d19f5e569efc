"""The selected contact's interactions as a list, newest first, with its actions.

The pane asks for changes through signals (log, edit, delete, move a
referral along); whoever listens does the writing and the undo.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui.models.timeline_model import TimelineModel, long_date
from netdesk.ui.shortcuts import shortcut
from netdesk.ui.tables import list_keys

if TYPE_CHECKING:
    from netdesk.domain.timeline import TimelineEntry

# what Qt's styles put either side of a cell's text (their focus frame margin, 2, and 1);
# named here rather than asked of QStyle, whose enums PySide would build at the start
CELL_TEXT_MARGIN = 3


class TimelinePane(QWidget):
    log_requested = Signal()
    edit_requested = Signal(object)  # TimelineEntry
    delete_requested = Signal(object)  # TimelineEntry
    referral_action_requested = Signal(int)  # referral id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TimelineModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("timelineTable")
        self.view.setModel(self.model)
        list_keys(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # the note keeps room to be read in the contact's narrowest width
        header.setSectionResizeMode(TimelineModel.DATE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(TimelineModel.KIND, 150)
        header.setMinimumSectionSize(60)
        self._fit_date_column()
        self.view.installEventFilter(self)

        self.title = QLabel("Timeline", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.count_label = QLabel(self)

        self.log_action = QAction("&Log Interaction…", self)
        self.log_action.setShortcut(shortcut("timeline.log"))
        self.log_action.setToolTip("Log an interaction with this contact (Ctrl+L)")
        self.edit_action = QAction("Edit &Interaction…", self)
        self.edit_action.setShortcut(shortcut("timeline.edit"))
        self.delete_action = QAction("Delete Interaction", self)
        self.delete_action.setShortcut(shortcut("timeline.delete"))
        # Del deletes an interaction only while the timeline has the focus
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.delete_action)
        self.move_referral_action = QAction("Move Referral Along…", self)
        # what the small buttons above the list say
        self.log_action.setIconText("Log…")
        self.edit_action.setIconText("Edit…")
        self.delete_action.setIconText("Delete")

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.title)
        buttons.addSpacing(8)
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        self.buttons: list[QToolButton] = []
        for action in (self.log_action, self.edit_action, self.delete_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)
            buttons.addWidget(button)
            self.buttons.append(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

        self._connect_signals()
        self.set_contact_shown(False)
        self.update_actions()

    def _fit_date_column(self) -> None:
        """The date column as wide as the widest date the locale writes: measured once
        (and again when the font changes), not over every row at every contact shown, as
        fitting it to its contents would (a thousand rows for a long history); a pixel
        is left for rounding."""
        metrics = self.view.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(long_date(dt.date(2028, month, day)))
            for month in range(1, 13)
            for day in (10, 20, 28, 30)
            if not (month == 2 and day == 30)
        )
        header = self.view.horizontalHeader()
        width = max(widest + 2 * CELL_TEXT_MARGIN + 1, header.sectionSizeHint(TimelineModel.DATE))
        header.resizeSection(TimelineModel.DATE, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            self._fit_date_column()
        return super().eventFilter(watched, event)

    def _connect_signals(self) -> None:
        self.log_action.triggered.connect(self.log_requested)
        self.edit_action.triggered.connect(self.on_edit)
        self.delete_action.triggered.connect(self.on_delete)
        self.move_referral_action.triggered.connect(self.on_move_referral)
        self.view.activated.connect(lambda index: self.on_edit())
        self.view.customContextMenuRequested.connect(self.on_context_menu)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.update_actions())
        self.model.modelReset.connect(self.update_actions)

    # -- what the detail pane calls --------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        """What Tab visits here, in reading order: the buttons above the list, the list."""
        return [*self.buttons, self.view]

    def set_contact_shown(self, shown: bool) -> None:
        self.log_action.setEnabled(shown)

    def set_entries(self, entries: list[TimelineEntry], keep_id: int | None = None) -> None:
        """Show these entries (oldest first); keep ``keep_id`` (or the current one) selected."""
        current = self.current_entry()
        keep = keep_id if keep_id is not None else (current.id if current else None)
        self.model.set_entries(entries)
        count = len(entries)
        self.count_label.setText(f"{count:,} interaction{'s' if count != 1 else ''}")
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.select_row(row)
        self.update_actions()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, TimelineModel.DATE)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)

    def select_entry(self, interaction_id: int) -> None:
        """Select (and scroll to) this interaction, if the list holds it."""
        row = self.model.row_of(interaction_id)
        if row is not None:
            self.select_row(row)

    def current_entry(self) -> TimelineEntry | None:
        index = self.view.currentIndex()
        return self.model.entry_at(index.row()) if index.isValid() else None

    def update_actions(self) -> None:
        entry = self.current_entry()
        self.edit_action.setEnabled(entry is not None)
        self.delete_action.setEnabled(entry is not None)
        self.move_referral_action.setEnabled(entry is not None and entry.referral_id is not None)

    # -- slots -----------------------------------------------------------------------------

    def on_edit(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.edit_requested.emit(entry)

    def on_delete(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.delete_requested.emit(entry)

    def on_move_referral(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.referral_id is not None:
            self.referral_action_requested.emit(entry.referral_id)

    def context_menu(self) -> QMenu:
        """The menu a right click on the current entry opens."""
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.delete_action)
        entry = self.current_entry()
        if entry is not None and entry.referral_id is not None:
            menu.addSeparator()
            menu.addAction(self.move_referral_action)
        menu.addSeparator()
        menu.addAction(self.log_action)
        return menu

    def on_context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if index.isValid():
            self.select_row(index.row())
        menu = self.context_menu()
        menu.exec(self.view.viewport().mapToGlobal(position))
        menu.deleteLater()
