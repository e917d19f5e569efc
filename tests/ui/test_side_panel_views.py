"""Side-panel views made when first needed: the one in view at once, the others by their
key (or their button, or Ctrl+Tab), each once, with what the database holds then."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from netdesk.domain import events, referrals
from netdesk.domain.events import EventDraft
from netdesk.domain.referrals import ReferralDraft
from netdesk.ui.meetup.events_pane import EventsPane
from netdesk.ui.meetup.followups_pane import FollowUpsPane
from netdesk.ui.referrals.ledger_pane import LedgerPane
from netdesk.ui.referrals.match_panel import MatchPanel
from netdesk.ui.side_panel import LazyView, SidePanel
from netdesk.ui.undo import ActionCommand
from tests.helpers import make_contact
from tests.ui.driving import open_window

Key = Qt.Key
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_only_the_view_in_sight_is_made_at_the_start(db, db_path, qtbot):
    make_contact("Ana", "Bennett")
    window = open_window(db_path, qtbot)
    assert [type(v) for v in window.findChildren(MatchPanel)] == [MatchPanel]
    assert window.findChildren(MatchPanel)[0].isVisible()
    for later in (LedgerPane, EventsPane, FollowUpsPane):
        assert window.findChildren(later) == [], later
    # every view still has its button, in its place
    titles = [button.text() for button in window.side_panel.buttons()]
    assert titles[:6] == ["Match", "For Contact", "Ledger", "Attention", "Events", "Follow-ups"]


def test_a_views_key_makes_it_once_with_what_was_recorded_before(db, db_path, qtbot):
    ana = make_contact("Ana", "Bennett")
    ben = make_contact("Ben", "Reid")
    window = open_window(db_path, qtbot)
    # recorded while the ledger did not exist yet
    referrals.record_referral(
        ReferralDraft("given", provider_id=ana, recipient_id=ben, need="a condo")
    )
    window.events.referrals_changed.emit()
    assert window.findChildren(LedgerPane) == []

    qtbot.keyClick(window.contact_list.view, Key.Key_L, CTRL_SHIFT)  # Givers-Gain Ledger
    made = window.findChildren(LedgerPane)
    assert len(made) == 1
    ledger = made[0]
    assert window.side_panel.currentWidget() is ledger is window.referral_feature.ledger
    assert ledger.isVisible()
    assert ledger.referrals_model.rowCount() == 1

    qtbot.keyClick(window.contact_list.view, Key.Key_V, CTRL_SHIFT)  # Events
    assert window.side_panel.currentWidget() is window.meetup.events_pane
    qtbot.keyClick(window.contact_list.view, Key.Key_L, CTRL_SHIFT)
    assert window.findChildren(LedgerPane) == [ledger]
    assert window.side_panel.currentWidget() is ledger


def test_a_views_button_and_ctrl_tab_make_it_too(db, db_path, qtbot):
    make_contact("Ana", "Bennett")
    window = open_window(db_path, qtbot)
    panel = window.side_panel
    follow_ups = panel.buttons()[panel.tabs.count() - 1]
    assert follow_ups.text() == "Follow-ups"
    qtbot.mouseClick(follow_ups, Qt.MouseButton.LeftButton)
    assert isinstance(panel.currentWidget(), FollowUpsPane)
    assert panel.currentWidget().isVisible()
    panel.setCurrentIndex(0)
    qtbot.keyClick(panel.tabs, Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert panel.currentIndex() == 1
    assert panel.currentWidget() is window.referral_feature.reverse
    assert window.referral_feature.reverse.isVisible()


def test_a_field_in_a_view_made_later_leaves_ctrl_z_to_the_window(db, db_path, qtbot):
    make_contact("Ana", "Bennett")
    events.create_event(EventDraft(name="Breakfast", held_on=dt.date.today()))
    window = open_window(db_path, qtbot)
    done = []
    window.undo_stack.push(ActionCommand("Something", lambda: None, lambda: done.append(1), None))
    assert window.findChildren(EventsPane) == []
    qtbot.keyClick(window.contact_list.view, Key.Key_K, CTRL_SHIFT)  # Check In, made now
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    assert window.meetup.events_pane.isAncestorOf(field)
    # nothing typed in it: Ctrl+Z takes back what was done
    qtbot.keyClick(field, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert done == [1]


def test_a_lazy_page_makes_its_view_once_when_shown_or_asked(qtbot):
    panel = SidePanel()
    qtbot.addWidget(panel)
    made: list[QWidget] = []

    def build(text: str):
        def make() -> QLabel:
            label = QLabel(text)
            made.append(label)
            return label

        return make

    first: LazyView[QLabel] = LazyView(build("first"))
    second: LazyView[QLabel] = LazyView(build("second"))
    built = []
    panel.view_built.connect(built.append)
    panel.addTab(first, "First")
    panel.addTab(second, "Second")
    assert made == []  # the panel is not shown yet: nothing is made
    panel.show()
    qtbot.waitExposed(panel)
    assert [label.text() for label in made] == ["first"]
    assert first.view() is made[0] and made[0].isVisible()
    assert second.view() is None
    assert panel.indexOf(made[0]) == 0
    # asked for: made, though not in view
    view = panel.widget(1)
    assert isinstance(view, QLabel) and view.text() == "second"
    assert second.get() is view and panel.indexOf(view) == 1
    assert not view.isVisible()
    panel.setCurrentWidget(view)
    assert panel.currentWidget() is view and view.isVisible()
    assert len(made) == 2 and built == made
