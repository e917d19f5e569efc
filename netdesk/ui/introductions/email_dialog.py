"""The introduction email draft: read it, touch it up, hand it to the mail program.

**Open in Mail App** hands the draft to the desktop's ``mailto:`` handler
(``QDesktopServices.openUrl``: xdg-open on Linux, Launch Services on macOS, the
default mail app on Windows); when nothing answers, the draft goes to the
clipboard instead and the dialog says so. **Copy** puts it on the clipboard
in any case. Sending is the mail program's job: **Mark Introduced** says it
went out, and the dialog is accepted (whoever opened it records that).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import introductions
from netdesk.domain.introductions import IntroductionEmail
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.widgets.error_label import ErrorLabel
from netdesk.ui.window_layout import SCREEN_SHARE, available_rect


def _to_text(email: IntroductionEmail) -> str:
    people = (email.recipient, email.provider)
    return ", ".join(f"{p.name} <{p.email}>" for p in people if p.email)


class IntroductionEmailDialog(QDialog):
    """``exec()`` is Accepted when the person says the email went out (Mark Introduced);
    ``can_mark=False`` (a referral introduced already) leaves that button out."""

    def __init__(
        self, email: IntroductionEmail, parent: QWidget | None = None, *, can_mark: bool = True
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Introduction Email")
        self.setObjectName("introductionEmailDialog")
        self._email = email
        # what was last handed over: "mail" (the mail program took it), "clipboard"
        self.handed_to = ""

        self.to = QLineEdit(_to_text(email) or "(nobody: no email address for either)", self)
        self.to.setObjectName("introductionTo")
        self.to.setReadOnly(True)
        self.to.setCursorPosition(0)  # (the first name in view, not the end of the last)
        self.to.setToolTip(self.to.text())
        self.subject = QLineEdit(email.subject, self)
        self.subject.setObjectName("introductionSubject")
        self.body = QPlainTextEdit(email.body, self)
        self.body.setObjectName("introductionBody")
        self.body.setTabChangesFocus(True)
        self.missing = ErrorLabel(self)
        self.missing.setObjectName("introductionMissing")
        if email.missing:
            names = " and ".join(p.name for p in email.missing)
            verb = "has" if len(email.missing) == 1 else "have"
            self.missing.set_message(
                f"{names} {verb} no email address in netdesk: the draft says so at its top."
            )
        self.status = QLabel(self)
        self.status.setObjectName("introductionStatus")
        self.status.setWordWrap(True)
        self.status.setText(
            "Open in Mail App starts an email in your mail program; nothing is sent from here."
        )

        form = QFormLayout()
        form.addRow("To", self.to)
        form.addRow("&Subject", self.subject)
        form.addRow("&Text", self.body)
        # the draft's own actions, under it; the dialog's outcome at its foot
        self.open_button = QPushButton("&Open in Mail App", self)
        self.open_button.setObjectName("openInMailButton")
        self.open_button.setAutoDefault(True)
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setObjectName("copyIntroductionButton")
        hand_over = QHBoxLayout()
        hand_over.addWidget(self.open_button)
        hand_over.addWidget(self.copy_button)
        hand_over.addStretch(1)
        self.buttons = dialog_buttons(self, "Mark &Introduced", "Close")
        self.mark_button = self.buttons.accept_button
        self.mark_button.setObjectName("markIntroducedButton")
        self.mark_button.setVisible(can_mark)
        # the first step is the mail program; marking comes once it is sent
        self.mark_button.setDefault(False)
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self.open_in_mail)
        self.copy_button.clicked.connect(self.copy)

        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.missing)
        layout.addLayout(hand_over)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        area = available_rect(parent or self)
        self.resize(
            min(640, int(area.width() * SCREEN_SHARE)),
            min(520, int(area.height() * SCREEN_SHARE)),
        )
        self.open_button.setFocus()

    def email(self) -> IntroductionEmail:
        """The draft as it stands (the subject and text as edited here)."""
        return replace(self._email, subject=self.subject.text(), body=self.body.toPlainText())

    def url(self) -> QUrl:
        """The ``mailto:`` URL, exactly as the domain percent-encoded it."""
        return QUrl.fromEncoded(introductions.mailto_url(self.email()).encode("ascii"))

    def open_in_mail(self) -> bool:
        """Hand the draft to the mail program; on the clipboard when none answers."""
        if QDesktopServices.openUrl(self.url()):
            self.handed_to = "mail"
            self._after("The draft is open in your mail program.")
            return True
        self._to_clipboard()
        self._after(
            "No mail program answers mailto: links on this computer, so the draft (To, "
            "Subject and text) is on the clipboard: paste it into a new email."
        )
        return False

    def copy(self) -> None:
        self._to_clipboard()
        self._after("The draft (To, Subject and text) is on the clipboard.")

    def _to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(introductions.clipboard_text(self.email()))
        self.handed_to = "clipboard"

    def _after(self, said: str) -> None:
        if self.mark_button.isVisible():
            said += " Once it is sent, Mark Introduced records the introduction today."
            self.open_button.setDefault(False)
            self.mark_button.setDefault(True)
            self.mark_button.setFocus()
        self.status.setText(said)
