"""What the import dialogs share: a preview of what importing files would do, written
only on Import.

Contacts and calendars are imported the same way: the files are read and compared
with the database in a worker, the dialog lists what would happen to each card,
row or meeting (filtered by action with "Show:"), names the files it could not
read and why, and writes nothing until Import, in a worker again, in one
transaction: Cancel or an error leaves the database as it was, and the dialog
stays open to say so. A subclass builds its own steps (what is read, what is
written) and may put widgets of its own between the files and the preview.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.importers import ImportFileError
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.import_export.models import ImportPreviewModel
from netdesk.ui.jobs import run_job
from netdesk.ui.tables import preview_table

ALL = "Everything"
Progress = Callable[[int, int, str], None]
T = TypeVar("T")


def read_each(
    paths: list[Path], read: Callable[[Path], T], progress: Progress
) -> tuple[list[T], list[tuple[Path, str]]]:
    """Every file through ``read``, in turn, said to ``progress``; what was read, and
    each file that could not be, with the reason."""
    read_files: list[T] = []
    refused: list[tuple[Path, str]] = []
    for number, path in enumerate(paths, 1):
        progress(number - 1, len(paths), f"Reading {path.name}")
        try:
            read_files.append(read(path))
        except ImportFileError as exc:
            refused.append((path, exc.problem))
    return read_files, refused


class PreviewDialog(QDialog):
    """The files read, the preview with its "Show:" filter, a message line and
    Import/Cancel. Its parts' object names start with ``prefix`` ("importSummary")."""

    def __init__(
        self,
        paths: list[Path],
        db_path: Path,
        parent: QWidget | None,
        *,
        title: str,
        prefix: str,
        model: ImportPreviewModel,
        column_widths: tuple[int, ...],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.paths = [Path(p) for p in paths]
        self.db_path = db_path
        self.refused: list[tuple[Path, str]] = []
        # tests hand this to run_job to press Cancel on the progress dialog
        self.on_progress_dialog = None

        self.files_label = QLabel(self)
        self.files_label.setObjectName(f"{prefix}Files")
        self.files_label.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName(f"{prefix}Summary")
        self.message = QLabel(self)
        self.message.setObjectName(f"{prefix}Message")
        self.message.setWordWrap(True)
        self.show_filter = QComboBox(self)
        self.show_filter.setObjectName(f"{prefix}Filter")
        self.show_filter.addItems([ALL, *model.WORDS.values()])
        self.show_label = QLabel("&Show:", self)
        self.show_label.setBuddy(self.show_filter)

        self.model = model
        model.setParent(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(ImportPreviewModel.ACTION)
        self.view = preview_table(self.proxy, f"{prefix}Preview", self, column_widths)

        self.buttons = dialog_buttons(self, "&Import")
        self.import_button = self.buttons.accept_button
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.reject_button

        self.import_button.clicked.connect(self.on_import)
        self.cancel_button.clicked.connect(self.reject)
        self.show_filter.currentTextChanged.connect(self.on_filter_changed)

    def lay_out(self, *between: QWidget | QLayout) -> None:
        """The files, then ``between``, then the summary and filter, the preview, the
        message and the buttons. (Tab goes from the buttons to ``between``, made after
        them, and on down: the reading order.)"""
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_label)
        top.addWidget(self.show_filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.files_label)
        for item in between:
            if isinstance(item, QLayout):
                layout.addLayout(item)
            else:
                layout.addWidget(item)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    # -- steps -------------------------------------------------------------------------

    def on_import(self) -> None:
        raise NotImplementedError

    def run_preview(self, title: str, work: Callable[[Progress], Any]) -> Any | None:
        """Run the reading and comparing in a worker; its value, or None when it was
        cancelled or failed (the message says which)."""
        result = run_job(self, title, work)
        if result.cancelled:
            self.message.setText("Reading was cancelled; nothing was imported.")
            return None
        if result.error is not None:
            self.message.setText(str(result.error))
            return None
        return result.value

    def run_import(self, title: str, work: Callable[[Progress], Any]) -> None:
        """Write the import in a worker; Accepted with ``result_plan`` once it is written,
        else the dialog stays open, says what happened, and Import can be pressed again."""
        self.import_button.setEnabled(False)
        result = run_job(self, title, work, on_dialog=self.on_progress_dialog)
        if result.cancelled or result.error is not None:
            said = "Import cancelled" if result.cancelled else str(result.error)
            self.message.setText(f"{said}; nothing was changed.")
            self.import_button.setEnabled(True)
            return
        self.result_plan = result.value
        self.accept()

    # -- showing -----------------------------------------------------------------------

    def show_files(self, read: list[str]) -> None:
        """``read``: a line for each file read (its name in bold); the files that could
        not be read follow, each with the reason."""
        lines = read + [
            f"<b>{html.escape(path.name)}</b>: <span style='color:#c0392b'>not imported: "
            f"{html.escape(problem)}</span>"
            for path, problem in self.refused
        ]
        self.files_label.setText("<br>".join(lines))

    def on_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString("" if text == ALL else text)
