"""The referral feature in the main window, driven the way a person would."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication

from netdesk.domain import followups, interactions, referrals
from netdesk.domain.referrals import ReferralDraft
from netdesk.storage.models import FollowUp
from netdesk.ui.format import medium_date
from netdesk.ui.main_window import MainWindow
from netdesk.ui.referrals.introduce_dialog import IntroduceDialog
from netdesk.ui.referrals.models import MatchResultsModel
from netdesk.ui.referrals.status_dialog import StatusDialog
from tests.helpers import log, make_contact
from tests.ui.driving import answer, discard_question

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TODAY = dt.date.today()


@pytest.fixture
def network(db):
    ana = make_contact("Ana", "Realtor", offers=["Realtor"], organisation="Maple Realty")
    log(ana, "one_to_one", 5)
    log(ana, "promise_kept", 30)
    bob = make_contact("Bob", "Broker", offers=["Realtor"])
    cleo = make_contact("Cleo", "Client", needs=["a realtor"])
    return {"ana": ana, "bob": bob, "cleo": cleo}


def activate(window, qtbot):
    """Bring the window back to the front (a closed dialog leaves none active offscreen)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


@pytest.fixture
def window(network, db_path, qtbot):
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    activate(window, qtbot)
    return window


class DialogHandled(list):
    """The dialogs handled; ``check()`` re-raises what went wrong inside the handler."""

    error: BaseException | None = None

    def check(self) -> None:
        if self.error is not None:
            raise self.error
        assert self, "the dialog never showed"


def when_dialog(qtbot, kind, handle) -> DialogHandled:
    """Handle the next modal dialog of ``kind`` once it is up (it blocks its caller).

    The dialog is made the active window first, as a person's would be; a
    failure inside ``handle`` closes it, so the test fails instead of hanging.
    """
    seen = DialogHandled()

    def poll():
        dialog = QApplication.activeModalWidget()
        if not (isinstance(dialog, kind) and dialog.isVisible()):
            QTimer.singleShot(10, poll)
            return
        seen.append(dialog)
        try:
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow)
            handle(dialog)
        except BaseException as error:  # reported by check() in the test
            seen.error = error
            getattr(dialog, "discard", dialog.reject)()  # (closed without asking)

    QTimer.singleShot(0, poll)
    return seen


