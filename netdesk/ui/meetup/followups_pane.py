"""Follow-ups after events: who was met or seen and has not heard from us since.

One key per action on the selected person: C logs a call, E an email, O a
one-to-one booked, Delete dismisses. Each is one transaction, goes on the
undo stack, and the person leaves the list; the selection stays on the same
row so the next person is ready for the next key.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import event_followups
from netdesk.domain.event_followups import AttentionItem, FollowUpDone
from netdesk.domain.validation import ValidationError
from netdesk.ui.data_events import DataEvents
from netdesk.ui.format import ago, medium_date
from netdesk.ui.meetup.commands import push_done
from netdesk.ui.meetup.models import Column, RowTableModel
from netdesk.ui.shortcuts import SHORTCUTS
from netdesk.ui.tables import list_table
from netdesk.ui.widgets.flow_layout import FlowLayout

FOLLOW_UP_COLUMNS = (
    Column("Since", lambda i: ago(i.since), lambda i: medium_date(i.since)),
    Column("Name", lambda i: i.contact_name),
    Column("Where", lambda i: i.detail, lambda i: i.detail),
)
# action key -> (button text, key)
KEYS = {
    "call": ("Called", SHORTCUTS["followups.call"]),
    "email": ("Emailed", SHORTCUTS["followups.email"]),
    "one_to_one": ("Booked one-to-one", SHORTCUTS["followups.one_to_one"]),
}


class FollowUpsPane(QWidget):
    message = Signal(str)
    contact_activated = Signal(int)

    def __init__(
        self, hub: DataEvents, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.hub = hub
        self.undo_stack = undo_stack
        self.summary = QLabel(self)
        self.summary.setObjectName("followUpSummary")
        self.summary.setWordWrap(True)
        self.model = RowTableModel(FOLLOW_UP_COLUMNS, self)
        self.view = list_table(self.model, "followUpTable", self)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.status = QLabel(self)
        self.status.setObjectName("followUpStatus")

        self.actions: dict[str, QAction] = {}
        # one row of evenly spaced buttons, onto a second only when the panel is narrow
        buttons = FlowLayout(spacing=6)
        for key, (text, shortcut) in KEYS.items():
            action = self._action(f"{text} ({shortcut})", shortcut)
            action.triggered.connect(lambda _checked=False, key=key: self.log(key))
            self.actions[key] = action
            buttons.addWidget(self._button(text, shortcut, action))
        dismiss = self._action("Dismiss (Del)", SHORTCUTS["followups.dismiss"])
        dismiss.triggered.connect(self.dismiss)
        self.actions["dismiss"] = dismiss
        buttons.addWidget(self._button("Dismiss", "Del", dismiss))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.view.activated.connect(self._on_activated)
        self.reload()

    def _action(self, text: str, shortcut) -> QAction:
        action = QAction(text, self.view)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(action)
        return action

    def _button(self, text: str, shortcut: str, action: QAction) -> QPushButton:
        # no mnemonic: the keys work in the list, and Alt+letters belong to the menus
        button = QPushButton(f"{text}  ({shortcut})", self)
        button.setToolTip(f"{text}: press {shortcut} in the list")
        button.clicked.connect(action.trigger)
        return button

    # -- what others call --------------------------------------------------------

    def items(self) -> list[AttentionItem]:
        return self.model.rows()

    def reload(self) -> None:
        row = max(0, self.view.currentIndex().row())
        items = event_followups.pending()
        self.model.set_rows(items)
        if items:
            self.view.selectRow(min(row, len(items) - 1))
            oldest = items[0].since
            self.summary.setText(
                f"<b>{len(items)}</b> {'person' if len(items) == 1 else 'people'} met or seen "
                f"at an event with nothing logged since, oldest first (the first since "
                f"{medium_date(oldest)}). Keys: <b>C</b> called · <b>E</b> emailed · "
                "<b>O</b> one-to-one booked · <b>Del</b> dismiss."
            )
        else:
            self.summary.setText("Everyone met at an event has heard from you. Nice work.")
        for action in self.actions.values():
            action.setEnabled(bool(items))

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- actions -------------------------------------------------------------------

    def current_item(self) -> AttentionItem | None:
        return self.model.row_at(self.view.currentIndex().row())

    def log(self, action: str) -> None:
        item = self.current_item()
        if item is None:
            return
        label = event_followups.ACTIONS[action][0]
        self._run(
            f"{label}: {item.contact_name}",
            item,
            lambda: event_followups.log_followup(item, action, on=dt.date.today()),
            logs=True,
        )

    def dismiss(self) -> None:
        item = self.current_item()
        if item is not None:
            self._run(
                f"Dismissed {item.contact_name}",
                item,
                lambda: event_followups.dismiss(item),
                logs=False,
            )

    def _run(self, text: str, item: AttentionItem, action, *, logs: bool) -> None:
        try:
            done: FollowUpDone = action()
        except ValidationError as exc:
            self._say(str(exc))
            return
        state = {"done": done}

        def undo() -> None:
            event_followups.undo(state["done"])

        def redo() -> None:
            state["done"] = action()

        def after() -> None:
            self.reload()
            if logs:  # a timeline changed, scores with it
                self.hub.interactions_changed.emit(item.contact_id)
            self.hub.events_changed.emit()

        push_done(self.undo_stack, text, undo, redo, after, self._say)
        after()  # reloads now, so the next key acts on the next person
        self._say(text)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.message.emit(text)

    def _on_activated(self, index) -> None:
        item = self.model.row_at(index.row())
        if item is not None:
            self.contact_activated.emit(item.contact_id)
