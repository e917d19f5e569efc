"""Every date on screen is the locale's medium date; ISO dates stay in files."""

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt

from netdesk.domain import events, interactions, referrals
from netdesk.domain.events import EventDraft
from netdesk.domain.referrals import ReferralDraft
from tests.helpers import make_contact
from tests.ui.driving import open_window

DAY = dt.date(2025, 3, 5)
GERMAN = "5. März 2025"


@pytest.fixture
def german():
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(QLocale.c())


def test_dates_read_as_the_locale_writes_them(german, db, db_path, qtbot):
    ana, ben = make_contact("Ana"), make_contact("Ben")
    call = interactions.log_interaction(ana, "call", DAY, "quick call")
    referrals.record_referral(
        ReferralDraft("given", provider_id=ben, recipient_id=ana, referred_on=DAY)
    )
    events.create_event(EventDraft(name="Breakfast", held_on=DAY))
    window = open_window(db_path, qtbot)
    window.contact_list.select_contact(ana)
    window.detail.load_pending()
    shown = []
    timeline = window.detail.timeline
    row = timeline.model.row_of(call)
    shown.append(timeline.model.index(row, timeline.model.DATE).data())
    window.meetup.events_pane.reload()
    shown.append(window.meetup.events_pane.model.index(0, 0).data())
    ledger = window.referral_feature.ledger
    ledger.reload()
    shown.append(ledger.referrals_model.index(0, 0).data())
    assert shown == [GERMAN] * 3
    # the undo step names the day the same way
    timeline.select_row(row)
    timeline.view.setFocus()
    qtbot.keyClick(timeline.view, Qt.Key.Key_Delete)
    assert GERMAN in window.undo_stack.undoText()
    assert "2025-03-05" not in window.undo_stack.undoText()
    # and a date field shows it so too
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.contact_actions.interaction_dialog
    dialog.date.set_day(DAY)
    assert dialog.date.text() == GERMAN
    dialog.reject()


def test_a_refusal_in_the_window_names_the_day_the_locale_way(german, db, db_path, qtbot):
    from netdesk.domain.validation import ValidationError

    ana = make_contact("Ana")
    open_window(db_path, qtbot)
    later = dt.date.today() + dt.timedelta(days=400)
    with pytest.raises(ValidationError) as refused:
        interactions.log_interaction(ana, "call", later)
    german_day = QLocale().toString(later, "d. MMM yyyy")  # as the dates above
    assert f"{german_day} is in the future" in str(refused.value)
    assert later.isoformat() not in str(refused.value)
