"""What the detail pane shows about one contact, read in one go."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain import contacts, score_cache
from netdesk.domain.contacts import ContactDraft
from netdesk.storage.models import Contact


@dataclass(frozen=True)
class ContactCard:
    id: int
    draft: ContactDraft
    trust: float
    attention: float
    last_interaction_on: dt.date | None
    introduced_by_name: str
    in_trash: bool


def load_card(contact_id: int, on: dt.date | None = None) -> ContactCard | None:
    """The contact's fields, today's scores and who introduced them; None if there is none."""
    row = (
        Contact.select(
            Contact.attention_norm,
            Contact.trust_norm,
            Contact.last_interaction_on,
            Contact.deleted_at,
        )
        .where(Contact.id == contact_id)
        .first()
    )
    if row is None:
        return None
    draft = contacts.load_contact(contact_id)
    scores = score_cache.score_view(on).scores(row.attention_norm, row.trust_norm)
    last = row.last_interaction_on
    if isinstance(last, str):
        last = dt.date.fromisoformat(last)
    introducer = contacts.contact_name(draft.introduced_by_id) if draft.introduced_by_id else ""
    return ContactCard(
        contact_id,
        draft,
        scores.trust,
        scores.attention,
        last,
        introducer,
        row.deleted_at is not None,
    )
