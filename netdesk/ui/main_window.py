"""The main window: assembles the panes, the menus and the status bar, and wires them.

Three panes side by side: the contact list, the selected contact (details,
chart, timeline), and a side panel of tabs that features fill through
``add_side_panel``. Features plug in through ``_install_features``.

Qt classes that only a rare action needs (a message box, a process) are imported
where they are used: PySide builds a class's enums the first time Python names
it, and everything named before the first paint delays it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from netdesk import __version__
from netdesk.ui.contact_actions import ContactActions
from netdesk.ui.data_events import DataEvents
from netdesk.ui.icons import action_icon
from netdesk.ui.panes.contact_detail_pane import ContactDetailPane
from netdesk.ui.panes.contact_list_pane import ContactListPane
from netdesk.ui.shortcuts import shortcut
from netdesk.ui.window_state import WindowState

if TYPE_CHECKING:
    from netdesk.ui.panes.welcome_pane import WelcomePane

DEFAULT_SIZE = (1440, 900)
DEFAULT_SPLIT = [660, 520, 260]


class MainWindow(QMainWindow):
    # once, on the turn of the event loop after the window was first painted
    first_painted = Signal()

    def __init__(
        self,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        remember_layout: bool = True,
        defer_features: bool = False,
    ) -> None:
        """``defer_features``: the features (side-panel tabs, their menus and shortcuts)
        are installed right after the first paint rather than now, so the window and its
        contact list show sooner (``install_features`` installs them at once)."""
        super().__init__(parent)
        self.db_path = db_path
        self.events = DataEvents(self)
        # one stack for every undoable action in the window
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"netdesk — {db_path.name}")
        self._remember_layout = remember_layout
        # set when the database's integrity check is still running (see netdesk.ui.integrity)
        self.integrity = None
        self._set_default_size()

        self.contact_list = ContactListPane(self)
        self.detail = ContactDetailPane(self)
        # an empty database shows the welcome pane where the contact's details go
        # (made the first time it is needed: see ``welcome``)
        self._welcome: WelcomePane | None = None
        self.center = QStackedWidget(self)
        self.center.addWidget(self.detail)
        self.side_panel = QTabWidget(self)
        self.side_panel.setObjectName("sidePanel")
        self.side_panel.setDocumentMode(True)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.contact_list)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes(DEFAULT_SPLIT)
        self.setCentralWidget(self.splitter)

        self.status_counts = QLabel(self)
        self.status_db = QLabel(str(db_path), self)
        self.statusBar().addWidget(self.status_counts)
        self.statusBar().addPermanentWidget(self.status_db)
        # named views (``--view NAME``): features add theirs with register_view
        self._views: dict[str, Callable[[], None]] = {"contacts": self.contact_list.view.setFocus}

        self.contact_actions = ContactActions(self)
        self._build_menus()
        self._finish_menus()
        self._features_installed = False
        self._painted = False
        if defer_features:
            self.first_painted.connect(self.install_features)
        else:
            self.install_features()
        self._connect_signals()
        self.window_state = WindowState(
            self,
            {
                "splitters/main": self.splitter,
                "splitters/detail": self.detail.splitter,
                "contacts/header": self.contact_list.view.horizontalHeader(),
            },
        )
        self._restore_parts = remember_layout and self.window_state.restore_geometry()
        self.update_status()
        self.contact_list.select_first()

    def _set_default_size(self) -> None:
        width, height = DEFAULT_SIZE
        screen = self.screen().availableGeometry() if self.screen() else None
        # a real, smaller screen bounds the window; a headless one does not
        if screen is not None and screen.width() >= 1024:
            width = min(width, int(screen.width() * 0.92))
            height = min(height, int(screen.height() * 0.92))
        self.resize(width, height)

    def add_side_panel(self, widget: QWidget, title: str) -> None:
        """Give the right-hand panel a tab (referral match, ledger, follow-ups…)."""
        self.side_panel.addTab(widget, title)
        self.side_panel.setVisible(True)
        if hasattr(self, "side_panel_action"):
            self.side_panel_action.setChecked(True)

    def show_side_tab(self, widget: QWidget, shares: tuple[float, float, float]) -> None:
        """Bring a side-panel tab forward with room to read it.

        ``shares`` are the list's, the details' and the panel's parts of the width;
        they apply only when the panel has less than most of its share now.
        """
        self.side_panel.setVisible(True)
        self.side_panel.setCurrentWidget(widget)
        sizes = self.splitter.sizes()
        total = sum(sizes) or self.width()
        if sizes[-1] < total * shares[-1] * 0.8:
            self.splitter.setSizes([int(total * share) for share in shares])

    def register_view(self, name: str, show: Callable[[], None]) -> None:
        """Let ``show_view(name)`` (and ``--view name``) bring a feature's view forward."""
        self._views[name] = show

    def view_names(self) -> list[str]:
        return sorted(self._views)

    def show_view(self, name: str) -> None:
        if name not in self._views:
            raise KeyError(f"unknown view {name!r} (choose from {', '.join(self.view_names())})")
        self._views[name]()

    def _build_menus(self) -> None:
        menus = self.menuBar()
        self.file_menu = menus.addMenu("&File")
        self.edit_menu = menus.addMenu("&Edit")
        self.view_menu = menus.addMenu("&View")
        self.help_menu = menus.addMenu("&Help")
        actions = self.contact_actions
        timeline = self.detail.timeline

        self.file_menu.addAction(actions.new_action)

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(actions.edit_action)
        self.edit_menu.addAction(actions.delete_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(timeline.log_action)
        self.edit_menu.addAction(timeline.edit_action)
        self.edit_menu.addAction(timeline.delete_action)
        self.edit_menu.addSeparator()

        self.find_action = QAction("&Find Contacts", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.edit_menu.addAction(self.find_action)

        self.focus_list_action = QAction("Back to the Contact &List", self)
        self.focus_list_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.focus_timeline_action = QAction("Go to the &Timeline", self)
        self.focus_timeline_action.setShortcut(shortcut("timeline.focus"))
        self.side_panel_action = QAction("&Side Panel", self)
        self.side_panel_action.setCheckable(True)
        self.side_panel_action.setChecked(True)
        self.side_panel_action.setShortcut(shortcut("window.side_panel"))
        self.view_menu.addAction(self.focus_list_action)
        self.view_menu.addAction(self.focus_timeline_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.side_panel_action)

        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(shortcut("file.quit"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.shortcuts_action = QAction("&Keyboard Shortcuts", self)
        self.shortcuts_action.setShortcut(shortcut("window.shortcuts"))
        self.about_action = QAction("&About netdesk", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)
        self.detail.add_header_action(actions.edit_action)

    def install_features(self) -> None:
        """Install the features, once (see ``defer_features``)."""
        if self._features_installed:
            return
        self._features_installed = True
        self._install_features()
        self._add_feature_tools()

    def _install_features(self) -> None:
        """Each feature adds its panes, menu actions and shortcuts through its ``install``."""
        # imported here: a window that defers them shows before they load
        from netdesk.ui import backup_menu, import_export, meetup, referrals, sync

        referrals.install(self)
        meetup.install(self)
        import_export.install(self)
        backup_menu.install(self)
        sync.install(self)

    def _finish_menus(self) -> None:
        """Quit goes last in File: features insert their actions before it."""
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self._build_toolbar()

    def _build_toolbar(self) -> None:
        """The everyday actions, with the bundled icons (tinted to the palette).

        The window's own actions are there from the start; the features' join
        them once the features are installed (``_add_feature_tools``).
        """
        for action, icon in (
            (self.contact_actions.edit_action, "contact-edit"),
            (self.contact_actions.delete_action, "contact-delete"),
            (self.find_action, "search"),
            (self.undo_action, "undo"),
            (self.redo_action, "redo"),
        ):
            action.setIcon(action_icon(icon))
        self.toolbar = self.addToolBar("Main")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._add_tools(
            (self.contact_actions.new_action, "contact-new"),
            (self.detail.timeline.log_action, "log-interaction"),
        )

    def _add_feature_tools(self) -> None:
        self.meetup.followups_action.setIcon(action_icon("followup"))
        self._add_tools(
            (self.referral_feature.match_action, "referral"),
            (self.meetup.capture_action, "meetup"),
            None,
            (self.import_export.import_action, "import"),
            (self.import_export.export_action, "export"),
            (self.backup_actions.back_up_action, "backup"),
        )

    def _add_tools(self, *entries: tuple[QAction, str] | None) -> None:
        for entry in entries:
            if entry is None:
                self.toolbar.addSeparator()
                continue
            action, icon = entry
            action.setIcon(action_icon(icon))
            self.toolbar.addAction(action)

    def _connect_signals(self) -> None:
        self.contact_list.contact_selected.connect(self.detail.show_contact)
        self.contact_list.model.modelReset.connect(self.update_status)
        self.contact_list.model.counted.connect(self.update_status)
        self.events.contacts_changed.connect(self.on_contacts_changed)
        self.events.interactions_changed.connect(self.on_interactions_changed)
        self.events.referrals_changed.connect(self.on_data_changed)
        self.events.events_changed.connect(self.on_data_changed)
        self.events.database_replaced.connect(self.on_database_replaced)
        self.find_action.triggered.connect(self.on_find)
        self.focus_list_action.triggered.connect(self.on_focus_list)
        self.focus_timeline_action.triggered.connect(self.on_focus_timeline)
        self.side_panel_action.toggled.connect(self.side_panel.setVisible)
        self.quit_action.triggered.connect(self.close)
        self.shortcuts_action.triggered.connect(self.on_shortcuts)
        self.about_action.triggered.connect(self.on_about)

    @property
    def welcome(self) -> WelcomePane:
        """What an empty database shows where the contact's details go."""
        if self._welcome is None:
            from netdesk.ui.panes.welcome_pane import WelcomePane

            self._welcome = WelcomePane(self)
            self.center.addWidget(self._welcome)
            self._welcome.new_contact_requested.connect(self.contact_actions.new_action.trigger)
            self._welcome.import_requested.connect(self.on_import_requested)
            self._welcome.demo_requested.connect(self.on_open_demo)
        return self._welcome

    def update_status(self) -> None:
        model = self.contact_list.model
        if not model.counting:  # (else the count follows in a moment)
            self.status_counts.setText(f"{model.rowCount():,} of {model.total:,} contacts")
        if model.total == 0:
            self.center.setCurrentWidget(self.welcome)
        else:
            self.center.setCurrentWidget(self.detail)

    def on_import_requested(self) -> None:
        self.install_features()  # a click can come before the deferred features arrive
        self.import_export.import_action.trigger()

    def on_open_demo(self) -> None:
        """The demo network opens in a window of its own; this database stays as it is."""
        from PySide6.QtCore import QProcess

        from netdesk.launch import netdesk_command

        program, arguments = netdesk_command("--demo")
        if not QProcess.startDetached(program, arguments):
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "netdesk", "The demo network could not be started.")
            return
        self.statusBar().showMessage("Opening the demo network in a new window…", 8000)

    # -- data changed ------------------------------------------------------------------

    def on_contacts_changed(self, contact_ids: list) -> None:
        self.contact_list.reload()
        self.detail.refresh()

    def on_interactions_changed(self, contact_id: int) -> None:
        self.contact_list.reload()
        if contact_id in (self.contact_list.current_contact_id(), self.detail.current_contact_id()):
            self.detail.refresh()

    def on_data_changed(self) -> None:
        self.contact_list.reload()
        self.detail.refresh()

    def on_database_replaced(self) -> None:
        # whoever replaced the database owns the undo stack's fate: a restore clears it
        # and pushes itself, so that the restore can be undone (netdesk.ui.backup_menu)
        self.contact_list.reload()
        if not self.contact_list.current_contact_id():
            self.contact_list.select_first()
        self.detail.refresh()

    # -- keyboard ------------------------------------------------------------------------

    def on_find(self) -> None:
        self.contact_list.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.contact_list.search.selectAll()

    def on_focus_list(self) -> None:
        self.contact_list.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def on_focus_timeline(self) -> None:
        view = self.detail.timeline.view
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not view.currentIndex().isValid() and view.model().rowCount():
            self.detail.timeline.select_row(0)

    def shortcuts_html(self) -> str:
        """Every menu action that has a shortcut, menu by menu."""
        import html

        rows = []
        for menu in (self.file_menu, self.edit_menu, self.view_menu, self.help_menu):
            for action in menu.actions():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys and not action.isSeparator():
                    name = html.escape(action.text().replace("&", "").rstrip("…"))
                    if action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut:
                        name += " <i>(in its list)</i>"
                    rows.append(
                        f"<tr><td style='padding:2px 14px 2px 0'><b>{html.escape(keys)}</b></td>"
                        f"<td style='padding:2px 0'>{name}</td></tr>"
                    )
        rows.append(
            "<tr><td style='padding:2px 14px 2px 0'><b>Up, Down</b></td>"
            "<td>move through the list, also from the search box</td></tr>"
            "<tr><td style='padding:2px 14px 2px 0'><b>Enter</b></td>"
            "<td>open the contact (in the timeline: the interaction)</td></tr>"
        )
        return "<table>" + "".join(rows) + "</table>"

    def on_shortcuts(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, "Keyboard shortcuts", self.shortcuts_html())

    def on_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            "About netdesk",
            f"<h3>netdesk {__version__}</h3>"
            "<p>The memory behind your referrals: who you know, what they offer, "
            "what they need, and how much you trust each other.</p>"
            "<p>Works offline. Your data stays in one file on this computer, and goes "
            "only to your own address-book server if you set up sync.</p>",
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._restore_parts:
            self._restore_parts = False
            self.window_state.restore_parts()
            self.contact_list.apply_header_sort()

    def is_painted(self) -> bool:
        """Whether the window has been painted once (``first_painted`` follows a turn later)."""
        return self._painted

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember_layout:
            self.window_state.save()
        super().closeEvent(event)
