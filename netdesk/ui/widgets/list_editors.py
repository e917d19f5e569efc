"""Editors for the contact's list fields.

- ``LabelledListEditor``: emails, phones, URLs; one row per value, each with a
  label ("work", "mobile"...), a remove button and its own error message.
- ``LinesEdit``: short lists such as offers and needs, one item per line.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.contacts import Labelled
from netdesk.ui.widgets.error_label import ErrorLabel


class LabelledRow(QWidget):
    """One value with its label, remove button and error message."""

    remove_requested = Signal(object)

    def __init__(self, labels: list[str], placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = QLineEdit(self)
        self.value.setPlaceholderText(placeholder)
        self.label = QComboBox(self)
        self.label.setEditable(True)
        self.label.addItems(labels)
        self.label.setMinimumContentsLength(7)
        self.label.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setToolTip("Remove this line")
        self.remove.setAutoRaise(True)
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.error = ErrorLabel(self)
        # a value someone has typed and left: from then on its problems show
        self.touched = False

        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.value, 1)
        line.addWidget(self.label)
        line.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.error)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def item(self) -> Labelled:
        return Labelled(self.value.text().strip(), self.label.currentText().strip())

    def is_blank(self) -> bool:
        return not self.value.text().strip()


class LabelledListEditor(QWidget):
    """Several labelled values; blank rows are ignored."""

    # the text of a value changed (typing) / a value was left (Tab, Enter, click away)
    edited = Signal()
    finished = Signal()
    # a row was added or removed: the dialog puts its Tab order right again
    rows_changed = Signal()

    def __init__(
        self,
        field: str,
        labels: list[str],
        placeholder: str,
        add_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self._labels = labels
        self._placeholder = placeholder
        self._rows: list[LabelledRow] = []
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(4)
        self.add_button = QPushButton(add_text, self)
        self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.add_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._rows_box)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self.on_add)

    def rows(self) -> list[LabelledRow]:
        return list(self._rows)

    def focus_chain(self) -> list[QWidget]:
        """What Tab visits here, in reading order: each value, its label, then Add."""
        chain: list[QWidget] = []
        for row in self._rows:
            chain += [row.value, row.label]
        return [*chain, self.add_button]

    def set_items(self, items: list[Labelled]) -> None:
        for row in self._rows:
            self._drop(row)
        for item in items:
            self.add_row(item.value, item.label)
        if not items:
            self.add_row()

    def items(self) -> list[Labelled]:
        return [row.item() for row in self._rows if not row.is_blank()]

    def add_row(self, value: str = "", label: str = "") -> LabelledRow:
        row = LabelledRow(self._labels, self._placeholder, self)
        what = self.add_button.text().removeprefix("Add ").split(" or ")[0]
        row.value.setAccessibleName(what.capitalize())
        row.label.setAccessibleName(f"What kind of {what}")
        row.value.setText(value)
        if label:
            row.label.setCurrentText(label)
        elif self._labels:
            row.label.setCurrentIndex(0)
        row.remove_requested.connect(self.on_remove)
        row.value.textEdited.connect(self.edited)
        row.value.editingFinished.connect(lambda row=row: self._on_row_finished(row))
        self._rows.append(row)
        self._rows_box.addWidget(row)
        if self.isVisible():  # at once, not on the next turn: the next key may be Tab
            row.show()
        self.rows_changed.emit()
        return row

    def show_problems(self, messages: dict[int, str], *, all_rows: bool) -> None:
        """``messages`` by index among the non-blank values (as the draft numbers them)."""
        filled = [row for row in self._rows if not row.is_blank()]
        for row in self._rows:
            row.error.set_message(None)
        for index, message in messages.items():
            if 0 <= index < len(filled) and (all_rows or filled[index].touched):
                filled[index].error.set_message(message)

    def first_row_with_problem(self) -> LabelledRow | None:
        return next((row for row in self._rows if row.error.message()), None)

    def _on_row_finished(self, row: LabelledRow) -> None:
        if not row.is_blank():
            row.touched = True
        self.finished.emit()

    def on_add(self) -> None:
        row = self.add_row()
        row.value.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_remove(self, row: LabelledRow) -> None:
        self._drop(row)
        if not self._rows:
            self.add_row()
        self.rows_changed.emit()
        self.finished.emit()

    def _drop(self, row: LabelledRow) -> None:
        self._rows.remove(row)
        self._rows_box.removeWidget(row)
        row.hide()
        row.deleteLater()


class LinesEdit(QPlainTextEdit):
    """A short list, one item per line (Tab moves on instead of typing a tab)."""

    def __init__(self, placeholder: str, lines: int = 3, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        height = self.fontMetrics().lineSpacing() * lines + 12
        self.setFixedHeight(height)

    def set_items(self, items: list[str]) -> None:
        self.setPlainText("\n".join(items))

    def items(self) -> list[str]:
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]
