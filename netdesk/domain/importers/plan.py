"""The preview: what an import would create, update, merge and skip, and why.

Each record is matched, in this order, against the contacts already in
netdesk and then against the records before it in the same import:

1. the same email address;
2. the same phone number (E.164);
3. the same name at the same organisation (both accent- and case-free);
4. for a record with no organisation, email or phone (a name alone): the
   same name on a contact with no organisation.

A record matching a contact already in netdesk **updates** it: empty fields
are filled in, new emails, phones, web addresses, tags and notes are added,
and nothing stored is overwritten (a differing organisation or title is named
in a warning). If that adds nothing, the record is **skipped** as already
there. A record matching an earlier record of the import is **merged** with
it into one contact. Any other record is **created**; when a contact with a
similar name works at the same organisation, a warning says so (the
Duplicates view can merge them after the import). Cards and rows that could
not be read are **skipped** with their line and reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from netdesk.domain import dedupe, settings
from netdesk.domain.contacts import ContactDraft
from netdesk.domain.importers.cleaning import phone_key
from netdesk.domain.importers.drafts import load_drafts
from netdesk.domain.importers.records import FORMAT_NAMES, ImportRecord, ParsedFile, Progress
from netdesk.domain.validation import normalize_email
from netdesk.storage.models import database

CREATE, UPDATE, MERGE, SKIP = "create", "update", "merge", "skip"
ACTIONS = (CREATE, UPDATE, MERGE, SKIP)
_FILLED = {
    "given_name": "given name",
    "family_name": "family name",
    "organisation": "organisation",
    "title": "title",
    "department": "department",
    "nickname": "nickname",
    "city": "city",
    "how_we_met": "how we met",
    "networking_style": "networking style",
}
_CHUNK = 500


@dataclass
class PlanEntry:
    """One line of the preview: a card or row and what the import does with it."""

    action: str
    file: str
    line: int
    name: str
    reason: str
    contact_id: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Target:
    """One contact the import writes: a new one, or one already in netdesk."""

    draft: ContactDraft
    existing_id: int | None
    label: str  # how entries merged into it name it
    entries: list[PlanEntry] = field(default_factory=list)
    records: list[ImportRecord] = field(default_factory=list)
    before: ContactDraft | None = None
    changes: list[str] = field(default_factory=list)
    met: tuple[dt.date, str] | None = None
    introduced_by: Target | None = None
    new_id: int | None = None

    @property
    def contact_id(self) -> int | None:
        return self.existing_id if self.existing_id is not None else self.new_id

    @property
    def writes(self) -> bool:
        return self.existing_id is None or bool(self.changes)


@dataclass
class FileSummary:
    name: str
    format: str
    encoding: str
    records: int
    problems: int

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES.get(self.format, self.format)


@dataclass
class ImportPlan:
    entries: list[PlanEntry]
    targets: list[Target]
    files: list[FileSummary]

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(ACTIONS, 0)
        for entry in self.entries:
            totals[entry.action] += 1
        return totals

    def summary(self) -> str:
        c = self.counts()
        return (
            f"{c[CREATE]} to create, {c[UPDATE]} to update, {c[MERGE]} to merge, {c[SKIP]} skipped"
        )

    @property
    def writes_anything(self) -> bool:
        return any(target.writes for target in self.targets)


# -- what netdesk already holds -----------------------------------------------------------


class ExistingContacts:
    """The match keys of every live contact, read in a few queries."""

    def __init__(self) -> None:
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_name_org: dict[tuple[str, str], int] = {}
        self.by_name_alone: dict[str, int] = {}
        self.names_at_org: dict[str, dict[int, str]] = defaultdict(dict)
        self.display: dict[int, str] = {}
        rows = database.execute_sql(
            "SELECT id, given_name, family_name, display_name, organisation FROM contact "
            "WHERE deleted_at IS NULL ORDER BY id"
        )
        for cid, given, family, display, organisation in rows:
            self.display[cid] = display
            name, org = dedupe.name_key(given, family, display), dedupe.org_key(organisation)
            if name and org:
                self.by_name_org.setdefault((name, org), cid)
                self.names_at_org[org][cid] = name
            elif name:
                self.by_name_alone.setdefault(name, cid)
        for sql, index in (
            (
                "SELECT e.normalized, e.contact_id FROM contact_email e JOIN contact c "
                "ON c.id = e.contact_id WHERE c.deleted_at IS NULL ORDER BY e.contact_id",
                self.by_email,
            ),
            (
                "SELECT p.normalized, p.contact_id FROM contact_phone p JOIN contact c "
                "ON c.id = p.contact_id WHERE c.deleted_at IS NULL ORDER BY p.contact_id",
                self.by_phone,
            ),
        ):
            for value, cid in database.execute_sql(sql):
                if value:
                    index.setdefault(value, cid)

    def similar_at_org(self, name: str, org: str) -> tuple[int, float] | None:
        choices = self.names_at_org.get(org)
        if not choices or not name:
            return None
        found = process.extractOne(
            name, choices, scorer=fuzz.token_sort_ratio, score_cutoff=dedupe.SIMILAR_NAME_SCORE
        )
        return (found[2], found[1]) if found else None


@dataclass(frozen=True)
class _Keys:
    emails: list[str]
    phones: list[tuple[str, str]]  # (E.164, as written)
    name_org: tuple[str, str] | None
    # the name of a record with nothing else to tell it by (no organisation, email or phone)
    name_alone: str | None


def _keys(record: ImportRecord, region: str) -> _Keys:
    draft = record.draft
    emails = [normalize_email(e.value) for e in draft.emails]
    phones = [(phone_key(p.value, region)[0], p.value) for p in draft.phones]
    name = dedupe.name_key(draft.given_name, draft.family_name, draft.display_name)
    org = dedupe.org_key(draft.organisation)
    alone = name if name and not org and not emails and not phones else None
    return _Keys(emails, phones, (name, org) if name and org else None, alone)


def _match(keys: _Keys, emails: dict, phones: dict, name_orgs: dict, names_alone: dict):
    """(what matched, why) from the first key found in these indexes, else (None, "")."""
    for email in keys.emails:
        if email in emails:
            return emails[email], f"same email {email}"
    for e164, written in keys.phones:
        if e164 in phones:
            return phones[e164], f"same phone {written}"
    if keys.name_org and keys.name_org in name_orgs:
        return name_orgs[keys.name_org], "same name at the same organisation"
    if keys.name_alone and keys.name_alone in names_alone:
        return names_alone[keys.name_alone], "same name, no organisation"
    return None, ""


# -- combining records into targets -------------------------------------------------------


def _combine(base: ContactDraft, extra: ContactDraft, region: str) -> tuple[list[str], list[str]]:
    """Fill ``base`` from ``extra`` without overwriting; (changes, warnings)."""
    changes: list[str] = []
    warnings: list[str] = []
    if not base.display_name and extra.display_name:
        base.display_name = extra.display_name
    for name, words in _FILLED.items():
        mine, theirs = getattr(base, name), getattr(extra, name)
        if not mine and theirs:
            setattr(base, name, theirs)
            changes.append(f"fills {words} “{theirs}”")
        elif (
            mine
            and theirs
            and mine.casefold() != theirs.casefold()
            and name
            in (
                "organisation",
                "title",
            )
        ):
            warnings.append(f"keeps {words} “{mine}” (the file says “{theirs}”)")
    if base.cadence_days is None and extra.cadence_days is not None:
        base.cadence_days = extra.cadence_days
        changes.append(f"fills keep-in-touch cadence ({extra.cadence_days} days)")
    if base.photo is None and extra.photo:
        base.photo = extra.photo
        changes.append("adds a photo")
    if extra.notes.strip() and extra.notes.strip() not in base.notes:
        base.notes = (
            f"{base.notes.rstrip()}\n\n{extra.notes}" if base.notes.strip() else extra.notes
        )
        changes.append("adds to the notes")
    for item in dedupe.union_labelled(base.emails, extra.emails, normalize_email):
        changes.append(f"adds email {item.value}")
    for item in dedupe.union_labelled(base.phones, extra.phones, lambda v: phone_key(v, region)[0]):
        changes.append(f"adds phone {item.value}")
    for item in dedupe.union_labelled(base.urls, extra.urls, dedupe.url_key):
        changes.append(f"adds web address {item.value}")
    for words, base_list, extra_list in (
        ("tag", base.tags, extra.tags),
        ("offer", base.offers, extra.offers),
        ("need", base.needs, extra.needs),
    ):
        for text in dedupe.union_texts(base_list, extra_list):
            changes.append(f"adds {words} “{text}”")
    return changes, warnings


def _copy(draft: ContactDraft) -> ContactDraft:
    return replace(
        draft,
        emails=list(draft.emails),
        phones=list(draft.phones),
        urls=list(draft.urls),
        tags=list(draft.tags),
        offers=list(draft.offers),
        needs=list(draft.needs),
    )


def _existing_met(contact_ids: list[int]) -> set[int]:
    """Contacts that already have a "met" interaction."""
    found: set[int] = set()
    for start in range(0, len(contact_ids), _CHUNK):
        chunk = contact_ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = database.execute_sql(
            f"SELECT DISTINCT contact_id FROM interaction WHERE kind = 'met' "
            f"AND contact_id IN ({marks})",
            chunk,
        )
        found.update(row[0] for row in rows)
    return found


def plan_import(
    files: list[ParsedFile], region: str | None = None, progress: Progress | None = None
) -> ImportPlan:
    """Classify every record of these files against the open database; writes nothing."""
    region = region or settings.get("phone.default_region")
    existing = ExistingContacts()
    entries: list[PlanEntry] = []
    targets: list[Target] = []
    by_existing: dict[int, Target] = {}
    own_emails: dict[str, Target] = {}
    own_phones: dict[str, Target] = {}
    own_name_orgs: dict[tuple[str, str], Target] = {}
    own_names_alone: dict[str, Target] = {}
    by_uid: dict[str, Target] = {}
    total = sum(len(f.records) for f in files)
    done = 0

    for parsed in files:
        for problem in parsed.problems:
            entries.append(PlanEntry(SKIP, parsed.name, problem.line, "", problem.reason))
        for record in parsed.records:
            keys = _keys(record, region)
            name = record.draft.shown_name()
            entry = PlanEntry(
                CREATE, parsed.name, record.line, name, "", None, list(record.warnings)
            )
            contact_id, why = _match(
                keys,
                existing.by_email,
                existing.by_phone,
                existing.by_name_org,
                existing.by_name_alone,
            )
            if contact_id is not None:
                target = by_existing.get(contact_id)
                if target is None:
                    label = f"“{existing.display[contact_id]}”"
                    target = Target(ContactDraft(), contact_id, label)
                    by_existing[contact_id] = target
                    targets.append(target)
                    entry.action, entry.reason = UPDATE, f"{why} as {label} in netdesk"
                else:
                    entry.action = MERGE
                    entry.reason = f"{why} as {target.label}; combined with it"
                entry.contact_id = contact_id
            else:
                target, why = _match(keys, own_emails, own_phones, own_name_orgs, own_names_alone)
                if target is not None:
                    entry.action = MERGE
                    entry.reason = f"{why} as {target.label}; combined into one contact"
                    entry.contact_id = target.existing_id
                else:
                    target = Target(
                        ContactDraft(), None, f"{parsed.name} line {record.line} (“{name}”)"
                    )
                    targets.append(target)
                    entry.reason = "new contact"
                    if keys.name_org:
                        similar = existing.similar_at_org(*keys.name_org)
                        if similar:
                            other, score = similar
                            entry.warnings.append(
                                f"looks like “{existing.display[other]}” (similar name, "
                                f"{score:.0f}%, at the same organisation): check Duplicates "
                                "after importing"
                            )
            target.entries.append(entry)
            target.records.append(record)
            for email in keys.emails:
                own_emails.setdefault(email, target)
            for e164, _ in keys.phones:
                own_phones.setdefault(e164, target)
            if keys.name_org:
                own_name_orgs.setdefault(keys.name_org, target)
            if keys.name_alone:
                own_names_alone.setdefault(keys.name_alone, target)
            if record.uid:
                by_uid.setdefault(record.uid, target)
            entries.append(entry)
            done += 1
            if progress is not None and done % 500 == 0:
                progress(done, total, f"Comparing with your contacts: {done:,} of {total:,}")

    _combine_targets(targets, by_uid, region)
    order = {f.name: n for n, f in enumerate(files)}
    entries.sort(key=lambda e: (order[e.file], e.line))
    summaries = [
        FileSummary(f.name, f.format, f.encoding, len(f.records), len(f.problems)) for f in files
    ]
    return ImportPlan(entries, targets, summaries)


def _combine_targets(targets: list[Target], by_uid: dict[str, Target], region: str) -> None:
    stored = load_drafts([t.existing_id for t in targets if t.existing_id is not None])
    already_met = _existing_met([t.existing_id for t in targets if t.existing_id is not None])
    for target in targets:
        if target.existing_id is not None:
            target.before = stored[target.existing_id]
            target.draft = _copy(target.before)
            records = target.records
        else:
            target.draft = _copy(target.records[0].draft)
            records = target.records[1:]
            first = target.records[0]
            target.changes.append("new contact")
            if first.met_on:
                target.met = (first.met_on, first.met_note)
        for record, entry in zip(
            records, target.entries[len(target.entries) - len(records) :], strict=True
        ):
            changes, warnings = _combine(target.draft, record.draft, region)
            target.changes.extend(changes)
            entry.warnings.extend(f"line {entry.line}: {w}" for w in warnings)
            if changes and entry.action == UPDATE:
                entry.reason += ": " + ", ".join(changes)
        may_meet = target.existing_id is None or target.existing_id not in already_met
        for record in target.records:
            if may_meet and record.met_on and (target.met is None or record.met_on < target.met[0]):
                target.met = (record.met_on, record.met_note)
        if target.met and target.existing_id is not None:
            target.changes.append(f"adds a first meeting on {target.met[0].isoformat()}")
            for entry in target.entries:
                if entry.action == UPDATE:
                    entry.reason += (": " if ": " not in entry.reason else ", ") + (
                        f"adds a first meeting on {target.met[0].isoformat()}"
                    )
        for record in target.records:
            introducer = by_uid.get(record.introduced_by_uid) if record.introduced_by_uid else None
            if (
                introducer is not None
                and introducer is not target
                and target.draft.introduced_by_id is None
                and target.introduced_by is None
            ):
                target.introduced_by = introducer
                if target.existing_id is not None:
                    target.changes.append("adds who introduced them")
        if target.existing_id is not None and not target.changes:
            for entry in target.entries:
                entry.action = SKIP
                entry.reason = f"already in netdesk as “{target.draft.shown_name()}”; nothing new"
