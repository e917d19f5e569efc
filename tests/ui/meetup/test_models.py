import datetime as dt

from netdesk.domain import event_followups, event_view, events
from netdesk.domain.contact_picker import ContactPicker
from netdesk.domain.events import EventDraft
from netdesk.ui.meetup.event_view import ATTENDEE_COLUMNS, INTRODUCTION_COLUMNS
from netdesk.ui.meetup.events_pane import EVENT_COLUMNS
from netdesk.ui.meetup.followups_pane import FOLLOW_UP_COLUMNS
from netdesk.ui.meetup.models import RowTableModel
from netdesk.ui.roles import CONTACT_ID_ROLE, ROW_ROLE
from tests.helpers import make_contact


def test_every_meetup_model_keeps_qts_contract(db, qtmodeltester):
    event = events.create_event(
        EventDraft(name="Breakfast", held_on=dt.date.today() - dt.timedelta(days=2))
    )
    ana = make_contact("Ana", needs=["a bookkeeper"])
    ben = make_contact("Ben", offers=["bookkeeping"])
    for person in (ana, ben):
        events.check_in(event, person)
    summary = event_view.event_summary(event)
    for columns, rows in (
        (EVENT_COLUMNS, events.list_events()),
        (ATTENDEE_COLUMNS, summary.attendees),
        (INTRODUCTION_COLUMNS, summary.introductions),
        (FOLLOW_UP_COLUMNS, event_followups.pending()),
    ):
        model = RowTableModel(columns, bold=lambda row: True)
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model, force_py=True)
        assert model.index(0, 0).data(ROW_ROLE) == rows[0]
    model = RowTableModel(ATTENDEE_COLUMNS)
    model.set_rows(summary.attendees)
    assert model.index(1, 0).data(CONTACT_ID_ROLE) == ben
    assert model.index(0, 1).data() == ""


def test_the_picker_model_keeps_qts_contract(db, qtbot, qtmodeltester):
    from netdesk.ui.meetup.picker_widget import ContactPickerWidget

    make_contact("Jonathan", "Smith")
    widget = ContactPickerWidget("pick")
    qtbot.addWidget(widget)
    widget.picker = ContactPicker()
    qtbot.keyClicks(widget.edit, "jon")
    assert widget.model.rowCount() == 2
    qtmodeltester.check(widget.model, force_py=True)
