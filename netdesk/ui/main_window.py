"""The main window: assembles the panes, the menus and the status bar, and wires them.

Three panes side by side: the contact list, the selected contact (details,
chart, timeline), and a side panel of tabs that features fill through
``add_side_panel``. Features plug in through ``_install_features``.

Qt classes that only a rare action needs (a message box, a process) are imported
where they are used: PySide builds a class's enums the first time Python names
it, and everything named before the first paint delays it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from netdesk import __version__
from netdesk.domain import wording
from netdesk.ui.contact_actions import ContactActions
from netdesk.ui.data_events import DataEvents
from netdesk.ui.format import medium_date
from netdesk.ui.main_toolbar import MainToolbar
from netdesk.ui.pane_widths import PaneWidths
from netdesk.ui.panes.contact_detail_pane import ContactDetailPane
from netdesk.ui.panes.contact_list_pane import ContactListPane
from netdesk.ui.shortcuts import shortcut, shortcuts
from netdesk.ui.side_panel import SidePanel
from netdesk.ui.undo_keys import UndoKeys
from netdesk.ui.window_layout import (
    SCREEN_SHARE,
    available_rect,
    keep_on_screen,
)
from netdesk.ui.window_state import WindowState

if TYPE_CHECKING:
    from netdesk.ui.panes.welcome_pane import WelcomePane

DEFAULT_SIZE = (1440, 900)


class MainWindow(QMainWindow):
    # once, on the turn of the event loop after the window was first painted
    first_painted = Signal()
    # File ▸ Open Database… (or the demo): the database to open in this window's place, and
    # whether it is the demo network (made if need be); netdesk.ui.app carries it out
    open_database_requested = Signal(object, bool)

    def __init__(
        self,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        remember_layout: bool = True,
        defer_features: bool = False,
        fit_screen: bool = True,
    ) -> None:
        """``defer_features``: the features (side-panel tabs, their menus and shortcuts)
        are installed right after the first paint rather than now, so the window and its
        contact list show sooner (``install_features`` installs them at once).
        ``fit_screen=False`` (a screenshot) keeps netdesk's default size whatever the
        screen (a headless one is 800 × 800)."""
        super().__init__(parent)
        # the domain's messages name days the locale's way in the window
        wording.name_days_with(medium_date)
        self._fit_screen = fit_screen
        self.db_path = db_path
        self.events = DataEvents(self)
        # one stack for every undoable action in the window
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"netdesk — {db_path.name}")
        self._remember_layout = remember_layout
        # set when the database's integrity check is still running (see netdesk.ui.integrity)
        self.integrity = None
        self.set_default_size()

        self.contact_list = ContactListPane(self)
        self.detail = ContactDetailPane(self)
        # an empty database shows the welcome pane where the contact's details go
        # (made the first time it is needed: see ``welcome``)
        self._welcome: WelcomePane | None = None
        self.center = QStackedWidget(self)
        self.center.addWidget(self.detail)
        self.side_panel = SidePanel(self)

        # no pane is ever folded away to nothing: each keeps at least its least width
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.contact_list)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 2)
        self.widths = PaneWidths(self)
        self.widths.apply_minimums()
        self.splitter.setSizes(self.widths.default_split())
        self.setCentralWidget(self.splitter)

        self.status_counts = QLabel(self)
        self.status_db = QLabel(str(db_path), self)
        self.statusBar().addWidget(self.status_counts)
        self.statusBar().addPermanentWidget(self.status_db)
        # named views (``--view NAME``): features add theirs with register_view
        self._views: dict[str, Callable[[], None]] = {"contacts": self.contact_list.view.setFocus}

        self.contact_actions = ContactActions(self)
        self._build_menus()
        # Ctrl+Z in a field with no typing of its own to undo takes back what was done
        self.undo_keys = UndoKeys(self.redo_action.shortcuts(), self)
        self.undo_keys.watch(self)
        self._finish_menus()
        self._features_installed = False
        self._painted = False
        self._shown_once = False
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
            {
                "side/shown": (self.side_panel_action.isChecked, self.side_panel_action.setChecked),
                "side/detached": (self.side_panel.is_detached, self.set_side_panel_detached),
                "contacts/columns_by_hand": (
                    lambda: self.contact_list.columns.by_hand,
                    self.contact_list.columns.set_by_hand,
                ),
            },
        )
        self._restore_parts = remember_layout and self.window_state.restore_geometry()
        self.update_status()
        self.contact_list.select_first()

    def set_default_size(self) -> None:
        if not self._fit_screen:
            self.resize(*DEFAULT_SIZE)
            return
        area = available_rect(self)
        self.resize(
            min(DEFAULT_SIZE[0], int(area.width() * SCREEN_SHARE)),
            min(DEFAULT_SIZE[1], int(area.height() * SCREEN_SHARE)),
        )

    # -- the panes' widths (netdesk.ui.pane_widths) -------------------------------------

    def pane_minimums(self) -> list[int]:
        return self.widths.minimums()

    def fit_panes(self, wanted: list[int] | None = None) -> None:
        self.widths.fit(wanted)

    def add_side_panel(self, widget: QWidget, title: str) -> None:
        """Give the right-hand panel a tab (referral match, ledger, follow-ups…): a view,
        or a ``LazyView`` page that makes its view when it is first needed."""
        self.side_panel.addTab(widget, title)
        self.side_panel.setVisible(True)
        if hasattr(self, "side_panel_action"):
            self.side_panel_action.setChecked(True)

    def show_side_tab(self, widget: QWidget, shares: tuple[float, float, float]) -> None:
        """Bring a side-panel tab forward with room to read it.

        ``shares`` are the list's, the details' and the panel's parts of the width;
        they apply only when the panel has less than most of its share now, and never
        take a pane below its least width.
        """
        self.side_panel_action.setChecked(True)
        self.widths.show_side_tab(widget, shares)

    def set_side_panel_shown(self, shown: bool) -> None:
        """F9: the side panel in (or out of) view, wherever it is."""
        self.widths.set_side_shown(shown)

    def set_side_panel_detached(self, detached: bool) -> None:
        """The side panel in a window of its own, or back in this one; the window's keys
        work from the panel's own window too (Shift+F9 takes it back)."""
        keep = [self.detach_action, self.side_panel_action, self.undo_action, self.redo_action]
        self.widths.set_detached(detached, [*keep, *(a for a in self.actions() if a not in keep)])
        self.side_panel_action.setChecked(True)
        self.detach_action.setChecked(detached)

    def reset_layout(self) -> None:
        """View ▸ Reset Layout: the size, panes and columns netdesk starts with."""
        self.set_side_panel_detached(False)
        self.side_panel_action.setChecked(True)
        self.widths.reset()
        self.statusBar().showMessage("Layout reset", 4000)

    def on_side_view_built(self, view: QWidget) -> None:
        """A side-panel view made when first needed: its fields answer Ctrl+Z as every
        other field does, and the panel keeps the least width the view needs."""
        self.undo_keys.watch(view)
        least = self.side_panel.minimumWidth()
        self.widths.apply_minimums()
        if self.side_panel.minimumWidth() != least:
            self.fit_panes()

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
        self.open_database_action = QAction("&Open Database…", self)
        self.open_database_action.setShortcut(shortcut("file.open_database"))
        self.file_menu.addAction(self.open_database_action)

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(shortcuts("edit.undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(shortcuts("edit.redo"))
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
        self.find_action.setShortcut(shortcut("contact.find"))
        self.edit_menu.addAction(self.find_action)

        self.focus_list_action = QAction("Back to the Contact &List", self)
        self.focus_list_action.setShortcut(shortcut("window.focus_list"))
        self.focus_timeline_action = QAction("Go to the &Timeline", self)
        self.focus_timeline_action.setShortcut(shortcut("timeline.focus"))
        self.side_panel_action = QAction("&Side Panel", self)
        self.side_panel_action.setCheckable(True)
        self.side_panel_action.setChecked(True)
        self.side_panel_action.setShortcut(shortcut("window.side_panel"))
        self.detach_action = QAction("Side Panel in Its &Own Window", self)
        self.detach_action.setCheckable(True)
        self.detach_action.setShortcut(shortcut("window.detach_side_panel"))
        self.reset_layout_action = QAction("&Reset Layout", self)
        self.reset_layout_action.setShortcut(shortcut("window.reset_layout"))
        self.view_menu.addAction(self.focus_list_action)
        self.view_menu.addAction(self.focus_timeline_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.side_panel_action)
        self.view_menu.addAction(self.detach_action)
        self.view_menu.addAction(self.reset_layout_action)
        self.view_menu.addSeparator()

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
        # the side panel's views are in: it needs at least what the widest of them needs
        self.widths.apply_minimums()
        self.fit_panes()
        self._order_tabs()
        self.undo_keys.watch(self)

    def _order_tabs(self) -> None:
        """Tab in reading order: the search, the list, the contact (its buttons, the
        timeline), then the side panel's view."""
        chain = [
            self.contact_list.search,
            self.contact_list.tag_filter,
            self.contact_list.view,
            *self.detail.focus_chain(),
            self.side_panel,
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _install_features(self) -> None:
        """Each feature adds its panes, menu actions and shortcuts through its ``install``."""
        # imported here: a window that defers them shows before they load
        from netdesk.ui import (
            backup_menu,
            import_export,
            introductions,
            meetup,
            preferences,
            referrals,
            reminders,
            sharing,
            sync,
        )

        introductions.install(self)
        referrals.install(self)
        meetup.install(self)
        import_export.install(self)
        backup_menu.install(self)
        sync.install(self)
        preferences.install(self)
        sharing.install(self)
        reminders.install(self)

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
        self.toolbar = MainToolbar(self)
        self.addToolBar(self.toolbar)
        for action, icon in (
            (self.contact_actions.edit_action, "contact-edit"),
            (self.contact_actions.delete_action, "contact-delete"),
            (self.find_action, "search"),
            (self.undo_action, "undo"),
            (self.redo_action, "redo"),
        ):
            self.toolbar.tint(action, icon)
        self.toolbar.add_tools(
            (self.contact_actions.new_action, "contact-new"),
            (self.detail.timeline.log_action, "log-interaction"),
        )

    def _add_feature_tools(self) -> None:
        self.toolbar.tint(self.meetup.followups_action, "followup")
        self.toolbar.add_tools(
            (self.referral_feature.match_action, "referral"),
            (self.meetup.capture_action, "meetup"),
            None,
            (self.import_export.import_action, "import"),
            (self.import_export.export_action, "export"),
            (self.backup_actions.back_up_action, "backup"),
        )

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
        # (after the stack's own: the step is undone or redone when these run)
        self.undo_action.triggered.connect(self.on_undone)
        self.redo_action.triggered.connect(self.on_redone)
        self.side_panel_action.toggled.connect(self.set_side_panel_shown)
        self.detach_action.toggled.connect(self.set_side_panel_detached)
        self.side_panel.close_requested.connect(lambda: self.set_side_panel_detached(False))
        self.side_panel.view_built.connect(self.on_side_view_built)
        self.reset_layout_action.triggered.connect(self.reset_layout)
        self.quit_action.triggered.connect(self.close)
        self.open_database_action.triggered.connect(self.on_open_database)
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
        """The demo network opens in this window's place (this database stays as it is,
        File ▸ Open Database… brings it back)."""
        from netdesk.paths import demo_db_path

        self.statusBar().showMessage("Opening the demo network…")
        self.open_database_requested.emit(demo_db_path(), True)

    def on_open_database(self) -> None:
        """File ▸ Open Database…: another database (or a new one) in this window's place."""
        from netdesk.ui.open_problem_dialog import choose_database_file

        chosen = choose_database_file(self, self.db_path.parent)
        if chosen is not None:
            self.open_database_requested.emit(chosen, False)

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

    def on_undone(self) -> None:
        self.statusBar().showMessage(f"Undone: {self.undo_stack.redoText()}", 6000)

    def on_redone(self) -> None:
        self.statusBar().showMessage(f"Redone: {self.undo_stack.undoText()}", 6000)

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

    def on_shortcuts(self) -> None:
        from netdesk.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

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
        if not self._shown_once:
            self._shown_once = True
            # its frame is known now: all of the window goes on its screen
            if self._fit_screen:
                keep_on_screen(self)
            # the window has its width now: share it out as netdesk starts
            self.splitter.setSizes(self.widths.default_split())
        if self._restore_parts:
            self._restore_parts = False
            self.window_state.restore_parts()
            self.contact_list.apply_header_sort()
            self.contact_list.columns.fit()  # unless the person set them by hand

    def is_painted(self) -> bool:
        """Whether the window has been painted once (``first_painted`` follows a turn later)."""
        return self._painted

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def ask_about_unsaved_forms(self) -> bool:
        """Whether a form open over the window holds typing not saved: if so, it comes
        forward and asks whether to discard it (a quit waits for the person's answer, and
        they quit again). The window's own close button cannot be reached past an open
        form; the tray's Quit can."""
        from netdesk.ui.unsaved import FormDialog

        for form in self.findChildren(FormDialog):
            if form.isVisible() and form.has_changes():
                form.raise_()
                form.activateWindow()
                form.reject()
                return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember_layout:
            self.window_state.save()
        # its own windows (quick capture, the side panel on its own) go with it
        for child in self.findChildren(QWidget):
            if child.isWindow() and child.isVisible():
                child.hide()
        super().closeEvent(event)
