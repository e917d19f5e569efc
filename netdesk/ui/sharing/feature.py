"""Sharing in the window: drag a contact out, Edit ▸ Copy as vCard, drop files to import.

- **Drag out**: a row of the contact list dragged to a mail, a chat, a file
  manager or another address book carries the person's vCard, as a ``.vcf``
  file and as text (``netdesk.ui.sharing.cards``).
- **Copy as vCard** (Ctrl+Alt+C): the same data on the clipboard.
- **Drop on the window**: ``.vcf`` files import with the contacts preview,
  ``.ics`` files with the calendar one (nothing is written before Import);
  vCard or calendar *text* dropped without a file is saved to the cache folder
  and imported the same way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView

from netdesk.storage import private_files
from netdesk.ui.failures import complain
from netdesk.ui.sharing import cards
from netdesk.ui.shortcuts import shortcut

IMPORTABLE = (".vcf", ".vcard", ".ics", ".ical", ".csv")
_TEXT_TYPES = {"text/vcard": ".vcf", "text/x-vcard": ".vcf", "text/calendar": ".ics"}


def dropped_files(data: QMimeData) -> list[Path]:
    """The local files of a drop that netdesk imports (vCards, calendars, CSVs)."""
    paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in IMPORTABLE]


def dropped_text_kind(data: QMimeData) -> str | None:
    return next((kind for kind in _TEXT_TYPES if data.hasFormat(kind)), None)


class SharingFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        cards.clear_shared_folder()
        pane = window.contact_list
        pane.model.drag_data = cards.card_mime_data
        view = pane.view
        view.setDragEnabled(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        view.setDefaultDropAction(Qt.DropAction.CopyAction)

        self.copy_action = QAction("Copy as &vCard", window)
        self.copy_action.setShortcut(shortcut("contact.copy_vcard"))
        self.copy_action.setToolTip("The contact's vCard on the clipboard, to paste anywhere")
        self.copy_action.triggered.connect(self.copy_current)
        # in Edit, with the contact's own actions (after Delete Contact)
        edit = window.edit_menu
        actions = edit.actions()
        after = actions.index(window.contact_actions.delete_action) + 1
        edit.insertAction(actions[after] if after < len(actions) else None, self.copy_action)
        window.addAction(self.copy_action)

        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.hand_over_clipboard)
        # the import dialogs the last drop opened
        self.opened: list = []
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        pane.contact_selected.connect(self.update_actions)
        self.update_actions()

    def update_actions(self, *args) -> None:
        self.copy_action.setEnabled(bool(self.window.contact_list.current_contact_id()))

    def copy_current(self) -> bool:
        contact_id = self.window.contact_list.current_contact_id()
        if not contact_id:
            return False
        try:
            data = cards.card_mime_data([contact_id])
        except Exception as exc:
            if not complain(self.window, "Could not copy the contact", exc):
                raise
            return False
        QGuiApplication.clipboard().setMimeData(data)
        self.window.statusBar().showMessage("Copied as a vCard: paste it into a mail or chat", 6000)
        return True

    # -- drops on the window -----------------------------------------------------------

    def accepts(self, data: QMimeData) -> bool:
        return bool(dropped_files(data)) or dropped_text_kind(data) is not None

    def hand_over_clipboard(self) -> None:
        """A card netdesk copied stays on the clipboard as its text once the window closes.

        (The copied data is an object of netdesk's: left on the clipboard, it would
        be destroyed after Python is gone, as the program ends, and crash it.)
        """
        clipboard = QGuiApplication.clipboard()
        data = clipboard.mimeData()
        if data is not None and data.hasFormat(cards.MARK):
            clipboard.setText(data.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.hand_over_clipboard()
        if watched is self.window:
            if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
                assert isinstance(event, QDragEnterEvent | QDropEvent)
                if self.accepts(event.mimeData()) and event.source() is None:
                    event.acceptProposedAction()
                    return True
            elif event.type() == QEvent.Type.Drop:
                assert isinstance(event, QDropEvent)
                if event.source() is None and self.drop(event.mimeData()):
                    event.acceptProposedAction()
                    return True
        return super().eventFilter(watched, event)

    def drop(self, data: QMimeData) -> bool:
        """Import what was dropped, with the preview; False if nothing in it is importable."""
        paths = dropped_files(data)
        if not paths:
            kind = dropped_text_kind(data)
            if kind is None:
                return False
            target = cards.shared_folder() / f"dropped{_TEXT_TYPES[kind]}"
            private_files.write_bytes(target, bytes(data.data(kind)))
            paths = [target]
        self.window.install_features()
        self.window.activateWindow()
        self.opened = self.window.import_export.import_any(paths)
        return True


def install(window) -> SharingFeature:
    feature = SharingFeature(window)
    window.sharing = feature
    return feature
