"""Contacts: the draft a person edits, its checks, and saving it in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netdesk.domain import score_cache, settings
from netdesk.domain.user_errors import NotFound
from netdesk.domain.validation import (
    Problem,
    ValidationError,
    clean_draft,
    clean_list,
    draft_length_problems,
    email_problem,
    fold,
    normalize_email,
    normalize_phone,
    phone_problem,
)
from netdesk.storage import search_index
from netdesk.storage.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    ContactUrl,
    Need,
    Offer,
    Tag,
    database,
    utcnow,
)

# the tag of a person imported with no name (named after their email or number), to review
REVIEW_TAG = "to review"

NETWORKING_STYLES: dict[str, str] = {
    "": "Not known",
    "quick_sale": "Quick sale",
    "soft_sell": "Soft sell",
    "referral_partner": "Referral partner",
}


@dataclass
class Labelled:
    value: str
    label: str = ""


@dataclass
class ContactDraft:
    """Everything about a contact a person can edit, as plain values."""

    given_name: str = ""
    family_name: str = ""
    display_name: str = ""
    organisation: str = ""
    title: str = ""
    city: str = ""
    nickname: str = ""
    department: str = ""
    notes: str = ""
    how_we_met: str = ""
    introduced_by_id: int | None = None
    networking_style: str = ""
    cadence_days: int | None = None
    photo: bytes | None = None
    emails: list[Labelled] = field(default_factory=list)
    phones: list[Labelled] = field(default_factory=list)
    urls: list[Labelled] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)

    def shown_name(self) -> str:
        return display_name_for(
            self.given_name, self.family_name, self.display_name, self.organisation
        )


def display_name_for(given: str, family: str, display: str = "", organisation: str = "") -> str:
    if display.strip():
        return display.strip()
    name = " ".join(part for part in (given.strip(), family.strip()) if part)
    return name or organisation.strip()


def sort_key_for(name: str) -> str:
    return fold(name).strip()


def is_live(contact_id: int) -> bool:
    """The contact exists and is not in the trash."""
    return bool(
        Contact.select().where((Contact.id == contact_id) & Contact.deleted_at.is_null()).exists()
    )


def validate(draft: ContactDraft, *, contact_id: int | None = None) -> None:
    """Raise ``ValidationError`` listing every problem in the draft."""
    problems: list[Problem] = []
    if not draft.shown_name():
        problems.append(Problem("given_name", None, "a contact needs a name or an organisation"))
    region = settings.phone_region()
    for index, email in enumerate(draft.emails):
        if message := email_problem(email.value):
            problems.append(Problem("emails", index, message))
    for index, phone in enumerate(draft.phones):
        if message := phone_problem(phone.value, region):
            problems.append(Problem("phones", index, message))
    if draft.networking_style not in NETWORKING_STYLES:
        problems.append(
            Problem("networking_style", None, f"unknown style {draft.networking_style!r}")
        )
    problems.extend(draft_length_problems(draft))
    if draft.cadence_days is not None and not 1 <= draft.cadence_days <= 3650:
        problems.append(
            Problem("cadence_days", None, "keep-in-touch cadence is between 1 and 3650 days")
        )
    if draft.introduced_by_id is not None:
        if draft.introduced_by_id == contact_id:
            problems.append(Problem("introduced_by_id", None, "a contact cannot introduce itself"))
        elif not is_live(draft.introduced_by_id):
            problems.append(Problem("introduced_by_id", None, "that contact no longer exists"))
    if problems:
        raise ValidationError(problems)


def tag_ids(names: list[str]) -> list[int]:
    ids = []
    for name in clean_list(names):
        tag = Tag.get_or_none(Tag.name == name) or Tag.create(name=name)
        ids.append(tag.id)
    return ids


def _write_children(contact_id: int, draft: ContactDraft) -> None:
    region = settings.phone_region()
    for model in (ContactEmail, ContactPhone, ContactUrl, Offer, Need, ContactTag):
        model.delete().where(model.contact == contact_id).execute()
    for pos, email in enumerate(e for e in draft.emails if e.value.strip()):
        ContactEmail.create(
            contact=contact_id,
            address=email.value.strip(),
            normalized=normalize_email(email.value),
            label=email.label,
            position=pos,
        )
    for pos, phone in enumerate(p for p in draft.phones if p.value.strip()):
        ContactPhone.create(
            contact=contact_id,
            number=phone.value.strip(),
            normalized=normalize_phone(phone.value, region),
            label=phone.label,
            position=pos,
        )
    for pos, url in enumerate(u for u in draft.urls if u.value.strip()):
        ContactUrl.create(contact=contact_id, url=url.value.strip(), label=url.label, position=pos)
    for pos, text in enumerate(clean_list(draft.offers)):
        Offer.create(contact=contact_id, text=text, position=pos)
    for pos, text in enumerate(clean_list(draft.needs)):
        Need.create(contact=contact_id, text=text, position=pos)
    for tag_id in tag_ids(draft.tags):
        ContactTag.create(contact=contact_id, tag=tag_id)


def _scalar_fields(draft: ContactDraft) -> dict[str, Any]:
    name = draft.shown_name()
    return {
        "given_name": draft.given_name.strip(),
        "family_name": draft.family_name.strip(),
        "display_name": name,
        "sort_key": sort_key_for(name),
        "organisation": draft.organisation.strip(),
        "title": draft.title.strip(),
        "city": draft.city.strip(),
        "nickname": draft.nickname.strip(),
        "department": draft.department.strip(),
        "notes": draft.notes,
        "how_we_met": draft.how_we_met.strip(),
        "introduced_by": draft.introduced_by_id,
        "networking_style": draft.networking_style,
        "cadence_days": draft.cadence_days,
        "photo": draft.photo,
    }


def create_contact(draft: ContactDraft, *, contact_id: int | None = None) -> int:
    """Check and save a new contact in one transaction; returns its id.

    ``contact_id`` recreates a contact under a known id (undo of a purge, restore).
    Every field is cleaned first (``validation.clean_draft``: no control characters).
    """
    draft = clean_draft(draft)
    validate(draft)
    with database.atomic():
        values = _scalar_fields(draft)
        if contact_id is not None:
            values["id"] = contact_id
        new_id: int = Contact.insert(**values).execute()
        _write_children(new_id, draft)
        search_index.reindex_contacts(database, [new_id])
    return new_id


def update_contact(contact_id: int, draft: ContactDraft) -> None:
    draft = clean_draft(draft)
    validate(draft, contact_id=contact_id)
    with database.atomic():
        values = _scalar_fields(draft)
        values["updated_at"] = utcnow()
        changed = Contact.update(**values).where(Contact.id == contact_id).execute()
        if not changed:
            raise NotFound(f"no contact with id {contact_id}")
        _write_children(contact_id, draft)
        search_index.reindex_contacts(database, [contact_id])


def load_contact(contact_id: int) -> ContactDraft:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")

    def labelled(query: Any, attr: str) -> list[Labelled]:
        return [Labelled(getattr(row, attr), row.label) for row in query]

    return ContactDraft(
        given_name=contact.given_name,
        family_name=contact.family_name,
        display_name=contact.display_name,
        organisation=contact.organisation,
        title=contact.title,
        city=contact.city,
        nickname=contact.nickname,
        department=contact.department,
        notes=contact.notes,
        how_we_met=contact.how_we_met,
        introduced_by_id=contact.introduced_by_id,
        networking_style=contact.networking_style,
        cadence_days=contact.cadence_days,
        photo=contact.photo,
        emails=labelled(contact.emails.order_by(ContactEmail.position), "address"),
        phones=labelled(contact.phones.order_by(ContactPhone.position), "number"),
        urls=labelled(contact.urls.order_by(ContactUrl.position), "url"),
        tags=[
            t.name
            for t in Tag.select()
            .join(ContactTag)
            .where(ContactTag.contact == contact_id)
            .order_by(Tag.name)
        ],
        offers=[o.text for o in contact.offers.order_by(Offer.position)],
        needs=[n.text for n in contact.needs.order_by(Need.position)],
    )


def trash_contact(contact_id: int) -> None:
    """Delete a contact recoverably: it leaves lists and search, its history stays."""
    with database.atomic():
        Contact.update(deleted_at=utcnow()).where(Contact.id == contact_id).execute()
        search_index.reindex_contacts(database, [contact_id])


def restore_contact(contact_id: int) -> None:
    with database.atomic():
        Contact.update(deleted_at=None).where(Contact.id == contact_id).execute()
        search_index.reindex_contacts(database, [contact_id])
        score_cache.refresh_contacts([contact_id])


def all_tags() -> list[str]:
    return [t.name for t in Tag.select(Tag.name).order_by(Tag.name)]


def contact_name(contact_id: int) -> str:
    row = Contact.select(Contact.display_name).where(Contact.id == contact_id).first()
    return row.display_name if row else ""
