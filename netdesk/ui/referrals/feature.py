"""The referral feature in the main window: its panes, menu, shortcuts and undoable actions.

Every write goes through a domain function (one transaction each), is pushed on
the window's undo stack, and is announced on ``window.events`` so every pane,
this feature's and the others', refreshes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QTabWidget, QWidget

from netdesk.domain import contacts, followups, matching, referrals
from netdesk.domain.contact_list import ContactListQuery, fetch_contact_page
from netdesk.domain.followups import AttentionItem
from netdesk.domain.user_errors import USER_ERRORS, NotFound
from netdesk.ui.dialogs.interaction_dialog import InteractionDialog
from netdesk.ui.referrals.attention_pane import AttentionPane
from netdesk.ui.referrals.introduce_dialog import IntroduceDialog
from netdesk.ui.referrals.ledger_pane import LedgerPane
from netdesk.ui.referrals.match_panel import MatchPanel
from netdesk.ui.referrals.reverse_pane import ReversePane
from netdesk.ui.referrals.status_dialog import StatusDialog
from netdesk.ui.referrals.synonyms_dialog import SynonymsDialog
from netdesk.ui.shortcuts import shortcut
from netdesk.ui.shortcuts import text as shortcut_text
from netdesk.ui.undo import ActionCommand
from netdesk.ui.widgets.suggestions import Suggestion

SNOOZE_CHOICES = (
    ("Until &Tomorrow", 1, None),
    ("For a &Week", 7, "attention.snooze_week"),
    ("For a &Month", 30, None),
)


def search_contacts(text: str) -> list[Suggestion]:
    """Contacts whose words start with what was typed, for the pickers."""
    rows = fetch_contact_page(ContactListQuery(text=text), 0, 10)
    return [
        (row.id, row.name, f"{row.name} — {row.organisation}" if row.organisation else row.name)
        for row in rows
    ]


def _tabs_of(widget: QWidget) -> QTabWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QTabWidget):
        parent = parent.parentWidget()
    return parent


class ReferralFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.match = MatchPanel(search_contacts, window)
        self.reverse = ReversePane(window)
        self.ledger = LedgerPane(window)
        self.attention = AttentionPane(window)
        window.add_side_panel(self.match, "Match")
        window.add_side_panel(self.reverse, "For Contact")
        window.add_side_panel(self.ledger, "Ledger")
        window.add_side_panel(self.attention, "Attention")
        self._build_actions()
        self._connect_signals()
        self.reverse.show_contact(window.contact_list.current_contact_id())

    # -- menu and shortcuts ------------------------------------------------------------

    def _action(self, text: str, key_name: str | None, slot: Callable) -> QAction:
        """An action whose key (if any) is ``key_name`` in netdesk.ui.shortcuts."""
        action = QAction(text, self.window)
        if key_name:
            action.setShortcut(shortcut(key_name))
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut_text(key_name)})")
        action.triggered.connect(lambda checked=False: slot())
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        window = self.window
        self.menu = QMenu("&Referrals", window)
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)
        self.match_action = self._action("&Match a Need", "referrals.match", self.show_match)
        self.introduce_action = self._action(
            "&Introduce…", "referrals.introduce", self.introduce_current
        )
        self.move_action = self._action(
            "Move Referral &Along…", "referrals.move_along", self.move_current_referral
        )
        self.reverse_action = self._action(
            "&For the Selected Contact",
            "referrals.for_contact",
            lambda: self.show_tab(self.reverse),
        )
        self.ledger_action = self._action(
            "Givers-Gain &Ledger", "referrals.ledger", lambda: self.show_tab(self.ledger)
        )
        self.attention_action = self._action(
            "Needs A&ttention", "referrals.attention", lambda: self.show_tab(self.attention)
        )
        self.done_action = self._action("Mark &Done", "attention.done", self.mark_done)
        self.log_action = self._action("Lo&g Interaction…", "attention.log", self.log_for_item)
        self.snooze_menu = QMenu("&Snooze", window)
        self.snooze_actions = []
        for text, days, key_name in SNOOZE_CHOICES:
            action = self._action(text, key_name, lambda days=days: self.snooze(days))
            self.snooze_menu.addAction(action)
            self.snooze_actions.append(action)
        self.synonyms_action = self._action("Match S&ynonyms…", None, self.edit_synonyms)

        for action in (self.match_action, self.introduce_action, self.move_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        for action in (self.reverse_action, self.ledger_action, self.attention_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.done_action)
        self.menu.addMenu(self.snooze_menu)
        self.menu.addAction(self.log_action)
        self.menu.addSeparator()
        self.menu.addAction(self.synonyms_action)

        for action in (self.done_action, self.snooze_actions[1], self.log_action):
            self.attention.add_button(action)
        self.attention.finish_buttons()
        self.snooze_actions[1].setText("&Snooze a Week")
        self.update_actions()

    def _connect_signals(self) -> None:
        events = self.window.events
        events.referral_action_requested.connect(self.move_referral)
        events.referrals_changed.connect(self.refresh_all)
        events.interactions_changed.connect(self.on_interactions_changed)
        events.contacts_changed.connect(self.refresh_all)
        events.events_changed.connect(self.attention.refresh)
        events.database_replaced.connect(self.refresh_all)
        self.window.contact_list.contact_selected.connect(self.reverse.show_contact)
        self.match.introduce_requested.connect(self.introduce_from_match)
        self.match.synonyms_button.clicked.connect(self.edit_synonyms)
        self.match.results_changed.connect(self.update_actions)
        self.reverse.introduce_requested.connect(self.introduce)
        self.reverse.tree.currentItemChanged.connect(self.update_actions)
        self.ledger.move_requested.connect(self.move_referral)
        self.ledger.contact_chosen.connect(self.select_contact)
        self.ledger.referrals.selectionModel().currentRowChanged.connect(self.update_actions)
        self.attention.contact_chosen.connect(self.reveal_contact)
        self.attention.current_changed.connect(self.update_actions)
        tabs = _tabs_of(self.match)
        if tabs is not None:
            tabs.currentChanged.connect(self.update_actions)

    def update_actions(self, *args) -> None:
        self.introduce_action.setEnabled(
            self.match.current_result() is not None or self.reverse.current_intro() is not None
        )
        referral_id = self.ledger.current_referral_id()
        self.move_action.setEnabled(bool(referral_id) and self.ledger.move_button.isEnabled())
        has_item = self.attention.current_item() is not None
        for action in (self.done_action, self.log_action, *self.snooze_actions):
            action.setEnabled(has_item)

    # -- showing -----------------------------------------------------------------------

    def show_tab(self, pane: QWidget) -> None:
        # the reasons need room, but never the contact's least width
        self.window.show_side_tab(pane, (0.3, 0.3, 0.4))
        pane.setFocus()

    def show_match(self) -> None:
        self.show_tab(self.match)
        self.match.focus_need()

    def select_contact(self, contact_id: int) -> None:
        self.window.contact_list.select_contact(contact_id)

    def reveal_contact(self, contact_id: int) -> None:
        """Show the contact, clearing a search that hides them."""
        self.window.contact_list.reveal_contact(contact_id)

    def refresh_all(self, *args) -> None:
        for pane in (self.match, self.reverse, self.ledger, self.attention):
            pane.refresh()
        self.update_actions()

    def on_interactions_changed(self, contact_id: int) -> None:
        for pane in (self.match, self.reverse, self.attention):
            pane.refresh()
        self.update_actions()

    # -- undoable actions --------------------------------------------------------------

    def _push_done(
        self, text: str, redo: Callable[[], object], undo: Callable[[], object], after
    ) -> None:
        """Push an action already done once; the stack's first redo only refreshes."""
        first = [True]

        def do() -> None:
            if first[0]:
                first[0] = False
                return
            redo()

        self.window.undo_stack.push(ActionCommand(text, do, undo, after))

    def _announce(self, contact_ids) -> None:
        events = self.window.events
        events.referrals_changed.emit()
        for contact_id in contact_ids:
            events.interactions_changed.emit(contact_id)

    def _warn(self, title: str, error: Exception) -> None:
        QMessageBox.warning(self.window, title, str(error))

    def introduce_current(self) -> None:
        tabs = _tabs_of(self.reverse)
        if tabs is not None and tabs.currentWidget() is self.reverse:
            self.reverse.request_introduce()
        else:
            self.match.request_introduce()

    def introduce_from_match(self, provider_id: int) -> None:
        recipient_id = self.match.for_contact.contact_id()
        recipient = (recipient_id, self.match.for_contact.text().strip()) if recipient_id else None
        self.introduce(provider_id, recipient_id or 0, self.match.need.text().strip(), recipient)

    def introduce(
        self,
        provider_id: int,
        recipient_id: int = 0,
        need: str = "",
        recipient: tuple[int, str] | None = None,
    ) -> None:
        if recipient is None and recipient_id:
            recipient = (recipient_id, contacts.contact_name(recipient_id))
        draft_of = contacts.load_contact(provider_id)
        role = " · ".join(p for p in (draft_of.title, draft_of.organisation) if p)
        label = draft_of.shown_name() + (f" ({role})" if role else "")
        dialog = IntroduceDialog(
            provider_id,
            label,
            search_contacts,
            referrals.validate,
            need=need,
            recipient=recipient,
            parent=self.window,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        draft = dialog.draft()
        try:
            recorded = referrals.record_referral(draft)
        except USER_ERRORS as error:
            self._warn("Could not record the referral", error)
            return
        state = {"id": recorded.referral_id, "contacts": recorded.contact_ids}
        to = contacts.contact_name(draft.recipient_id) if draft.recipient_id else "a client"
        self._push_done(
            f"Introduce {draft_of.shown_name()} to {to}",
            lambda: referrals.record_referral(draft, referral_id=state["id"]),
            lambda: referrals.delete_referral(state["id"]),
            lambda: self._announce(state["contacts"]),
        )
        self.ledger.refresh()
        self.ledger.select_referral(recorded.referral_id)

    def move_current_referral(self) -> None:
        referral_id = self.ledger.current_referral_id()
        if referral_id:
            self.move_referral(referral_id)

    def move_referral(self, referral_id: int) -> None:
        try:
            row = referrals.get_referral(referral_id)
        except NotFound:
            return
        if not row.is_open:
            QMessageBox.information(
                self.window,
                "Move Referral Along",
                f"This referral is {row.status} already; undo the step to change it.",
            )
            return
        dialog = StatusDialog(row, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        status, on, value = dialog.choice()
        try:
            change = referrals.move_status(referral_id, status, on=on, value=value)
        except USER_ERRORS as error:
            self._warn("Could not move the referral", error)
            return
        state = {"change": change}
        involved = {row.provider_id, row.recipient_id, row.referrer_id} - {None}

        def redo() -> None:
            state["change"] = referrals.move_status(referral_id, status, on=on, value=value)

        self._push_done(
            f"Move Referral to {status.capitalize()}",
            redo,
            lambda: referrals.undo_status_change(state["change"]),
            lambda: self._announce(sorted(involved)),
        )

    def mark_done(self) -> None:
        item = self.attention.current_item()
        if item is None:
            return
        state = {"change": followups.mark_done(item)}

        def redo() -> None:
            state["change"] = followups.mark_done(item)

        self._push_done(
            f"Mark Done: {item.contact_name}",
            redo,
            lambda: followups.undo_change(state["change"]),
            self.attention.refresh,
        )

    def snooze(self, days: int) -> None:
        item = self.attention.current_item()
        if item is None:
            return
        until = dt.date.today() + dt.timedelta(days=days)
        state = {"change": followups.snooze(item, until)}

        def redo() -> None:
            state["change"] = followups.snooze(item, until)

        self._push_done(
            f"Snooze {item.contact_name}",
            redo,
            lambda: followups.undo_change(state["change"]),
            self.attention.refresh,
        )

    def log_for_item(self) -> None:
        item: AttentionItem | None = self.attention.current_item()
        if item is None:
            return
        dialog = InteractionDialog(
            f"Log an interaction with {item.contact_name}", kind="call", parent=self.window
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        kind, on, note = dialog.values()
        try:
            logged = followups.log_for_item(item, kind, on, note)
        except USER_ERRORS as error:
            self._warn("Could not log the interaction", error)
            return
        state = {"logged": logged}

        def redo() -> None:
            state["logged"] = followups.log_for_item(item, kind, on, note)

        def after() -> None:
            self.window.events.interactions_changed.emit(item.contact_id)
            self.attention.refresh()

        self._push_done(
            f"Log Interaction with {item.contact_name}",
            redo,
            lambda: followups.undo_log_for_item(state["logged"]),
            after,
        )

    def edit_synonyms(self) -> None:
        dialog = SynonymsDialog(matching.synonym_rules(), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        before = matching.synonym_rules()
        before_value = None if before == list(matching.DEFAULT_SYNONYMS) else before
        after_value = dialog.rules()
        matching.save_synonym_rules(after_value)
        self._push_done(
            "Edit Match Synonyms",
            lambda: matching.save_synonym_rules(after_value),
            lambda: matching.save_synonym_rules(before_value),
            self.match.refresh,
        )
