"""Edit ▸ Preferences: one field per setting a person sets, made from its declaration.

Nothing here names a setting: the fields come from ``preferences.preferences()``
(a yes/no is a check box, a number a spin box within its bounds, a choice a
list, text a line), each with what the setting is for beside it. Save checks
every value with the domain first and says what is wrong where; Restore
Defaults puts every field back to its default (saved only with Save). The
dialog returns the values (``values()``); whoever opened it saves them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import preferences
from netdesk.domain.preferences import BOOL, CHOICE, LONG_TEXT, NUMBER, TEXT, WHOLE, Preference
from netdesk.domain.validation import ValidationError
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.widgets.error_label import ErrorLabel
from netdesk.ui.window_layout import SCREEN_SHARE, available_rect

# letters the dialog's own buttons answer to (Save and Cancel take none)
_TAKEN = {"d"}


def with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with "&" before its first letter no other label took (none if all are)."""
    for index, char in enumerate(text):
        if char.isalpha() and char.lower() not in taken:
            taken.add(char.lower())
            return f"{text[:index]}&{text[index:]}"
    return text


def _editor(pref: Preference, parent: QWidget) -> QWidget:
    spec = pref.spec
    if pref.kind == CHOICE:
        combo = QComboBox(parent)
        for value, shown in spec.choices:
            combo.addItem(shown, value)
        return combo
    if pref.kind == BOOL:
        return QCheckBox(parent)
    if pref.kind == WHOLE:
        spin = QSpinBox(parent)
        spin.setRange(int(spec.minimum or 0), int(spec.maximum if spec.maximum else 10**9))
        return spin
    if pref.kind == NUMBER:
        spin = QDoubleSpinBox(parent)
        spin.setDecimals(1)
        spin.setRange(float(spec.minimum or 0), float(spec.maximum if spec.maximum else 1e9))
        return spin
    if pref.kind == LONG_TEXT:
        text = QPlainTextEdit(parent)
        text.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere
        text.setFixedHeight(text.fontMetrics().lineSpacing() * 9 + 12)
        return text
    assert pref.kind == TEXT
    return QLineEdit(parent)


def _set(editor: QWidget, value: Any) -> None:
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(0, editor.findData(value)))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox | QDoubleSpinBox):
        editor.setValue(value)
    elif isinstance(editor, QPlainTextEdit):
        editor.setPlainText(str(value))
    else:
        editor.setText(str(value))


def _get(editor: QWidget) -> Any:
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox | QDoubleSpinBox):
        return editor.value()
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    return editor.text()


class PreferencesDialog(QDialog):
    def __init__(self, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self._prefs = {pref.key: pref for pref in preferences.preferences()}
        taken = set(_TAKEN)

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        groups: dict[str, QFormLayout] = {}
        labels: list[QLabel] = []
        for pref in self._prefs.values():
            if pref.group not in groups:
                box = QGroupBox(pref.group, body)
                form = groups[pref.group] = QFormLayout(box)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                body_layout.addWidget(box)
            editor = _editor(pref, body)
            editor.setObjectName(f"preference_{pref.key}")
            editor.setToolTip(pref.spec.doc)
            editor.setAccessibleName(pref.label)
            editor.setAccessibleDescription(pref.spec.doc)
            _set(editor, values.get(pref.key, pref.default))
            label = QLabel(with_mnemonic(pref.label, taken), body)
            label.setBuddy(editor)
            about = QLabel(pref.spec.doc[:1].upper() + pref.spec.doc[1:] + ".", body)
            about.setWordWrap(True)
            about.setStyleSheet("color: palette(placeholder-text);")
            error = ErrorLabel(body)
            field = QWidget(body)
            field_layout = QVBoxLayout(field)
            field_layout.setContentsMargins(0, 0, 0, 0)
            field_layout.setSpacing(1)
            field_layout.addWidget(editor)
            field_layout.addWidget(about)
            field_layout.addWidget(error)
            groups[pref.group].addRow(label, field)
            labels.append(label)
            self.editors[pref.key] = editor
            self.errors[pref.key] = error
        # one label column through every group: the fields line up down the dialog
        widest = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(widest)
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)

        self.buttons = dialog_buttons(self, "Save")
        self.defaults_button = self.buttons.add(
            "Restore &Defaults", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.defaults_button.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        area = available_rect(parent or self)
        wanted = body.sizeHint()
        self.resize(
            min(max(560, wanted.width() + 40), int(area.width() * SCREEN_SHARE)),
            min(wanted.height() + 90, int(area.height() * SCREEN_SHARE)),
        )

    def values(self) -> dict[str, Any]:
        return {key: _get(editor) for key, editor in self.editors.items()}

    def restore_defaults(self) -> None:
        for key, editor in self.editors.items():
            _set(editor, self._prefs[key].default)

    def accept(self) -> None:
        for error in self.errors.values():
            error.set_message(None)
        try:
            preferences.check_all(self.values())
        except ValidationError as exc:
            for problem in exc.problems:
                self.errors[problem.field].set_message(problem.message)
            first = exc.problems[0].field
            self.editors[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()