def rows(model):
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_match_introduce_ledger_won_and_undo(window, network, qtbot):
    feature = window.referral_feature
    match = feature.match
    ana, cleo = network["ana"], network["cleo"]

    # type a need, see the ranked rows
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_F, CTRL_SHIFT)
    assert match.need.hasFocus()
    qtbot.keyClicks(match.need, "realtors")
    qtbot.waitUntil(lambda: match.model.rowCount() == 2)
    ranked = rows(match.model)
    assert ranked[0][MatchResultsModel.CONTACT] == "Ana Realtor\nMaple Realty"
    assert ranked[1][MatchResultsModel.CONTACT] == "Bob Broker"
    assert "offers: Realtor" in ranked[0][MatchResultsModel.WHY]
    assert match.summary.text() == "2 people for “realtors”, best first."
    assert window.side_panel.currentWidget() is match

    # the person with the need, picked by name with completion
    match.for_contact.setFocus()
    qtbot.keyClicks(match.for_contact, "cle")
    popup = match.for_contact.completer_popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert match.for_contact.text() == "Cleo Client"
    assert match.for_contact.contact_id() == cleo
    qtbot.waitUntil(lambda: match.model.rowCount() == 2)

    # Introduce the first result
    match.view.setFocus()
    match.view.selectRow(0)

    def introduce(dialog):
        assert dialog.recipient.text() == "Cleo Client"
        assert dialog.need.text() == "realtors"
        qtbot.keyClicks(dialog.note, "they should talk")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)

    changed = []
    window.events.interactions_changed.connect(changed.append)
    seen = when_dialog(qtbot, IntroduceDialog, introduce)
    with qtbot.waitSignal(window.events.referrals_changed, timeout=1000, raising=False) as blocker:
        qtbot.keyClick(match.view, Qt.Key.Key_I, CTRL_SHIFT)
    seen.check()
    assert blocker.signal_triggered
    assert sorted(changed) == sorted([ana, cleo])

    # in the ledger, and on both people's interactions
    (referral,) = referrals.list_referrals()
    assert (referral.direction, referral.status, referral.note) == (
        "connected",
        "introduced",
        "they should talk",
    )
    assert [r.kind for r in interactions.list_interactions(ana)][-1] == "referral_given"
    assert [r.kind for r in interactions.list_interactions(cleo)] == ["favour_given"]
    activate(window, qtbot)
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_L, CTRL_SHIFT)
    ledger = feature.ledger
    assert window.side_panel.currentWidget() is ledger
    assert (
        rows(ledger.referrals_proxy)[0][1] == "You introduced Cleo Client to Ana Realtor — realtors"
    )
    assert "Given 1" in ledger.totals.text() and "won 0" in ledger.totals.text()
    assert ledger.chart.values()[-1] == (TODAY.strftime("%b"), 1, 0)
    assert ledger.current_referral_id() == referral.id
    # the match now shows the referral in Ana's reasons
    assert "referred once before: 1 open" in match.model.index(0, MatchResultsModel.WHY).data()

    # move it to won with a value
    def won(dialog):
        met = dialog.buttons["met"]
        assert met.isChecked() and met.hasFocus()
        qtbot.keyClick(met, Qt.Key.Key_Right)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
        assert dialog.status() == "won" and dialog.value.isEnabled()
        qtbot.keyClicks(dialog.value, "4000")
        qtbot.keyClick(dialog.value, Qt.Key.Key_Return)

    seen = when_dialog(qtbot, StatusDialog, won)
    ledger.referrals.setFocus()
    with qtbot.waitSignal(window.events.referrals_changed, timeout=1000, raising=False) as blocker:
        qtbot.keyClick(ledger.referrals, Qt.Key.Key_S, CTRL_SHIFT)
    seen.check()
    assert blocker.signal_triggered
    activate(window, qtbot)
    assert "won 1" in ledger.totals.text()
    assert "$4,000" in ledger.totals.text()
    assert rows(ledger.referrals_proxy)[0][2:] == ["Won", "$4,000"]
    assert [r.kind for r in interactions.list_interactions(ana)][-1] == "referral_closed"

    # undo, step by step
    qtbot.keyClick(ledger.referrals, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "won 0" in ledger.totals.text() and "$4,000" not in ledger.totals.text()
    assert referrals.get_referral(referral.id).status == "introduced"
    qtbot.keyClick(ledger.referrals, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert referrals.list_referrals() == []
    assert ledger.referrals_model.rowCount() == 0
    assert interactions.list_interactions(cleo) == []
    # and redo brings it back under the same id
    window.undo_stack.redo()
    assert [r.id for r in referrals.list_referrals()] == [referral.id]
    assert ledger.referrals_model.rowCount() == 1


def test_people_only_their_notes_connect_are_shown_apart_and_labelled(window, network, qtbot):
    make_contact("Nina", "Notes", notes="Her brother is a realtor in Guelph.")
    match = window.referral_feature.match
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.keyClicks(match.need, "realtor")
    qtbot.waitUntil(lambda: match.notes_model.rowCount() == 1)
    providers = [row[MatchResultsModel.CONTACT] for row in rows(match.model)]
    assert providers == ["Ana Realtor\nMaple Realty", "Bob Broker"]
    (noted,) = rows(match.notes_model)
    assert noted[MatchResultsModel.CONTACT] == "Nina Notes"
    assert "realtor in Guelph" in noted[MatchResultsModel.WHY]
    assert match.notes_view.isVisible() and match.notes_label.isVisible()
    assert match.notes_label.text().startswith("Also mentioned in notes")
    # below the providers
    assert match.notes_view.geometry().top() > match.view.geometry().bottom()
    # a need nobody's notes mention hides the section
    match.need.clear()
    qtbot.keyClicks(match.need, "plumber")
    qtbot.waitUntil(lambda: not match.notes_view.isVisible())
    assert match.notes_model.rowCount() == 0


def test_the_status_dialog_answers_a_request_from_elsewhere(window, network, qtbot):
    rid = referrals.record_referral(
        ReferralDraft("given", provider_id=network["bob"], need="a condo")
    ).referral_id

    def lost(dialog):
        assert set(dialog.buttons) == {"met", "won", "lost"}
        assert not dialog.value.isEnabled()
        dialog.set_status("lost")
        dialog.accept()

    seen = when_dialog(qtbot, StatusDialog, lost)
    with qtbot.waitSignal(window.events.referrals_changed, timeout=1000, raising=False) as blocker:
        window.events.referral_action_requested.emit(rid)
    seen.check()
    assert blocker.signal_triggered
    assert referrals.get_referral(rid).status == "lost"
    assert window.undo_stack.undoText() == "Move Referral to Lost"


def test_a_move_dated_in_the_future_is_said_and_the_dialog_keeps_open(window, network, qtbot):
    rid = referrals.record_referral(
        ReferralDraft("given", provider_id=network["bob"], need="a condo")
    ).referral_id
    later = TODAY + dt.timedelta(days=2)
    said = []

    def won_later(dialog):
        dialog.set_status("won")
        qtbot.keyClicks(dialog.value, "1500")
        dialog.date.setFocus()
        written = QLocale().toString(
            QDate(later.year, later.month, later.day), dialog.date.displayFormat()
        )
        qtbot.keyClicks(dialog.date, written)
        qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
        said.append(dialog.error.message())
        assert dialog.isVisible() and dialog.date.hasFocus()
        assert dialog.status() == "won" and dialog.value.text() == "1500"  # all kept
        dialog.date.set_day(TODAY)
        qtbot.keyClick(dialog.date, Qt.Key.Key_Return)

    seen = when_dialog(qtbot, StatusDialog, won_later)
    with qtbot.waitSignal(window.events.referrals_changed, timeout=1000, raising=False) as blocker:
        window.events.referral_action_requested.emit(rid)
    seen.check()
    assert blocker.signal_triggered
    assert said == [f"Date: {medium_date(later)} is in the future"]
    moved = referrals.get_referral(rid)
    assert (moved.status, moved.status_changed_on, moved.value) == ("won", TODAY, 1500)


def test_the_introduce_dialog_names_problems_and_keeps_open(window, network, qtbot):
    feature = window.referral_feature

    def bad_then_cancel(dialog):
        qtbot.keyClicks(dialog.recipient, "Nobody Known")
        dialog.accept()
        assert dialog.isVisible()
        assert "nobody called “Nobody Known”" in dialog.problems.text()
        dialog.recipient.set_contact(network["ana"], "Ana Realtor")
        dialog.accept()
        assert "referred to themselves" in dialog.problems.text()
        dialog.reject()  # what was typed is asked about first
        question = discard_question(qtbot, dialog)
        assert question is not None
        answer(qtbot, question, "Discard")

    seen = when_dialog(qtbot, IntroduceDialog, bad_then_cancel)
    feature.introduce(network["ana"])
    seen.check()
    assert referrals.list_referrals() == []
    assert window.undo_stack.count() == 0


def test_needs_attention_done_snooze_log_and_undo(window, network, qtbot):
    late = make_contact("Lou", "Late", cadence_days=30)
    log(late, "call", 45)
    FollowUp.create(contact=network["bob"], reason="event", due_on=TODAY, note="Send slides")
    window.events.contacts_changed.emit([late])
    feature = window.referral_feature
    pane = feature.attention
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_A, CTRL_SHIFT)
    assert window.side_panel.currentWidget() is pane
    assert [r[0] for r in rows(pane.proxy)] == ["Lou Late", "Bob Broker"]
    assert pane.heading.text() == "2 items need attention, oldest first."
    assert pane.current_item().contact_name == "Lou Late"
    assert "every 30 days" in pane.detail.text()

    # done, then undo
    qtbot.keyClick(pane.view, Qt.Key.Key_O, CTRL_SHIFT)
    assert [r[0] for r in rows(pane.proxy)] == ["Bob Broker"]
    window.undo_stack.undo()
    assert [r[0] for r in rows(pane.proxy)] == ["Lou Late", "Bob Broker"]

    # snooze a week
    pane.view.selectRow(1)
    qtbot.keyClick(pane.view, Qt.Key.Key_W, CTRL_SHIFT)
    assert [r[0] for r in rows(pane.proxy)] == ["Lou Late"]
    assert followups.needs_attention(TODAY + dt.timedelta(days=7))[-1].contact_name == "Bob Broker"

    # log a coffee straight from the list
    def coffee(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("one_to_one"))
        qtbot.keyClicks(dialog.note, "coffee at last")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)

    from netdesk.ui.dialogs.interaction_dialog import InteractionDialog

    seen = when_dialog(qtbot, InteractionDialog, coffee)
    with qtbot.waitSignal(
        window.events.interactions_changed, timeout=1000, raising=False
    ) as blocker:
        qtbot.keyClick(pane.view, Qt.Key.Key_G, CTRL_SHIFT)
    seen.check()
    assert blocker.signal_triggered
    activate(window, qtbot)
    assert pane.model.rowCount() == 0
    assert pane.heading.text() == "Nobody needs attention today."
    assert interactions.list_interactions(late)[-1].note == "coffee at last"
    assert not feature.done_action.isEnabled()
    window.undo_stack.undo()
    assert [r[0] for r in rows(pane.proxy)] == ["Lou Late"]
    assert [r.kind for r in interactions.list_interactions(late)] == ["call"]


