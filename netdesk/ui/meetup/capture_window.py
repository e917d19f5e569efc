"""Quick capture at the venue: a small window driven by the keyboard alone.

Name, email, business, offers, needs, one line of note; **Enter** saves (one
transaction, committed before the form clears) and the form is ready for the
next person. While a name or email is typed, a likely existing contact shows
under the form; **Ctrl+Enter** adds the entry to that contact instead of
creating a duplicate. The running count and the people captured so far stay
in view; **Ctrl+Up**/**Ctrl+Down** bring an earlier entry back into the form
to correct it (**Enter** saves the correction, **Ctrl+Delete** removes the
entry, **Escape** cancels). **Escape** clears a form with something typed in it
(**Ctrl+Z** right after brings the entry back) and closes an empty one; nothing
typed and saved is lost by closing it.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import capture, events
from netdesk.domain.capture import Captured, CaptureEntry, DuplicateHint
from netdesk.domain.contact_picker import ContactPicker
from netdesk.domain.events import EventDraft
from netdesk.domain.validation import ValidationError
from netdesk.ui.data_events import DataEvents
from netdesk.ui.format import medium_date
from netdesk.ui.meetup.models import Column, RowTableModel
from netdesk.ui.tables import list_table
from netdesk.ui.window_layout import fit_wrapped_text, place_over

NEW_EVENT = -1
# field name -> (label with mnemonic, placeholder)
FIELDS = {
    "name": ("&Name", "first and last name"),
    "email": ("E&mail", "from their card (optional)"),
    "business": ("&Business", "company or trade"),
    "offers": ("&Offers", "what they sell or do, comma-separated"),
    "needs": ("N&eeds", "what they are looking for, comma-separated"),
    "note": ("No&te", "one line to remember them by"),
}
RECENT_COLUMNS = (
    Column("#", lambda r: str(r[0])),
    Column("Name", lambda r: r[1].name),
    Column("Business", lambda r: r[1].entry.business),
    Column("Saved as", lambda r: "new contact" if r[1].created else "added to existing"),
)
KEYS_HELP = (
    "<b>Enter</b> save · <b>Tab</b> next field · <b>Ctrl+Enter</b> add to the suggested "
    "contact · <b>Ctrl+↑/↓</b> correct an earlier entry · <b>Esc</b> clear, "
    "then close"
)
_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class QuickCaptureWindow(QWidget):
    def __init__(self, hub: DataEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("quickCapture")
        self.setWindowTitle("Meetup capture — netdesk")
        self.hub = hub
        self.picker = ContactPicker(limit=10)
        # captured entries per event id, oldest first
        self._sessions: dict[int, list[Captured]] = {}
        self._correcting: int | None = None
        # the entry Escape cleared, for Ctrl+Z (None once anything else is typed or saved)
        self._cleared: dict[str, str] | None = None
        self._hint: DuplicateHint | None = None

        self.event_combo = QComboBox(self)
        self.event_combo.setObjectName("captureEvent")
        self.event_combo.setMinimumContentsLength(30)
        self.new_event_name = QLineEdit(self)
        self.new_event_name.setObjectName("captureNewEventName")
        self.new_event_name.setPlaceholderText("name of today's event")
        event_row = QHBoxLayout()
        event_label = QLabel("E&vent", self)
        event_label.setBuddy(self.event_combo)
        event_row.addWidget(event_label)
        event_row.addWidget(self.event_combo, 1)
        event_row.addWidget(self.new_event_name, 1)

        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("captureMode")
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, (label, placeholder) in FIELDS.items():
            edit = QLineEdit(self)
            edit.setObjectName(f"capture_{name}")
            edit.setPlaceholderText(placeholder)
            edit.installEventFilter(self)
            self.fields[name] = edit
            form.addRow(label, edit)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("captureHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextFormat(Qt.TextFormat.RichText)
        self.hint_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.hint_label.setStyleSheet(
            "QLabel#captureHint { background: palette(alternate-base); padding: 6px; }"
        )
        self.hint_label.setVisible(False)  # (an empty box until there is a hint)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("captureError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.setVisible(False)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("captureSaved")
        keys = QLabel(KEYS_HELP, self)
        keys.setWordWrap(True)
        keys.setStyleSheet("color: palette(placeholder-text);")

        self.count_label = QLabel(self)
        self.count_label.setObjectName("captureCount")
        font = self.count_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.count_label.setFont(font)
        self.recent_model = RowTableModel(RECENT_COLUMNS, self)
        self.recent_view = list_table(self.recent_model, "captureRecent", self)
        self.recent_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.recent_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.recent_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        rows = 5
        self.recent_view.setFixedHeight(
            self.recent_view.verticalHeader().defaultSectionSize() * rows
            + header.sizeHint().height()
            + 2 * self.recent_view.frameWidth()
        )

        layout = QVBoxLayout(self)
        layout.addLayout(event_row)
        layout.addWidget(self.mode_label)
        layout.addLayout(form)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.error_label)
        layout.addWidget(keys)
        layout.addSpacing(6)
        layout.addWidget(self.count_label)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.recent_view)
        self.setTabOrder(self.event_combo, self.new_event_name)
        self.setTabOrder(self.new_event_name, self.fields["name"])
        self.resize(620, self.sizeHint().height())

        self.event_combo.currentIndexChanged.connect(self._on_event_changed)
        self.fields["name"].textChanged.connect(self._update_hint)
        self.fields["email"].textChanged.connect(self._update_hint)
        for edit in self.fields.values():
            edit.textEdited.connect(self._forget_cleared)
        self.recent_view.doubleClicked.connect(
            lambda index: self.start_correction(self._session_index_of_row(index.row()))
        )
        self.reload_events()

    # -- opening -----------------------------------------------------------------

    def start(self, event_id: int | None = None) -> None:
        """Show the window on ``event_id``, else on the event it was last on (its entries
        still there for Ctrl+Up), else today's event, else a new event today. It opens
        over the window it belongs to, wholly on screen."""
        last = self.event_id()
        if not event_id and last is not None and self._sessions.get(last):
            event_id = last
        event_id = event_id or events.event_held_on(dt.date.today())
        self.reload_events(select=event_id if event_id else NEW_EVENT)
        if not self.isVisible():
            self.resize(self.width(), self.sizeHint().height())
            place_over(self, self.parentWidget())
        self.show()
        self.raise_()
        self.activateWindow()
        self.focus_name()

    def focus_name(self) -> None:
        self.fields["name"].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reload_events(self, select: int | None = None) -> None:
        """Fill the event chooser; keep the chosen event unless told which to choose."""
        keep = self.event_id() if select is None else select
        if keep is None and self.event_combo.count():
            keep = NEW_EVENT
        before = self.event_combo.currentData()
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        self.event_combo.addItem("New event today…", NEW_EVENT)
        for row in events.list_events()[:60]:
            self.event_combo.addItem(f"{row.name} ({medium_date(row.held_on)})", row.id)
        found = self.event_combo.findData(keep if keep is not None else NEW_EVENT)
        self.event_combo.setCurrentIndex(max(0, found))
        self.event_combo.blockSignals(False)
        if select is not None or self.event_combo.currentData() != before:
            self._on_event_changed()
        else:  # same event: keep an entry being corrected, update the counts
            self._refresh()

    def event_id(self) -> int | None:
        """The event entries go to; None while it is a new event not yet created."""
        data = self.event_combo.currentData()
        return None if data in (None, NEW_EVENT) else int(data)

    # -- what a person sees --------------------------------------------------------

    def session(self) -> list[Captured]:
        event_id = self.event_id()
        return self._sessions.get(event_id, []) if event_id is not None else []

    def entry(self) -> CaptureEntry:
        return CaptureEntry(**{name: edit.text() for name, edit in self.fields.items()})

    def hint(self) -> DuplicateHint | None:
        return self._hint

    def _refresh(self) -> None:
        session = self.session()
        event_id = self.event_id()
        here = events.get_event(event_id).attendees if event_id is not None else 0
        people = "person" if len(session) == 1 else "people"
        self.count_label.setText(f"{len(session)} {people} captured · {here} at this event")
        numbered = list(enumerate(session, 1))
        self.recent_model.set_rows(list(reversed(numbered)))
        if self._correcting is not None:
            row = len(session) - 1 - self._correcting
            self.recent_view.selectRow(row)
            captured = session[self._correcting]
            self.mode_label.setText(
                f"<b>Correcting #{self._correcting + 1} {html.escape(captured.name)}</b> — "
                "Enter saves the correction · Ctrl+Delete removes this entry · Esc cancels"
            )
        else:
            self.recent_view.clearSelection()
            self.mode_label.setText(f"<b>Person #{len(session) + 1}</b>")

    def _session_index_of_row(self, row: int) -> int:
        return len(self.session()) - 1 - row

    # -- keys ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched in self.fields.values():
            assert isinstance(event, QKeyEvent)
            if self._on_key(event.key(), event.modifiers()):
                return True
        return super().eventFilter(watched, event)

    def _on_key(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key in _RETURN_KEYS:
            self.save(attach=ctrl)
            return True
        if ctrl and key == Qt.Key.Key_Up:
            self.start_correction(
                len(self.session()) - 1 if self._correcting is None else self._correcting - 1
            )
            return True
        if ctrl and key == Qt.Key.Key_Down:
            if self._correcting is not None:
                if self._correcting + 1 < len(self.session()):
                    self.start_correction(self._correcting + 1)
                else:
                    self.cancel_correction()
            return True
        if ctrl and key == Qt.Key.Key_Delete and self._correcting is not None:
            self.remove_entry()
            return True
        typed = any(edit.text() for edit in self.fields.values())
        if key == Qt.Key.Key_Escape:
            if self._correcting is not None:
                self.cancel_correction()
            elif typed:
                self.clear_typed()
            else:
                self.hide()
            return True
        if ctrl and key == Qt.Key.Key_Z and self._cleared is not None and not typed:
            self.restore_cleared()
            return True
        return False

    def clear_typed(self) -> None:
        """Clear the entry being typed, kept for Ctrl+Z until something else is typed."""
        cleared = {name: edit.text() for name, edit in self.fields.items()}
        self.clear_form()
        self._cleared = cleared
        self.saved_label.setText("Entry cleared · Ctrl+Z brings it back")

    def restore_cleared(self) -> None:
        cleared, self._cleared = self._cleared or {}, None
        for name, text in cleared.items():
            self.fields[name].setText(text)
        self.saved_label.clear()
        self._update_hint()

    # -- saving ---------------------------------------------------------------------

    def save(self, *, attach: bool = False) -> Captured | None:
        entry = self.entry()
        if attach and self._hint is None:
            self._show_error("No existing contact is suggested; Enter saves a new one.")
            return None
        attach_to = self._hint.contact_id if attach and self._hint else None
        event_id = self.event_id()
        try:
            if self._correcting is not None:
                old = self.session()[self._correcting]
                done = (
                    capture.reassign(old, entry, attach_to)
                    if attach
                    else capture.correct(old, entry)
                )
            elif event_id is None:
                draft = EventDraft(
                    name=self.new_event_name.text().strip() or capture.default_event_name(),
                    held_on=dt.date.today(),
                )
                done = capture.capture_at_new_event(draft, entry, attach_to=attach_to)
            else:
                done = capture.capture(event_id, entry, attach_to=attach_to)
        except ValidationError as exc:
            self._show_error(str(exc), exc.problems[0].field if exc.problems else None)
            return None
        session = self._sessions.setdefault(done.event_id, [])
        if self._correcting is not None:
            session[self._correcting] = done
            said = f"✓ Corrected {done.name}"
        else:
            session.append(done)
            said = f"✓ Saved {done.name}" + ("" if done.created else " (added to existing)")
        self._correcting = None
        if event_id is None:  # the new event exists now: choose it
            self.reload_events(select=done.event_id)
        self.picker.note_names([done.name])
        self.clear_form()
        self.saved_label.setText(said)
        self._announce(done.contact_id)
        return done

    def _announce(self, contact_id: int) -> None:
        self.hub.contacts_changed.emit([contact_id])
        self.hub.interactions_changed.emit(contact_id)
        self.hub.events_changed.emit()

    def _forget_cleared(self) -> None:
        if self._cleared is not None:
            self._cleared = None
            self.saved_label.clear()  # (Ctrl+Z is the field's own again)

    def clear_form(self) -> None:
        self._cleared = None
        for edit in self.fields.values():
            edit.clear()
        self.error_label.clear()
        self.error_label.setVisible(False)
        self._refresh()
        self._update_hint()
        self.focus_name()

    def _show_error(self, text: str, field: str | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)
        fit_wrapped_text(self)
        if field in self.fields:
            self.fields[field].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- correcting -----------------------------------------------------------------

    def start_correction(self, index: int) -> None:
        session = self.session()
        if not 0 <= index < len(session):
            return
        self._correcting = index
        entry = session[index].entry
        for name, edit in self.fields.items():
            edit.setText(getattr(entry, name))
        self.error_label.clear()
        self.error_label.setVisible(False)
        self._refresh()
        self._update_hint()
        self.focus_name()

    def cancel_correction(self) -> None:
        self._correcting = None
        self.clear_form()

    def remove_entry(self) -> None:
        if self._correcting is None:
            return
        session = self.session()
        captured = session.pop(self._correcting)
        capture.discard(captured)
        self._correcting = None
        self.clear_form()
        self.saved_label.setText(f"✓ Removed {captured.name}")
        self._announce(captured.contact_id)

    # -- slots ----------------------------------------------------------------------

    def on_contacts_changed(self) -> None:
        self.picker.invalidate()

    def _on_event_changed(self, *_args) -> None:
        is_new = self.event_combo.currentData() == NEW_EVENT
        self.new_event_name.setVisible(is_new)
        if is_new and not self.new_event_name.text():
            self.new_event_name.setText(capture.default_event_name())
        self._correcting = None
        self._refresh()

    def _update_hint(self, *_args) -> None:
        exclude: set[int] = set()
        if self._correcting is not None:
            exclude.add(self.session()[self._correcting].contact_id)
        name, email = self.fields["name"].text(), self.fields["email"].text()
        self._hint = (
            capture.duplicate_hint(name, email, picker=self.picker, exclude=exclude)
            if name.strip() or email.strip()
            else None
        )
        if self._hint is None:
            self.hint_label.setVisible(False)
            self.hint_label.clear()
            return
        hint = self._hint
        who = html.escape(hint.name)
        if hint.organisation:
            who += f" · {html.escape(hint.organisation)}"
        event_id = self.event_id()
        here = (
            " (already checked in here)"
            if event_id is not None and events.is_checked_in(event_id, hint.contact_id)
            else ""
        )
        self.hint_label.setText(
            f"Already in netdesk? <b>{who}</b>{here} — {hint.reason}. "
            "<b>Ctrl+Enter</b> adds this entry to them; <b>Enter</b> saves someone new."
        )
        self.hint_label.setVisible(True)
        fit_wrapped_text(self)  # (taller, rather than the fields squeezed)
