"""The introduction email from Introduce and from a referral, driven as a person would:
the mailto: URL the mail program receives, the clipboard when none answers, and the
referral recorded only once the email is marked sent."""

import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication

from netdesk.domain import interactions, referrals
from netdesk.domain.referrals import ReferralDraft
from netdesk.ui.introductions.email_dialog import IntroductionEmailDialog
from netdesk.ui.main_window import MainWindow
from netdesk.ui.referrals.introduce_dialog import IntroduceDialog
from tests.helpers import make_contact
from tests.ui.test_referrals_ui import activate, when_dialog

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


class MailProgram(QObject):
    """Stands where the desktop's mailto: handler is: takes the URLs netdesk opens."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def compose(self, url: QUrl) -> None:
        self.urls.append(bytes(url.toEncoded()).decode("ascii"))


@pytest.fixture
def mail_program():
    program = MailProgram()
    QDesktopServices.setUrlHandler("mailto", program, "compose")
    yield program
    QDesktopServices.unsetUrlHandler("mailto")


@pytest.fixture
def network(db):
    ben = make_contact(
        "Ben", "Reid", offers=["Realtor"], organisation="Reid Realty", emails=["BEN@reid.example"]
    )
    ana = make_contact("Ana", "Bennett", emails=["ana@example.com"], needs=["a realtor"])
    cleo = make_contact("Cleo", "Nomail", needs=["a realtor"])
    return {"ben": ben, "ana": ana, "cleo": cleo}


@pytest.fixture
def window(network, db_path, qtbot):
    window = MainWindow(db_path, remember_layout=False)
    qtbot.addWidget(window)
    window.show()
    activate(window, qtbot)
    return window


def mailto_parts(url: str):
    split = urlsplit(url)
    fields = {k: v[0] for k, v in parse_qs(split.query).items()}
    return [unquote(a) for a in split.path.split(",") if a], fields


def introduce_by_email(window, qtbot, recipient: str, handle_draft) -> list:
    """Match "realtor", pick the recipient, Introduce, Write Email…, then ``handle_draft``."""
    match = window.referral_feature.match
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.keyClicks(match.need, "a realtor")
    qtbot.waitUntil(lambda: match.model.rowCount() >= 1)
    match.view.setFocus()
    match.view.selectRow(0)

    def introduce(dialog):
        dialog.recipient.setFocus()
        qtbot.keyClicks(dialog.recipient, recipient)
        popup = dialog.recipient.completer_popup()
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        drafts = when_dialog(qtbot, IntroductionEmailDialog, handle_draft)
        seen.append(drafts)
        qtbot.keyClick(dialog, Qt.Key.Key_W, ALT)  # Write Email…

    seen: list = []
    outer = when_dialog(qtbot, IntroduceDialog, introduce)
    qtbot.keyClick(match.view, Qt.Key.Key_I, CTRL_SHIFT)
    outer.check()
    seen[0].check()
    return seen[0]


def test_write_email_opens_the_mail_program_and_mark_introduced_records_it(
    window, network, qtbot, mail_program
):
    said = {}

    def draft(dialog):
        assert dialog.to.text() == "Ana Bennett <ana@example.com>, Ben Reid <BEN@reid.example>"
        assert dialog.missing.message() == ""
        assert dialog.open_button.isDefault()
        qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # Open in Mail App
        qtbot.waitUntil(lambda: dialog.handed_to == "mail")
        said["status"] = dialog.status.text()
        assert dialog.mark_button.isDefault()  # the next step: it was sent
        qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)  # Mark Introduced

    introduce_by_email(window, qtbot, "ana", draft)
    (url,) = mail_program.urls
    to, fields = mailto_parts(url)
    assert to == ["ana@example.com", "BEN@reid.example"]
    assert fields["subject"] == "Introduction: Ana Bennett, meet Ben Reid (a realtor)"
    assert " " not in url and "%0D%0A" in url
    assert "Ben is who I would call: they offer Realtor; Reid Realty." in fields["body"]
    assert "open in your mail program" in said["status"]

    (referral,) = referrals.list_referrals()
    assert (referral.status, referral.referred_on) == ("introduced", dt.date.today())
    assert (referral.provider_id, referral.recipient_id) == (network["ben"], network["ana"])
    assert [i.kind for i in interactions.list_interactions(network["ben"])] == ["referral_given"]
    # undoable like any introduction
    activate(window, qtbot)
    window.undo_stack.undo()
    assert referrals.list_referrals() == []


def test_without_a_mail_program_the_draft_goes_to_the_clipboard(window, network, qtbot):
    said = {}

    def draft(dialog):
        assert "Cleo Nomail has no email address in netdesk" in dialog.missing.message()
        qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)
        qtbot.waitUntil(lambda: dialog.handed_to == "clipboard")
        said["status"] = dialog.status.text()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closed without marking it sent

    introduce_by_email(window, qtbot, "cleo", draft)
    assert "No mail program answers mailto: links" in said["status"]
    text = QGuiApplication.clipboard().text()
    assert text.startswith("To: BEN@reid.example\nSubject: Introduction: Cleo Nomail, meet Ben")
    assert "[Note: Cleo Nomail has no email address in netdesk." in text
    # not marked sent: nothing recorded
    assert referrals.list_referrals() == []
    assert "not recorded" in window.statusBar().currentMessage()


def test_a_suggested_referral_moves_to_introduced_from_the_ledger_menu(
    window, network, qtbot, mail_program
):
    recorded = referrals.record_referral(
        ReferralDraft(
            "connected",
            provider_id=network["ben"],
            recipient_id=network["ana"],
            need="a realtor",
            status="suggested",
            referred_on=dt.date.today() - dt.timedelta(days=3),
        )
    )
    window.events.referrals_changed.emit()
    feature = window.referral_feature
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_L, CTRL_SHIFT)
    assert feature.ledger.current_referral_id() == recorded.referral_id
    menu = feature.ledger.context_menu()
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Move Referral &Along…", "Write Introduction &Email…"]
    assert feature.email_action.isEnabled()

    def draft(dialog):
        qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)
        qtbot.waitUntil(lambda: dialog.handed_to == "mail")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Mark Introduced, now default

    seen = when_dialog(qtbot, IntroductionEmailDialog, draft)
    feature.email_action.trigger()
    seen.check()
    assert len(mail_program.urls) == 1
    row = referrals.get_referral(recorded.referral_id)
    assert (row.status, row.status_changed_on) == ("introduced", dt.date.today())
    window.undo_stack.undo()
    assert referrals.get_referral(recorded.referral_id).status == "suggested"