def test_reverse_view_follows_the_selected_contact(window, network, qtbot):
    feature = window.referral_feature
    window.contact_list.select_contact(network["ana"])
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_C, CTRL_SHIFT)
    pane = feature.reverse
    assert window.side_panel.currentWidget() is pane
    qtbot.waitUntil(lambda: "Ana Realtor" in pane.heading.text())
    assert pane.rows() == [("Cleo Client", "needs: a realtor")]
    window.contact_list.select_contact(network["cleo"])
    qtbot.waitUntil(lambda: "Cleo Client" in pane.heading.text())
    assert [who for who, _ in pane.rows()] == ["Ana Realtor", "Bob Broker"]

    # introduce from here: Ana to Cleo, for Cleo's need
    pane.tree.setCurrentItem(pane.tree.topLevelItem(1).child(0).child(0))
    assert pane.current_intro() == (network["ana"], network["cleo"], "a realtor")

    def accept(dialog):
        assert dialog.recipient.contact_id() == network["cleo"]
        dialog.accept()

    seen = when_dialog(qtbot, IntroduceDialog, accept)
    qtbot.keyClick(pane.tree, Qt.Key.Key_I, CTRL_SHIFT)
    seen.check()
    (referral,) = referrals.list_referrals()
    assert (referral.provider_id, referral.recipient_id, referral.need) == (
        network["ana"],
        network["cleo"],
        "a realtor",
    )
    assert "You have introduced Cleo to 1 contact" in pane.heading.text()


