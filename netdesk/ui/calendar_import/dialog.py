"""The calendar import dialog: read the files, show what would be logged, import on Import.

Reading and the preview run in a worker (``run_job``); so does the import,
which backs up the database and writes every interaction in one transaction:
Cancel or an error leaves the database as it was, and the dialog says so.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import calendar_import
from netdesk.domain.calendar_import import CalendarPlan, ParsedCalendar
from netdesk.domain.importers import CREATE, SKIP, ImportFileError
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.format import medium_date
from netdesk.ui.import_export.models import ImportPreviewModel
from netdesk.ui.jobs import run_job
from netdesk.ui.tables import preview_table
from netdesk.ui.window_layout import SCREEN_SHARE, available_rect

ALL = "Everything"
Preview = tuple[list[ParsedCalendar], list[tuple[Path, str]], CalendarPlan | None]


class CalendarPreviewModel(ImportPreviewModel):
    HEADERS = ("Action", "Meeting", "File and line", "Logged as, and with whom")
    WORDS = {CREATE: "Log", SKIP: "Skip"}


def read_and_plan(paths: list[Path], progress: Callable[[int, int, str], None]) -> Preview:
    parsed: list[ParsedCalendar] = []
    refused: list[tuple[Path, str]] = []
    for number, path in enumerate(paths, 1):
        progress(number - 1, len(paths), f"Reading {path.name}")
        try:
            parsed.append(calendar_import.read_calendar_file(path))
        except ImportFileError as exc:
            refused.append((path, exc.problem))
    return parsed, refused, calendar_import.plan_calendar(parsed) if parsed else None


class CalendarImportDialog(QDialog):
    """Preview of a calendar import; Accepted once the meetings are written."""

    def __init__(self, paths: list[Path], db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Calendar")
        self.setObjectName("calendarImportDialog")
        self.paths = [Path(p) for p in paths]
        self.db_path = db_path
        self.parsed: list[ParsedCalendar] = []
        self.refused: list[tuple[Path, str]] = []
        self.plan: CalendarPlan | None = None
        self.result_plan: CalendarPlan | None = None
        self.on_progress_dialog = None

        self.files_label = QLabel(self)
        self.files_label.setObjectName("calendarFiles")
        self.files_label.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("calendarSummary")
        self.show_filter = QComboBox(self)
        self.show_filter.setObjectName("calendarFilter")
        self.show_filter.addItems([ALL, *CalendarPreviewModel.WORDS.values()])
        show_label = QLabel("&Show:", self)
        show_label.setBuddy(self.show_filter)
        self.model = CalendarPreviewModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(CalendarPreviewModel.ACTION)
        self.view = preview_table(self.proxy, "calendarPreview", self, (60, 280, 130))
        self.message = QLabel(self)
        self.message.setObjectName("calendarMessage")
        self.message.setWordWrap(True)
        self.buttons = dialog_buttons(self, "&Import")
        self.import_button = self.buttons.accept_button
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)

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
        area = available_rect(parent or self)
        self.resize(
            min(900, int(area.width() * SCREEN_SHARE)), min(600, int(area.height() * SCREEN_SHARE))
        )
        self.import_button.clicked.connect(self.on_import)
        self.buttons.reject_button.clicked.connect(self.reject)
        self.show_filter.currentTextChanged.connect(self.on_filter_changed)

    def load_preview(self) -> bool:
        result = run_job(
            self, "Reading the calendar", lambda progress: read_and_plan(self.paths, progress)
        )
        if result.cancelled:
            self.message.setText("Reading was cancelled; nothing was imported.")
            return False
        if result.error is not None:
            self.message.setText(str(result.error))
            return False
        self.parsed, self.refused, self.plan = result.value
        self._show_files()
        if self.plan is None:
            self.model.set_rows([])
            self.message.setText(" ".join(f"{p.name}: {problem}" for p, problem in self.refused))
            return False
        self.summary.setText(self.plan.summary())
        self.model.set_rows(self.plan.entries)
        writes = self.plan.writes_anything
        self.import_button.setEnabled(writes)
        self.message.setText(
            "Nothing is written until you press Import. A backup is taken first."
            if writes
            else "Every meeting of these files with your contacts is in netdesk already, or "
            "none is with them: there is nothing to import."
        )
        return True

    def on_import(self) -> None:
        if not self.parsed:
            return
        self.import_button.setEnabled(False)
        result = run_job(
            self,
            "Importing meetings",
            lambda progress: calendar_import.apply_calendar_import(
                self.parsed, db_path=self.db_path, progress=progress
            ),
            on_dialog=self.on_progress_dialog,
        )
        if result.cancelled or result.error is not None:
            said = "Import cancelled" if result.cancelled else str(result.error)
            self.message.setText(f"{said}; nothing was changed.")
            self.import_button.setEnabled(True)
            return
        self.result_plan = result.value
        self.accept()

    def on_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString("" if text == ALL else text)

    def _show_files(self) -> None:
        lines = [
            f"<b>{html.escape(f.name)}</b>: calendar from "
            f"{html.escape(f.producer or 'an unknown program')}, {len(f.meetings)} meetings "
            f"since {medium_date(f.since) if f.since else '?'}"
            for f in self.parsed
        ]
        lines += [
            f"<b>{html.escape(path.name)}</b>: <span style='color:#c0392b'>not imported: "
            f"{html.escape(problem)}</span>"
            for path, problem in self.refused
        ]
        self.files_label.setText("<br>".join(lines))
