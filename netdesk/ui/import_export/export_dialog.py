"""The export dialog: a format, a file, and the export running with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import exporters
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.jobs import run_job

_EXPLAIN = {
    "vcard": "Every contact as vCard 4.0, for phones and address books.",
    "csv": "One row per contact, for spreadsheets.",
    "json": "Everything (interactions, referrals, events too), for a full restore.",
}


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Contacts")
        self.setObjectName("exportDialog")
        self.folder = folder or Path.home()
        self.exported = 0
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        formats = QVBoxLayout()
        for fmt, name in exporters.FORMATS.items():
            button = QRadioButton(name, self)
            button.setObjectName(f"format_{fmt}")
            button.setToolTip(_EXPLAIN[fmt])
            self.format_group.addButton(button)
            self.format_buttons[fmt] = button
            formats.addWidget(button)
        self.format_buttons["vcard"].setChecked(True)
        self.explain = QLabel(_EXPLAIN["vcard"], self)
        self.path_edit = QLineEdit(str(self.folder / "netdesk-contacts.vcf"), self)
        self.path_edit.setObjectName("exportPath")
        self.browse = QPushButton("&Browse…", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = dialog_buttons(self, "&Export")
        self.export_button = self.buttons.accept_button

        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow("Format:", formats)
        form.addRow("", self.explain)
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.format_group.buttonToggled.connect(self.on_format_changed)
        self.browse.clicked.connect(self.on_browse)
        self.export_button.clicked.connect(self.on_export)
        self.buttons.rejected.connect(self.reject)

    def chosen_format(self) -> str:
        return next(fmt for fmt, b in self.format_buttons.items() if b.isChecked())

    def on_format_changed(self, button, checked: bool) -> None:
        if not checked:
            return
        fmt = self.chosen_format()
        self.explain.setText(_EXPLAIN[fmt])
        path = Path(self.path_edit.text() or self.folder / "netdesk-contacts")
        self.path_edit.setText(str(path.with_suffix(exporters.SUFFIXES[fmt])))

    def on_browse(self) -> None:
        fmt = self.chosen_format()
        suffix = exporters.SUFFIXES[fmt]
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path_edit.text(), f"{exporters.FORMATS[fmt]} (*{suffix})"
        )
        if chosen:
            self.path_edit.setText(chosen)

    def on_export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.message.setText("Choose the file to write.")
            return
        out = Path(text).expanduser()
        if not out.parent.is_dir():
            self.message.setText(f"The folder {out.parent} does not exist.")
            return
        fmt = self.chosen_format()
        result = run_job(
            self, "Exporting contacts", lambda progress: exporters.export(fmt, out, progress)
        )
        if result.cancelled:
            self.message.setText("Export cancelled; no file was written.")
        elif result.error is not None:
            self.message.setText(f"Could not export: {result.error}")
        else:
            self.exported = result.value
            self.out_path = out
            self.accept()
