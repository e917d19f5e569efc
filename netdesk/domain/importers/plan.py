"""The preview: what an import would create, update, merge and skip, and why.

Each record is matched, in this order, against the contacts already in
netdesk and then against the records before it in the same import:

1. the same email address, and a name that agrees (``dedupe.names_agree``);
2. the same phone number, and a name that agrees;
3. the same name at the same organisation (both accent- and case-free);
4. for a record with no organisation, email or phone (a name alone): the
   same name on a contact with no organisation.

A shared email or phone with a name that does not agree (a switchboard, a
family address, ``info@``) is not identity: the record is created, and a
warning names the contact it shares it with, for the Duplicates view to
review. Phone numbers are compared in the country the record shows, else the
one its file shows, else the setting's (``phone_numbers``).

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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from rapidfuzz import fuzz, process

from netdesk.domain import cycle_collector, dedupe, settings, wording
from netdesk.domain.contacts import REVIEW_TAG, ContactDraft
from netdesk.domain.importers import preview_cache
from netdesk.domain.importers.drafts import load_drafts
from netdesk.domain.importers.records import (
    FORMAT_NAMES,
    ImportRecord,
    ParsedFile,
    Progress,
    RowProblem,
)
from netdesk.domain.phone_numbers import SERVICE, phone_key, read_phone
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
T = TypeVar("T")


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
    # the country its phone numbers are read with, and numbers read in another (or as written)
    region: str | None = None
    phone_regions: dict[str, str | None] = field(default_factory=dict)
    # its name agrees with nothing it could be confused with: compared by name_key
    name: str = ""
    nameless: bool = False

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
    # entries counted but not kept (a very large import keeps the first ``MAX_ENTRIES``)
    left_out: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))

    def counts(self) -> dict[str, int]:
        totals = dict(self.left_out)
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


NAME_KEYS = "import_name_key"


def _blocks(name: str, org: str) -> list[str]:
    """The keys under which a similar name at the same organisation is looked for
    (``dedupe.name_blocks`` within the organisation): never every name at a large one."""
    return sorted(f"{org}\x1f{block}" for block in dedupe.name_blocks(name)) if org else []


@dataclass(frozen=True)
class KeyScope:
    """The contacts already there that records can be matched with by name: those at
    the records' organisations, and those at none when a record has only a name."""

    orgs: frozenset[str]
    orgless: bool

    def holds(self, org: str) -> bool:
        return org in self.orgs if org else self.orgless


def key_scope(files: list[ParsedFile]) -> KeyScope | None:
    """What the records of these files can be matched with by name (see ``_keys``:
    by organisation, or by a name alone), or None (everyone) for a streamed file,
    whose records are not known before it is read."""
    if any(f.stream is not None for f in files):
        return None
    orgs: set[str] = set()
    orgless = False
    for parsed in files:
        for record in parsed.records:
            org = dedupe.org_key(record.draft.organisation)
            if org:
                orgs.add(org)
            elif not record.draft.emails:
                # (a name alone: no organisation or email, and no phone that tells a person)
                orgless = True
    return KeyScope(frozenset(orgs), orgless)


def prepare_name_keys(scope: KeyScope | None = None) -> None:
    """A temporary table of the live contacts' name and organisation keys, indexed:
    the same name at the same organisation, or a similar one, is then found without
    loading every contact (an import's own batches are added as they are written).
    With a ``scope``, only the contacts within it are keyed: the others cannot match."""
    database.execute_sql(f"DROP TABLE IF EXISTS temp.{NAME_KEYS}")
    database.execute_sql(
        f"CREATE TEMP TABLE {NAME_KEYS} (contact_id INTEGER, name TEXT, org TEXT, block TEXT)"
    )
    rows = database.execute_sql(
        "SELECT id, given_name, family_name, display_name, organisation FROM contact "
        "WHERE deleted_at IS NULL"
    )
    add_name_keys(rows, scope)
    # indexed once filled: building an index from all its rows at once is the cheaper way
    database.execute_sql(f"CREATE INDEX temp.{NAME_KEYS}_name ON {NAME_KEYS} (name, org)")
    database.execute_sql(f"CREATE INDEX temp.{NAME_KEYS}_block ON {NAME_KEYS} (block)")


