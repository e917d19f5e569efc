"""The calendar import dialog: read the files, show what would be logged, import on Import.

Reading and the preview run in a worker; so does the import, which backs up the
database and writes every interaction in one transaction: Cancel or an error
leaves the database as it was, and the dialog says so (``PreviewDialog``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from netdesk.domain import calendar_import
from netdesk.domain.calendar_import import CalendarPlan, ParsedCalendar
from netdesk.domain.importers import CREATE, SKIP
from netdesk.ui.format import medium_date
from netdesk.ui.import_export.models import ImportPreviewModel
from netdesk.ui.import_export.preview_dialog import PreviewDialog, read_each
from netdesk.ui.window_layout import SCREEN_SHARE, available_rect

Preview = tuple[list[ParsedCalendar], list[tuple[Path, str]], CalendarPlan | None]


class CalendarPreviewModel(ImportPreviewModel):
    HEADERS = ("Action", "Meeting", "File and line", "Logged as, and with whom")
    WORDS = {CREATE: "Log", SKIP: "Skip"}


def read_and_plan(paths: list[Path], progress: Callable[[int, int, str], None]) -> Preview:
    parsed, refused = read_each(paths, calendar_import.read_calendar_file, progress)
    return parsed, refused, calendar_import.plan_calendar(parsed) if parsed else None


class CalendarImportDialog(PreviewDialog):
    """Preview of a calendar import; Accepted once the meetings are written."""

    def __init__(self, paths: list[Path], db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            paths,
            db_path,
            parent,
            title="Import Calendar",
            prefix="calendar",
            model=CalendarPreviewModel(),
            column_widths=(60, 280, 130),
        )
        self.setObjectName("calendarImportDialog")
        self.parsed: list[ParsedCalendar] = []
        self.plan: CalendarPlan | None = None
        self.result_plan: CalendarPlan | None = None
        self.lay_out()
        area = available_rect(parent or self)
        self.resize(
            min(900, int(area.width() * SCREEN_SHARE)), min(600, int(area.height() * SCREEN_SHARE))
        )

    def load_preview(self) -> bool:
        found = self.run_preview(
            "Reading the calendar", lambda progress: read_and_plan(self.paths, progress)
        )
        if found is None:
            return False
        self.parsed, self.refused, self.plan = found
        self.show_files(
            [
                f"<b>{html.escape(f.name)}</b>: calendar from "
                f"{html.escape(f.producer or 'an unknown program')}, {len(f.meetings)} meetings "
                f"since {medium_date(f.since) if f.since else '?'}"
                for f in self.parsed
            ]
        )
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
        self.run_import(
            "Importing meetings",
            lambda progress: calendar_import.apply_calendar_import(
                self.parsed, db_path=self.db_path, progress=progress
            ),
        )
