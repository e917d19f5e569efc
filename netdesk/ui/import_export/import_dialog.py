"""The import dialog: read the files, show the preview, and import only on confirmation.

Reading and the preview run in a worker (``PreviewDialog``), while the database is
copied for the import's backup (``importers.backup_ahead``); the import runs in
a worker too: it keeps that copy as its backup (or takes one afresh if anything
changed meanwhile) and writes everything in one transaction: Cancel
or an error leaves the database exactly as it was, and the dialog stays open
to say so. A file that cannot be read is named with the reason, and the
preview shows the others. For a CSV, the column table says what each column
became and how netdesk knew; a column can be mapped by hand there (double
click or F2 on "Imported as"), and the preview is made again with that choice.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QWidget,
)

from netdesk.domain import importers
from netdesk.domain.importers import ImportPlan, ParsedFile, apply_import, plan_import
from netdesk.domain.importers.columns import ColumnMap
from netdesk.ui.import_export.column_mapping import ColumnMappingModel, FieldChoiceDelegate
from netdesk.ui.import_export.models import ImportPreviewModel
from netdesk.ui.import_export.preview_dialog import PreviewDialog, read_each
from netdesk.ui.tables import list_keys

Preview = tuple[list[ParsedFile], list[tuple[Path, str]], ImportPlan | None]


def read_and_plan(
    paths: list[Path],
    progress: Callable[[int, int, str], None],
    columns: dict[Path, ColumnMap] | None = None,
) -> Preview:
    """The worker's job for the preview: read every file (as mapped by hand, where it was),
    then compare the readable ones with the database. Files that cannot be read come back
    with the reason."""
    parsed, refused = read_each(
        paths,
        lambda path: importers.read_import_file(
            path, progress=progress, columns=(columns or {}).get(path)
        ),
        progress,
    )
    plan = plan_import(parsed, progress=progress) if parsed else None
    return parsed, refused, plan


class ImportDialog(PreviewDialog):
    """Preview of an import; ``exec()`` returns Accepted once the import is written."""

    def __init__(self, paths: list[Path], db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            paths,
            db_path,
            parent,
            title="Import Contacts",
            prefix="import",
            model=ImportPreviewModel(),
            column_widths=(70, 190, 190),
        )
        self.setObjectName("importDialog")
        self.resize(900, 640)
        self.parsed: list[ParsedFile] = []
        self.plan: ImportPlan | None = None
        self.result_plan: ImportPlan | None = None
        # columns mapped by hand, per file
        self.mapped: dict[Path, ColumnMap] = {}

        self.columns_file = QComboBox(self)
        self.columns_file.setObjectName("columnsFile")
        self.columns_label = QLabel("&Columns of:", self)
        self.columns_label.setBuddy(self.columns_file)
        self.columns_hint = QLabel(self)
        self.columns_hint.setObjectName("columnsHint")
        self.columns_hint.setWordWrap(True)
        self.columns_model = ColumnMappingModel(self)
        self.columns_view = QTableView(self)
        self.columns_view.setObjectName("columnMapping")
        self.columns_view.setModel(self.columns_model)
        self.columns_view.setItemDelegateForColumn(
            ColumnMappingModel.FIELD, FieldChoiceDelegate(self.columns_view)
        )
        self.columns_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.columns_view.verticalHeader().setVisible(False)
        list_keys(self.columns_view)
        mapping_header = self.columns_view.horizontalHeader()
        mapping_header.setStretchLastSection(True)
        for column, width in ((0, 220), (1, 200), (2, 200)):
            mapping_header.resizeSection(column, width)
        self.columns_view.setMaximumHeight(self.fontMetrics().height() * 12)

        columns_row = QHBoxLayout()
        columns_row.addWidget(self.columns_label)
        columns_row.addWidget(self.columns_file, 1)
        self.lay_out(columns_row, self.columns_hint, self.columns_view)

        self.columns_file.currentIndexChanged.connect(self.on_columns_file_changed)
        self.columns_model.mapping_changed.connect(self.on_mapping_changed)
        self._show_columns_section(False)

    # -- steps -----------------------------------------------------------------------------

    def load_preview(self) -> bool:
        """Read the files and show what importing them would do; False if that failed."""
        # the backup the import needs is copied meanwhile (kept only if nothing changes)
        importers.start_backup_ahead(self.db_path)
        found = self.run_preview(
            "Reading contacts", lambda progress: read_and_plan(self.paths, progress, self.mapped)
        )
        if found is None:
            return False
        self.parsed, self.refused, self.plan = found
        self.show_files(
            [
                f"<b>{html.escape(f.name)}</b>: {html.escape(importers.FORMAT_NAMES[f.format])}, "
                f"{f.encoding}, {len(f.records)} contacts read"
                for f in self.parsed
            ]
        )
        self._show_columns()
        if self.plan is None:
            self.import_button.setEnabled(False)
            self.model.set_rows([])
            self.summary.setText("")
            self.message.setText(" ".join(f"{path}: {problem}" for path, problem in self.refused))
            return False
        self._show_plan(self.plan)
        return True

    def done(self, result: int) -> None:
        importers.discard_backup_ahead()  # (closed without importing: the copy goes)
        super().done(result)

    def on_import(self) -> None:
        if not self.parsed:
            return
        self.run_import(
            "Importing contacts",
            lambda progress: apply_import(self.parsed, db_path=self.db_path, progress=progress),
        )

    def on_mapping_changed(self, columns: ColumnMap) -> None:
        """A column mapped by hand: read that file again that way (once the editor closed)."""
        parsed = self._columns_file()
        if parsed is None:
            return
        self.mapped[parsed.path] = columns
        QTimer.singleShot(0, self.load_preview)

    # -- showing ---------------------------------------------------------------------------

    def _with_columns(self) -> list[ParsedFile]:
        return [f for f in self.parsed if f.columns is not None]

    def _columns_file(self) -> ParsedFile | None:
        files = self._with_columns()
        row = self.columns_file.currentIndex()
        return files[row] if 0 <= row < len(files) else None

    def _show_columns(self) -> None:
        files = self._with_columns()
        shown = self._columns_file()
        self.columns_file.blockSignals(True)
        self.columns_file.clear()
        self.columns_file.addItems([f.name for f in files])
        names = [f.name for f in files]
        if shown is not None and shown.name in names:
            self.columns_file.setCurrentIndex(names.index(shown.name))
        self.columns_file.blockSignals(False)
        self._show_columns_section(bool(files))
        self.on_columns_file_changed()

    def _show_columns_section(self, shown: bool) -> None:
        for widget in (self.columns_label, self.columns_file, self.columns_hint, self.columns_view):
            widget.setVisible(shown)

    def on_columns_file_changed(self) -> None:
        parsed = self._columns_file()
        if parsed is None or parsed.columns is None:
            self.columns_model.set_columns(None, [])
            return
        self.columns_model.set_columns(parsed.columns, parsed.sample_rows)
        self.columns_hint.setText(
            "netdesk guessed some of these columns: check “Imported as”, and change one with "
            "a double click or F2."
            if parsed.columns.unsure
            else "Every column was recognised by its header; change one with a double click "
            "or F2 if it is wrong."
        )

    def _show_plan(self, plan: ImportPlan) -> None:
        self.summary.setText(plan.summary())
        self.model.set_rows(plan.entries)
        writes = plan.writes_anything
        self.import_button.setEnabled(writes)
        refused = " ".join(
            f"{path.name} is not imported (the reason is above)." for path, _ in self.refused
        )
        self.message.setText(
            (
                "Nothing is written until you press Import. A backup is taken first."
                if writes
                else "Everything in these files is already in netdesk; there is nothing to import."
            )
            + (f" {refused}" if refused else "")
        )
