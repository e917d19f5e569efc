"""Import, export and duplicates in the main window: menu actions and what they start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from netdesk.ui.shortcuts import shortcut
from netdesk.ui.undo import ActionCommand

if TYPE_CHECKING:
    from netdesk.domain import dedupe
    from netdesk.ui.calendar_import.dialog import CalendarImportDialog
    from netdesk.ui.import_export.duplicates_dialog import DuplicatesDialog
    from netdesk.ui.import_export.export_dialog import ExportDialog
    from netdesk.ui.import_export.import_dialog import ImportDialog

# The dialogs and what they run (vCard and CSV readers, phone numbers, fuzzy
# matching) load when first used: the window opens without them.

IMPORT_FILTER = "Contacts (*.vcf *.vcard *.csv);;vCard (*.vcf *.vcard);;CSV (*.csv);;All files (*)"
CALENDAR_FILTER = "Calendars (*.ics *.ical *.ifb);;All files (*)"


class ImportExportFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.duplicates: DuplicatesDialog | None = None
        self.import_action = QAction("&Contacts (vCard, CSV)…", window)
        self.import_action.setIconText("Import Contacts")  # the toolbar's words for it
        self.import_action.setShortcut(shortcut("file.import"))
        self.import_action.setToolTip(f"Import contacts ({shortcut('file.import').toString()})")
        self.calendar_action = QAction("Ca&lendar (.ics)…", window)
        self.calendar_action.setToolTip("Meetings with your contacts, as interactions")
        self.export_action = QAction("&Export Contacts…", window)
        self.export_action.setShortcut(shortcut("file.export"))
        self.duplicates_action = QAction("Find &Duplicates…", window)
        self.duplicates_action.setShortcut(shortcut("file.duplicates"))
        menu = window.file_menu
        before = window.quit_action
        self.import_menu = QMenu("&Import", window)
        self.import_menu.addAction(self.import_action)
        self.import_menu.addAction(self.calendar_action)
        menu.insertMenu(before, self.import_menu)
        for action in (self.export_action, self.duplicates_action):
            menu.insertAction(before, action)
        menu.insertSeparator(before)
        window.addAction(self.import_action)  # (its key works with the submenu closed)
        self.import_action.triggered.connect(self.on_import)
        self.calendar_action.triggered.connect(self.on_import_calendar)
        self.export_action.triggered.connect(self.on_export)
        self.duplicates_action.triggered.connect(self.on_duplicates)

    # -- import -------------------------------------------------------------------------

    def on_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # (named here: the window opens without it)

        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import Contacts", str(Path.home()), IMPORT_FILTER
        )
        if names:
            self.import_files([Path(name) for name in names])

    def on_import_calendar(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import Calendar", str(Path.home()), CALENDAR_FILTER
        )
        if names:
            self.import_calendars([Path(name) for name in names])

    def import_any(self, paths: list[Path]) -> list[QDialog]:
        """Import these files, whatever they hold: calendars with the calendar preview, the
        rest (vCards, CSVs) with the contacts one."""
        from netdesk.domain.calendar_import import looks_like_calendar

        def is_calendar(path: Path) -> bool:
            try:
                with open(path, "rb") as handle:
                    return looks_like_calendar(handle.read(2048))
            except OSError:
                return path.suffix.lower() == ".ics"

        calendars = [p for p in paths if is_calendar(p)]
        others = [p for p in paths if p not in calendars]
        opened: list[QDialog] = []
        if others:
            opened.append(self.import_files(others))
        if calendars:
            opened.append(self.import_calendars(calendars))
        return opened

    def import_calendars(self, paths: list[Path]) -> CalendarImportDialog:
        from netdesk.ui.calendar_import.dialog import CalendarImportDialog

        dialog = CalendarImportDialog(paths, self.window.db_path, self.window)
        dialog.finished.connect(lambda code: self._after_calendar(dialog, code))
        dialog.open()
        dialog.load_preview()
        return dialog

    def _after_calendar(self, dialog: CalendarImportDialog, code: int) -> None:
        plan = dialog.result_plan
        if code == QDialog.DialogCode.Accepted and plan is not None:
            touched = sorted({i.contact_id for i in plan.interactions})
            for contact_id in touched:
                self.window.events.interactions_changed.emit(contact_id)
            count = len(plan.interactions)
            self.window.statusBar().showMessage(
                f"Imported: {count} interaction{'' if count == 1 else 's'} from the calendar "
                f"with {len(touched)} contact{'' if len(touched) == 1 else 's'}",
                8000,
            )
        dialog.deleteLater()

    def import_files(self, paths: list[Path]) -> ImportDialog:
        from netdesk.ui.import_export.import_dialog import ImportDialog

        dialog = ImportDialog(paths, self.window.db_path, self.window)
        dialog.finished.connect(lambda code: self._after_import(dialog, code))
        dialog.open()
        dialog.load_preview()
        return dialog

    def _after_import(self, dialog: ImportDialog, code: int) -> None:
        if code == QDialog.DialogCode.Accepted and dialog.result_plan is not None:
            self.window.events.contacts_changed.emit([])
            self.window.statusBar().showMessage(imported_text(dialog.result_plan), 8000)
        dialog.deleteLater()

    # -- export -------------------------------------------------------------------------

    def on_export(self) -> ExportDialog:
        from netdesk.ui.import_export.export_dialog import ExportDialog

        dialog = ExportDialog(self.window)

        def done(code: int) -> None:
            if code == QDialog.DialogCode.Accepted:
                count = dialog.exported
                self.window.statusBar().showMessage(
                    f"Exported {count:,} contact{'' if count == 1 else 's'} to {dialog.out_path}",
                    8000,
                )
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    # -- duplicates -----------------------------------------------------------------------

    def on_duplicates(self) -> DuplicatesDialog:
        if self.duplicates is None:
            from netdesk.ui.import_export.duplicates_dialog import DuplicatesDialog

            self.duplicates = DuplicatesDialog(self.window)
            # Undo and Redo work from the duplicates window too
            self.duplicates.addAction(self.window.undo_action)
            self.duplicates.addAction(self.window.redo_action)
            self.duplicates.merge_requested.connect(self.on_merge_requested)
            self.window.events.contacts_changed.connect(self.duplicates.mark_stale)
        self.duplicates.show()
        self.duplicates.activateWindow()
        self.duplicates.scan()
        return self.duplicates

    def on_merge_requested(self, candidate: dedupe.Candidate) -> None:
        from netdesk.domain import contacts
        from netdesk.ui.import_export.merge_dialog import MergeDialog

        keep_id, other_id = candidate.first_id, candidate.second_id
        keep, other = contacts.load_contact(keep_id), contacts.load_contact(other_id)
        introducers = {d.introduced_by_id for d in (keep, other)} - {None}
        names = {cid: contacts.contact_name(cid) for cid in introducers}
        dialog = MergeDialog(keep, other, names, self.duplicates or self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.merge(keep_id, other_id, dialog.picks(), other.shown_name(), keep.shown_name())

    def merge(self, keep_id: int, other_id: int, picks: dict, other_name: str, keep_name: str):
        """Merge now and put the merge on the undo stack."""
        from netdesk.domain import dedupe

        try:
            record = dedupe.merge_contacts(keep_id, other_id, picks)
        except dedupe.MergeError as exc:
            QMessageBox.warning(self._asking(), "Cannot merge", _sentence(str(exc)))
            if self.duplicates is not None:
                self.duplicates.mark_stale()
            return
        state = {"record": record, "fresh": True}

        def do() -> None:
            if state.pop("fresh", False):
                return
            state["record"] = self._guarded(lambda: dedupe.merge_contacts(keep_id, other_id, picks))

        def undo() -> None:
            self._guarded(lambda: dedupe.undo_merge(state["record"]))

        command = ActionCommand(
            f"Merge “{other_name}” into “{keep_name}”",
            do,
            undo,
            lambda: self._after_merge(keep_id, other_id),
        )
        self.window.undo_stack.push(command)

    def _guarded(self, action):
        from netdesk.domain import dedupe

        try:
            return action()
        except dedupe.MergeError as exc:
            QMessageBox.warning(self._asking(), "Cannot do that", _sentence(str(exc)))
            return None

    def _asking(self):
        """Where a message about merging belongs: the duplicates window while it is open (so
        focus, and Esc, go back to it when the message is closed), else the main window."""
        if self.duplicates is not None and self.duplicates.isVisible():
            return self.duplicates
        return self.window

    def _after_merge(self, keep_id: int, other_id: int) -> None:
        events = self.window.events
        events.contacts_changed.emit([])
        events.interactions_changed.emit(keep_id)
        events.interactions_changed.emit(other_id)
        events.referrals_changed.emit()
        events.events_changed.emit()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def imported_text(plan) -> str:
    """ "Imported: 5 contacts created, 1 updated, 2 merged into one; 1 skipped"."""
    from netdesk.domain.importers import CREATE, MERGE, SKIP, UPDATE

    counts = plan.counts()
    created = counts[CREATE]
    parts = [f"{created} contact{'' if created == 1 else 's'} created"]
    parts += [f"{counts[UPDATE]} updated", f"{counts[MERGE]} merged into others"]
    return f"Imported: {', '.join(parts)}; {counts[SKIP]} skipped"
