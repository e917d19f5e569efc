"""Quick capture at the venue: one short entry per person, saved the moment it is entered.

An entry is what a person types in thirty seconds: a name, an email if they
have a card, the business, what they offer, what they need, one line of note.
``capture`` turns it into a new contact checked in as *met* at the event, or,
when the person is already known, adds what is new to that contact and checks
them in there (*attach*). Each call is one transaction and commits before it
returns, so an entry that was confirmed survives a crash or a power cut.

``duplicate_hint`` looks for an existing contact while the name or email is
being typed: the same email, or a name close enough (typos included) found
through the picker's index lookups and scored with rapidfuzz.

A ``Captured`` remembers what the entry added to the contact, so ``correct``
can replace exactly that (not what the contact held before) and ``discard``
can take the entry back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from netdesk.domain import contacts, events, score_cache
from netdesk.domain.contact_picker import ContactPicker, normalize
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.events import EventDraft
from netdesk.domain.interactions import log_interaction
from netdesk.domain.validation import (
    Problem,
    ValidationError,
    clean_line,
    email_problem,
    length_problem,
    normalize_email,
)
from netdesk.storage import search_index
from netdesk.storage.models import (
    Attendance,
    Contact,
    ContactEmail,
    FollowUp,
    Interaction,
    Referral,
    database,
)

# a name this close to an existing one (rapidfuzz token_sort_ratio) is a likely duplicate
NAME_HINT_THRESHOLD = 88.0
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")


@dataclass(frozen=True)
class CaptureEntry:
    """One person as typed at the venue; offers and needs are comma-separated."""

    name: str = ""
    business: str = ""
    offers: str = ""
    needs: str = ""
    note: str = ""
    email: str = ""


@dataclass(frozen=True)
class Additions:
    """What an entry put into a contact, so a correction can swap exactly that."""

    offers: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    email: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Captured:
    """A saved entry: which contact it went to and what it wrote."""

    event_id: int
    contact_id: int
    name: str
    entry: CaptureEntry
    created: bool
    # None when the contact was already checked in to the event before this entry
    attendance_id: int | None
    interaction_id: int | None
    added: Additions = field(default_factory=Additions)

    @property
    def attached(self) -> bool:
        return not self.created


@dataclass(frozen=True)
class DuplicateHint:
    contact_id: int
    name: str
    organisation: str
    # "same email" or "similar name"
    reason: str
    score: float


def split_list(text: str) -> list[str]:
    """ "websites, SEO; print" -> ["websites", "SEO", "print"]."""
    return [part for part in _LIST_SPLIT.split(text.strip()) if part]


def split_name(name: str) -> tuple[str, str]:
    """ "Ana María López" -> ("Ana María", "López"); one word is a given name."""
    parts = name.split()
    if len(parts) < 2:
        return (parts[0] if parts else "", "")
    return " ".join(parts[:-1]), parts[-1]


def clean_entry(entry: CaptureEntry) -> CaptureEntry:
    """The entry as it is saved: one line per field, no control characters."""
    return CaptureEntry(
        name=" ".join(clean_line(entry.name).split()),
        business=clean_line(entry.business).strip(),
        offers=clean_line(entry.offers).strip(),
        needs=clean_line(entry.needs).strip(),
        note=" ".join(clean_line(entry.note).split()),
        email=clean_line(entry.email).strip(),
    )


# the capture form's fields and the contact fields whose limits they take
_ENTRY_LIMITS = {"name": "display_name", "business": "organisation", "note": "note"}


def validate_entry(entry: CaptureEntry, *, attaching: bool = False) -> None:
    problems = []
    if not attaching and not entry.name.strip():
        problems.append(Problem("name", None, "type the person's name"))
    for name, limit in _ENTRY_LIMITS.items():
        if message := length_problem(limit, getattr(entry, name)):
            problems.append(Problem(name, None, message))
    for name in ("offers", "needs"):
        for index, text in enumerate(split_list(getattr(entry, name))):
            if message := length_problem(name, text):
                problems.append(Problem(name, index, message))
    if entry.email.strip() and (message := email_problem(entry.email)):
        problems.append(Problem("email", None, message))
    if problems:
        raise ValidationError(problems)


# -- saving -------------------------------------------------------------------


def capture(event_id: int, entry: CaptureEntry, *, attach_to: int | None = None) -> Captured:
    """Save one entry in its own transaction: a new contact, or added to ``attach_to``."""
    entry = clean_entry(entry)
    validate_entry(entry, attaching=attach_to is not None)
    with database.atomic():
        if attach_to is None:
            return _capture_new(event_id, entry)
        return _capture_attached(event_id, entry, attach_to)


def capture_at_new_event(
    event: EventDraft, entry: CaptureEntry, *, attach_to: int | None = None
) -> Captured:
    """Create the event and save its first entry, in one transaction."""
    entry = clean_entry(entry)
    validate_entry(entry, attaching=attach_to is not None)
    with database.atomic():
        event_id = events.create_event(event)
        return capture(event_id, entry, attach_to=attach_to)


def _event_tags(event_id: int) -> list[str]:
    return events.load_event(event_id).tags


def _capture_new(event_id: int, entry: CaptureEntry) -> Captured:
    given, family = split_name(entry.name)
    added = Additions(
        offers=tuple(split_list(entry.offers)),
        needs=tuple(split_list(entry.needs)),
        email=entry.email,
        organisation=entry.business,
    )
    draft = ContactDraft(
        given_name=given,
        family_name=family,
        organisation=entry.business,
        emails=[Labelled(entry.email, "work")] if entry.email else [],
        offers=list(added.offers),
        needs=list(added.needs),
        tags=_event_tags(event_id),
    )
    done = events.add_and_check_in(event_id, _checked(draft), note=entry.note)
    return Captured(
        event_id,
        done.contact_id,
        draft.shown_name(),
        entry,
        True,
        done.attendance_id,
        done.interaction_id,
        added,
    )


def _checked(draft: ContactDraft) -> ContactDraft:
    """Validate a draft, naming problems after the capture form's fields."""
    try:
        contacts.validate(draft)
    except ValidationError as exc:
        names = {"given_name": "name", "emails": "email"}
        raise ValidationError(
            [Problem(names.get(p.field, p.field), None, p.message) for p in exc.problems]
        ) from None
    return draft


