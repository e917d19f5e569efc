"""What a person does to contacts and their timelines, each step undoable.

``ContactActions`` owns the contact actions (new, edit, delete) and answers the
timeline pane's requests (log, edit, delete an interaction). Each change runs
once as its own transaction; only when it succeeded is it pushed on the
window's undo stack as an ``ActionCommand``, whose undo and redo are domain
calls too. After each step the window's ``events`` say what changed, so every
pane refreshes, and the contact concerned is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from netdesk.domain import contacts, interactions
from netdesk.domain.contact_list import ContactListQuery, fetch_contact_page
from netdesk.domain.contacts import ContactDraft
from netdesk.domain.interaction_kinds import KINDS
from netdesk.ui.failures import complain
from netdesk.ui.format import medium_date
from netdesk.ui.shortcuts import shortcut
from netdesk.ui.undo import ActionCommand

if TYPE_CHECKING:
    from netdesk.domain.timeline import TimelineEntry
    from netdesk.ui.dialogs.contact_editor import ContactEditorDialog
    from netdesk.ui.dialogs.interaction_dialog import InteractionDialog
    from netdesk.ui.main_window import MainWindow

_SUGGESTIONS = 12


class ContactActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.editor: ContactEditorDialog | None = None
        self.interaction_dialog: InteractionDialog | None = None
        # the kind logged last comes up first next time (None: the dialog's default)
        self._last_kind: str | None = None

        self.new_action = QAction("&New Contact…", self)
        self.new_action.setShortcut(shortcut("contact.new"))
        self.edit_action = QAction("&Edit Contact…", self)
        self.edit_action.setShortcut(shortcut("contact.edit"))
        self.edit_action.setToolTip("Edit this contact (Ctrl+E, or Enter in the list)")
        self.edit_action.setIconText("Edit…")
        self.delete_action = QAction("&Delete Contact", self)
        self.delete_action.setShortcut(shortcut("contact.delete"))
        # Del deletes a contact only while the contact table has the focus
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.contact_list.view.addAction(self.delete_action)

        timeline = window.detail.timeline
        self.new_action.triggered.connect(self.on_new_contact)
        self.edit_action.triggered.connect(lambda: self.on_edit_contact(self._current()))
        self.delete_action.triggered.connect(lambda: self.on_delete_contact(self._current()))
        window.contact_list.contact_activated.connect(self.on_edit_contact)
        window.contact_list.contact_selected.connect(self.update_actions)
        timeline.log_requested.connect(self.on_log_interaction)
        timeline.edit_requested.connect(self.on_edit_interaction)
        timeline.delete_requested.connect(self.on_delete_interaction)
        timeline.referral_action_requested.connect(window.events.referral_action_requested)
        self.update_actions()

    def _current(self) -> int:
        return self._window.contact_list.current_contact_id()

    def update_actions(self, *_args) -> None:
        has_contact = bool(self._current())
        self.edit_action.setEnabled(has_contact)
        self.delete_action.setEnabled(has_contact)

    # -- contacts --------------------------------------------------------------------

    def on_new_contact(self) -> None:
        self._open_editor(ContactDraft(), None, "New contact")

    def on_edit_contact(self, contact_id: int) -> None:
        if not contact_id:
            return
        draft = contacts.load_contact(contact_id)
        introducer = contacts.contact_name(draft.introduced_by_id) if draft.introduced_by_id else ""
        self._open_editor(draft, contact_id, f"Edit {draft.shown_name()}", introducer)

    def _open_editor(
        self, draft: ContactDraft, contact_id: int | None, title: str, introducer: str = ""
    ) -> None:
        if self.editor is not None:
            self.editor.raise_()
            self.editor.activateWindow()
            return
        # dialogs load when first opened, keeping them out of start-up
        from netdesk.ui.dialogs.contact_editor import ContactEditorDialog

        dialog = ContactEditorDialog(
            draft,
            validate=lambda d: contacts.validate(d, contact_id=contact_id),
            find_contacts=lambda text: find_contacts(text, exclude=contact_id),
            known_tags=contacts.all_tags(),
            introduced_by_name=introducer,
            title=title,
            parent=self._window,
        )
        self.editor = dialog

        def saved() -> None:
            if contact_id is None:
                self.create_contact(dialog.draft())
            else:
                self.update_contact(contact_id, draft, dialog.draft())

        dialog.accepted.connect(saved)
        dialog.finished.connect(lambda _result: self._editor_closed(dialog))
        dialog.open()

    def _editor_closed(self, dialog: ContactEditorDialog) -> None:
        if self.editor is dialog:
            self.editor = None
        dialog.deleteLater()
        self._window.contact_list.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def create_contact(self, draft: ContactDraft) -> int | None:
        created: list[int] = []
        name = draft.shown_name()
        self._push(
            f"New contact {name}",
            first=lambda: created.append(contacts.create_contact(draft)),
            redo=lambda: contacts.restore_contact(created[0]),
            undo=lambda: contacts.trash_contact(created[0]),
            after=lambda: self._contact_changed(created[0]),
        )
        if created:
            self._say(f"Added {name}.")
        return created[0] if created else None

    def update_contact(self, contact_id: int, before: ContactDraft, after: ContactDraft) -> None:
        if before == after:
            return
        self._push(
            f"Edit {after.shown_name()}",
            first=lambda: contacts.update_contact(contact_id, after),
            redo=lambda: contacts.update_contact(contact_id, after),
            undo=lambda: contacts.update_contact(contact_id, before),
            after=lambda: self._contact_changed(contact_id),
        )

    def on_delete_contact(self, contact_id: int) -> None:
        if not contact_id:
            return
        name = contacts.contact_name(contact_id)
        done = self._push(
            f"Delete {name}",
            first=lambda: contacts.trash_contact(contact_id),
            redo=lambda: contacts.trash_contact(contact_id),
            undo=lambda: contacts.restore_contact(contact_id),
            after=lambda: self._contact_changed(contact_id),
        )
        if done:
            self._say(f"Deleted {name}. Undo (Ctrl+Z) brings them back.")

    # -- interactions ----------------------------------------------------------------

    def on_log_interaction(self) -> None:
        contact_id = self._window.detail.current_contact_id()
        if not contact_id or self.interaction_dialog is not None:
            return
        name = contacts.contact_name(contact_id)
        from netdesk.ui.dialogs.interaction_dialog import DEFAULT_KIND, InteractionDialog

        dialog = InteractionDialog(
            f"Log an interaction with {name}",
            kind=self._last_kind or DEFAULT_KIND,
            parent=self._window,
        )

        def saved() -> None:
            kind, day, note = dialog.values()
            self._last_kind = kind
            self.log_interaction(contact_id, kind, day, note)

        self._open_interaction_dialog(dialog, saved)

    def on_edit_interaction(self, entry: TimelineEntry) -> None:
        if self.interaction_dialog is not None:
            return
        from netdesk.ui.dialogs.interaction_dialog import InteractionDialog

        dialog = InteractionDialog(
            "Edit interaction",
            kind=entry.kind,
            occurred_on=entry.occurred_on,
            note=entry.note,
            parent=self._window,
        )
        dialog.accepted.connect(lambda: self.update_interaction(entry, *dialog.values()))
        self._open_interaction_dialog(dialog, None)

    def _open_interaction_dialog(
        self, dialog: InteractionDialog, saved: Callable[[], None] | None
    ) -> None:
        self.interaction_dialog = dialog
        if saved is not None:
            dialog.accepted.connect(saved)

        def closed(_result: int) -> None:
            if self.interaction_dialog is dialog:
                self.interaction_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def log_interaction(self, contact_id: int, kind: str, day: dt.date, note: str) -> int | None:
        logged: list[int] = []
        label = KINDS[kind].label
        self._push(
            f"Log {label.lower()} with {contacts.contact_name(contact_id)}",
            first=lambda: logged.append(interactions.log_interaction(contact_id, kind, day, note)),
            redo=lambda: interactions.log_interaction(
                contact_id, kind, day, note, interaction_id=logged[0]
            ),
            undo=lambda: interactions.delete_interaction(logged[0]),
            after=lambda: self._timeline_changed(contact_id, logged[0]),
        )
        return logged[0] if logged else None

    def update_interaction(self, entry: TimelineEntry, kind: str, day: dt.date, note: str) -> None:
        if (kind, day, note) == (entry.kind, entry.occurred_on, entry.note):
            return
        self._push(
            f"Edit {entry.label.lower()} of {medium_date(entry.occurred_on)}",
            first=lambda: interactions.update_interaction(entry.id, kind, day, note),
            redo=lambda: interactions.update_interaction(entry.id, kind, day, note),
            undo=lambda: interactions.update_interaction(
                entry.id, entry.kind, entry.occurred_on, entry.note
            ),
            after=lambda: self._timeline_changed(entry.contact_id, entry.id),
        )

    def on_delete_interaction(self, entry: TimelineEntry) -> None:
        removed: list[interactions.InteractionRow] = []
        done = self._push(
            f"Delete {entry.label.lower()} of {medium_date(entry.occurred_on)}",
            first=lambda: removed.append(interactions.delete_interaction(entry.id)),
            redo=lambda: interactions.delete_interaction(entry.id),
            undo=lambda: interactions.restore_interaction(removed[0]),
            after=lambda: self._timeline_changed(entry.contact_id, entry.id),
        )
        if done:
            self._say(f"Deleted the {entry.label.lower()} of {medium_date(entry.occurred_on)}.")

    # -- running and telling ------------------------------------------------------------

    def _push(
        self,
        text: str,
        *,
        first: Callable[[], object],
        redo: Callable[[], object],
        undo: Callable[[], object],
        after: Callable[[], object],
    ) -> bool:
        """Run ``first``; if it worked, push the step (its redo skipped this once).

        A failure the person can act on (``netdesk.ui.failures``) is told and nothing is
        pushed; any other is a bug and goes on to the bug report.
        """
        what = f"Could not {text[0].lower()}{text[1:]}"
        check = self._window.integrity
        if check is not None and not check.wait():
            from PySide6.QtWidgets import QMessageBox  # (see netdesk.ui.main_window)

            QMessageBox.warning(self._window, "netdesk", f"{what}:\n{check.problem}")
            return False
        try:
            first()
        except Exception as exc:
            if not complain(self._window, what, exc):
                raise
            return False
        pending_first = [True]

        def do() -> None:
            if pending_first:
                pending_first.clear()
                return
            self._guard(f"Could not redo “{text}”", redo)

        # ``after`` runs on push too: the window refreshes after the first run as after undo
        self._window.undo_stack.push(
            ActionCommand(text, do, lambda: self._guard(f"Could not undo “{text}”", undo), after)
        )
        return True

    def _guard(self, what: str, step: Callable[[], object]) -> None:
        try:
            step()
        except Exception as exc:
            if not complain(self._window, what, exc):
                raise

    def _say(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 8000)

    def _contact_changed(self, contact_id: int) -> None:
        self._window.events.contacts_changed.emit([contact_id])
        self._window.contact_list.reveal_contact(contact_id)

    def _timeline_changed(self, contact_id: int, interaction_id: int) -> None:
        self._window.contact_list.reveal_contact(contact_id)
        self._window.detail.select_interaction_after_load(interaction_id)
        self._window.events.interactions_changed.emit(contact_id)


def find_contacts(text: str, exclude: int | None = None) -> list[tuple[int, str]]:
    """Suggestions for a contact picker: (id, "Name — Organisation"), best first."""
    if not text.strip():
        return []
    rows = fetch_contact_page(ContactListQuery(text), 0, _SUGGESTIONS + 1)
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    for row in rows:
        if row.id == exclude:
            continue
        label = f"{row.name} — {row.organisation}" if row.organisation else row.name
        if label in seen:
            label = f"{label} (#{row.id})"
        seen.add(label)
        found.append((row.id, label))
    return found[:_SUGGESTIONS]
