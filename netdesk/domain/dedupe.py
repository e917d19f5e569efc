"""Duplicate contacts: finding candidate pairs, merging a pair, and undoing the merge.

Candidates come from blocking keys, never from comparing all pairs:

- the same email address (lower-cased) on two contacts;
- the same phone number (E.164, as stored) on two contacts;
- similar names at the same organisation: contacts are grouped by their
  organisation's key (accent-free, case-free, without "Inc."/"Ltd."…) and a
  name key: the first two letters of the first word of their name with the
  first letter of the last word, or the first letter of the first word with
  the first two of the last ("Jon Smith" and "John Smith" share both, so do
  "Priya Natarajan" and "Priya Natrajan"). Only names in the same group are
  compared (rapidfuzz ``token_sort_ratio``, at least ``SIMILAR_NAME_SCORE``),
  each pair once.

An email or phone shared by more than ``MAX_SHARED`` contacts (``info@``, a
switchboard) says nothing about duplicates and is passed over. A shared email
or phone is identity only when the two names agree (``names_agree``: one name
holds the other, or they are nearly the same, or one contact has no name of
its own): only such a pair is ``strong``, and only strong pairs are merged
without asking. Two people who share a company's number or a family address
are listed for review with the reason.

``merge_contacts`` keeps one contact and moves everything of the other onto it
(interactions, referrals as provider, recipient or referrer, attendance,
follow-ups, who they introduced), combines emails, phones, web addresses,
tags, offers and needs, and puts the other contact in the trash. It returns a
``MergeRecord`` holding what ``undo_merge`` needs to put everything back.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz

from netdesk.domain import contacts, cycle_collector, score_cache, settings
from netdesk.domain.contacts import REVIEW_TAG, ContactDraft, Labelled
from netdesk.domain.user_errors import DomainError
from netdesk.domain.validation import fold, normalize_email, normalize_phone
from netdesk.storage import search_index
from netdesk.storage.models import (
    Attendance,
    Contact,
    FollowUp,
    Interaction,
    Referral,
    database,
    utcnow,
)

SIMILAR_NAME_SCORE = 90
MAX_SHARED = 20
MIN_PHONE_DIGITS = 7
_LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "sa",
    "sarl",
    "bv",
    "plc",
    "pty",
    "srl",
}
_NOT_WORD = re.compile(r"[^\w]+")
_CHUNK = 500

Progress = Callable[[int, int, str], None]


# (an import's preview and its write each key every contact already there: done once)
@functools.lru_cache(maxsize=1 << 18)
def _plain(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def name_key(given: str, family: str, display: str = "") -> str:
    """A person's name for comparing: accent-free, case-free, punctuation-free."""
    name = f"{given} {family}" if (given.strip() or family.strip()) else display
    return _plain(name)


@functools.lru_cache(maxsize=1 << 16)
def org_key(organisation: str) -> str:
    """ "Grand River Realty Inc." and "grand river realty" give the same key."""
    words = _plain(organisation).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def name_blocks(name: str) -> set[str]:
    """The blocking keys of a name within its organisation."""
    words = name.split()
    if not words:
        return set()
    first, last = words[0], words[-1]
    return {f"{first[:2]}|{last[:1]}", f"{first[:1]}|{last[:2]}"}


