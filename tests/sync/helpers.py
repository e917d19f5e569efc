"""Small helpers for the sync tests: finding and editing contacts on a device."""

from __future__ import annotations

from netdesk.domain import contacts
from netdesk.domain.contacts import ContactDraft
from netdesk.domain.importers.drafts import live_contact_ids, load_drafts
from netdesk.storage.models import Contact


def by_name(name: str) -> int:
    found = [c.id for c in Contact.select().where(Contact.display_name == name)]
    assert len(found) == 1, f"{len(found)} contacts called {name!r}"
    return found[0]


def edit(name: str, **changes: object) -> None:
    cid = by_name(name)
    draft = contacts.load_contact(cid)
    for key, value in changes.items():
        setattr(draft, key, value)
    contacts.update_contact(cid, draft)


def draft_of(name: str) -> ContactDraft:
    return contacts.load_contact(by_name(name))


def everyone() -> dict[str, ContactDraft]:
    """Every live contact's draft, by shown name (introducers by name, not id)."""
    drafts = load_drafts(live_contact_ids())
    names = {cid: d.shown_name() for cid, d in drafts.items()}
    found = {}
    for draft in drafts.values():
        intro = draft.introduced_by_id
        draft.introduced_by_id = None
        found[draft.shown_name()] = (draft, names.get(intro) if intro else None)
    assert len(found) == len(drafts), "two live contacts share a name"
    return found  # type: ignore[return-value]
