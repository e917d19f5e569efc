"""The main window: assembles the panes, the menus and the status bar, and wires them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from netdesk import __version__
from netdesk.ui import referrals
from netdesk.ui.data_events import DataEvents
from netdesk.ui.panes.contact_list_pane import ContactListPane
from netdesk.ui.panes.contact_summary_pane import ContactSummaryPane


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.events = DataEvents(self)
        # one stack for every undoable action in the window
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"netdesk — {db_path.name}")
        self.resize(1280, 800)

        self.contact_list = ContactListPane(self)
        self.detail = ContactSummaryPane(self)
        self.side_panel = QTabWidget(self)
        self.side_panel.setObjectName("sidePanel")
        self.side_panel.setVisible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.contact_list)
        self.splitter.addWidget(self.detail)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([700, 500, 0])
        self.setCentralWidget(self.splitter)

        self.status_counts = QLabel(self)
        self.status_db = QLabel(str(db_path), self)
        self.statusBar().addWidget(self.status_counts)
        self.statusBar().addPermanentWidget(self.status_db)

        self._build_menus()
        self._install_features()
        self._connect_signals()
        self.update_status()
        self.contact_list.select_first()

    def add_side_panel(self, widget: QWidget, title: str) -> None:
        """Give the right-hand panel a tab (referral match, ledger, follow-ups…)."""
        self.side_panel.addTab(widget, title)
        self.side_panel.setVisible(True)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        self.file_menu = menus.addMenu("&File")
        self.edit_menu = menus.addMenu("&Edit")
        self.view_menu = menus.addMenu("&View")
        self.help_menu = menus.addMenu("&Help")

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()

        self.find_action = QAction("&Find Contacts", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.edit_menu.addAction(self.find_action)

        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.file_menu.addAction(self.quit_action)

        self.about_action = QAction("&About netdesk", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_menu.addAction(self.about_action)

    def _install_features(self) -> None:
        """Each feature adds its panes, menu actions and shortcuts through its ``install``."""
        referrals.install(self)

    def _connect_signals(self) -> None:
        self.contact_list.contact_selected.connect(self.detail.show_contact)
        self.contact_list.model.modelReset.connect(self.update_status)
        self.events.contacts_changed.connect(self.on_contacts_changed)
        self.events.interactions_changed.connect(self.on_interactions_changed)
        self.find_action.triggered.connect(self.on_find)
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(self.on_about)

    def update_status(self) -> None:
        model = self.contact_list.model
        self.status_counts.setText(f"{model.rowCount():,} of {model.total:,} contacts")

    def on_contacts_changed(self, contact_ids: list) -> None:
        self.contact_list.reload()
        self.detail.show_contact(self.contact_list.current_contact_id())

    def on_interactions_changed(self, contact_id: int) -> None:
        self.contact_list.reload()
        if contact_id == self.contact_list.current_contact_id():
            self.detail.show_contact(contact_id)

    def on_find(self) -> None:
        self.contact_list.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.contact_list.search.selectAll()

    def on_about(self) -> None:
        QMessageBox.about(
            self,
            "About netdesk",
            f"<h3>netdesk {__version__}</h3>"
            "<p>The memory behind your referrals: who you know, what they offer, "
            "what they need, and how much you trust each other.</p>"
            "<p>Works fully offline. Your data stays in one file on this computer.</p>",
        )