def _merge(draft: ContactDraft, entry: CaptureEntry) -> tuple[ContactDraft, Additions]:
    """Add the entry's new facts to a contact's draft; say which ones were new."""
    offers = _missing(draft.offers, split_list(entry.offers))
    needs = _missing(draft.needs, split_list(entry.needs))
    email = ""
    if entry.email and normalize_email(entry.email) not in {
        normalize_email(e.value) for e in draft.emails
    }:
        email = entry.email
    organisation = entry.business if entry.business and not draft.organisation else ""
    merged = replace(
        draft,
        offers=draft.offers + offers,
        needs=draft.needs + needs,
        emails=draft.emails + ([Labelled(email, "work")] if email else []),
        organisation=organisation or draft.organisation,
    )
    return merged, Additions(tuple(offers), tuple(needs), email, organisation)


def _missing(have: list[str], wanted: list[str]) -> list[str]:
    known = {text.casefold() for text in have}
    fresh = []
    for text in wanted:
        if text.casefold() not in known:
            known.add(text.casefold())
            fresh.append(text)
    return fresh


def _unmerge(draft: ContactDraft, added: Additions) -> ContactDraft:
    """Take back exactly what an entry added (and nothing a person changed since)."""
    offers = {text.casefold() for text in added.offers}
    needs = {text.casefold() for text in added.needs}
    email = normalize_email(added.email) if added.email else None
    return replace(
        draft,
        offers=[text for text in draft.offers if text.casefold() not in offers],
        needs=[text for text in draft.needs if text.casefold() not in needs],
        emails=[e for e in draft.emails if normalize_email(e.value) != email],
        organisation=""
        if added.organisation and draft.organisation == added.organisation
        else draft.organisation,
    )


def _capture_attached(event_id: int, entry: CaptureEntry, contact_id: int) -> Captured:
    contact = Contact.get_or_none((Contact.id == contact_id) & Contact.deleted_at.is_null())
    if contact is None:
        raise ValidationError([Problem("name", None, "that contact no longer exists")])
    draft, added = _merge(contacts.load_contact(contact_id), entry)
    contacts.update_contact(contact_id, _checked(draft))
    if events.is_checked_in(event_id, contact_id):
        # already here: keep the one attendance, the note goes on the timeline
        interaction_id = _log_note(event_id, contact_id, entry.note)
        attendance_id = None
    else:
        done = events.check_in(event_id, contact_id, note=entry.note)
        attendance_id, interaction_id = done.attendance_id, done.interaction_id
    return Captured(
        event_id,
        contact_id,
        draft.shown_name(),
        entry,
        False,
        attendance_id,
        interaction_id,
        added,
    )


def _log_note(event_id: int, contact_id: int, note: str) -> int | None:
    if not note:
        return None
    held_on = events.get_event(event_id).held_on
    return log_interaction(contact_id, "note", held_on, note, event_id=event_id)


# -- correcting and taking back -----------------------------------------------


def correct(captured: Captured, entry: CaptureEntry) -> Captured:
    """Replace a saved entry with a corrected one, on the same contact, in one transaction."""
    entry = clean_entry(entry)
    validate_entry(entry, attaching=captured.attached)
    with database.atomic():
        return _correct_in_place(captured, entry)


