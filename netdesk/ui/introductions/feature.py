"""Introduction emails in the window: from Introduce, and from a referral in the ledger.

The draft comes from the domain (``netdesk.domain.introductions``: the user's
template, filled); the dialog hands it to the mail program. Nothing is
recorded unless the person says the email went out: then Introduce records
the referral as introduced today, and a referral still *suggested* moves to
*introduced* (both undoable, through the referral feature).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from netdesk.domain import introductions
from netdesk.domain.introductions import IntroductionEmail
from netdesk.domain.referrals import ReferralRow
from netdesk.ui.failures import complain


class IntroductionFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        # the dialog open now (tests and the screenshot reach it here)
        self.dialog = None

    def draft(self, recipient_id: int, provider_id: int, need: str) -> IntroductionEmail | None:
        try:
            return introductions.draft_introduction(recipient_id, provider_id, need)
        except Exception as exc:
            if not complain(self.window, "Could not write the introduction email", exc):
                raise
            return None

    def show_draft(self, email: IntroductionEmail, *, can_mark: bool = True):
        """The draft dialog, open (not modal to the caller's code): ``finished`` says how."""
        from netdesk.ui.introductions.email_dialog import IntroductionEmailDialog

        dialog = IntroductionEmailDialog(email, self.window, can_mark=can_mark)
        self.dialog = dialog
        return dialog

    def confirm_sent(self, recipient_id: int, provider_id: int, need: str) -> bool:
        """Show the draft; True when the person marks the introduction made."""
        email = self.draft(recipient_id, provider_id, need)
        if email is None:
            return False
        dialog = self.show_draft(email)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog = None
        dialog.deleteLater()
        if not accepted:
            self.window.statusBar().showMessage(
                "Introduction not recorded: Introduce again once the email is sent.", 8000
            )
        return accepted

    def for_referral(self, row: ReferralRow) -> bool:
        """The email for a referral already recorded; True when it should now move to
        introduced (it was suggested, and the person marked it sent)."""
        if row.provider_id is None or row.recipient_id is None:
            return False
        email = self.draft(row.recipient_id, row.provider_id, row.need)
        if email is None:
            return False
        dialog = self.show_draft(email, can_mark=row.status == "suggested")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog = None
        dialog.deleteLater()
        return accepted and row.status == "suggested"


def install(window) -> IntroductionFeature:
    feature = IntroductionFeature(window)
    window.introductions = feature
    return feature
