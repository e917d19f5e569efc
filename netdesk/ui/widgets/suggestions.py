"""Fields that suggest as you type, all behaving one way.

Suggestions open in a list under the field with nothing highlighted: Down (or
Up) highlights one, Enter or a click takes the highlighted one, Esc closes the
list. Enter with nothing highlighted closes the list and keeps what was typed,
so nothing is ever picked that a person did not point at. A field whose typing
alone means nothing (the check-in: ``points_on_enter``) has Enter highlight the
first suggestion instead, and a second Enter take it. The tag field of the
contact editor (``TagsEdit``) completes the same way.

``SuggestingLineEdit`` asks a function for the suggestions on every edit (the
domain's search: the widget never touches the database); ``ContactPicker`` is
one for choosing a contact.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QListView, QWidget

# the text a completion puts in the line edit (the list shows the display text)
INSERT_ROLE = Qt.ItemDataRole.UserRole + 40
# what the suggestion is about (a contact id)
KEY_ROLE = Qt.ItemDataRole.UserRole + 41
MAX_SHOWN = 10

# (key, text to insert, text shown in the list)
Suggestion = tuple[Hashable, str, str]


class SuggestionList(QListView):
    """The list under a field, one line a suggestion, as Qt's completer makes it.

    Its rows are laid out all as tall as the last one (uniform item sizes: one row
    measured, not each at every keystroke), and the completer makes the list as tall
    as a row's height times the rows: that height is the last row's here too, so a
    last row taller than the first (a sign drawn from a fallback font) brings no
    scroll bar and hides no row."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)

    def sizeHintForRow(self, row: int) -> int:
        model = self.model()
        last = model.rowCount() - 1 if model is not None else -1
        return super().sizeHintForRow(last if last >= 0 else row)


def unhighlight(completer: QCompleter) -> None:
    """Nothing highlighted when the list opens (Qt highlights a row that starts with
    what was typed, and Enter would then take it unasked)."""
    popup = completer.popup()
    popup.setCurrentIndex(QModelIndex())
    popup.selectionModel().clearSelection()


