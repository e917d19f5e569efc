"""The first sync with an address book that already holds people: who is who.

Each card on the server is matched to a contact netdesk already has, in order:
the same UID (a card netdesk exported), then the import's duplicate rules
(``importers.plan.match_existing``: the same email or phone with a name that
agrees, the same name at the same organisation, the same name alone). Each contact is paired
once. The pairs are shown before anything is written; a paired card and
contact are merged field by field (what only one has is taken, lists are
joined, two different values become a conflict), the rest are added on the
other side.
"""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.domain.contacts import ContactDraft, load_contact
from netdesk.domain.exporters import contact_uid
from netdesk.domain.importers.drafts import live_contact_ids
from netdesk.domain.importers.plan import match_existing
from netdesk.domain.sync.card_fields import Fields, fields_into_draft


@dataclass(frozen=True)
class Pair:
    href: str
    local_id: int
    server_name: str
    local_name: str
    reason: str

    def as_json(self) -> dict[str, object]:
        return {
            "href": self.href,
            "contact_id": self.local_id,
            "server_name": self.server_name,
            "local_name": self.local_name,
            "reason": self.reason,
        }


def propose_pairs(cards: list[tuple[str, str, Fields]], region: str | None) -> list[Pair]:
    """``cards``: (href, UID, fields) of every card on the server."""
    by_export_uid = {contact_uid(cid): cid for cid in live_contact_ids()}
    by_rules = iter(
        match_existing(
            [
                fields_into_draft(fields, ContactDraft())
                for _, uid, fields in cards
                if uid not in by_export_uid
            ],
            region,
        )
    )
    taken: set[int] = set()
    pairs = []
    for href, uid, fields in cards:
        found: int | None = by_export_uid.get(uid)
        if found is not None:
            reason, local_name = "same UID", load_contact(found).display_name
        else:
            found, reason, local_name = next(by_rules)
        if found is None or found in taken:
            continue
        taken.add(found)
        name = fields["display_name"] or fields["organisation"] or href
        pairs.append(Pair(href, found, name, local_name, reason))
    return pairs