def name_similarity(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(a, b)


AGREEING_NAME_SCORE = 90


def names_agree(a: str, b: str) -> bool:
    """Whether two name keys can be one person's: the same; every word of the shorter the
    start of a word of the longer ("ana s" and "ana silva", "ben stone" and "benjamin
    stone", "ana silva" and "ana silva ortiz"); nearly the same (a typo); or one of them
    no name at all (a contact named after an email or a number)."""
    if not a or not b or a == b:
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    unused = list(long)
    for word in short:
        found = next((w for w in unused if w.startswith(word) or word.startswith(w)), None)
        if found is None:
            break
        unused.remove(found)
    else:
        return True
    return fuzz.token_sort_ratio(a, b) >= AGREEING_NAME_SCORE


_BIRTHDAY = re.compile(r"^Birthday: ")


def combine_notes(base: str, extra: str) -> tuple[str, str]:
    """``base`` with the lines of ``extra`` it does not already hold; (notes, kept birthday).

    A line already in ``base`` (a disclaimer, a note written twice) is not added
    again, and ``base`` keeps its one "Birthday:" line: when ``extra`` gives another,
    that line is named as kept (the second is a fact in conflict, not a note).
    """
    if not extra.strip():
        return base, ""
    if not base.strip():
        return extra, ""
    have = {line.strip().casefold() for line in base.splitlines() if line.strip()}
    birthday = next((ln for ln in base.splitlines() if _BIRTHDAY.match(ln)), "")
    added: list[str] = []
    conflict = ""
    for line in extra.splitlines():
        key = line.strip().casefold()
        if not key or key in have:
            continue
        if _BIRTHDAY.match(line) and birthday:
            conflict = birthday
            continue
        have.add(key)
        added.append(line)
    if not added:
        return base, conflict
    return f"{base.rstrip()}\n\n" + "\n".join(added), conflict


# -- finding candidates ---------------------------------------------------------------------


@dataclass
class Candidate:
    """Two contacts that may be one person, and why."""

    first_id: int
    second_id: int
    first_name: str
    second_name: str
    organisation: str
    reasons: list[str] = field(default_factory=list)
    strong: bool = False  # a shared email or phone and names that agree
    name_score: float = 0.0

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


def find_candidates(progress: Progress | None = None) -> list[Candidate]:
    """Candidate duplicate pairs among live contacts, strongest first."""
    # (many small objects and no cycles: with the collector walking them again and
    # again, the scan's time would grow faster than the number of contacts)
    with cycle_collector.paused():
        return _find_candidates(progress)


def _find_candidates(progress: Progress | None) -> list[Candidate]:
    people: dict[int, tuple[str, str]] = {}
    names: dict[int, str] = {}
    person_names: dict[int, str] = {}  # every contact's name key ("" when it has none)
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    query = database.execute_sql(
        "SELECT id, given_name, family_name, display_name, organisation FROM contact "
        "WHERE deleted_at IS NULL"
    )
    org_keys: dict[str, str] = {}
    name_keys: dict[tuple[str, str, str], str] = {}
    nameless = {
        row[0]
        for row in database.execute_sql(
            "SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE t.name = ?",
            (REVIEW_TAG,),
        )
    }
    for cid, given, family, display, organisation in query:
        people[cid] = (display, organisation)
        person_names[cid] = "" if cid in nameless else name_key(given, family, display)
        org = org_keys.get(organisation)
        if org is None:
            org = org_keys[organisation] = org_key(organisation)
        if not org:
            continue
        key = name_keys.get((given, family, display))
        if key is None:
            key = name_keys[(given, family, display)] = name_key(given, family, display)
        if key:
            names[cid] = key
            for block in name_blocks(key):
                blocks[(org, block)].append(cid)
    if progress is not None:
        progress(1, 4, "Comparing email addresses")

    pairs: dict[tuple[int, int], Candidate] = {}

    def add(a: int, b: int, reason: str, strong: bool, score: float = 0.0) -> None:
        key = (a, b) if a < b else (b, a)
        found = pairs.get(key)
        if found is None:
            first, second = people[key[0]], people[key[1]]
            found = pairs[key] = Candidate(
                key[0], key[1], first[0], second[0], first[1] or second[1]
            )
        if reason not in found.reasons:
            found.reasons.append(reason)
        found.strong = found.strong or strong
        found.name_score = max(found.name_score, score)

    for sql, what in (
        (
            "SELECT e.normalized, e.contact_id FROM contact_email e "
            "JOIN contact c ON c.id = e.contact_id WHERE c.deleted_at IS NULL",
            "email",
        ),
        (
            "SELECT p.normalized, p.contact_id FROM contact_phone p "
            "JOIN contact c ON c.id = p.contact_id WHERE c.deleted_at IS NULL "
            f"AND length(p.normalized) >= {MIN_PHONE_DIGITS}",
            "phone",
        ),
    ):
        groups: dict[str, set[int]] = defaultdict(set)
        for value, cid in database.execute_sql(sql):
            if value:
                groups[value].add(cid)
        for value, members in groups.items():
            if 2 <= len(members) <= MAX_SHARED:
                for a, b in itertools.combinations(sorted(members), 2):
                    if names_agree(person_names[a], person_names[b]):
                        add(a, b, f"same {what} {value}", True)
                    else:
                        add(a, b, f"same {what} {value} but different names", False)
        if progress is not None:
            progress(2 if what == "email" else 3, 4, "Comparing names")

    compared: set[tuple[int, int]] = set()
    for same_block in blocks.values():
        if len(same_block) < 2:
            continue
        for a, b in itertools.combinations(same_block, 2):
            if (a, b) in compared:
                continue
            compared.add((a, b))
            score = fuzz.token_sort_ratio(names[a], names[b], score_cutoff=SIMILAR_NAME_SCORE)
            if score:
                reason = (
                    "same name at the same organisation"
                    if names[a] == names[b]
                    else f"similar names ({score:.0f}%) at the same organisation"
                )
                add(a, b, reason, False, score)
    if progress is not None:
        progress(4, 4, "Done")
    return sorted(
        pairs.values(),
        key=lambda c: (not c.strong, -c.name_score, c.first_name.casefold(), c.first_id),
    )


def strong_groups(candidates: list[Candidate]) -> list[list[int]]:
    """Contacts linked by a shared email or phone, as groups (union-find), lowest id first."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for candidate in candidates:
        if candidate.strong:
            a, b = root(candidate.first_id), root(candidate.second_id)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for member in parent:
        groups[root(member)].append(member)
    # a chain (A with B, B with C) merges C into A only when C's name agrees with A's too
    names: dict[int, str] = {}
    for c in candidates:
        names[c.first_id], names[c.second_id] = _plain(c.first_name), _plain(c.second_name)
    kept = []
    for group in groups.values():
        keep, *others = sorted(group)
        members = [keep] + [o for o in others if names_agree(names[keep], names[o])]
        if len(members) > 1:
            kept.append(members)
    return sorted(kept, key=lambda g: g[0])


# -- combining two contacts -----------------------------------------------------------------


def union_labelled(
    base: list[Labelled], extra: list[Labelled], key: Callable[[str], str]
) -> list[Labelled]:
    """Append the items of ``extra`` that ``base`` lacks; returns those added."""
    seen = {key(item.value) for item in base}
    added = []
    for item in extra:
        k = key(item.value)
        if item.value.strip() and k not in seen:
            seen.add(k)
            base.append(Labelled(item.value, item.label))
            added.append(item)
    return added


def union_texts(base: list[str], extra: list[str]) -> list[str]:
    seen = {text.casefold() for text in base}
    added = []
    for text in extra:
        if text.strip() and text.casefold() not in seen:
            seen.add(text.casefold())
            base.append(text)
            added.append(text)
    return added


def url_key(url: str) -> str:
    return url.strip().rstrip("/").casefold()


# The fields a person picks when merging, with the words the merge dialog shows.
MERGE_FIELDS: dict[str, str] = {
    "display_name": "Display name",
    "given_name": "Given name",
    "family_name": "Family name",
    "organisation": "Organisation",
    "title": "Title",
    "department": "Department",
    "nickname": "Nickname",
    "city": "City",
    "how_we_met": "How we met",
    "networking_style": "Networking style",
    "cadence_days": "Keep in touch (days)",
    "introduced_by_id": "Introduced by",
    "photo": "Photo",
    "notes": "Notes",
}
KEEP, OTHER, BOTH = "keep", "other", "both"


def default_pick(name: str, keep: ContactDraft, other: ContactDraft) -> str:
    mine, theirs = getattr(keep, name), getattr(other, name)
    if name == "notes" and mine and theirs and mine.strip() != theirs.strip():
        return BOTH
    return KEEP if mine not in (None, "") or theirs in (None, "") else OTHER


def differing_fields(keep: ContactDraft, other: ContactDraft) -> list[str]:
    """The merge fields where both contacts hold a value and the values differ."""
    return [
        name
        for name in MERGE_FIELDS
        if getattr(keep, name) not in (None, "")
        and getattr(other, name) not in (None, "")
        and getattr(keep, name) != getattr(other, name)
    ]


def merged_draft(
    keep: ContactDraft,
    other: ContactDraft,
    picks: dict[str, str] | None = None,
    *,
    ids: tuple[int, int] | None = None,
) -> ContactDraft:
    """The contact that results from merging ``other`` into ``keep``.

    ``picks`` maps a field of ``MERGE_FIELDS`` to "keep", "other" or (notes
    only) "both"; a field not picked keeps ``keep``'s value, or takes
    ``other``'s when ``keep`` has none. Lists are always combined.
    """
    picks = picks or {}
    result = replace(
        keep,
        emails=list(keep.emails),
        phones=list(keep.phones),
        urls=list(keep.urls),
        tags=list(keep.tags),
        offers=list(keep.offers),
        needs=list(keep.needs),
    )
    for name in MERGE_FIELDS:
        pick = picks.get(name) or default_pick(name, keep, other)
        if pick == OTHER:
            setattr(result, name, getattr(other, name))
        elif pick == BOTH and name == "notes":
            result.notes = combine_notes(keep.notes, other.notes)[0]
    region = settings.phone_region()
    union_labelled(result.emails, other.emails, normalize_email)
    union_labelled(result.phones, other.phones, lambda v: normalize_phone(v, region))
    union_labelled(result.urls, other.urls, url_key)
    union_texts(result.tags, other.tags)
    union_texts(result.offers, other.offers)
    union_texts(result.needs, other.needs)
    if ids is not None and result.introduced_by_id in ids:
        result.introduced_by_id = None
    return result


# -- merging and undoing -------------------------------------------------------------------


@dataclass
class MergeRecord:
    """What a merge changed, so ``undo_merge`` can put it all back."""

    keep_id: int
    other_id: int
    keep_before: ContactDraft
    interactions: list[int] = field(default_factory=list)
    follow_ups: list[int] = field(default_factory=list)
    provider_of: list[int] = field(default_factory=list)
    recipient_of: list[int] = field(default_factory=list)
    referrer_of: list[int] = field(default_factory=list)
    attendance_moved: list[int] = field(default_factory=list)
    # (id, event_id, is_new, checked_in_at) of the other's attendance at events both attended
    attendance_dropped: list[tuple[Any, ...]] = field(default_factory=list)
    # the kept contact's attendance marked "first met here" because the other's was
    attendance_marked_new: list[int] = field(default_factory=list)
    introduced: list[int] = field(default_factory=list)


class MergeError(DomainError, ValueError):
    """The merge (or its undo) cannot be done as asked; nothing was changed."""


def _ids(query: Any) -> list[int]:
    return [row[0] for row in query.tuples()]


def _move(model: Any, column: Any, ids: list[int], to_id: int) -> None:
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        model.update({column: to_id}).where(model.id.in_(chunk)).execute()


def _named(contact_id: int) -> str:
    """A contact's name as a person knows it (a deleted one's too); never its id."""
    row = Contact.select(Contact.display_name).where(Contact.id == contact_id).first()
    return f"“{row.display_name}”" if row is not None and row.display_name else "that contact"


def merge_contacts(keep_id: int, other_id: int, picks: dict[str, str] | None = None) -> MergeRecord:
    """Merge ``other_id`` into ``keep_id`` in one transaction; returns how to undo it."""
    if keep_id == other_id:
        raise MergeError("a contact cannot be merged with itself")
    with database.atomic():
        for cid in (keep_id, other_id):
            if not contacts.is_live(cid):
                raise MergeError(
                    f"{_named(cid)} no longer exists: merged or deleted since the list was made"
                )
        keep = contacts.load_contact(keep_id)
        other = contacts.load_contact(other_id)
        merged = merged_draft(keep, other, picks, ids=(keep_id, other_id))
        record = MergeRecord(keep_id, other_id, keep)

        record.interactions = _ids(
            Interaction.select(Interaction.id).where(Interaction.contact == other_id)
        )
        _move(Interaction, Interaction.contact, record.interactions, keep_id)
        record.follow_ups = _ids(FollowUp.select(FollowUp.id).where(FollowUp.contact == other_id))
        _move(FollowUp, FollowUp.contact, record.follow_ups, keep_id)
        for attr, column in (
            ("provider_of", Referral.provider),
            ("recipient_of", Referral.recipient),
            ("referrer_of", Referral.referrer),
        ):
            found = _ids(Referral.select(Referral.id).where(column == other_id))
            setattr(record, attr, found)
            _move(Referral, column, found, keep_id)

        kept_at = {
            row.event_id: row for row in Attendance.select().where(Attendance.contact == keep_id)
        }
        for row in Attendance.select().where(Attendance.contact == other_id):
            mine = kept_at.get(row.event_id)
            if mine is None:
                record.attendance_moved.append(row.id)
                continue
            record.attendance_dropped.append((row.id, row.event_id, row.is_new, row.checked_in_at))
            if row.is_new and not mine.is_new:
                record.attendance_marked_new.append(mine.id)
        dropped = [entry[0] for entry in record.attendance_dropped]
        if dropped:
            Attendance.delete().where(Attendance.id.in_(dropped)).execute()
        _move(Attendance, Attendance.contact, record.attendance_moved, keep_id)
        if record.attendance_marked_new:
            Attendance.update(is_new=1).where(
                Attendance.id.in_(record.attendance_marked_new)
            ).execute()

        record.introduced = _ids(
            Contact.select(Contact.id).where(
                (Contact.introduced_by == other_id) & (Contact.id != keep_id)
            )
        )
        _move(Contact, Contact.introduced_by, record.introduced, keep_id)

        contacts.update_contact(keep_id, merged)
        Contact.update(deleted_at=utcnow()).where(Contact.id == other_id).execute()
        search_index.reindex_contacts(database, [keep_id, other_id] + record.introduced)
        score_cache.refresh_contacts([keep_id, other_id])
    return record


def undo_merge(record: MergeRecord) -> None:
    """Put both contacts back exactly as they were before ``merge_contacts``."""
    keep_id, other_id = record.keep_id, record.other_id
    with database.atomic():
        if not Contact.select().where(Contact.id == other_id).exists():
            raise MergeError(
                "the contact merged in was deleted for good since the merge; it cannot be undone"
            )
        if not Contact.select().where(Contact.id == keep_id).exists():
            raise MergeError(f"{_named(keep_id)} no longer exists; the merge cannot be undone")
        Contact.update(deleted_at=None).where(Contact.id == other_id).execute()
        _move(Interaction, Interaction.contact, record.interactions, other_id)
        _move(FollowUp, FollowUp.contact, record.follow_ups, other_id)
        _move(Referral, Referral.provider, record.provider_of, other_id)
        _move(Referral, Referral.recipient, record.recipient_of, other_id)
        _move(Referral, Referral.referrer, record.referrer_of, other_id)
        _move(Attendance, Attendance.contact, record.attendance_moved, other_id)
        if record.attendance_marked_new:
            Attendance.update(is_new=0).where(
                Attendance.id.in_(record.attendance_marked_new)
            ).execute()
        for row_id, event_id, is_new, checked_in_at in record.attendance_dropped:
            Attendance.insert(
                id=row_id,
                event=event_id,
                contact=other_id,
                is_new=is_new,
                checked_in_at=checked_in_at,
            ).execute()
        _move(Contact, Contact.introduced_by, record.introduced, other_id)
        contacts.update_contact(keep_id, record.keep_before)
        search_index.reindex_contacts(database, [keep_id, other_id] + record.introduced)
        score_cache.refresh_contacts([keep_id, other_id])


def merge_groups(groups: list[list[int]], progress: Progress | None = None) -> list[MergeRecord]:
    """Merge each group into its first (oldest) contact, all in one transaction."""
    records = []
    total = sum(len(g) - 1 for g in groups)
    with database.atomic():
        for group in groups:
            keep, *others = group
            for other in others:
                records.append(merge_contacts(keep, other))
                if progress is not None:
                    progress(len(records), total, f"Merged {len(records)} of {total}")
    return records
