"""The local side of the calendar sync: netdesk's records as fields, and fields written back.

Records name contacts, events and referrals by UID (``Names``). Reading a record
whose contact has no UID yet (never synced) gives ``None`` for it: such a record
cannot go to the server until its contact has. Writing a record that names a UID
netdesk does not know leaves that part out and says which UIDs it waits for;
a record whose contact is unknown is not written at all (it waits).

Records from the server are written as rows, as they are (never through
``record_referral`` or ``check_in``, which would add interactions of their own:
those arrive as records too), and the scores of every contact whose history
changed are recomputed in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from netdesk.domain import contacts, settings
from netdesk.domain.interaction_kinds import KINDS as INTERACTION_KINDS
from netdesk.domain.matching.synonyms import (
    DEFAULT_SYNONYMS,
    parse_synonym_text,
    synonym_rules,
)
from netdesk.domain.referrals import DIRECTIONS, STATUSES
from netdesk.domain.sync.record_ical import CONTACT_FIELDS, LINK_FIELDS, Fields
from netdesk.domain.sync.record_kinds import EVENT, FOLLOW_UP, INTERACTION, REFERRAL, SYNONYMS
from netdesk.domain.validation import ValidationError, clean_line, clean_text
from netdesk.storage.models import (
    Attendance,
    Event,
    EventTag,
    FollowUp,
    Interaction,
    Referral,
    Tag,
    database,
)

_CHUNK = 500
TABLES = {
    INTERACTION: "interaction",
    EVENT: "event",
    REFERRAL: "referral",
    FOLLOW_UP: "follow_up",
}
DEFAULT_RULES = [rule.as_line() for rule in DEFAULT_SYNONYMS]


class RecordRefused(ValueError):
    """A server record netdesk cannot keep (an unknown kind of interaction, no date…)."""


@dataclass
class Names:
    """Contact ids ↔ card UIDs (the address book's sync items) and record ids ↔ UIDs."""

    contact_uid: dict[int, str] = field(default_factory=dict)
    contact_id: dict[str, int] = field(default_factory=dict)
    record_uid: dict[tuple[str, int], str] = field(default_factory=dict)
    record_id: dict[tuple[str, str], int] = field(default_factory=dict)
    existing_contacts: set[int] = field(default_factory=set)  # live or in the trash

    def add_record(self, kind: str, local_id: int | None, uid: str) -> None:
        if local_id is not None:
            self.record_uid[(kind, local_id)] = uid
            self.record_id.setdefault((kind, uid), local_id)

    def contact(self, uid: str) -> int | None:
        """The local contact a UID names, if netdesk knows it."""
        found = self.contact_id.get(uid)
        if found is None and uid.lower().startswith("urn:uuid:"):
            found = self.contact_id.get(uid[9:])
        return found if found is not None and found in self.existing_contacts else None

    def record(self, kind: str, uid: str) -> int | None:
        return self.record_id.get((kind, uid))


def load_names(contact_items: Iterable[tuple[int | None, str]]) -> Names:
    names = Names()
    for local_id, uid in contact_items:
        if local_id is not None:
            names.contact_uid[local_id] = uid
            names.contact_id.setdefault(uid, local_id)
    names.existing_contacts = {
        row[0] for row in database.execute_sql("SELECT id FROM contact").fetchall()
    }
    return names


def fields_hash(fields: Fields) -> str:
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _iso(value: Any, length: int = 10) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")[:length]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:length]


# -- reading local records -------------------------------------------------------------------


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _marks(ids: list[int]) -> str:
    return ", ".join("?" * len(ids))


def read_local(kind: str, ids: Iterable[int], names: Names) -> dict[int, Fields]:
    """The fields of these records (those still here). A contact named by id without a UID
    reads as None: the record cannot be named on the server yet."""
    wanted = sorted(set(ids))
    if kind == SYNONYMS:
        return {1: synonyms_fields()} if wanted else {}
    found: dict[int, Fields] = {}
    for chunk in _chunks(wanted):
        if kind == INTERACTION:
            found.update(_interactions(chunk, names))
        elif kind == EVENT:
            found.update(_events(chunk, names))
        elif kind == REFERRAL:
            found.update(_referrals(chunk, names))
        else:
            found.update(_follow_ups(chunk, names))
    return found


def _who(contact_id: int | None, names: Names) -> str | None:
    if contact_id is None:
        return ""
    return names.contact_uid.get(contact_id)


def _link(kind: str, local_id: int | None, names: Names) -> str:
    if local_id is None:
        return ""
    return names.record_uid.get((kind, local_id), "")


def _interactions(ids: list[int], names: Names) -> dict[int, Fields]:
    rows = database.execute_sql(
        "SELECT id, contact_id, kind, occurred_on, note, event_id, referral_id FROM interaction "
        f"WHERE id IN ({_marks(ids)})",
        ids,
    )
    return {
        iid: {
            "contact": _who(contact_id, names),
            "kind": kind,
            "day": _iso(day),
            "note": note,
            "event": _link(EVENT, event_id, names),
            "referral": _link(REFERRAL, referral_id, names),
        }
        for iid, contact_id, kind, day, note, event_id, referral_id in rows
    }


def _events(ids: list[int], names: Names) -> dict[int, Fields]:
    marks = _marks(ids)
    tags: dict[int, list[str]] = {}
    for event_id, name in database.execute_sql(
        "SELECT et.event_id, t.name FROM event_tag et JOIN tag t ON t.id = et.tag_id "
        f"WHERE et.event_id IN ({marks})",
        ids,
    ):
        tags.setdefault(event_id, []).append(name)
    came: dict[int, list[list[Any]]] = {}
    for event_id, contact_id, is_new, checked_in in database.execute_sql(
        "SELECT event_id, contact_id, is_new, checked_in_at FROM attendance "
        f"WHERE event_id IN ({marks})",
        ids,
    ):
        uid = names.contact_uid.get(contact_id)
        if uid is not None:  # someone never synced is not named on the server
            came.setdefault(event_id, []).append([uid, bool(is_new), _iso(checked_in, 19)])
    rows = database.execute_sql(
        f"SELECT id, name, held_on, place, notes FROM event WHERE id IN ({marks})", ids
    )
    return {
        eid: {
            "name": name,
            "day": _iso(day),
            "place": place,
            "notes": notes,
            "tags": sorted(tags.get(eid, []), key=str.casefold),
            "attendance": sorted(came.get(eid, [])),
        }
        for eid, name, day, place, notes in rows
    }


def _referrals(ids: list[int], names: Names) -> dict[int, Fields]:
    rows = database.execute_sql(
        "SELECT id, direction, provider_id, recipient_id, referrer_id, need, note, referred_on, "
        f"status, status_changed_on, value FROM referral WHERE id IN ({_marks(ids)})",
        ids,
    )
    return {
        rid: {
            "direction": direction,
            "provider": _who(provider, names),
            "recipient": _who(recipient, names),
            "referrer": _who(referrer, names),
            "need": need,
            "note": note,
            "day": _iso(day),
            "status": [status, _iso(changed), value if status == "won" else None],
        }
        for (
            rid,
            direction,
            provider,
            recipient,
            referrer,
            need,
            note,
            day,
            status,
            changed,
            value,
        ) in rows
    }


def _follow_ups(ids: list[int], names: Names) -> dict[int, Fields]:
    rows = database.execute_sql(
        "SELECT id, contact_id, reason, due_on, event_id, referral_id, note, done_at, "
        f"snoozed_until FROM follow_up WHERE id IN ({_marks(ids)})",
        ids,
    )
    return {
        fid: {
            "contact": _who(contact_id, names),
            "reason": reason,
            "due": _iso(due),
            "event": _link(EVENT, event_id, names),
            "referral": _link(REFERRAL, referral_id, names),
            "note": note,
            "done_at": _iso(done, 19),
            "snoozed_until": _iso(snoozed),
        }
        for fid, contact_id, reason, due, event_id, referral_id, note, done, snoozed in rows
    }


def synonyms_fields() -> Fields:
    return {"rules": [rule.as_line() for rule in synonym_rules()]}


def synonyms_are_default() -> bool:
    return settings.get("match.synonyms") is None


def unnameable(kind: str, fields: Fields) -> bool:
    """Whether the record names a contact that has no UID yet (never synced)."""
    return any(fields.get(name) is None for name in CONTACT_FIELDS.get(kind, ()))


def keep_unknown(kind: str, local: Fields, base: Fields | None, names: Names) -> Fields:
    """The local fields with what the base names and netdesk does not know kept: a UID
    unknown here (a contact deleted for good, an event not synced yet) is not "removed"."""
    if base is None:
        return local
    local = dict(local)
    for name in CONTACT_FIELDS.get(kind, ()):
        uid = base.get(name) or ""
        if not local.get(name) and uid and names.contact(uid) is None:
            local[name] = uid
    for name, target in LINK_FIELDS.get(kind, {}).items():
        uid = base.get(name) or ""
        if not local.get(name) and uid and names.record(target, uid) is None:
            local[name] = uid
    if kind == EVENT:
        here = {entry[0] for entry in local["attendance"]}
        kept = [
            entry
            for entry in base.get("attendance") or []
            if entry[0] not in here and names.contact(entry[0]) is None
        ]
        local["attendance"] = sorted(local["attendance"] + kept)
    return local


def natural_key(kind: str, fields: Fields) -> tuple[Any, ...]:
    """What makes two records the same one when neither has been synced (a second computer
    restored from the same backup): paired rather than doubled."""
    if kind == INTERACTION:
        return (fields["contact"], fields["kind"], fields["day"], fields["note"].strip())
    if kind == EVENT:
        return (fields["name"].strip().casefold(), fields["day"])
    if kind == REFERRAL:
        return tuple(
            fields[n] for n in ("direction", "provider", "recipient", "referrer", "need", "day")
        )
    if kind == FOLLOW_UP:
        return (fields["contact"], fields["reason"], fields["due"], fields["note"].strip())
    return ("synonyms",)


# -- writing records from the server ---------------------------------------------------------


@dataclass
class Written:
    local_id: int | None  # None: not written (it waits for ``waiting``)
    waiting: list[str] = field(default_factory=list)
    contacts: set[int] = field(default_factory=set)  # whose scores to recompute


def _day(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RecordRefused(f"{what} has no date netdesk can read ({value!r})") from None


def _contact_of(uid: str, names: Names, waiting: list[str]) -> int | None:
    if not uid:
        return None
    found = names.contact(uid)
    if found is None:
        waiting.append(uid)
    return found


def _link_of(kind: str, uid: str, names: Names, waiting: list[str]) -> int | None:
    if not uid:
        return None
    found = names.record(kind, uid)
    if found is None:
        waiting.append(uid)
    return found


def write(kind: str, local_id: int | None, fields: Fields, names: Names) -> Written:
    """Write a record's fields here (inside the caller's transaction)."""
    if kind == INTERACTION:
        return _write_interaction(local_id, fields, names)
    if kind == EVENT:
        return _write_event(local_id, fields, names)
    if kind == REFERRAL:
        return _write_referral(local_id, fields, names)
    if kind == FOLLOW_UP:
        return _write_follow_up(local_id, fields, names)
    return _write_synonyms(fields)


def _write_interaction(local_id: int | None, fields: Fields, names: Names) -> Written:
    waiting: list[str] = []
    contact_id = _contact_of(fields["contact"], names, waiting)
    if contact_id is None:
        if not waiting:
            raise RecordRefused("the journal names no contact")
        return Written(local_id, waiting)
    if fields["kind"] not in INTERACTION_KINDS:
        raise RecordRefused(f"unknown kind of interaction {fields['kind']!r}")
    values = {
        "contact": contact_id,
        "kind": fields["kind"],
        "occurred_on": _day(fields["day"], "the journal"),
        "note": clean_text(fields["note"]).strip(),
        "event": _link_of(EVENT, fields["event"], names, waiting),
        "referral": _link_of(REFERRAL, fields["referral"], names, waiting),
    }
    touched = {contact_id}
    if local_id is None:
        local_id = Interaction.insert(**values).execute()
    else:
        touched |= _contacts_of_interaction(local_id)
        Interaction.update(**values).where(Interaction.id == local_id).execute()
    return Written(local_id, waiting, touched)


def _contacts_of_interaction(local_id: int) -> set[int]:
    return {
        row[0]
        for row in database.execute_sql(
            "SELECT contact_id FROM interaction WHERE id = ?", (local_id,)
        ).fetchall()
    }


def _write_event(local_id: int | None, fields: Fields, names: Names) -> Written:
    waiting: list[str] = []
    values = {
        "name": clean_line(fields["name"]).strip() or "(no name)",
        "held_on": _day(fields["day"], "the event"),
        "place": clean_line(fields["place"]).strip(),
        "notes": clean_text(fields["notes"]).strip(),
    }
    if local_id is None:
        local_id = Event.insert(**values).execute()
    else:
        Event.update(**values).where(Event.id == local_id).execute()
    wanted_tags = sorted({clean_line(t).strip() for t in fields["tags"]} - {""}, key=str.casefold)
    have_tags = sorted(
        (t.name for t in Tag.select(Tag.name).join(EventTag).where(EventTag.event == local_id)),
        key=str.casefold,
    )
    if [t.casefold() for t in wanted_tags] != [t.casefold() for t in have_tags]:
        EventTag.delete().where(EventTag.event == local_id).execute()
        for tag_id in contacts.tag_ids(wanted_tags):
            EventTag.insert(event=local_id, tag=tag_id).on_conflict_ignore().execute()
    touched = _write_attendance(local_id, fields["attendance"], names, waiting)
    return Written(local_id, waiting, touched)


def _write_attendance(
    event_id: int, entries: list[list[Any]], names: Names, waiting: list[str]
) -> set[int]:
    here = {
        contact_id: (attendance_id, bool(is_new), _iso(checked_in, 19))
        for attendance_id, contact_id, is_new, checked_in in database.execute_sql(
            "SELECT id, contact_id, is_new, checked_in_at FROM attendance WHERE event_id = ?",
            (event_id,),
        )
    }
    wanted: dict[int, tuple[bool, str]] = {}
    for uid, is_new, checked_in in entries:
        contact_id = _contact_of(uid, names, waiting)
        if contact_id is not None:
            wanted[contact_id] = (bool(is_new), checked_in)
    touched: set[int] = set()
    for contact_id, (attendance_id, _, _) in here.items():
        # only people the server can name are the server's to remove
        if contact_id not in wanted and contact_id in names.contact_uid:
            Attendance.delete().where(Attendance.id == attendance_id).execute()
            touched.add(contact_id)
    for contact_id, (is_new, checked_in) in wanted.items():
        values: dict[str, Any] = {"is_new": int(is_new)}
        if checked_in:
            values["checked_in_at"] = checked_in
        if contact_id not in here:
            Attendance.insert(event=event_id, contact=contact_id, **values).execute()
            touched.add(contact_id)
        elif here[contact_id][1:] != (is_new, checked_in or here[contact_id][2]):
            Attendance.update(**values).where(Attendance.id == here[contact_id][0]).execute()
    return touched


def _write_referral(local_id: int | None, fields: Fields, names: Names) -> Written:
    waiting: list[str] = []
    people = {
        name: _contact_of(fields[name], names, waiting)
        for name in ("provider", "recipient", "referrer")
    }
    if waiting:
        return Written(local_id, waiting)
    if fields["direction"] not in DIRECTIONS:
        raise RecordRefused(f"unknown referral direction {fields['direction']!r}")
    status, changed_on, value = fields["status"]
    if status not in STATUSES:
        raise RecordRefused(f"unknown referral status {status!r}")
    values = {
        **people,
        "direction": fields["direction"],
        "need": clean_line(fields["need"]).strip(),
        "note": clean_text(fields["note"]).strip(),
        "referred_on": _day(fields["day"], "the referral"),
        "status": status,
        "status_changed_on": _day(changed_on, "the referral's status") if changed_on else None,
        "value": value if status == "won" else None,
    }
    if local_id is None:
        local_id = Referral.insert(**values).execute()
    else:
        Referral.update(**values).where(Referral.id == local_id).execute()
    return Written(local_id, waiting)


def _write_follow_up(local_id: int | None, fields: Fields, names: Names) -> Written:
    waiting: list[str] = []
    contact_id = _contact_of(fields["contact"], names, waiting)
    if contact_id is None:
        if not waiting:
            raise RecordRefused("the follow-up names no contact")
        return Written(local_id, waiting)
    done = fields["done_at"]
    values = {
        "contact": contact_id,
        "reason": clean_line(fields["reason"]).strip() or "follow_up",
        "due_on": _day(fields["due"], "the follow-up"),
        "event": _link_of(EVENT, fields["event"], names, waiting),
        "referral": _link_of(REFERRAL, fields["referral"], names, waiting),
        "note": clean_text(fields["note"]).strip(),
        "done_at": dt.datetime.fromisoformat(done) if done else None,
        "snoozed_until": _day(fields["snoozed_until"], "the snooze")
        if fields["snoozed_until"]
        else None,
    }
    if local_id is None:
        local_id = FollowUp.insert(**values).execute()
    else:
        FollowUp.update(**values).where(FollowUp.id == local_id).execute()
    return Written(local_id, waiting)


def _write_synonyms(fields: Fields) -> Written:
    lines = list(fields["rules"])
    if lines == DEFAULT_RULES:
        settings.reset("match.synonyms")
    else:
        try:
            rules = parse_synonym_text("\n".join(lines))
        except ValidationError as exc:
            raise RecordRefused(f"the synonym table is not one netdesk reads ({exc})") from exc
        settings.put("match.synonyms", [[list(r.find), list(r.also)] for r in rules])
    return Written(1)


def remove(kind: str, local_id: int) -> set[int]:
    """Remove a record deleted on the server (as rows: what it named stays); the contacts
    whose scores to recompute."""
    if kind == INTERACTION:
        touched = _contacts_of_interaction(local_id)
        Interaction.delete().where(Interaction.id == local_id).execute()
        return touched
    if kind == EVENT:
        Event.delete().where(Event.id == local_id).execute()
    elif kind == REFERRAL:
        Referral.delete().where(Referral.id == local_id).execute()
    elif kind == FOLLOW_UP:
        FollowUp.delete().where(FollowUp.id == local_id).execute()
    return set()


def existing(kind: str, ids: Iterable[int]) -> set[int]:
    """Which of these records are still here."""
    wanted = sorted(set(ids))
    if kind == SYNONYMS:
        return set(wanted)
    found: set[int] = set()
    for chunk in _chunks(wanted):
        found.update(
            row[0]
            for row in database.execute_sql(
                f"SELECT id FROM {TABLES[kind]} WHERE id IN ({_marks(chunk)})", chunk
            )
        )
    return found


def unsynced(kind: str, collection_id: int) -> list[int]:
    """Records here that have no sync item in the collection yet."""
    if kind == SYNONYMS:
        return []
    table = TABLES[kind]
    return [
        row[0]
        for row in database.execute_sql(
            f"SELECT r.id FROM {table} r WHERE NOT EXISTS (SELECT 1 FROM sync_item i "
            "WHERE i.collection_id = ? AND i.record_kind = ? AND i.local_id = r.id) ORDER BY r.id",
            (collection_id, kind),
        )
    ]
