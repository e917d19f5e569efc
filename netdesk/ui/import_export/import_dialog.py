"""The import dialog: read the files, show the preview, and import only on confirmation.

Reading and the preview run in a worker (``run_job``); so does the import,
which backs up the database and writes everything in one transaction: Cancel
or an error leaves the database exactly as it was, and the dialog stays open
to say so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import importers
from netdesk.domain.importers import ImportPlan, ParsedFile, apply_import, plan_import
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.import_export.models import ACTION_WORDS, ImportPreviewModel
from netdesk.ui.jobs import JobResult, run_job
from netdesk.ui.tables import list_keys

ALL = "Everything"


def read_and_plan(paths: list[Path], progress) -> tuple[list[ParsedFile], ImportPlan]:
    """The worker's job for the preview: read every file, then compare with the database."""
    parsed = []
    for number, path in enumerate(paths, 1):
        progress(number - 1, len(paths), f"Reading {path.name}")
        parsed.append(importers.read_import_file(path, progress=progress))
    return parsed, plan_import(parsed, progress=progress)


class ImportDialog(QDialog):
    """Preview of an import; ``exec()`` returns Accepted once the import is written."""

    def __init__(self, paths: list[Path], db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Contacts")
        self.setObjectName("importDialog")
        self.resize(900, 520)
        self.paths = [Path(p) for p in paths]
        self.db_path = db_path
        self.parsed: list[ParsedFile] = []
        self.plan: ImportPlan | None = None
        self.result_plan: ImportPlan | None = None
        # tests hand this to run_job to press Cancel on the progress dialog
        self.on_progress_dialog = None

        self.files_label = QLabel(self)
        self.files_label.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.message = QLabel(self)
        self.message.setObjectName("importMessage")
        self.message.setWordWrap(True)
        self.show_filter = QComboBox(self)
        self.show_filter.setObjectName("importFilter")
        self.show_filter.addItems([ALL, *ACTION_WORDS.values()])
        show_label = QLabel("&Show:", self)
        show_label.setBuddy(self.show_filter)

        self.model = ImportPreviewModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(ImportPreviewModel.ACTION)
        self.view = QTableView(self)
        self.view.setObjectName("importPreview")
        self.view.setModel(self.proxy)
        list_keys(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 70), (1, 190), (2, 190)):
            header.resizeSection(column, width)

        self.buttons = dialog_buttons(self, "&Import")
        self.import_button = self.buttons.accept_button
        self.import_button.setObjectName("importButton")
        self.cancel_button = self.buttons.reject_button

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(show_label)
        top.addWidget(self.show_filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.files_label)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.import_button.clicked.connect(self.on_import)
        self.cancel_button.clicked.connect(self.reject)
        self.show_filter.currentTextChanged.connect(self.on_filter_changed)
        self.import_button.setEnabled(False)

    # -- steps -----------------------------------------------------------------------------

    def load_preview(self) -> bool:
        """Read the files and show what importing them would do; False if that failed."""
        result = run_job(
            self, "Reading contacts", lambda progress: read_and_plan(self.paths, progress)
        )
        if result.cancelled:
            self._say("Reading was cancelled; nothing was imported.")
            return False
        if result.error is not None:
            self._say_error(result)
            return False
        self.parsed, self.plan = result.value
        self._show_plan(self.plan)
        return True

    def on_import(self) -> None:
        if not self.parsed:
            return
        self.import_button.setEnabled(False)
        result = run_job(
            self,
            "Importing contacts",
            lambda progress: apply_import(self.parsed, db_path=self.db_path, progress=progress),
            on_dialog=self.on_progress_dialog,
        )
        if result.cancelled:
            self._say("Import cancelled; nothing was changed.")
            self.import_button.setEnabled(True)
            return
        if result.error is not None:
            self._say_error(result, "nothing was changed")
            self.import_button.setEnabled(True)
            return
        self.result_plan = result.value
        self.accept()

    # -- showing ---------------------------------------------------------------------------

    def _show_plan(self, plan: ImportPlan) -> None:
        self.files_label.setText(
            "<br>".join(
                f"<b>{f.name}</b>: {f.format_name}, {f.encoding}, {f.records} contacts read"
                for f in plan.files
            )
        )
        self.summary.setText(plan.summary())
        self.model.set_rows(plan.entries)
        writes = plan.writes_anything
        self.import_button.setEnabled(writes)
        self._say(
            "Nothing is written until you press Import. A backup is taken first."
            if writes
            else "Everything in these files is already in netdesk; there is nothing to import."
        )

    def on_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString("" if text == ALL else text)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _say_error(self, result: JobResult, after: str = "") -> None:
        text = str(result.error)
        self._say(f"{text}{' — ' + after if after else ''}")