def add_name_keys(
    rows: Iterable[tuple[int, str, str, str, str]], scope: KeyScope | None = None
) -> None:
    """Add contacts (id, given, family, display, organisation) to the name keys: one row
    per block of the name (a name at no organisation has one row, with no block)."""
    keyed: list[tuple[int, str, str, str]] = []
    for cid, given, family, display, organisation in rows:
        org = dedupe.org_key(organisation)
        if scope is not None and not scope.holds(org):
            continue
        name = dedupe.name_key(given, family, display)
        if not name:
            continue
        blocks = _blocks(name, org) or [""]
        keyed.extend((cid, name, org, block) for block in blocks)
        if len(keyed) >= 5000:
            database.connection().executemany(f"INSERT INTO {NAME_KEYS} VALUES (?, ?, ?, ?)", keyed)
            keyed = []
    database.connection().executemany(f"INSERT INTO {NAME_KEYS} VALUES (?, ?, ?, ?)", keyed)


def drop_name_keys() -> None:
    database.execute_sql(f"DROP TABLE IF EXISTS temp.{NAME_KEYS}")


class ExistingContacts:
    """The live contacts a set of records could match, read by their keys."""

    def __init__(self, keys: Iterable[_Keys]) -> None:
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_name_org: dict[tuple[str, str], int] = {}
        self.by_name_alone: dict[str, int] = {}
        # names under each (organisation, name block) key: where similar names are looked for
        self.by_block: dict[str, dict[int, str]] = defaultdict(dict)
        self.display: dict[int, str] = {}
        self.names: dict[int, str] = {}
        self.nameless: set[int] = set()
        emails: set[str] = set()
        phones: set[str] = set()
        name_orgs: set[tuple[str, str]] = set()
        blocks: set[str] = set()
        names: set[str] = set()
        for key in keys:
            emails.update(key.emails)
            phones.update(p for p, _ in key.phones if p)
            if key.name_org:
                name_orgs.add(key.name_org)
                blocks.update(_blocks(*key.name_org))
            if key.name_alone:
                names.add(key.name_alone)
        found: set[int] = set()
        for table, values, index in (
            ("contact_email", emails, self.by_email),
            ("contact_phone", phones, self.by_phone),
        ):
            # CROSS JOIN: the addresses first, by their index (left to itself, SQLite walks
            # every live contact and looks up its addresses, fifty times slower at 50k)
            for value, cid in _in_chunks(
                f"SELECT x.normalized, x.contact_id FROM {table} x CROSS JOIN contact c "
                "ON c.id = x.contact_id WHERE c.deleted_at IS NULL AND x.normalized IN ({marks}) "
                "ORDER BY x.contact_id",
                sorted(values),
            ):
                index.setdefault(value, cid)
                found.add(cid)
        for cid, name, org, block in _in_chunks(
            f"SELECT contact_id, name, org, block FROM {NAME_KEYS} WHERE block IN ({{marks}}) "
            "ORDER BY contact_id",
            sorted(blocks),
        ):
            self.by_block[block][cid] = name
            if (name, org) in name_orgs:
                self.by_name_org.setdefault((name, org), cid)
                found.add(cid)
        for cid, name in _in_chunks(
            f"SELECT contact_id, name FROM {NAME_KEYS} WHERE org = '' AND name IN ({{marks}}) "
            "ORDER BY contact_id",
            sorted(names),
        ):
            self.by_name_alone.setdefault(name, cid)
            found.add(cid)
        for cid, given, family, display in _in_chunks(
            "SELECT id, given_name, family_name, display_name FROM contact WHERE id IN ({marks})",
            sorted(found),
        ):
            self.display[cid] = display
            self.names[cid] = dedupe.name_key(given, family, display)
        for (cid,) in _in_chunks(
            "SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            f"WHERE t.name = '{REVIEW_TAG}' AND ct.contact_id IN ({{marks}})",
            sorted(found),
        ):
            self.nameless.add(cid)

    def similar_at_org(self, name: str, org: str) -> tuple[int, float] | None:
        """The contact with the most similar name at this organisation, and the score."""
        choices: dict[int, str] = {}
        for block in _blocks(name, org):
            choices.update(self.by_block.get(block, {}))
        if not choices or not name:
            return None
        found = process.extractOne(
            name, choices, scorer=fuzz.token_sort_ratio, score_cutoff=dedupe.SIMILAR_NAME_SCORE
        )
        if not found:
            return None
        cid = found[2]
        if cid not in self.display:
            row = database.execute_sql("SELECT display_name FROM contact WHERE id = ?", (cid,))
            self.display[cid] = row.fetchone()[0]
        return cid, found[1]