def test_synonym_edits_apply_and_undo(window, network, qtbot):
    make_contact("Hugo", "Handy", offers=["odd jobs"])
    feature = window.referral_feature
    feature.show_match()
    match = feature.match
    match.set_need("a fixer")
    assert match.model.rowCount() == 0

    from netdesk.ui.referrals.synonyms_dialog import SynonymsDialog

    def edit(dialog):
        dialog.editor.moveCursor(dialog.editor.textCursor().MoveOperation.End)
        qtbot.keyClicks(dialog.editor, "fixer = odd jobs")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.editor, "broken line =")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
        dialog.accept()
        assert "line #" in dialog.problems.text() and "nothing after" in dialog.problems.text()
        text = dialog.editor.toPlainText().replace("broken line =\n", "")
        dialog.editor.setPlainText(text)
        dialog.accept()

    seen = when_dialog(qtbot, SynonymsDialog, edit)
    match.synonyms_button.click()
    seen.check()
    assert [r[1] for r in rows(match.model)] == ["Hugo Handy"]
    window.undo_stack.undo()
    assert match.model.rowCount() == 0


def test_the_menu_lists_every_action_with_its_shortcut(window):
    feature = window.referral_feature
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&View") < titles.index("&Referrals") < titles.index("&Help")
    shortcuts = {
        a.text(): a.shortcut().toString()
        for a in feature.menu.actions() + feature.snooze_menu.actions()
        if not a.isSeparator() and a.menu() is None
    }
    assert shortcuts["&Match a Need"] == "Ctrl+Shift+F"
    assert shortcuts["&Introduce…"] == "Ctrl+Shift+I"
    assert shortcuts["Move Referral &Along…"] == "Ctrl+Shift+S"
    assert shortcuts["Givers-Gain &Ledger"] == "Ctrl+Shift+L"
    assert shortcuts["Mark &Done"] == "Ctrl+Shift+O"
    assert shortcuts["&Snooze a Week"] == "Ctrl+Shift+W"
    assert shortcuts["Lo&g Interaction…"] == "Ctrl+Shift+G"
    tabs = [window.side_panel.tabText(i) for i in range(window.side_panel.count())]
    start = tabs.index("Match")
    assert tabs[start : start + 4] == ["Match", "For Contact", "Ledger", "Attention"]