def reassign(captured: Captured, entry: CaptureEntry, attach_to: int | None) -> Captured:
    """Move a saved entry onto an existing contact (or, with None, a new one), atomically."""
    entry = clean_entry(entry)
    validate_entry(entry, attaching=attach_to is not None)
    with database.atomic():
        discard(captured)
        return capture(captured.event_id, entry, attach_to=attach_to)


def _correct_in_place(captured: Captured, entry: CaptureEntry) -> Captured:
    draft = _unmerge(contacts.load_contact(captured.contact_id), captured.added)
    if captured.created:
        given, family = split_name(entry.name)
        draft = replace(draft, given_name=given, family_name=family, display_name="")
    draft, added = _merge(draft, entry)
    contacts.update_contact(captured.contact_id, _checked(draft))
    interaction_id = captured.interaction_id
    if interaction_id is not None:
        kept = Interaction.get_or_none(Interaction.id == interaction_id)
        if kept is not None and kept.kind == "note" and not entry.note:
            _delete_interaction(interaction_id, captured.contact_id)
            interaction_id = None
        elif kept is not None:
            Interaction.update(note=entry.note).where(Interaction.id == interaction_id).execute()
    elif captured.attendance_id is None:
        interaction_id = _log_note(captured.event_id, captured.contact_id, entry.note)
    return replace(
        captured,
        name=draft.shown_name(),
        entry=entry,
        interaction_id=interaction_id,
        added=added,
    )


def _delete_interaction(interaction_id: int, contact_id: int) -> None:
    Interaction.delete().where(Interaction.id == interaction_id).execute()
    score_cache.refresh_contacts([contact_id])


def _has_other_history(captured: Captured) -> bool:
    cid = captured.contact_id
    return bool(
        Interaction.select()
        .where((Interaction.contact == cid) & (Interaction.id != captured.interaction_id))
        .exists()
        or Attendance.select()
        .where((Attendance.contact == cid) & (Attendance.id != captured.attendance_id))
        .exists()
        or Referral.select()
        .where(
            (Referral.provider == cid) | (Referral.recipient == cid) | (Referral.referrer == cid)
        )
        .exists()
        or FollowUp.select().where(FollowUp.contact == cid).exists()
    )


def discard(captured: Captured) -> None:
    """Take an entry back, in one transaction.

    A contact the entry created goes away with it, unless it has gathered
    history of its own since (then only the entry's check-in goes).
    """
    with database.atomic():
        cid = captured.contact_id
        if captured.created and not _has_other_history(captured):
            Contact.delete().where(Contact.id == cid).execute()
            search_index.reindex_contacts(database, [cid])
            return
        if captured.interaction_id is not None:
            Interaction.delete().where(Interaction.id == captured.interaction_id).execute()
        if captured.attendance_id is not None:
            Attendance.delete().where(Attendance.id == captured.attendance_id).execute()
        if Contact.get_or_none(Contact.id == cid) is not None:
            if captured.attached:
                draft = _unmerge(contacts.load_contact(cid), captured.added)
                contacts.update_contact(cid, draft)
            score_cache.refresh_contacts([cid])


def default_event_name(day: dt.date | None = None) -> str:
    """The name a new event gets when capture starts without one."""
    return f"Meetup {(day or dt.date.today()):%d %B %Y}"


# -- duplicates ---------------------------------------------------------------


def duplicate_hint(
    name: str,
    email: str = "",
    *,
    picker: ContactPicker | None = None,
    exclude: frozenset[int] | set[int] = frozenset(),
) -> DuplicateHint | None:
    """The existing contact this entry most likely is, or None.

    An identical email wins; otherwise the closest name (typos allowed) whose
    whole-name similarity reaches ``NAME_HINT_THRESHOLD``.
    """
    if email.strip():
        row = (
            Contact.select(Contact.id, Contact.display_name, Contact.organisation)
            .join(ContactEmail)
            .where(
                (ContactEmail.normalized == normalize_email(email))
                & Contact.deleted_at.is_null()
                & Contact.id.not_in(list(exclude))
            )
            .order_by(Contact.id)
            .first()
        )
        if row is not None:
            return DuplicateHint(row.id, row.display_name, row.organisation, "same email", 100.0)
    typed = normalize(" ".join(name.split()))
    if len(typed.replace(" ", "")) < 4:
        return None
    picker = picker or ContactPicker()
    best: DuplicateHint | None = None
    for suggestion in picker.suggest(typed, limit=10):
        if suggestion.contact_id in exclude:
            continue
        score = fuzz.token_sort_ratio(typed, normalize(suggestion.name))
        if score >= NAME_HINT_THRESHOLD and (best is None or score > best.score):
            best = DuplicateHint(
                suggestion.contact_id,
                suggestion.name,
                suggestion.organisation,
                "similar name",
                score,
            )
    return best