def _in_chunks(sql: str, values: list[Any]) -> Iterator[tuple[Any, ...]]:
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        yield from database.execute_sql(sql.format(marks=", ".join("?" * len(chunk))), chunk)


@dataclass(frozen=True)
class _Keys:
    emails: list[str]
    # (key, as written) of the numbers that can tell a person: not service numbers
    phones: list[tuple[str, str]]
    name_org: tuple[str, str] | None
    # the name of a record with nothing else to tell it by (no organisation, email or phone)
    name_alone: str | None
    # the person's name as compared (empty for a record named after its email or number)
    name: str


def _keys(record: ImportRecord, region: str | None) -> _Keys:
    draft = record.draft
    emails = [normalize_email(e.value) for e in draft.emails]
    phones = []
    for phone in draft.phones:
        reading = read_phone(phone.value, record.region_of(phone.value, region))
        if reading.kind != SERVICE and len(reading.key) >= dedupe.MIN_PHONE_DIGITS:
            phones.append((reading.key, phone.value))
    name = dedupe.name_key(draft.given_name, draft.family_name, draft.display_name)
    org = dedupe.org_key(draft.organisation)
    alone = name if name and not org and not emails and not phones else None
    person = "" if record.nameless else name
    return _Keys(emails, phones, (name, org) if name and org else None, alone, person)


def _match(
    keys: _Keys,
    emails: Mapping[str, T],
    phones: Mapping[str, T],
    name_orgs: Mapping[tuple[str, str], T],
    names_alone: Mapping[str, T],
    name_of: Callable[[T], str],
) -> tuple[T | None, str, list[tuple[T, str]]]:
    """(what matched, why, what only shares an email or phone) from these indexes.

    A shared email or phone is identity only when the names agree; otherwise it is
    returned as a possible duplicate to review, never as a match.
    """
    shared: list[tuple[T, str]] = []
    for found, why in [(emails.get(e), f"same email {e}") for e in keys.emails] + [
        (phones.get(p), f"same phone {written}") for p, written in keys.phones
    ]:
        if found is None:
            continue
        if dedupe.names_agree(keys.name, name_of(found)):
            return found, why, []
        if all(other is not found for other, _ in shared):
            shared.append((found, why))
    if keys.name_org and keys.name_org in name_orgs:
        return name_orgs[keys.name_org], "same name at the same organisation", shared
    if keys.name_alone and keys.name_alone in names_alone:
        return names_alone[keys.name_alone], "same name, no organisation", shared
    return None, "", shared


def match_existing(
    drafts: list[ContactDraft], region: str | None
) -> list[tuple[int | None, str, str]]:
    """For each incoming contact, the contact already in netdesk it is by the import's
    rules (an email or phone with a name that agrees, the same name at the same
    organisation, the same name alone): (its id, why, its name), else (None, "", "")."""
    keys = [_keys(ImportRecord(0, draft), region) for draft in drafts]
    prepare_name_keys()
    try:
        existing = ExistingContacts(keys)

        def name_of(cid: int) -> str:
            return "" if cid in existing.nameless else existing.names.get(cid, "")

        found: list[tuple[int | None, str, str]] = []
        for key in keys:
            cid, why, _shared = _match(
                key,
                existing.by_email,
                existing.by_phone,
                existing.by_name_org,
                existing.by_name_alone,
                name_of,
            )
            found.append((None, "", "") if cid is None else (cid, why, existing.display[cid]))
        return found
    finally:
        drop_name_keys()


# -- combining records into targets -------------------------------------------------------


