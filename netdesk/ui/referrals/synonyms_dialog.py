"""Editing the referral-match synonym table as plain text, one rule a line."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import matching
from netdesk.domain.matching import SynonymRule
from netdesk.domain.validation import ValidationError
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.unsaved import FormDialog

HELP = (
    "One rule a line. <b>a, b = c, d</b>: a need naming <i>a</i> or <i>b</i> also looks "
    "for the other and for <i>c</i> and <i>d</i>. <b>a, b, c</b>: each finds the others. "
    "Plurals and word forms match by themselves."
)


class SynonymsDialog(FormDialog):
    """Returns the edited rules through ``rules()`` (None: back to the built-in table)."""

    def __init__(self, rules: list[SynonymRule], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Referral Match Synonyms")
        self.setObjectName("synonymsDialog")
        self._rules: list[SynonymRule] | None = rules
        label = QLabel(HELP, self)
        label.setWordWrap(True)
        self.editor = QPlainTextEdit(matching.format_synonym_text(rules), self)
        self.editor.setObjectName("synonymsEditor")
        self.editor.setAccessibleName("Synonym rules, one a line")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setTabChangesFocus(True)
        self.problems = QLabel(self)
        self.problems.setObjectName("synonymsProblems")
        self.problems.setStyleSheet("color: #c0392b")
        self.problems.setWordWrap(True)
        self.problems.hide()
        box = dialog_buttons(self, "Save")
        self.restore_button = box.add("&Restore Defaults", QDialogButtonBox.ButtonRole.ResetRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.on_restore)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.problems)
        layout.addWidget(box)
        self.resize(720, 480)

    def rules(self) -> list[SynonymRule] | None:
        return self._rules

    def on_restore(self) -> None:
        self.editor.setPlainText(matching.format_synonym_text(list(matching.DEFAULT_SYNONYMS)))

    def accept(self) -> None:
        try:
            rules = matching.parse_synonym_text(self.editor.toPlainText())
        except ValidationError as error:
            self.problems.setText("; ".join(str(p) for p in error.problems))
            self.problems.show()
            return
        self._rules = None if rules == list(matching.DEFAULT_SYNONYMS) else rules
        super().accept()
