"""A read-only summary of the selected contact: who they are, what they offer and need."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from netdesk.domain import contacts, score_cache
from netdesk.storage.models import Contact


class ContactSummaryPane(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        self.label = QLabel(body)
        self.label.setObjectName("contactSummary")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_contact(0)

    def show_contact(self, contact_id: int) -> None:
        if not contact_id:
            self.label.setText("<p style='color:gray'>Select a contact to see them here.</p>")
            return
        draft = contacts.load_contact(contact_id)
        row = Contact.get_by_id(contact_id)
        scores = score_cache.score_view().scores(row.attention_norm, row.trust_norm)
        esc = html.escape
        role = " · ".join(esc(p) for p in (draft.title, draft.organisation, draft.city) if p)
        parts = [
            f"<h2 style='margin-bottom:2px'>{esc(draft.shown_name())}</h2>",
            f"<p style='margin-top:0'>{role}</p>",
            f"<p><b>Trust</b> {scores.trust:.0f} &nbsp; <b>Attention</b> "
            f"{scores.attention:.0f}</p>",
        ]
        for title, items in (
            ("Offers", draft.offers),
            ("Needs", draft.needs),
            ("Tags", draft.tags),
        ):
            if items:
                parts.append(f"<p><b>{title}</b><br>{esc(', '.join(items))}</p>")
        if draft.how_we_met:
            parts.append(f"<p><b>How we met</b><br>{esc(draft.how_we_met)}</p>")
        self.label.setText("".join(parts))
