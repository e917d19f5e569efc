"""The referral feature in the main window: its panes, menu, shortcuts and undoable actions.

Every write goes through a domain function (one transaction each), is pushed on
the window's undo stack, and is announced on ``window.events`` so every pane,
this feature's and the others', refreshes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from netdesk.domain import contacts, referrals
from netdesk.domain.contact_list import ContactListQuery, fetch_contact_page
from netdesk.domain.user_errors import USER_ERRORS, NotFound
from netdesk.ui.shortcuts import shortcut
from netdesk.ui.shortcuts import text as shortcut_text
from netdesk.ui.side_panel import LazyView
from netdesk.ui.undo import ActionCommand

if TYPE_CHECKING:
    from netdesk.domain.followups import AttentionItem
    from netdesk.ui.referrals.attention_pane import AttentionPane
    from netdesk.ui.referrals.ledger_pane import LedgerPane
    from netdesk.ui.referrals.match_panel import MatchPanel
    from netdesk.ui.referrals.reverse_pane import ReversePane
    from netdesk.ui.widgets.suggestions import Suggestion

# Each view is made (and its module loaded: matching, the ledger's chart…) the first
# time it is shown or its key is pressed: the window is usable before them.

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


class ReferralFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._match: LazyView[MatchPanel] = LazyView(self._make_match)
        self._reverse: LazyView[ReversePane] = LazyView(self._make_reverse)
        self._ledger: LazyView[LedgerPane] = LazyView(self._make_ledger)
        self._attention: LazyView[AttentionPane] = LazyView(self._make_attention)
        self._build_actions()
        self._connect_signals()
        # (the page in view is made as it is added)
        for page, title in (
            (self._match, "Match"),
            (self._reverse, "For Contact"),
            (self._ledger, "Ledger"),
            (self._attention, "Attention"),
        ):
            page.built.connect(self.update_actions)
            window.add_side_panel(page, title)

    # -- the views, each made when first needed ------------------------------------------

    @property
    def match(self) -> MatchPanel:
        return self._match.get()

    @property
    def reverse(self) -> ReversePane:
        return self._reverse.get()

    @property
    def ledger(self) -> LedgerPane:
        return self._ledger.get()

    @property
    def attention(self) -> AttentionPane:
        return self._attention.get()

    def _make_match(self) -> MatchPanel:
        from netdesk.ui.referrals.match_panel import MatchPanel

        match = MatchPanel(search_contacts, self.window)
        match.introduce_requested.connect(self.introduce_from_match)
        match.synonyms_button.clicked.connect(self.edit_synonyms)
        match.results_changed.connect(self.update_actions)
        return match

    def _make_reverse(self) -> ReversePane:
        from netdesk.ui.referrals.reverse_pane import ReversePane

        reverse = ReversePane(self.window)
        reverse.introduce_requested.connect(self.introduce)
        reverse.tree.currentItemChanged.connect(self.update_actions)
        reverse.show_contact(self.window.contact_list.current_contact_id())
        return reverse

    def _make_ledger(self) -> LedgerPane:
        from netdesk.ui.referrals.ledger_pane import LedgerPane

        ledger = LedgerPane(self.window)
        ledger.move_requested.connect(self.move_referral)
        ledger.set_context_actions([self.move_action, self.email_action])
        ledger.contact_chosen.connect(self.select_contact)
        ledger.referrals.selectionModel().currentRowChanged.connect(self.update_actions)
        return ledger

    def _make_attention(self) -> AttentionPane:
        from netdesk.ui.referrals.attention_pane import AttentionPane

        attention = AttentionPane(self.window)
        for action in (self.done_action, self.snooze_actions[1], self.log_action):
            attention.add_button(action)
        attention.finish_buttons()
        attention.contact_chosen.connect(self.reveal_contact)
        attention.current_changed.connect(self.update_actions)
        return attention

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
        self.email_action = self._action(
            "Write Introduction &Email…", None, self.email_current_referral
        )

        for action in (
            self.match_action,
            self.introduce_action,
            self.move_action,
            self.email_action,
        ):
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

        self.snooze_actions[1].setText("&Snooze a Week")
        self.update_actions()

    def _connect_signals(self) -> None:
        events = self.window.events
        events.referral_action_requested.connect(self.move_referral)
        events.referrals_changed.connect(self.refresh_all)
        events.interactions_changed.connect(self.on_interactions_changed)
        events.contacts_changed.connect(self.refresh_all)
        events.events_changed.connect(self.on_events_changed)
        events.database_replaced.connect(self.refresh_all)
        self.window.contact_list.contact_selected.connect(self.on_contact_selected)
        self.window.side_panel.currentChanged.connect(self.update_actions)

    def update_actions(self, *args) -> None:
        match, reverse = self._match.view(), self._reverse.view()
        ledger, attention = self._ledger.view(), self._attention.view()
        self.introduce_action.setEnabled(
            (match is not None and match.current_result() is not None)
            or (reverse is not None and reverse.current_intro() is not None)
        )
        referral_id = ledger.current_referral_id() if ledger is not None else None
        self.move_action.setEnabled(
            bool(referral_id) and ledger is not None and ledger.move_button.isEnabled()
        )
        self.email_action.setEnabled(ledger is not None and ledger.current_introduces_two())
        has_item = attention is not None and attention.current_item() is not None
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

    def _made(self, *pages: LazyView) -> list:
        """The views already made among ``pages`` (one made later reads what is there
        then: nothing of it needs refreshing before)."""
        return [view for view in (page.view() for page in pages) if view is not None]

    def refresh_all(self, *args) -> None:
        for pane in self._made(self._match, self._reverse, self._ledger, self._attention):
            pane.refresh()
        self.update_actions()

    def on_interactions_changed(self, contact_id: int) -> None:
        for pane in self._made(self._match, self._reverse, self._attention):
            pane.refresh()
        self.update_actions()

    def on_events_changed(self) -> None:
        self.refresh_attention()

    def refresh_attention(self) -> None:
        """Needs Attention reads the database again (if it was made: else it will then)."""
        for pane in self._made(self._attention):
            pane.refresh()

    def on_contact_selected(self, contact_id: int) -> None:
        for pane in self._made(self._reverse):
            pane.show_contact(contact_id)

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
        reverse = self._reverse.view()
        if reverse is not None and self.window.side_panel.currentWidget() is reverse:
            reverse.request_introduce()
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
        from netdesk.ui.referrals.introduce_dialog import IntroduceDialog

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
        if dialog.by_email:
            assert draft.recipient_id is not None  # (the dialog asks for them)
            if not self.window.introductions.confirm_sent(
                draft.recipient_id, provider_id, draft.need
            ):
                return
            # the introduction is made now, by the email just sent
            draft = replace(draft, referred_on=dt.date.today())
        self.record_introduction(draft, draft_of.shown_name())

    def record_introduction(self, draft: referrals.ReferralDraft, provider_name: str) -> None:
        """Record the referral, undoably, and show it in the ledger."""
        try:
            recorded = referrals.record_referral(draft)
        except USER_ERRORS as error:
            self._warn("Could not record the referral", error)
            return
        state = {"id": recorded.referral_id, "contacts": recorded.contact_ids}
        to = contacts.contact_name(draft.recipient_id) if draft.recipient_id else "a client"
        self._push_done(
            f"Introduce {provider_name} to {to}",
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
        from netdesk.ui.referrals.status_dialog import StatusDialog

        dialog = StatusDialog(row, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        status, on, value = dialog.choice()
        self._move(row, status, on, value)

    def email_current_referral(self) -> None:
        """The introduction email for the referral selected in the ledger; a suggested one
        moves to introduced (today) once the person says the email went out."""
        referral_id = self.ledger.current_referral_id()
        if not referral_id:
            return
        try:
            row = referrals.get_referral(referral_id)
        except NotFound:
            return
        if self.window.introductions.for_referral(row):
            self._move(row, "introduced", dt.date.today(), None)

    def _move(self, row, status: str, on: dt.date, value: float | None) -> None:
        referral_id = row.id
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
        from netdesk.domain import followups

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
        from netdesk.domain import followups

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
        from netdesk.domain import followups
        from netdesk.ui.dialogs.interaction_dialog import InteractionDialog

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
        from netdesk.domain import matching
        from netdesk.ui.referrals.synonyms_dialog import SynonymsDialog

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
