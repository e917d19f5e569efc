"""When a database cannot be opened: say why plainly and offer only safe ways on.

``OpenProblemDialog`` explains one ``StorageError`` (damaged, not a netdesk
database, from a newer netdesk, read-only, in use) and returns the person's
choice; it touches no file. ``resolve_open_problem`` carries the choice out.
Nothing here writes to the file that could not be opened: the latest good
backup is restored to a new file next to it, and a read-only database is
copied elsewhere.
"""

from __future__ import annotations

import enum
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from netdesk import paths
from netdesk.domain import restore, rolling_backups, workspace
from netdesk.domain.rolling_backups import BackupInfo
from netdesk.domain.user_errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    NotADatabase,
    StorageError,
)
from netdesk.ui.format import medium_date_time

log = logging.getLogger(__name__)

FILE_FILTER = "netdesk databases (*.sqlite3 *.sqlite *.db);;All files (*)"


class Choice(enum.Enum):
    BACKUP = "Open Latest Good Backup"
    COPY = "Open a Copy…"
    RETRY = "Try Again"
    OTHER = "Choose Another File…"
    QUIT = "Quit"


def _when(info: BackupInfo) -> str:
    return medium_date_time(info.taken_at.astimezone())


def describe(path: Path, error: StorageError) -> tuple[str, str, tuple[Choice, ...]]:
    """Headline, explanation and the safe choices for one problem."""
    name = path.name
    if isinstance(error, DatabaseDamaged):
        return (
            "This netdesk database is damaged.",
            f"netdesk found damage inside “{name}” and has not changed the file.",
            (Choice.BACKUP, Choice.OTHER, Choice.QUIT),
        )
    if isinstance(error, DatabaseTooNew):
        return (
            "This database comes from a newer netdesk.",
            f"“{name}” was written by a newer version of netdesk (schema version "
            f"{error.found}; this version reads up to {error.supported}). Open it with "
            "that newer netdesk. This one has not changed the file.",
            (Choice.BACKUP, Choice.OTHER, Choice.QUIT),
        )
    if isinstance(error, NotADatabase):
        return (
            "This file is not a netdesk database.",
            f"“{name}” is not a database netdesk can read: it may be another kind of "
            "file, or damaged beyond recognition. netdesk has not changed it.",
            (Choice.BACKUP, Choice.OTHER, Choice.QUIT),
        )
    if isinstance(error, DatabaseReadOnly):
        return (
            "netdesk cannot write to this database.",
            f"“{name}” cannot be written to ({error.detail or 'read-only'}). netdesk saves each "
            "change the moment you make it, so it must be able to write there. You can "
            "open a copy saved somewhere you can write, choose another file, or quit and "
            "check the file's permissions.",
            (Choice.COPY, Choice.OTHER, Choice.QUIT),
        )
    if isinstance(error, DatabaseLocked):
        return (
            "This database is in use.",
            f"Another program (perhaps another netdesk window) holds a lock on “{name}”. "
            "Close it, then try again.",
            (Choice.RETRY, Choice.OTHER, Choice.QUIT),
        )
    return (
        "netdesk cannot open this database.",
        f"{error.problem.capitalize()}. netdesk has not changed “{name}”.",
        (Choice.RETRY, Choice.OTHER, Choice.QUIT),
    )


