"""Quick capture driven the way a person at the venue drives it: keys only."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.domain import contacts, events, interactions
from netdesk.storage.models import Contact, Interaction
from tests.helpers import make_contact

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

# ASCII only: QTest cannot type letters outside it
PEOPLE = [
    ("Priya Raman", "Raman Bakery", "wedding cakes, catering", "a bookkeeper", "coffee urn"),
    ("Tom Becker", "Becker Plumbing", "plumbing", "a web developer", ""),
    ("Mei Lin", "Lin Design", "logo design", "a printer", "left early"),
    ("Omar Haddad", "Haddad Law", "wills and estates", "", "knows Ana"),
    ("Sara Nilsson", "Nilsson Photo", "headshots", "a realtor", ""),
    ("Kofi Mensah", "Mensah IT", "network setup", "new office clients", "call next week"),
    ("Lena Vogel", "Vogel Coaching", "sales training", "", ""),
    ("Raj Patel", "Patel Insurance", "home insurance", "a mortgage broker", "two kids"),
    ("Ines Romero", "Romero Words", "copywriting", "a web developer", ""),
    ("Bruno Silva", "Silva Renovations", "kitchen remodels", "a home inspector", "loud tie"),
]


def open_capture(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)
    capture = window.meetup.capture_window()
    qtbot.waitUntil(capture.isVisible)
    capture.activateWindow()
    qtbot.waitUntil(capture.isActiveWindow)
    qtbot.waitUntil(lambda: capture.fields["name"].hasFocus())
    return capture


def type_here(qtbot, text):
    if text:
        qtbot.keyClicks(QApplication.focusWidget(), text)


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def type_person(qtbot, name, business="", offers="", needs="", note="", email=""):
    """Name, Tab, email, Tab, business, Tab, offers, Tab, needs, Tab, note."""
    for value in (name, email, business, offers, needs):
        type_here(qtbot, value)
        press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, note)


def test_ten_people_in_a_row_by_keyboard_alone(today_event, window, qtbot):
    capture = open_capture(window, qtbot)
    for number, (name, business, offers, needs, note) in enumerate(PEOPLE, 1):
        type_person(qtbot, name, business, offers, needs, note)
        press(qtbot, Qt.Key.Key_Return)
        # saved the moment Enter is pressed, and the form is ready for the next person
        assert Contact.select().count() == number
        assert capture.fields["name"].hasFocus()
        assert all(edit.text() == "" for edit in capture.fields.values())
    met = Interaction.select().where(
        (Interaction.event == today_event) & (Interaction.kind == "met")
    )
    assert met.count() == 10
    assert {contacts.contact_name(i.contact_id) for i in met} == {p[0] for p in PEOPLE}
    assert capture.count_label.text() == "10 people captured · 10 at this event"
    recent = capture.recent_model
    assert [recent.index(row, 1).data() for row in range(3)] == [
        "Bruno Silva",
        "Ines Romero",
        "Raj Patel",
    ]
    priya = Contact.get(Contact.display_name == "Priya Raman")
    assert contacts.load_contact(priya.id).offers == ["wedding cakes", "catering"]
    assert interactions.list_interactions(priya.id)[0].note == "coffee urn"
    # the rest of the window heard about it
    assert window.contact_list.model.total == 10
    qtbot.waitUntil(lambda: window.meetup.events_pane.view.attendee_model.rowCount() == 10)


def test_the_inline_hint_attaches_an_entry_to_an_existing_contact(today_event, window, qtbot):
    jonathan = make_contact(
        "Jonathan", "Smith", organisation="Smith Realty", offers=["Realtor"], emails=["j@sr.ca"]
    )
    capture = open_capture(window, qtbot)
    type_here(qtbot, "Jonathon Smith")  # a typo
    assert capture.hint_label.isVisible()
    assert "Jonathan Smith" in capture.hint_label.text()
    assert "Ctrl+Enter" in capture.hint_label.text()
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Realtor, home staging")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert Contact.select().count() == 1  # no duplicate
    assert contacts.load_contact(jonathan).offers == ["Realtor", "home staging"]
    assert [a.contact_id for a in events.attendees(today_event)] == [jonathan]
    assert capture.recent_model.index(0, 3).data() == "added to existing"
    assert capture.saved_label.text() == "✓ Saved Jonathan Smith (added to existing)"


def test_the_hint_by_email_and_enter_still_saves_someone_new(today_event, window, qtbot):
    make_contact("Ana", "Lopez", emails=["ana@lopez.ca"])
    capture = open_capture(window, qtbot)
    type_here(qtbot, "Anna Smith")
    assert not capture.hint_label.isVisible()
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "ana@lopez.ca")
    assert "Ana Lopez" in capture.hint_label.text() and "same email" in capture.hint_label.text()
    capture.fields["email"].clear()
    press(qtbot, Qt.Key.Key_Return)
    assert Contact.select().count() == 2


def test_correct_an_earlier_entry_with_ctrl_up(today_event, window, qtbot):
    capture = open_capture(window, qtbot)
    type_person(qtbot, "Tom Beker", "Beker Co")
    press(qtbot, Qt.Key.Key_Return)
    type_person(qtbot, "Mei Lin", "Lin Design")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Up, CTRL)
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert capture.fields["name"].text() == "Tom Beker"
    assert "Correcting #1 Tom Beker" in capture.mode_label.text()
    window.events.events_changed.emit()  # something else changed meanwhile
    qtbot.wait(20)
    assert "Correcting #1 Tom Beker" in capture.mode_label.text()
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_here(qtbot, "Tom Becker")
    press(qtbot, Qt.Key.Key_Return)
    assert sorted(c.display_name for c in Contact.select()) == ["Mei Lin", "Tom Becker"]
    assert capture.count_label.text().startswith("2 people captured")
    assert capture.recent_model.index(1, 1).data() == "Tom Becker"


def test_remove_an_entry_then_escape_closes_the_window(today_event, window, qtbot):
    capture = open_capture(window, qtbot)
    type_person(qtbot, "Wrong Person")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Up, CTRL)
    press(qtbot, Qt.Key.Key_Delete, CTRL)
    assert Contact.select().count() == 0
    assert capture.recent_model.rowCount() == 0
    press(qtbot, Qt.Key.Key_Escape)
    assert not capture.isVisible()


def test_escape_clears_a_typed_entry_and_ctrl_z_brings_it_back(today_event, window, qtbot):
    capture = open_capture(window, qtbot)
    type_person(qtbot, "Priya Raman", "Raman Bakery", "wedding cakes", note="coffee urn")
    press(qtbot, Qt.Key.Key_Escape)
    assert capture.isVisible()
    assert not any(edit.text() for edit in capture.fields.values())
    assert "Ctrl+Z" in capture.saved_label.text()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert capture.entry().name == "Priya Raman"
    assert capture.entry().business == "Raman Bakery"
    assert capture.fields["note"].text() == "coffee urn"
    press(qtbot, Qt.Key.Key_Return)
    assert [c.display_name for c in Contact.select()] == ["Priya Raman"]


def test_an_entry_cleared_then_typed_over_stays_gone(today_event, window, qtbot):
    capture = open_capture(window, qtbot)
    type_here(qtbot, "Wrong Person")
    press(qtbot, Qt.Key.Key_Escape)
    type_here(qtbot, "Tom")
    assert "Ctrl+Z" not in capture.saved_label.text()
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the name field's own undo: "Tom" again
    assert capture.fields["name"].text() == "Tom"
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)  # an empty form: the window closes
    assert not capture.isVisible()


def test_a_missing_name_is_said_and_nothing_is_saved(today_event, window, qtbot):
    capture = open_capture(window, qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "someone@example.com")
    press(qtbot, Qt.Key.Key_Return)
    assert "type the person's name" in capture.error_label.text()
    assert capture.fields["name"].hasFocus()
    assert Contact.select().count() == 0


def test_without_an_event_today_capture_starts_a_new_one(window, qtbot):
    capture = open_capture(window, qtbot)
    assert capture.event_id() is None
    assert capture.new_event_name.isVisible()
    type_person(qtbot, "Priya Raman")
    press(qtbot, Qt.Key.Key_Return)
    (event,) = events.list_events()
    assert event.name == capture.new_event_name.text() and event.attendees == 1
    assert capture.event_id() == event.id
    assert not capture.new_event_name.isVisible()


def test_capture_opens_over_netdesk_on_screen_without_an_empty_box(today_event, window, qtbot):
    window.resize(1300, 850)
    window.move(560, 160)
    capture = open_capture(window, qtbot)
    area = capture.screen().availableGeometry()
    assert area.contains(capture.frameGeometry())
    # over the main window, not in a corner of the screen
    assert window.frameGeometry().contains(capture.frameGeometry().center())
    assert not capture.hint_label.isVisible()  # no grey box until there is a hint
    assert not capture.error_label.isVisible()


def test_ctrl_up_reaches_entries_from_before_the_window_was_closed(window, qtbot):
    import datetime as dt

    from netdesk.domain.events import EventDraft

    earlier = events.create_event(EventDraft(name="Chamber mixer", held_on=dt.date(2026, 3, 4)))
    window.meetup.events_pane.reload()
    window.meetup.events_pane.select_event(earlier)
    window.meetup.events_pane.capture_button.click()  # Capture Here…
    capture = window.meetup.capture_window()
    qtbot.waitUntil(capture.isVisible)
    capture.activateWindow()
    qtbot.waitUntil(lambda: capture.fields["name"].hasFocus())
    type_person(qtbot, "Priya Raman", "Raman Bakery")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Escape)  # an empty form: the window closes
    qtbot.waitUntil(lambda: not capture.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    again = open_capture(window, qtbot)  # Ctrl+Shift+M
    assert again.event_id() == earlier
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert again.fields["name"].text() == "Priya Raman"
    assert "Correcting #1" in again.mode_label.text()


def test_the_hint_and_the_error_make_room_rather_than_squeeze_the_fields(
    today_event, window, qtbot
):
    make_contact("Jonathan", "Smith", organisation="Smith Realty")
    capture = open_capture(window, qtbot)
    type_here(qtbot, "Jonathon Smith")
    assert capture.hint_label.isVisible()
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "not an email")
    press(qtbot, Qt.Key.Key_Return)
    assert capture.error_label.isVisible()
    QApplication.processEvents()
    for edit in capture.fields.values():
        assert edit.height() >= edit.sizeHint().height(), edit.objectName()
    assert capture.hint_label.height() >= capture.hint_label.heightForWidth(
        capture.hint_label.width()
    )
