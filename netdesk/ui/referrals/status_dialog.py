"""Moving a referral along: the next status, the day, and the value when won."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.referrals import STATUSES, ReferralRow, next_statuses
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.format import medium_date
from netdesk.ui.unsaved import FormDialog
from netdesk.ui.widgets.date_edit import DateEdit
from netdesk.ui.widgets.error_label import ErrorLabel
from netdesk.ui.window_layout import fit_wrapped_text

_MNEMONIC = {"introduced": "&Introduced", "met": "&Met", "won": "&Won", "lost": "&Lost"}


class StatusDialog(FormDialog):
    """Returns ``(status, on, value)`` through ``choice()``; writes nothing itself."""

    def __init__(self, referral: ReferralRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move Referral Along")
        self.setObjectName("statusDialog")
        self._referral = referral
        summary = QLabel(referral.summary(), self)
        summary.setWordWrap(True)
        since = referral.status_changed_on or referral.referred_on
        current = QLabel(f"{STATUSES[referral.status]} since {medium_date(since)}", self)

        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for status in next_statuses(referral.status):
            button = QRadioButton(_MNEMONIC.get(status, STATUSES[status]), self)
            button.setObjectName(f"status_{status}")
            self.group.addButton(button)
            self.buttons[status] = button
            row.addWidget(button)
        row.addStretch(1)
        self.value = QLineEdit(self)
        self.value.setObjectName("statusValue")
        self.value.setPlaceholderText("value of the business, if known")
        validator = QDoubleValidator(0.0, 1e12, 2, self)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        validator.setLocale(QLocale.c())
        self.value.setValidator(validator)
        self.date = DateEdit(dt.date.today(), self, latest=dt.date.today(), earliest=since)
        self.date.setObjectName("statusDate")

        form = QFormLayout()
        form.addRow("Referral", summary)
        form.addRow("Now", current)
        form.addRow("Move to", row)
        form.addRow("&Value ($)", self.value)
        form.addRow("&Date", self.date)
        box = dialog_buttons(self, "Move Along")
        self.ok = box.accept_button
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(box)

        self.group.buttonToggled.connect(self.on_status_toggled)
        if self.buttons:
            next(iter(self.buttons.values())).setChecked(True)
        self.on_status_toggled()
        self.resize(440, self.sizeHint().height())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_wrapped_text(self)

    def accept(self) -> None:
        if not self.date.refused(self.error):  # (else said here, all chosen kept)
            super().accept()

    def status(self) -> str | None:
        for status, button in self.buttons.items():
            if button.isChecked():
                return status
        return None

    def choice(self) -> tuple[str, dt.date, float | None]:
        status = self.status()
        text = self.value.text().strip().replace(",", "")
        value = float(text) if status == "won" and text else None
        on = self.date.day()
        return status, on, value

    def on_status_toggled(self, *args) -> None:
        won = self.status() == "won"
        self.value.setEnabled(won)
        self.ok.setEnabled(self.status() is not None)
        if won:
            self.value.setFocus()

    def set_status(self, status: str) -> None:
        self.buttons[status].setChecked(True)
