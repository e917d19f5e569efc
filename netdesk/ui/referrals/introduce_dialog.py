"""The Introduce dialog: who gets introduced to whom, for what need, with a note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.referrals import ReferralDraft
from netdesk.domain.validation import ValidationError
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.unsaved import FormDialog
from netdesk.ui.widgets.date_edit import DateEdit
from netdesk.ui.widgets.suggestions import ContactPicker, Suggestion


class IntroduceDialog(FormDialog):
    """Returns a ``ReferralDraft`` (``draft()``); it never writes anything itself.

    ``check`` is the domain's validation, run on OK so problems show here.
    **Write Email…** accepts it too, with ``by_email`` set: the introduction is
    then made by email, and recorded once the person says it went out.
    """

    def __init__(
        self,
        provider_id: int,
        provider_label: str,
        search: Callable[[str], list[Suggestion]],
        check: Callable[[ReferralDraft], None],
        *,
        need: str = "",
        recipient: tuple[int, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Introduce")
        self.setObjectName("introduceDialog")
        self._provider_id = provider_id
        self._check = check
        self.by_email = False

        self.provider = QLabel(f"<b>{provider_label}</b>", self)
        self.recipient = ContactPicker(search, self)
        self.recipient.setObjectName("introduceRecipient")
        self.recipient.setPlaceholderText("Who needs them (blank: someone outside netdesk)")
        if recipient:
            self.recipient.set_contact(*recipient)
        self.need = QLineEdit(need, self)
        self.need.setObjectName("introduceNeed")
        self.need.setPlaceholderText("What is needed")
        self.note = QLineEdit(self)
        self.note.setObjectName("introduceNote")
        self.note.setPlaceholderText("A line to remember it by (optional)")
        self.date = DateEdit(dt.date.today(), self, latest=dt.date.today())
        self.problems = QLabel(self)
        self.problems.setObjectName("introduceProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c0392b")
        self.problems.hide()

        form = QFormLayout()
        form.addRow("Introduce", self.provider)
        form.addRow("&To", self.recipient)
        form.addRow("&Need", self.need)
        form.addRow("N&ote", self.note)
        form.addRow("&Date", self.date)
        buttons = dialog_buttons(self, "&Introduce")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.email_button = buttons.add("&Write Email…")
        self.email_button.setObjectName("introduceByEmail")
        self.email_button.setToolTip(
            "An email introducing them to each other, in your mail program; the referral is "
            "recorded once you say it was sent"
        )
        self.email_button.clicked.connect(self.accept_by_email)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        (self.need if recipient else self.recipient).setFocus()

    def draft(self) -> ReferralDraft:
        recipient = self.recipient.contact_id()
        return ReferralDraft(
            "connected" if recipient else "given",
            provider_id=self._provider_id,
            recipient_id=recipient,
            need=self.need.text().strip(),
            note=self.note.text().strip(),
            referred_on=self.date.day(),
            status="introduced",
        )

    def accept_by_email(self) -> None:
        if self.recipient.contact_id() is None and not self.recipient.text().strip():
            self._show("To: an introduction email needs the person with the need; pick them")
            return
        self.by_email = True
        self.accept()
        if self.result() != QDialog.DialogCode.Accepted:
            self.by_email = False

    def accept(self) -> None:
        if self.recipient.text().strip() and self.recipient.contact_id() is None:
            self._show(f"To: nobody called “{self.recipient.text().strip()}”; pick from the list")
            return
        try:
            self._check(self.draft())
        except ValidationError as error:
            self._show(str(error))
            return
        super().accept()

    def _show(self, message: str) -> None:
        self.problems.setText(message)
        self.problems.show()
