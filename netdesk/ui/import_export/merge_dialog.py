"""The merge dialog: two contacts side by side; pick the value to keep where they differ.

Lists (emails, phones, web addresses, tags, offers, needs) are always combined
and interactions, referrals, events and follow-ups of both are always kept, so
the dialog only asks about the single-valued fields. It touches no database:
it is given the two drafts and returns the picks.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import dedupe, wording
from netdesk.domain.contacts import NETWORKING_STYLES, ContactDraft
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.window_layout import fit_wrapped_text

_SHORT = 60


def shown_value(name: str, value, names: dict[int, str]) -> str:
    if value in (None, ""):
        return "(none)"
    if name == "photo":
        return f"photo ({max(1, len(value) // 1024)} KB)"
    if name == "networking_style":
        return NETWORKING_STYLES.get(value, value)
    if name == "cadence_days":
        return f"every {wording.days(value)}"
    if name == "introduced_by_id":
        return names.get(value, "(someone no longer in netdesk)")
    text = " ".join(str(value).split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


class MergeDialog(QDialog):
    def __init__(
        self,
        keep: ContactDraft,
        other: ContactDraft,
        names: dict[int, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge Contacts")
        self.setObjectName("mergeDialog")
        self.keep, self.other = keep, other
        self.groups: dict[str, QButtonGroup] = {}
        self.choices: dict[str, dict[str, QRadioButton]] = {}
        names = names or {}

        intro = QLabel(
            f"Merge <b>{_html(other.shown_name())}</b> into <b>{_html(keep.shown_name())}</b>. "
            "Every interaction, referral, event and follow-up of both is kept, and so are "
            "all their emails, phones, web addresses, tags, offers and needs.",
            self,
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        fields = dedupe.differing_fields(keep, other)
        if not fields:
            grid.addWidget(QLabel("The two contacts agree on every other field.", self), 0, 0)
        else:
            grid.addWidget(QLabel("<b>Contact kept</b>", self), 0, 1)
            grid.addWidget(QLabel("<b>Contact merged in</b>", self), 0, 2)
        for row, name in enumerate(fields, 1):
            label = QLabel(dedupe.MERGE_FIELDS[name] + ":", self)
            group = QButtonGroup(self)
            options = {
                dedupe.KEEP: shown_value(name, getattr(keep, name), names),
                dedupe.OTHER: shown_value(name, getattr(other, name), names),
            }
            if name == "notes":
                options[dedupe.BOTH] = "both, one after the other"
            buttons = {}
            for column, (pick, text) in enumerate(options.items(), 1):
                button = QRadioButton(text, self)
                button.setObjectName(f"pick_{name}_{pick}")
                group.addButton(button)
                grid.addWidget(button, row, column)
                buttons[pick] = button
            buttons[dedupe.default_pick(name, keep, other)].setChecked(True)
            label.setBuddy(buttons[dedupe.KEEP])
            grid.addWidget(label, row, 0)
            self.groups[name] = group
            self.choices[name] = buttons

        self.buttons = dialog_buttons(self, "&Merge")
        self.merge_button = self.buttons.accept_button
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_wrapped_text(self)

    def picks(self) -> dict[str, str]:
        """Field → "keep", "other" or "both", for ``dedupe.merge_contacts``."""
        return {
            name: next(pick for pick, b in buttons.items() if b.isChecked())
            for name, buttons in self.choices.items()
        }


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