def _combine(
    base: ContactDraft, extra: ContactDraft, region: str | None
) -> tuple[list[str], list[str]]:
    """Fill ``base`` from ``extra`` without overwriting; (changes, warnings)."""
    changes: list[str] = []
    warnings: list[str] = []
    if _named_after_details(base) and extra.shown_name() and not _named_after_details(extra):
        # a person netdesk named after their email or number gets the name the file gives
        base.display_name = extra.display_name
        base.given_name, base.family_name = extra.given_name, extra.family_name
        base.tags = [t for t in base.tags if t != REVIEW_TAG]
        changes.append(f"names them “{extra.shown_name()}”")
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
        changes.append(f"fills keep-in-touch cadence (every {wording.days(extra.cadence_days)})")
    if base.photo is None and extra.photo:
        base.photo = extra.photo
        changes.append("adds a photo")
    notes, kept_birthday = dedupe.combine_notes(base.notes, extra.notes)
    if notes != base.notes:
        base.notes = notes
        changes.append("adds to the notes")
    if kept_birthday:
        warnings.append(f"keeps {kept_birthday} (the file gives another birthday)")
    for item in dedupe.union_labelled(base.emails, extra.emails, normalize_email):
        changes.append(f"adds email {item.value}")
    for item in dedupe.union_labelled(base.phones, extra.phones, lambda v: phone_key(v, region)):
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


def _named_after_details(draft: ContactDraft) -> bool:
    return REVIEW_TAG in draft.tags and not draft.given_name and not draft.family_name


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


MAX_ENTRIES = 20_000  # entries a plan keeps to show; past that they are only counted


def plan_import(
    files: list[ParsedFile], region: str | None = None, progress: Progress | None = None
) -> ImportPlan:
    """Classify every record of these files against the open database; writes nothing.

    ``region`` is the country to read numbers with when neither a record nor its file
    shows one (default: ``settings.phone_region()``). The plan is remembered for
    ``apply_import`` (``preview_cache``): written right after, with nothing changed in
    between, it is not made again.
    """
    token = preview_cache.database_token()  # (before anything is read)
    prepare_name_keys(key_scope(files))
    try:
        with cycle_collector.paused():
            planner = Planner(region, progress, sum(len(f.records) for f in files))
            for parsed in files:
                planner.add(parsed, parsed.records, parsed.problems)
            plan = planner.finish([summary_of(f) for f in files])
    finally:
        drop_name_keys()
    preview_cache.remember(files, region, plan, token)
    return plan


def summary_of(parsed: ParsedFile) -> FileSummary:
    return FileSummary(
        parsed.name, parsed.format, parsed.encoding, len(parsed.records), len(parsed.problems)
    )


