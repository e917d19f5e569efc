"""File → Back Up Now and File → Restore from Backup…, undoable through the pre-restore backup.

A restore swaps the whole database file: the window ends its use of the
database, the restore runs as a background job (all or nothing, see
``netdesk.storage.database_swap``), the window opens the file again on the UI
thread, and ``database_replaced`` tells every pane to reload. Undo restores
the backup the restore took of the database it replaced; redo restores the
backup undo took in turn. Edits from before a restore cannot be undone after
it (their rows may no longer exist), so the undo stack is cleared and holds
the restore alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QDialog, QMessageBox

from netdesk.domain import settings
from netdesk.domain.workspace import close_workspace, open_workspace
from netdesk.ui.shortcuts import shortcut

if TYPE_CHECKING:
    from netdesk.domain.restore import RestoreReport
    from netdesk.domain.rolling_backups import BackupRow
    from netdesk.ui.jobs import JobResult

# the restore machinery, the backups and the dialog load when first used: the window
# opens without them

BACK_UP_SHORTCUT = shortcut("file.backup")
RESTORE_SHORTCUT = shortcut("file.restore")
STATUS_MS = 10_000


class RestoreCommand(QUndoCommand):
    """A restore already carried out; undo and redo swap the database back and forth."""

    def __init__(self, actions: BackupActions, text: str, previous: Path) -> None:
        super().__init__(text)
        self._actions = actions
        self._other = previous  # what undo (or then redo) restores
        self._done = True

    def redo(self) -> None:
        if self._done:  # pushed after the restore ran: nothing to do the first time
            return
        self._swap()
        self._done = True

    def undo(self) -> None:
        self._swap()
        self._done = False

    def _swap(self) -> None:
        report = self._actions.swap_to(self._other)
        if report is not None and report.previous is not None:
            self._other = report.previous


class BackupActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.back_up_action = QAction("&Back Up Now", window)
        self.back_up_action.setShortcut(BACK_UP_SHORTCUT)
        self.back_up_action.setStatusTip("Keep a copy of the database in its backups folder")
        self.restore_action = QAction("&Restore from Backup…", window)
        self.restore_action.setShortcut(RESTORE_SHORTCUT)
        self.restore_action.setStatusTip("Replace the database with one of its backups")
        menu = window.file_menu
        before = window.quit_action
        menu.insertAction(before, self.back_up_action)
        menu.insertAction(before, self.restore_action)
        menu.insertSeparator(before)
        self.back_up_action.triggered.connect(self.on_back_up_now)
        self.restore_action.triggered.connect(self.on_restore)
        window.events.database_replaced.connect(self.on_database_replaced)

    @property
    def db_path(self) -> Path:
        return self.window.db_path

    # -- back up ----------------------------------------------------------------

    def on_back_up_now(self) -> None:
        from netdesk.domain import rolling_backups
        from netdesk.ui.backup_menu.restore_dialog import size_text, when_text

        path = self.db_path
        keep = settings.backups_to_keep()

        def job(progress):
            def report(done: int, total: int) -> None:
                progress(done, total, "Backing up…")

            return rolling_backups.back_up_now(path, keep, progress=report)

        result = self._run(job, "Backing Up")
        if result.cancelled:
            self.show_status("Backup cancelled.")
        elif result.error is not None:
            self.show_error("The backup could not be made", result)
        elif result.value is None:
            newest = rolling_backups.newest_backup(path)
            since = f" since the backup of {when_text(newest)}" if newest else ""
            self.show_status(f"Nothing changed{since}: it holds all of this.")
        else:
            made: Path = result.value
            self.show_status(f"Backed up to {made.name} ({size_text(made.stat().st_size)}).")

    # -- restore ------------------------------------------------------------------

    def backup_rows(self) -> list[BackupRow]:
        from netdesk.domain.rolling_backups import backup_rows

        return backup_rows(self.db_path)

    def on_restore(self) -> None:
        from netdesk.ui.backup_menu.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.backup_rows(), self.db_path.parent, self.window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        source = dialog.selected
        dialog.deleteLater()
        self.window.activateWindow()
        if not accepted or source is None:
            return
        report = self.swap_to(source)
        if report is None:
            return
        self.window.undo_stack.clear()
        self.window.undo_stack.push(
            RestoreCommand(self, f"Restore {source.name}", report.previous or source)
        )
        undo_hint = " Edit → Undo puts back what it replaced." if report.previous else ""
        self.show_status(f"Restored {source.name}.{undo_hint}")

    def swap_to(self, source: Path) -> RestoreReport | None:
        """Replace the open database with ``source``; the report, or None if nothing changed."""
        from netdesk.domain.restore import restore_file

        target = self.db_path
        # the window's use of the database ends here, on the UI thread, and starts again
        # below once the job is over: the worker never re-points the window's database
        close_workspace()

        def job(progress):
            from netdesk.ui.app import wait_for_opening_backups

            def report(done: int, total: int) -> None:
                progress(done, total, f"Restoring {source.name}…")

            progress(0, 0, "Waiting for the backup taken at opening…")
            wait_for_opening_backups()
            return restore_file(source, target, progress=report)

        try:
            result = self._run(job, "Restoring")
        finally:
            # restored or not (or a bug), the window goes on with the file at its path
            open_workspace(target, create=True, hold=True)
        if result.cancelled:
            self.show_status("Restore cancelled: nothing was changed.")
            return None
        if result.error is not None:
            self.show_error("The backup could not be restored", result)
            return None
        self.window.events.database_replaced.emit()
        return result.value

    def on_database_replaced(self) -> None:
        self.window.on_contacts_changed([])
        self.window.update_status()

    def _run(self, job, title: str) -> JobResult:
        from netdesk.ui.jobs import run_job

        result = run_job(self.window, title, job)
        # the progress dialog was modal: hand the keyboard back to the window
        self.window.activateWindow()
        return result

    # -- telling the person ----------------------------------------------------------

    def show_status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    def show_error(self, title: str, result: JobResult) -> None:
        """Tell what stopped the job (a bug never gets here: ``netdesk.ui.jobs``)."""
        QMessageBox.warning(self.window, title, f"{result.error}\n\nNothing was changed.")


def install(window) -> BackupActions:
    window.backup_actions = BackupActions(window)
    return window.backup_actions
