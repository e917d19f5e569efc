"""The contact editor: every field of a contact, checked as it is typed.

The dialog edits a ``ContactDraft`` and gives one back; it saves nothing. The
checks come from the domain (``validate``, handed in): a problem shows under
the field it belongs to once that field has been typed in and left, or for
every field when Save is pressed; Save does not close the dialog while any
problem remains. Whoever opened the dialog saves ``draft()`` (one transaction).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.contacts import NETWORKING_STYLES, ContactDraft
from netdesk.domain.validation import Problem, ValidationError
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.shortcuts import shortcuts
from netdesk.ui.unsaved import FormDialog
from netdesk.ui.widgets.error_label import ErrorLabel
from netdesk.ui.widgets.list_editors import LabelledListEditor, LinesEdit
from netdesk.ui.widgets.suggestions import ContactPicker
from netdesk.ui.widgets.tags_edit import TagsEdit

Validator = Callable[[ContactDraft], None]
# text -> [(contact id, "Name — Organisation")], best first
Finder = Callable[[str], list[tuple[int, str]]]

EMAIL_LABELS = ["work", "home", "other"]
PHONE_LABELS = ["mobile", "work", "home", "other"]
URL_LABELS = ["website", "LinkedIn", "Instagram", "Facebook", "other"]
_PICK_A_CONTACT = "pick a contact from the suggestions, or clear the field"


class ContactEditorDialog(FormDialog):
    def __init__(
        self,
        draft: ContactDraft,
        *,
        validate: Validator,
        find_contacts: Finder,
        known_tags: list[str],
        introduced_by_name: str = "",
        title: str = "New contact",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactEditor")
        self.setWindowTitle(title)
        self._validate = validate
        self._original = draft
        self._save_attempted = False
        self._touched: set[str] = set()
        self._errors: dict[str, ErrorLabel] = {}

        self.given_name = QLineEdit(self)
        self.family_name = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.display_name.setPlaceholderText("as the name reads, if not given + family")
        self.organisation = QLineEdit(self)
        self.title = QLineEdit(self)
        self.department = QLineEdit(self)
        self.nickname = QLineEdit(self)
        self.city = QLineEdit(self)
        self.emails = LabelledListEditor(
            "emails", EMAIL_LABELS, "name@example.com", "Add email", self
        )
        self.phones = LabelledListEditor(
            "phones", PHONE_LABELS, "+1 519 555 0123", "Add phone", self
        )
        self.urls = LabelledListEditor(
            "urls", URL_LABELS, "https://…", "Add web or social link", self
        )
        self.offers = LinesEdit("one per line: Realtor, mobile websites…", 3, self)
        self.needs = LinesEdit("one per line: a bookkeeper, office space…", 3, self)
        self.tags = TagsEdit(known_tags, self)
        self.how_we_met = QLineEdit(self)
        self.how_we_met.setPlaceholderText("at the March breakfast, through Ana…")
        self.introduced_by = ContactPicker(
            lambda text: [(cid, label, label) for cid, label in find_contacts(text)], self
        )
        self.introduced_by.setPlaceholderText("Type a name, then pick from the list")
        self.networking_style = QComboBox(self)
        for key, label in NETWORKING_STYLES.items():
            self.networking_style.addItem(label, key)
        self.cadence = QSpinBox(self)
        self.cadence.setRange(0, 3650)
        self.cadence.setSpecialValueText("no cadence")
        self.cadence.setSuffix(" days")
        # "1 day", "14 days" (Qt keeps the cursor where it was as the suffix changes)
        self.cadence.valueChanged.connect(
            lambda count: self.cadence.setSuffix(" day" if count == 1 else " days")
        )
        self.cadence.setToolTip("Keep in touch at least every so many days (0: no cadence)")
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Anything worth remembering")
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)

        self.buttons = dialog_buttons(self, "Save")
        self.save_button = self.buttons.accept_button
        self.save_button.setToolTip("Save (Ctrl+S or Enter)")
        self.summary = ErrorLabel(self)
        self._build_layout()
        self._load(draft, introduced_by_name)
        self._order_tabs()
        self._connect_signals()
        self.resize(920, 680)
        self.given_name.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- layout ------------------------------------------------------------------------

    def _field(self, widget: QWidget, field: str) -> QWidget:
        """``widget`` with its error message under it."""
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        error = ErrorLabel(box)
        layout.addWidget(error)
        self._errors[field] = error
        return box

    def _build_layout(self) -> None:
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # one Alt+letter per field (tests/ui/test_mnemonics.py finds any two alike)
        left.addRow("&Given name", self._field(self.given_name, "given_name"))
        left.addRow("&Family name", self.family_name)
        left.addRow("Shown &as", self.display_name)
        left.addRow("&Organisation", self.organisation)
        left.addRow("&Title", self.title)
        left.addRow("&Department", self.department)
        left.addRow("Ni&ckname", self.nickname)
        left.addRow("Cit&y", self.city)
        left.addRow("E&mails", self.emails)
        left.addRow("&Phones", self.phones)
        left.addRow("&Web, social", self.urls)

        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        right.addRow("Offe&rs", self.offers)
        right.addRow("&Needs", self.needs)
        right.addRow("Tag&s", self.tags)
        right.addRow("&How we met", self.how_we_met)
        right.addRow("&Introduced by", self._field(self.introduced_by, "introduced_by_id"))
        right.addRow("Networ&king style", self._field(self.networking_style, "networking_style"))
        right.addRow("Keep in to&uch every", self._field(self.cadence, "cadence_days"))
        right.addRow("Not&es", self.notes)
        for form in (left, right):
            _label_the_fields(form)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(columns)
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def _load(self, draft: ContactDraft, introduced_by_name: str) -> None:
        self.given_name.setText(draft.given_name)
        self.family_name.setText(draft.family_name)
        # the stored display name is derived when it equals given + family: show it empty
        derived = " ".join(p for p in (draft.given_name, draft.family_name) if p)
        derived = derived or draft.organisation
        if draft.display_name and draft.display_name != derived:
            self.display_name.setText(draft.display_name)
        self.organisation.setText(draft.organisation)
        self.title.setText(draft.title)
        self.department.setText(draft.department)
        self.nickname.setText(draft.nickname)
        self.city.setText(draft.city)
        self.emails.set_items(draft.emails)
        self.phones.set_items(draft.phones)
        self.urls.set_items(draft.urls)
        self.offers.set_items(draft.offers)
        self.needs.set_items(draft.needs)
        self.tags.set_tags(draft.tags)
        self.how_we_met.setText(draft.how_we_met)
        self.introduced_by.set_contact(draft.introduced_by_id, introduced_by_name)
        index = self.networking_style.findData(draft.networking_style)
        self.networking_style.setCurrentIndex(max(0, index))
        self.cadence.setValue(draft.cadence_days or 0)
        self.notes.setPlainText(draft.notes)

    def _order_tabs(self) -> None:
        """Tab in reading order: down the left column (each email, phone and web row
        before its Add button), then down the right one, then Save and Cancel."""
        chain: list[QWidget] = [
            self.given_name,
            self.family_name,
            self.display_name,
            self.organisation,
            self.title,
            self.department,
            self.nickname,
            self.city,
        ]
        for editor in (self.emails, self.phones, self.urls):
            chain += editor.focus_chain()
        chain += [
            self.offers,
            self.needs,
            self.tags,
            self.how_we_met,
            self.introduced_by,
            self.networking_style,
            self.cadence,
            self.notes,
            self.save_button,
            self.buttons.reject_button,
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _connect_signals(self) -> None:
        for editor in (self.emails, self.phones, self.urls):
            editor.rows_changed.connect(self._order_tabs)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for keys in shortcuts("editor.save"):
            QShortcut(keys, self).activated.connect(self.accept)
        for editor in (self.emails, self.phones, self.urls):
            editor.finished.connect(self.recheck)
            editor.edited.connect(self.recheck_shown)
        # a missing name shows on Save only; typing any of these can clear it
        for line in (self.given_name, self.family_name, self.organisation, self.display_name):
            line.textEdited.connect(self.recheck_shown)
        self.introduced_by.editingFinished.connect(lambda: self._touch("introduced_by_id"))
        self.introduced_by.textEdited.connect(self.recheck_shown)
        self.introduced_by.contact_changed.connect(self.recheck_shown)

    # -- the result ----------------------------------------------------------------------

    def draft(self) -> ContactDraft:
        cadence = self.cadence.value()
        return ContactDraft(
            given_name=self.given_name.text().strip(),
            family_name=self.family_name.text().strip(),
            display_name=self.display_name.text().strip(),
            organisation=self.organisation.text().strip(),
            title=self.title.text().strip(),
            department=self.department.text().strip(),
            nickname=self.nickname.text().strip(),
            city=self.city.text().strip(),
            notes=self.notes.toPlainText().rstrip(),
            how_we_met=self.how_we_met.text().strip(),
            introduced_by_id=self.introduced_by.contact_id(),
            networking_style=self.networking_style.currentData() or "",
            cadence_days=cadence or None,
            photo=self._original.photo,
            emails=self.emails.items(),
            phones=self.phones.items(),
            urls=self.urls.items(),
            tags=self.tags.tags(),
            offers=self.offers.items(),
            needs=self.needs.items(),
        )

    # -- checking ----------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        try:
            self._validate(self.draft())
        except ValidationError as exc:
            problems = list(exc.problems)
        if self.introduced_by.is_unresolved():
            problems.append(Problem("introduced_by_id", None, _PICK_A_CONTACT))
        return problems

    def _touch(self, field: str) -> None:
        self._touched.add(field)
        self.recheck()

    def recheck(self) -> list[Problem]:
        """Check the draft; show problems of fields already typed in (all after Save)."""
        problems = self.problems()
        shown_all = self._save_attempted
        for field, label in self._errors.items():
            message = next(
                (p.message for p in problems if p.field == field and p.index is None), None
            )
            label.set_message(message if (shown_all or field in self._touched) else None)
        for editor in (self.emails, self.phones, self.urls):
            messages = {
                p.index: p.message
                for p in problems
                if p.field == editor.field and p.index is not None
            }
            editor.show_problems(messages, all_rows=shown_all)
        if shown_all and problems:
            count = len(problems)
            self.summary.set_message(
                f"{count} problem{'s' if count > 1 else ''} to fix before saving"
            )
        else:
            self.summary.set_message(None)
        return problems

    def recheck_shown(self) -> None:
        """While typing: clear a message as soon as its field is fixed."""
        if self._save_attempted or self._any_message_shown():
            self.recheck()

    def _any_message_shown(self) -> bool:
        if any(label.message() for label in self._errors.values()):
            return True
        return any(
            row.error.message()
            for editor in (self.emails, self.phones, self.urls)
            for row in editor.rows()
        )

    def accept(self) -> None:
        self._save_attempted = True
        if self.recheck():
            self._focus_first_problem()
            return
        super().accept()

    def _focus_first_problem(self) -> None:
        for field, widget in (
            ("given_name", self.given_name),
            ("introduced_by_id", self.introduced_by),
            ("networking_style", self.networking_style),
            ("cadence_days", self.cadence),
        ):
            if self._errors[field].message():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        for editor in (self.emails, self.phones, self.urls):
            row = editor.first_row_with_problem()
            if row is not None:
                row.value.setFocus(Qt.FocusReason.OtherFocusReason)
                row.value.selectAll()
                return

    def error_text(self, field: str) -> str:
        """The message shown for a field ("emails#0" for a list row), or ""."""
        name, _, index = field.partition("#")
        if name in self._errors:
            return self._errors[name].message()
        editor = {"emails": self.emails, "phones": self.phones, "urls": self.urls}[name]
        filled = [row for row in editor.rows() if not row.is_blank()]
        position = int(index or 0)
        return filled[position].error.message() if position < len(filled) else ""


def _label_the_fields(form: QFormLayout) -> None:
    """Each row's label goes to the field a person types in (not the box around it with
    its error message): Alt+letter lands there, and a screen reader names it."""
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label_item is None or field_item is None or field_item.widget() is None:
            continue
        label, field = label_item.widget(), field_item.widget()
        inputs = [field] if field.focusPolicy() & Qt.FocusPolicy.TabFocus else []
        inputs += [
            child
            for child in field.findChildren(QWidget)
            if child.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        if not inputs:
            continue
        if not isinstance(field, LabelledListEditor):
            label.setBuddy(inputs[0])
            inputs[0].setAccessibleName(label.text().replace("&", ""))
        else:
            label.setBuddy(field.rows()[0].value if field.rows() else field.add_button)
