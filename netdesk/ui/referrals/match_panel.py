"""The referral-match panel: type a need, see who can serve it and why, introduce."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui.delegates import ATTENTION_COLOR, TRUST_COLOR, ScoreBarDelegate
from netdesk.ui.panes.reload_when_shown import ReloadWhenShown
from netdesk.ui.referrals.models import MatchResultsModel
from netdesk.ui.tables import list_keys
from netdesk.ui.widgets.suggestions import ContactPicker, SuggestingLineEdit, Suggestion

if TYPE_CHECKING:
    from netdesk.domain.matching import MatchResult

# The match itself (its word lists, its fuzzy spelling) loads when a need is first
# matched or completed: the panel shows before it.

TYPING_PAUSE_MS = 250
# narrower than this, the reasons go under each name instead of in a column of their own
COMPACT_BELOW = 460
NOTES_LABEL = "Also mentioned in notes (not offering it):"
ROW_PADDING = 8


def need_suggestions(text: str) -> list[Suggestion]:
    from netdesk.domain import matching

    return [
        (need.contact_id, need.text, f"{need.text} — {need.contact_name}")
        for need in matching.recorded_needs(text, limit=12)
    ]


class MatchPanel(ReloadWhenShown, QWidget):
    """Emits ``introduce_requested(contact_id)`` for the result to introduce."""

    introduce_requested = Signal(int)
    results_changed = Signal()

    def __init__(
        self, search: Callable[[str], list[Suggestion]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("matchPanel")
        self.need = SuggestingLineEdit(need_suggestions, self)
        self.need.setObjectName("matchNeed")
        self.need.setPlaceholderText("What is needed? e.g. a realtor in Waterloo")
        self.need.setClearButtonEnabled(True)
        self.for_contact = ContactPicker(search, self)
        self.for_contact.setObjectName("matchFor")
        self.for_contact.setPlaceholderText("Who needs it (optional, never suggested)")
        self.summary = QLabel(self)
        self.summary.setObjectName("matchSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        self.model = MatchResultsModel(self)
        self.view = self._results_view("matchResults", self.model)
        # people whose notes alone mention the need: below the providers, never among them
        self.notes_label = QLabel(NOTES_LABEL, self)
        self.notes_label.setObjectName("matchNotesLabel")
        self.notes_model = MatchResultsModel(self)
        self.notes_view = self._results_view("matchNotes", self.notes_model)
        self.notes_label.setBuddy(self.notes_view)

        self.introduce_button = QPushButton("&Introduce…", self)
        self.introduce_button.setObjectName("introduceButton")
        self.synonyms_button = QPushButton("S&ynonyms…", self)

        form = QFormLayout()
        form.addRow("&Need", self.need)
        form.addRow("F&or", self.for_contact)
        buttons = QHBoxLayout()
        buttons.addWidget(self.introduce_button)
        buttons.addStretch(1)
        buttons.addWidget(self.synonyms_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes_view, 1)
        layout.addLayout(buttons)
        self.notes_label.hide()
        self.notes_view.hide()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_match)
        self.need.textChanged.connect(self._timer.start)
        self.need.returnPressed.connect(self.on_return)
        self.need.suggestion_chosen.connect(self.on_need_chosen)
        self.for_contact.contact_changed.connect(lambda _: self._timer.start())
        self.introduce_button.clicked.connect(self.request_introduce)
        self.view.activated.connect(self.request_introduce)
        self.view.selectionModel().currentRowChanged.connect(self.update_buttons)
        self.update_buttons()
        self.run_match()

    def _results_view(self, name: str, model: MatchResultsModel) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        list_keys(view)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(True)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.verticalHeader().setVisible(False)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # every column in view at the panel's least width: who and why share what the
        # rank and the two scores leave (no sideways scrolling to find the scores)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = view.horizontalHeader()
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(MatchResultsModel.CONTACT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MatchResultsModel.WHY, QHeaderView.ResizeMode.Stretch)
        metrics = view.fontMetrics()
        for column in (
            MatchResultsModel.RANK,
            MatchResultsModel.TRUST,
            MatchResultsModel.ATTENTION,
        ):
            title = MatchResultsModel.HEADERS[column]
            header.resizeSection(column, metrics.horizontalAdvance(title) + 24)
        view.setItemDelegateForColumn(MatchResultsModel.TRUST, ScoreBarDelegate(TRUST_COLOR, view))
        view.setItemDelegateForColumn(
            MatchResultsModel.ATTENTION, ScoreBarDelegate(ATTENTION_COLOR, view)
        )
        return view

    # -- what others call --------------------------------------------------------------

    def current_result(self) -> MatchResult | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def set_need(self, need: str, for_contact: tuple[int, str] | None = None) -> None:
        if for_contact:
            self.for_contact.set_contact(*for_contact)
        self.need.setText(need)
        self.run_match()

    def focus_need(self) -> None:
        self.need.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.need.selectAll()

    def reload(self) -> None:
        """Run the match again on what the database holds now (``refresh``, from
        ``ReloadWhenShown``, calls this once the panel is visible)."""
        self.run_match()

    # -- slots -------------------------------------------------------------------------

    def run_match(self) -> None:
        self._timer.stop()
        text = self.need.text()
        keep = self.current_result()
        found = None
        if text.strip():
            from netdesk.domain import matching

            found = matching.match(text, for_contact_id=self.for_contact.contact_id())
        results = found.providers if found else []
        mentioned = found.mentioned if found else []
        self._show(self.view, self.model, results)
        self._show(self.notes_view, self.notes_model, mentioned)
        self.notes_label.setVisible(bool(mentioned))
        self.notes_view.setVisible(bool(mentioned))
        if results:
            row = 0
            if keep is not None:
                row = next((i for i, r in enumerate(results) if r.contact_id == keep.contact_id), 0)
            self.view.selectRow(row)
        self.summary.setText(self._summary(text, results))
        self.update_buttons()
        self.results_changed.emit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        compact = self.width() < COMPACT_BELOW
        for view, model in ((self.view, self.model), (self.notes_view, self.notes_model)):
            if compact != model.compact:
                model.set_compact(compact)
                view.setColumnHidden(MatchResultsModel.WHY, compact)
                self._fit_rows(view, model.rowCount())

    def _show(self, view: QTableView, model: MatchResultsModel, rows: list[MatchResult]) -> None:
        model.set_rows(rows)
        self._fit_rows(view, len(rows))

    @staticmethod
    def _fit_rows(view: QTableView, count: int) -> None:
        view.resizeRowsToContents()
        for row in range(count):  # a little air between the rows
            view.setRowHeight(row, view.rowHeight(row) + ROW_PADDING)

    def _summary(self, text: str, results: list[MatchResult]) -> str:
        if not text.strip():
            return "Type a need, or pick one recorded on a contact."
        if not results:
            return f"Nobody in your network matches “{text.strip()}”."
        count = len(results)
        return f"{count} {'person' if count == 1 else 'people'} for “{text.strip()}”, best first."

    def on_return(self) -> None:
        self.run_match()
        if self.model.rowCount():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_need_chosen(self, contact_id: int, need: str) -> None:
        for key, insert, shown in self.need.suggestions():
            if key == contact_id and insert == need:
                self.for_contact.set_contact(contact_id, shown.rsplit(" — ", 1)[-1])
                break
        self.run_match()

    def request_introduce(self, *args) -> None:
        result = self.current_result()
        if result is not None:
            self.introduce_requested.emit(result.contact_id)

    def update_buttons(self, *args) -> None:
        self.introduce_button.setEnabled(self.current_result() is not None)
