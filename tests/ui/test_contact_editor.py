"""The contact editor on its own: every field in and out, checks where they were typed."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from netdesk.domain import contacts
from netdesk.domain.contact_card import load_card
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.ui.contact_actions import find_contacts
from netdesk.ui.dialogs.contact_editor import ContactEditorDialog
from netdesk.ui.panes.contact_detail_pane import facts_of
from tests.helpers import make_contact

Key = Qt.Key
# a completer popup asks the headless platform for things it cannot do; harmless
POPUP_WARNINGS = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)

FULL = ContactDraft(
    given_name="Ana",
    family_name="Lee",
    display_name="Dr. Ana Lee",
    organisation="Lee Books",
    title="Bookkeeper",
    city="Waterloo",
    notes="Prefers mornings.\nDog named Biscuit.",
    how_we_met="March breakfast",
    introduced_by_id=None,
    networking_style="referral_partner",
    cadence_days=30,
    emails=[Labelled("ana@leebooks.ca", "work"), Labelled("ana@example.com", "home")],
    phones=[Labelled("+1 519 555 0199", "mobile")],
    urls=[Labelled("https://leebooks.ca", "website")],
    tags=["Breakfast club", "client"],
    offers=["bookkeeping", "payroll"],
    needs=["a web designer"],
)


def editor_for(qtbot, draft, **kwargs):
    kwargs.setdefault("validate", lambda d: contacts.validate(d))
    kwargs.setdefault("find_contacts", find_contacts)
    kwargs.setdefault("known_tags", contacts.all_tags())
    dialog = ContactEditorDialog(draft, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_every_field_goes_in_and_comes_back_unchanged(db, qtbot):
    sam = make_contact("Sam", "Ray")
    draft = ContactDraft(**{**FULL.__dict__, "introduced_by_id": sam})
    dialog = editor_for(qtbot, draft, introduced_by_name="Sam Ray")
    assert dialog.display_name.text() == "Dr. Ana Lee"
    assert dialog.introduced_by.text() == "Sam Ray"
    assert dialog.cadence.value() == 30
    assert dialog.draft() == draft


def test_a_derived_display_name_is_left_empty_to_follow_the_name(db, qtbot):
    dialog = editor_for(qtbot, ContactDraft("Ana", "Lee", display_name="Ana Lee"))
    assert dialog.display_name.text() == ""
    dialog.family_name.setText("Park")
    assert dialog.draft().shown_name() == "Ana Park"


def test_a_phone_without_digits_is_flagged_under_it_and_blocks_saving(db, qtbot):
    dialog = editor_for(qtbot, ContactDraft("Ana"))
    phone = dialog.phones.rows()[0].value
    phone.setFocus()
    qtbot.keyClicks(phone, "ask Ana")
    press_tab(qtbot, phone)
    assert "“ask Ana” is not a phone number" in dialog.error_text("phones#0")
    # the other lists say nothing
    assert dialog.error_text("emails#0") == ""
    dialog.save_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    phone.selectAll()
    qtbot.keyClicks(phone, "519 555 0123")
    assert dialog.error_text("phones#0") == ""
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.draft().phones == [Labelled("519 555 0123", "mobile")]


def press_tab(qtbot, widget):
    qtbot.keyClick(widget, Key.Key_Tab)


def test_the_second_of_several_emails_gets_its_own_message(db, qtbot):
    dialog = editor_for(qtbot, ContactDraft("Ana", emails=[Labelled("ana@a.ca")]))
    dialog.emails.add_button.click()
    second = dialog.emails.rows()[1].value
    assert second.hasFocus()
    qtbot.keyClicks(second, "not-an-email")
    press_tab(qtbot, second)
    assert dialog.error_text("emails#0") == ""
    assert "“not-an-email”" in dialog.error_text("emails#1")
    # removing the bad line removes the problem with it
    dialog.emails.rows()[1].remove.click()
    assert dialog.draft().emails == [Labelled("ana@a.ca", "work")]
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_blank_lines_are_ignored(db, qtbot):
    dialog = editor_for(qtbot, ContactDraft("Ana"))
    dialog.emails.add_button.click()
    dialog.offers.setPlainText("bookkeeping\n\n  payroll  \n")
    draft = dialog.draft()
    assert draft.emails == [] and draft.phones == []
    assert draft.offers == ["bookkeeping", "payroll"]


@POPUP_WARNINGS
def test_introduced_by_is_picked_from_suggestions_by_keyboard(db, qtbot):
    sam = make_contact("Sam", "Ray", organisation="Ray Print")
    make_contact("Samira", "Ode")
    dialog = editor_for(qtbot, ContactDraft("Ana"))
    picker = dialog.introduced_by
    picker.setFocus()
    qtbot.keyClicks(picker, "sam r")
    popup = picker.completer_popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    assert popup.model().index(0, 0).data() == "Sam Ray — Ray Print"
    qtbot.keyClick(popup, Key.Key_Down)
    qtbot.keyClick(popup, Key.Key_Return)
    assert picker.text() == "Sam Ray — Ray Print"
    assert dialog.draft().introduced_by_id == sam


def test_introduced_by_typed_but_not_picked_is_a_problem(db, qtbot):
    make_contact("Sam", "Ray")
    dialog = editor_for(qtbot, ContactDraft("Ana"))
    dialog.introduced_by.setFocus()
    qtbot.keyClicks(dialog.introduced_by, "Nobody")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.error_text("introduced_by_id").startswith("pick a contact")
    dialog.introduced_by.clear()
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.draft().introduced_by_id is None


def test_a_contact_cannot_be_found_as_its_own_introducer(db):
    ana = make_contact("Ana", "Lee")
    make_contact("Ana", "Park")
    assert [label for _, label in find_contacts("ana", exclude=ana)] == ["Ana Park"]


@POPUP_WARNINGS
def test_tags_complete_the_word_being_typed(db, qtbot):
    make_contact("Ben", tags=["Waterloo Business Breakfast", "client"])
    dialog = editor_for(qtbot, ContactDraft("Ana"))
    tags = dialog.tags
    tags.setFocus()
    qtbot.keyClicks(tags, "client, water")
    popup = tags.completer_popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Key.Key_Down)
    qtbot.keyClick(popup, Key.Key_Return)
    assert tags.text() == "client, Waterloo Business Breakfast,"
    assert dialog.draft().tags == ["client", "Waterloo Business Breakfast"]


def test_style_and_cadence(db, qtbot):
    dialog = editor_for(qtbot, ContactDraft("Ana"))
    assert dialog.cadence.text() == "no cadence"
    dialog.cadence.setValue(45)
    dialog.networking_style.setCurrentIndex(dialog.networking_style.findData("soft_sell"))
    draft = dialog.draft()
    assert (draft.cadence_days, draft.networking_style) == (45, "soft_sell")


@pytest.mark.parametrize(("typed", "shown"), [("1", "1 day"), ("14", "14 days"), ("21", "21 days")])
def test_cadence_typed_reads_as_days(db, qtbot, typed, shown):
    """Typed into the cadence, "1" reads "1 day", and a second digit lands after the first."""
    dialog = editor_for(qtbot, ContactDraft("Ana"))
    dialog.cadence.setFocus()
    dialog.cadence.lineEdit().selectAll()
    qtbot.keyClicks(dialog.cadence, typed)
    assert dialog.cadence.text() == shown
    assert dialog.draft().cadence_days == int(typed)


def test_cadence_said_in_days_on_the_card(db):
    for cadence, said in ((1, "keep in touch every 1 day"), (30, "keep in touch every 30 days")):
        contact_id = make_contact("Ana", f"Lee{cadence}", cadence_days=cadence)
        assert dict(facts_of(load_card(contact_id)))["Style"] == said