class OpenProblemDialog(QMessageBox):
    """Shows the problem and the choices; ``choice`` holds the answer (QUIT on Escape)."""

    def __init__(
        self,
        path: Path,
        error: StorageError,
        backup: BackupInfo | None = None,
        backup_contacts: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openProblemDialog")
        self.setWindowTitle("netdesk cannot open this database")
        self.setIcon(QMessageBox.Icon.Warning)
        headline, explanation, choices = describe(path, error)
        if not path.is_file():  # nothing there to copy (a new file in a read-only folder)
            choices = tuple(c for c in choices if c is not Choice.COPY)
        if backup is None:
            choices = tuple(c for c in choices if c is not Choice.BACKUP)
        else:
            contacts = "" if backup_contacts is None else f", {backup_contacts:,} contacts"
            explanation += (
                f"\n\nThe newest backup that passes a check is from {_when(backup)}"
                f"{contacts}. “{Choice.BACKUP.value}” restores it to a new file next to "
                f"“{path.name}” and opens that; “{path.name}” stays exactly as it is."
            )
            if paths.opens_by_default(path):
                explanation += " netdesk opens the restored file from then on."
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(headline)
        self.headline = headline
        self.setInformativeText(explanation)
        self.setDetailedText(str(error))
        label = self.findChild(QLabel, "qt_msgbox_label")
        if label is not None:
            bold = QFont(label.font())
            bold.setBold(True)
            label.setFont(bold)
        self.choice = Choice.QUIT
        self.buttons: dict[Choice, object] = {}
        roles = {
            Choice.QUIT: QMessageBox.ButtonRole.RejectRole,
            Choice.OTHER: QMessageBox.ButtonRole.ActionRole,
        }
        for choice in choices:
            button = self.addButton(
                choice.value, roles.get(choice, QMessageBox.ButtonRole.AcceptRole)
            )
            self.buttons[choice] = button
        self.setDefaultButton(self.buttons[choices[0]])
        self.setEscapeButton(self.buttons[Choice.QUIT])
        self.buttonClicked.connect(self.on_button_clicked)

    def on_button_clicked(self, button) -> None:
        for choice, candidate in self.buttons.items():
            if candidate is button:
                self.choice = choice


# -- file pickers, kept apart so tests can answer them ---------------------------------


def choose_database_file(parent: QWidget | None, start: Path) -> Path | None:
    """An existing database to open, or a new name to start one; None if cancelled."""
    dialog = QFileDialog(parent, "Choose a netdesk Database", str(start), FILE_FILTER)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if dialog.exec() and dialog.selectedFiles():
        return Path(dialog.selectedFiles()[0])
    return None


def choose_copy_destination(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save a Copy of the Database", str(suggested), FILE_FILTER
    )
    return Path(name) if name else None


def _show_failure(parent: QWidget | None, title: str, error: StorageError) -> None:
    QMessageBox.warning(parent, title, str(error))


def resolve_open_problem(
    path: Path, error: StorageError, parent: QWidget | None = None
) -> Path | None:
    """Ask what to do about ``path``, which failed to open with ``error``, and do it.

    Returns the database to try opening next (a restored or copied file, another
    file, or ``path`` again), or None when the person chose to quit.
    """
    backup = None
    if isinstance(error, DatabaseDamaged | NotADatabase | DatabaseTooNew):
        backup = restore.latest_good_backup(path)
    contacts = rolling_backups.contacts_in(backup.path) if backup else None
    dialog = OpenProblemDialog(path, error, backup, contacts, parent)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    log.info("open problem %s: chose %s", type(error).__name__, choice.name)
    if choice is Choice.QUIT:
        return None
    if choice is Choice.RETRY:
        return path
    if choice is Choice.OTHER:
        return choose_database_file(parent, path.parent) or path
    if choice is Choice.BACKUP and backup is not None:
        try:
            restored = restore.restore_beside(backup.path, path)
        except StorageError as exc:
            _show_failure(parent, "The backup could not be restored", exc)
            return path
        if paths.opens_by_default(path):
            # the damaged file was the one netdesk opens by default: the restored file
            # takes its place from now on (so the next start does not meet the damage again)
            try:
                paths.set_stand_in(restored)
            except OSError:
                log.warning("could not note the restored database as the default one")
        return restored
    if choice is Choice.COPY:
        destination = choose_copy_destination(
            parent, paths.data_dir() / f"{path.stem}-copy.sqlite3"
        )
        if destination is None:
            return path
        try:
            workspace.save_copy(path, destination)
        except StorageError as exc:
            _show_failure(parent, "The copy could not be made", exc)
            return path
        return destination
    return path