class SuggestingLineEdit(QLineEdit):
    """Asks ``suggest(text)`` on every edit; emits ``suggestion_chosen(key, insert)``.

    ``inserts`` says whether taking a suggestion writes its text into the field
    (a contact's name) or leaves the field to whoever listens (the check-in).
    ``points_on_enter``: Enter with nothing highlighted highlights the first
    suggestion (opening the list again if need be) rather than closing the list.
    """

    suggestion_chosen = Signal(object, str)
    # Esc emptied the field (``clears_on_escape``)
    cleared = Signal()

    def __init__(
        self,
        suggest: Callable[[str], list[Suggestion]],
        parent: QWidget | None = None,
        *,
        inserts: bool = True,
        clears_on_escape: bool = False,
        points_on_enter: bool = False,
    ) -> None:
        super().__init__(parent)
        self._suggest = suggest
        self._inserts = inserts
        self._points_on_enter = points_on_enter
        self._clears_on_escape = clears_on_escape
        self.model = QStandardItemModel(self)
        self._completer = QCompleter(self.model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCompletionRole(INSERT_ROLE)
        self._completer.setMaxVisibleItems(MAX_SHOWN)
        self._completer.setWidget(self)
        self._completer.setPopup(SuggestionList())
        self.textEdited.connect(self.on_text_edited)
        self._completer.activated[QModelIndex].connect(self.on_activated)

    def completer_popup(self):
        return self._completer.popup()

    def event(self, event: QEvent) -> bool:
        # Esc is the window's "back to the contact list": while the field has Esc's own
        # work to do, it keeps the key (the shortcut waits until there is none)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not event.modifiers()
            and self._escape_has_work()
        ):
            event.accept()
            return True
        return super().event(event)

    def _escape_has_work(self) -> bool:
        return self.completer_popup().isVisible() or (self._clears_on_escape and bool(self.text()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the list (and, with ``clears_on_escape``, empties the field); with
        neither to do, it goes on to the dialog or window around. (While the list is
        open it holds the keyboard and hands the field each key itself, past any event
        filter: Esc is handled here, where it arrives either way.)"""
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            popup = self.completer_popup()
            was_open = popup.isVisible()
            popup.hide()
            if self._clears_on_escape and self.text():
                # (setText, not clear(): nothing left for Ctrl+Z to undo in the field)
                self.setText("")
                self.cleared.emit()
            elif not was_open:
                super().keyPressEvent(event)
                return
            event.accept()
            return
        if (
            self._points_on_enter
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers()
            and self._point_at_first()
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def _point_at_first(self) -> bool:
        """Highlight the first suggestion if none is (the list opened again if it was
        closed); whether there was one to highlight."""
        popup = self.completer_popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return False  # (the highlighted one is taken)
        if not popup.isVisible() and self.text().strip():
            self.on_text_edited(self.text())
        if not popup.isVisible() or self.model.rowCount() == 0:
            return False
        popup.setCurrentIndex(popup.model().index(0, 0))
        return True

    def suggestions(self) -> list[Suggestion]:
        return [
            (
                self.model.item(row).data(KEY_ROLE),
                self.model.item(row).data(INSERT_ROLE),
                self.model.item(row).text(),
            )
            for row in range(self.model.rowCount())
        ]

    def refresh_suggestions(self) -> None:
        """Ask again for what is typed now (the data behind the suggestions changed)."""
        if self.completer_popup().isVisible():
            self.on_text_edited(self.text())

    def on_text_edited(self, text: str) -> None:
        found = self._suggest(text) if text.strip() else []
        self.model.clear()
        items = []
        for key, insert, shown in found:
            item = QStandardItem(shown)
            item.setData(insert, INSERT_ROLE)
            item.setData(key, KEY_ROLE)
            item.setEditable(False)
            items.append(item)
        if items:  # (in one go: the list under the field lays itself out once, not per row)
            self.model.invisibleRootItem().appendRows(items)
        popup = self.completer_popup()
        if not found:
            popup.hide()
            return
        if not popup.isVisible():
            self._completer.setCompletionPrefix("")
            self._completer.complete()  # under the field, as wide as it
        unhighlight(self._completer)

    def on_activated(self, index: QModelIndex) -> None:
        key = index.data(KEY_ROLE)
        insert = index.data(INSERT_ROLE)
        if key is None:
            return
        if self._inserts:
            self.setText(insert)
        else:
            # the field is done with: empty, with no typing left for Ctrl+Z to undo
            self.setText("")
        self.suggestion_chosen.emit(key, insert)


class ContactPicker(SuggestingLineEdit):
    """A contact chosen by name from the suggestions; ``contact_id()`` is None when none is.

    ``search(text)`` gives ``(contact id, name to insert, text shown)`` suggestions.
    """

    contact_changed = Signal(int)

    def __init__(
        self, search: Callable[[str], list[Suggestion]], parent: QWidget | None = None
    ) -> None:
        super().__init__(search, parent)
        self.setClearButtonEnabled(True)
        self._chosen: tuple[int, str] | None = None
        self.suggestion_chosen.connect(self.on_chosen)
        self.textChanged.connect(self.on_text_changed)

    def contact_id(self) -> int | None:
        text = self.text().strip()
        if not text:
            return None
        if self._chosen and self._chosen[1] == text:
            return self._chosen[0]
        return None

    def is_unresolved(self) -> bool:
        """Text is there but no contact was picked for it."""
        return bool(self.text().strip()) and self.contact_id() is None

    def set_contact(self, contact_id: int | None, name: str = "") -> None:
        self._chosen = (contact_id, name) if contact_id else None
        self.setText(name if contact_id else "")
        self.contact_changed.emit(contact_id or 0)

    def on_chosen(self, key: int, insert: str) -> None:
        self._chosen = (int(key), insert)
        self.contact_changed.emit(int(key))

    def on_text_changed(self, text: str) -> None:
        if self._chosen and self._chosen[1] != text.strip():
            self._chosen = None
            self.contact_changed.emit(0)