class Planner:
    """Matches records, a batch at a time, against the database and each other."""

    def __init__(
        self,
        region: str | None = None,
        progress: Progress | None = None,
        total: int = 0,
        *,
        made_from: int | None = None,
    ) -> None:
        self.region = region if region is not None else settings.phone_region()
        self.progress = progress
        self.total = total
        self.done = 0
        # contacts with an id from here on were made by this import (its earlier batches)
        self.made_from = made_from
        self.entries: list[PlanEntry] = []
        self.left_out = dict.fromkeys(ACTIONS, 0)
        self.targets: list[Target] = []
        self.by_existing: dict[int, Target] = {}
        self.own_emails: dict[str, Target] = {}
        self.own_phones: dict[str, Target] = {}
        self.own_name_orgs: dict[tuple[str, str], Target] = {}
        self.own_names_alone: dict[str, Target] = {}
        self.by_uid: dict[str, Target] = {}
        self.order: dict[str, int] = {}

    def keep(self, entry: PlanEntry) -> None:
        if len(self.entries) < MAX_ENTRIES:
            self.entries.append(entry)
        else:
            self.left_out[entry.action] += 1

    def add(
        self, parsed: ParsedFile, records: list[ImportRecord], problems: list[RowProblem]
    ) -> None:
        self.order.setdefault(parsed.name, len(self.order))
        for problem in problems:
            self.keep(PlanEntry(SKIP, parsed.name, problem.line, "", problem.reason))
        fallback = parsed.region or self.region
        regions = [record.region or fallback for record in records]
        keyed = [_keys(record, region) for record, region in zip(records, regions, strict=True)]
        existing = ExistingContacts(keyed)
        for record, keys, region in zip(records, keyed, regions, strict=True):
            self._place(parsed, record, keys, region, existing)
            self.done += 1
            if self.progress is not None and self.done % 500 == 0:
                self.progress(
                    self.done,
                    self.total,
                    f"Comparing with your contacts: {self.done:,} of {self.total:,}",
                )

    def _place(
        self,
        parsed: ParsedFile,
        record: ImportRecord,
        keys: _Keys,
        region: str | None,
        existing: ExistingContacts,
    ) -> None:
        name = record.draft.shown_name()
        entry = PlanEntry(CREATE, parsed.name, record.line, name, "", None, list(record.warnings))

        def existing_name(cid: int) -> str:
            return "" if cid in existing.nameless else existing.names.get(cid, "")

        contact_id, why, shared = _match(
            keys,
            existing.by_email,
            existing.by_phone,
            existing.by_name_org,
            existing.by_name_alone,
            existing_name,
        )
        for cid, reason in shared:
            entry.warnings.append(
                f"line {record.line}: {reason} as “{existing.display.get(cid, '')}” but "
                "another name: not merged; check Duplicates after importing"
            )
        target: Target | None
        if contact_id is not None:
            target = self.by_existing.get(contact_id)
            made_here = self.made_from is not None and contact_id >= self.made_from
            if target is None:
                label = f"“{existing.display[contact_id]}”"
                target = Target(ContactDraft(), contact_id, label, region=region)
                self.by_existing[contact_id] = target
                self.targets.append(target)
                entry.action, entry.reason = UPDATE, f"{why} as {label} in netdesk"
                if made_here:
                    entry.action = MERGE
                    entry.reason = f"{why} as {label}; combined into one contact"
            else:
                entry.action = MERGE
                entry.reason = f"{why} as {target.label}; combined with it"
            entry.contact_id = contact_id
        else:
            target, why, own_shared = _match(
                keys,
                self.own_emails,
                self.own_phones,
                self.own_name_orgs,
                self.own_names_alone,
                lambda t: "" if t.nameless else t.name,
            )
            for other, reason in own_shared:
                entry.warnings.append(
                    f"line {record.line}: {reason} as {other.label} but another name: not merged; "
                    "check Duplicates after importing"
                )
            if target is not None:
                entry.action = MERGE
                entry.reason = f"{why} as {target.label}; combined into one contact"
                entry.contact_id = target.existing_id
            else:
                target = Target(
                    ContactDraft(),
                    None,
                    f"{parsed.name} line {record.line} (“{name}”)",
                    region=region,
                    name=keys.name,
                    nameless=record.nameless,
                )
                self.targets.append(target)
                entry.reason = "new contact"
                if keys.name_org:
                    similar = existing.similar_at_org(*keys.name_org)
                    if similar:
                        similar_id, score = similar
                        entry.warnings.append(
                            f"line {record.line}: looks like “{existing.display[similar_id]}” "
                            f"(similar name, {score:.0f}%, at the same organisation): check "
                            "Duplicates after importing"
                        )
        target.entries.append(entry)
        target.records.append(record)
        for number, override in record.phone_regions.items():
            target.phone_regions.setdefault(number, override)
        for email in keys.emails:
            self.own_emails.setdefault(email, target)
        for key, _ in keys.phones:
            self.own_phones.setdefault(key, target)
        if keys.name_org:
            self.own_name_orgs.setdefault(keys.name_org, target)
        if keys.name_alone:
            self.own_names_alone.setdefault(keys.name_alone, target)
        if record.uid:
            self.by_uid.setdefault(record.uid, target)
        self.keep(entry)

    def finish(self, files: list[FileSummary]) -> ImportPlan:
        _combine_targets(self.targets, self.by_uid)
        self.entries.sort(key=lambda e: (self.order[e.file], e.line))
        return ImportPlan(self.entries, self.targets, files, self.left_out)


def _combine_targets(targets: list[Target], by_uid: dict[str, Target]) -> None:
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
            changes, warnings = _combine(target.draft, record.draft, target.region)
            target.changes.extend(changes)
            entry.warnings.extend(f"line {entry.line}: {w}" for w in warnings)
            if changes and entry.action == UPDATE:
                entry.reason += ": " + ", ".join(changes)
        may_meet = target.existing_id is None or target.existing_id not in already_met
        for record in target.records:
            if may_meet and record.met_on and (target.met is None or record.met_on < target.met[0]):
                target.met = (record.met_on, record.met_note)
        if target.met and target.existing_id is not None:
            target.changes.append(f"adds a first meeting on {wording.day(target.met[0])}")
            for entry in target.entries:
                if entry.action == UPDATE:
                    entry.reason += (": " if ": " not in entry.reason else ", ") + (
                        f"adds a first meeting on {wording.day(target.met[0])}"
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
