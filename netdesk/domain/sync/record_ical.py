"""netdesk's records as iCalendar objects (RFC 5545), read and written with ``icalendar``.

A record's *fields* are plain JSON values (what the merge compares, what a
conflict keeps); contacts, events and referrals are named by their UIDs:

- interaction (VJOURNAL): ``DTSTART;VALUE=DATE`` its day, ``SUMMARY`` its kind in
  words, ``DESCRIPTION`` the note, ``RELATED-TO`` the contact's vCard UID,
  ``X-NETDESK-KIND`` the kind key, ``X-NETDESK-EVENT``/``-REFERRAL`` what it
  belongs to, ``CATEGORIES:netdesk``; a journal without ``X-NETDESK-KIND`` (another
  app's) takes its kind from its summary, else it is a note;
- event (VEVENT): ``SUMMARY`` the name, an all-day ``DTSTART``/``DTEND``,
  ``LOCATION``, ``DESCRIPTION`` the notes, ``CATEGORIES`` the tags, one
  ``ATTENDEE`` per person checked in (``urn:uuid:`` of their card, with
  ``X-NETDESK-CONTACT-UID``; never an email address, so no server sends invitations);
- referral (VTODO): ``SUMMARY`` the need, ``DESCRIPTION`` the note, ``DTSTART`` its
  day, ``STATUS`` as a task app reads it and ``X-NETDESK-STATUS`` exactly, the people
  and direction and value in ``X-NETDESK-*``;
- follow-up (VTODO): ``RELATED-TO`` the contact, ``DUE`` its day, ``STATUS``/``COMPLETED``
  when done, ``X-NETDESK-SNOOZED-UNTIL``, ``X-NETDESK-REASON``;
- synonyms (VJOURNAL): the rules, one a line, in ``DESCRIPTION``.

Writing patches the server's own object: only the properties of the fields that
changed are replaced, so what another app added (alarms, colours, comments, its
own attendees, a jtx Board parent link) stays as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from icalendar import Calendar, Component, Event, Journal, Todo, vCalAddress, vText

from netdesk import __version__
from netdesk.domain.interaction_kinds import KINDS as INTERACTION_KINDS
from netdesk.domain.sync.record_kinds import (
    BY_MARKER,
    EVENT,
    FOLLOW_UP,
    INTERACTION,
    KINDS,
    REFERRAL,
    STATUS_FROM_TODO,
    SYNONYMS,
    TODO_STATUS,
)

Fields = dict[str, Any]
PRODID = f"-//netdesk//netdesk {__version__}//EN"
CALENDAR_TYPE = "text/calendar; charset=utf-8"
SYNONYMS_UID = "netdesk-match-synonyms"
NO_NEED = "Referral"  # a referral's summary when it names no need
_COMPONENTS = {"VEVENT": Event, "VTODO": Todo, "VJOURNAL": Journal}

FIELDS: dict[str, tuple[str, ...]] = {
    INTERACTION: ("contact", "kind", "day", "note", "event", "referral"),
    EVENT: ("name", "day", "place", "notes", "tags", "attendance"),
    REFERRAL: ("direction", "provider", "recipient", "referrer", "need", "note", "day", "status"),
    FOLLOW_UP: (
        "contact",
        "reason",
        "due",
        "event",
        "referral",
        "note",
        "done_at",
        "snoozed_until",
    ),
    SYNONYMS: ("rules",),
}
# fields naming a contact (the record waits while netdesk does not know it)
CONTACT_FIELDS: dict[str, tuple[str, ...]] = {
    INTERACTION: ("contact",),
    REFERRAL: ("provider", "recipient", "referrer"),
    FOLLOW_UP: ("contact",),
}
# fields naming another record (an unknown one is left out until it is known)
LINK_FIELDS: dict[str, dict[str, str]] = {
    INTERACTION: {"event": EVENT, "referral": REFERRAL},
    FOLLOW_UP: {"event": EVENT, "referral": REFERRAL},
}


class RecordError(ValueError):
    """The text is not an iCalendar object netdesk can read."""


@dataclass
class ServerRecord:
    """One calendar object as the server has it."""

    kind: str | None  # None: not one of netdesk's records (another app's task)
    uid: str
    fields: Fields
    calendar: Calendar
    component: Component


def empty_fields(kind: str) -> Fields:
    found: Fields = {}
    for name in FIELDS[kind]:
        if name in ("tags", "attendance", "rules"):
            found[name] = []
        elif name == "status":
            found[name] = ["introduced", "", None]
        else:
            found[name] = ""
    return found


# -- reading ---------------------------------------------------------------------------------


def _unescape(text: str) -> str:
    out = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt in ("n", "N") else nxt)
        else:
            out.append(ch)
    return "".join(out)


def _text(component: Component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    text = str(value)
    return text if isinstance(value, vText) else _unescape(text)


def _day(component: Component, name: str) -> str:
    if name not in component:
        return ""
    try:
        value = component.decoded(name)
    except (ValueError, TypeError, KeyError) as exc:
        raise RecordError(f"{name} is not a date ({exc})") from exc
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise RecordError(f"{name} is not a date")


def _x_day(component: Component, name: str) -> str:
    """A date netdesk writes in an ``X-NETDESK-*`` property (ISO: 2026-03-01)."""
    text = _text(component, name).strip()
    try:
        return dt.date.fromisoformat(text).isoformat() if text else ""
    except ValueError:
        raise RecordError(f"{name} is not a date ({text!r})") from None


def _utc_text(component: Component, name: str) -> str:
    if name not in component:
        return ""
    try:
        value = component.decoded(name)
    except (ValueError, TypeError, KeyError) as exc:
        raise RecordError(f"{name} is not a date and time ({exc})") from exc
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return f"{value.isoformat()} 00:00:00"
    return ""


def _all(component: Component, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _categories(component: Component) -> list[str]:
    found: list[str] = []
    for value in _all(component, "CATEGORIES"):
        for cat in getattr(value, "cats", [value]):
            text = str(cat).strip()
            if text and text not in found:
                found.append(text)
    return found


def bare_uid(value: str) -> str:
    """A UID as a card names itself (``urn:uuid:`` taken off)."""
    value = value.strip()
    return value[9:] if value.lower().startswith("urn:uuid:") else value


def _contact_link(component: Component) -> str:
    """The contact a journal or follow-up is about: its ``RELATED-TO`` (a parent link)."""
    for value in _all(component, "RELATED-TO"):
        reltype = str(getattr(value, "params", {}).get("RELTYPE", "PARENT")).upper()
        if reltype == "PARENT":
            return bare_uid(str(value))
    return ""


def _kind_of_journal(component: Component) -> str:
    key = _text(component, "X-NETDESK-KIND").strip()
    if key in INTERACTION_KINDS:
        return key
    summary = _text(component, "SUMMARY").strip().casefold()
    for kind in INTERACTION_KINDS.values():
        if summary in (kind.key, kind.label.casefold()):
            return kind.key
    return "note"


def _attendance(component: Component) -> list[list[Any]]:
    found = []
    for value in _all(component, "ATTENDEE"):
        params = getattr(value, "params", {})
        uid = str(params.get("X-NETDESK-CONTACT-UID", "")).strip()
        if not uid:
            continue  # another app's attendee: not netdesk's to read
        found.append(
            [
                uid,
                str(params.get("X-NETDESK-NEW", "")).upper() == "TRUE",
                str(params.get("X-NETDESK-CHECKED-IN", "")),
            ]
        )
    return sorted(found)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _referral_status(component: Component) -> list[Any]:
    mine = _text(component, "X-NETDESK-STATUS").strip()
    theirs = _text(component, "STATUS").strip().upper()
    status = mine if mine in TODO_STATUS else ""
    if theirs in STATUS_FROM_TODO and (not status or TODO_STATUS[status] != theirs):
        status = STATUS_FROM_TODO[theirs]  # a task app moved it
    value = _number(_text(component, "X-NETDESK-VALUE")) if status == "won" else None
    return [status or "introduced", _x_day(component, "X-NETDESK-STATUS-CHANGED"), value]


def read_fields(kind: str, component: Component) -> Fields:
    if kind == INTERACTION:
        return {
            "contact": _contact_link(component),
            "kind": _kind_of_journal(component),
            "day": _day(component, "DTSTART") or _day(component, "DTSTAMP"),
            "note": _text(component, "DESCRIPTION"),
            "event": _text(component, "X-NETDESK-EVENT"),
            "referral": _text(component, "X-NETDESK-REFERRAL"),
        }
    if kind == EVENT:
        return {
            "name": _text(component, "SUMMARY"),
            "day": _day(component, "DTSTART"),
            "place": _text(component, "LOCATION"),
            "notes": _text(component, "DESCRIPTION"),
            "tags": sorted(_categories(component), key=str.casefold),
            "attendance": _attendance(component),
        }
    if kind == REFERRAL:
        summary = _text(component, "SUMMARY")
        return {
            "direction": _text(component, "X-NETDESK-DIRECTION"),
            "provider": _text(component, "X-NETDESK-PROVIDER"),
            "recipient": _text(component, "X-NETDESK-RECIPIENT"),
            "referrer": _text(component, "X-NETDESK-REFERRER"),
            "need": "" if summary == NO_NEED else summary,
            "note": _text(component, "DESCRIPTION"),
            "day": _day(component, "DTSTART") or _day(component, "DTSTAMP"),
            "status": _referral_status(component),
        }
    if kind == FOLLOW_UP:
        done = _utc_text(component, "COMPLETED")
        if not done and _text(component, "STATUS").upper() == "COMPLETED":
            done = _utc_text(component, "DTSTAMP")
        return {
            "contact": _contact_link(component),
            "reason": _text(component, "X-NETDESK-REASON") or "follow_up",
            "due": _day(component, "DUE") or _day(component, "DTSTART"),
            "event": _text(component, "X-NETDESK-EVENT"),
            "referral": _text(component, "X-NETDESK-REFERRAL"),
            "note": _text(component, "DESCRIPTION"),
            "done_at": done if _text(component, "STATUS").upper() != "NEEDS-ACTION" else "",
            "snoozed_until": _x_day(component, "X-NETDESK-SNOOZED-UNTIL"),
        }
    rules = [line.strip() for line in _text(component, "DESCRIPTION").splitlines()]
    return {"rules": [line for line in rules if line]}


def parse_record(text: str) -> ServerRecord:
    """Read one calendar object; a ``RecordError`` says why it cannot be read."""
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise RecordError(f"not an iCalendar object ({exc})") from exc
    if not isinstance(calendar, Calendar):
        raise RecordError("not an iCalendar object")
    components = [
        c
        for c in calendar.subcomponents
        if c.name in _COMPONENTS and "RECURRENCE-ID" not in c  # the master, not an override
    ]
    if not components:
        raise RecordError("holds no event, task or journal")
    component = components[0]
    uid = _text(component, "UID").strip()
    if not uid:
        raise RecordError("has no UID")
    marker = _text(component, "X-NETDESK-RECORD").strip()
    kind = BY_MARKER.get(marker)
    if kind is not None and KINDS[kind].component != component.name:
        kind = None
    if kind is None and not marker:
        if component.name == "VJOURNAL":
            kind = INTERACTION
        elif component.name == "VEVENT":
            kind = EVENT
        elif "X-NETDESK-DIRECTION" in component:
            kind = REFERRAL
    fields = read_fields(kind, component) if kind is not None else {}
    return ServerRecord(kind, uid, fields, calendar, component)


# -- writing ---------------------------------------------------------------------------------


def _replace(component: Component, name: str, value: Any, **params: str) -> None:
    component.pop(name, None)
    if value in (None, "", []):
        return
    if params:
        component.add(name, value, parameters=params)
    else:
        component.add(name, value)


def _set_x(component: Component, name: str, value: str) -> None:
    _replace(component, name, vText(value) if value else "")


def _set_date(component: Component, name: str, iso: str) -> None:
    _replace(component, name, dt.date.fromisoformat(iso) if iso else "")


def _set_contact_link(component: Component, uid: str) -> None:
    kept = [
        value
        for value in _all(component, "RELATED-TO")
        if str(getattr(value, "params", {}).get("RELTYPE", "PARENT")).upper() != "PARENT"
    ]
    component.pop("RELATED-TO", None)
    if uid:
        component.add("RELATED-TO", uid)
    for value in kept:
        component.add("RELATED-TO", value)


def _set_attendance(component: Component, entries: list[list[Any]], names: dict[str, str]) -> None:
    theirs = [
        value
        for value in _all(component, "ATTENDEE")
        if not str(getattr(value, "params", {}).get("X-NETDESK-CONTACT-UID", "")).strip()
    ]
    component.pop("ATTENDEE", None)
    for uid, is_new, checked_in in entries:
        address = vCalAddress(f"urn:uuid:{uid}")
        if names.get(uid):
            address.params["CN"] = names[uid]
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["PARTSTAT"] = "ACCEPTED"
        address.params["X-NETDESK-CONTACT-UID"] = uid
        address.params["X-NETDESK-NEW"] = "TRUE" if is_new else "FALSE"
        if checked_in:
            address.params["X-NETDESK-CHECKED-IN"] = checked_in
        component.add("ATTENDEE", address)
    for value in theirs:
        component.add("ATTENDEE", value)


def _write_interaction(component: Component, name: str, value: Any) -> None:
    if name == "contact":
        _set_contact_link(component, value)
    elif name == "kind":
        _set_x(component, "X-NETDESK-KIND", value)
        kind = INTERACTION_KINDS.get(value)
        _replace(component, "SUMMARY", kind.label if kind else value)
    elif name == "day":
        _set_date(component, "DTSTART", value)
    elif name == "note":
        _replace(component, "DESCRIPTION", value)
    else:
        _set_x(component, f"X-NETDESK-{name.upper()}", value)


def _write_event(component: Component, name: str, value: Any, names: dict[str, str]) -> None:
    if name == "name":
        _replace(component, "SUMMARY", value)
    elif name == "day":
        _set_date(component, "DTSTART", value)
        end = (dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat() if value else ""
        _set_date(component, "DTEND", end)
    elif name == "place":
        _replace(component, "LOCATION", value)
    elif name == "notes":
        _replace(component, "DESCRIPTION", value)
    elif name == "tags":
        _replace(component, "CATEGORIES", list(value))
    else:
        _set_attendance(component, value, names)


def _write_referral(component: Component, name: str, value: Any) -> None:
    if name == "need":
        _replace(component, "SUMMARY", value or NO_NEED)
    elif name == "note":
        _replace(component, "DESCRIPTION", value)
    elif name == "day":
        _set_date(component, "DTSTART", value)
    elif name == "status":
        status, changed_on, amount = value
        _set_x(component, "X-NETDESK-STATUS", status)
        _replace(component, "STATUS", TODO_STATUS.get(status, "NEEDS-ACTION"))
        _set_x(component, "X-NETDESK-STATUS-CHANGED", changed_on)
        _set_x(component, "X-NETDESK-VALUE", "" if amount is None else repr(float(amount)))
    else:
        _set_x(component, f"X-NETDESK-{name.upper()}", value)


def _write_follow_up(component: Component, name: str, value: Any) -> None:
    if name == "contact":
        _set_contact_link(component, value)
    elif name == "reason":
        _set_x(component, "X-NETDESK-REASON", value)
        _replace(component, "SUMMARY", value.replace("_", " ").capitalize())
    elif name == "due":
        _set_date(component, "DUE", value)
    elif name == "note":
        _replace(component, "DESCRIPTION", value)
    elif name == "done_at":
        _replace(component, "STATUS", "COMPLETED" if value else "NEEDS-ACTION")
        when = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC) if value else ""
        _replace(component, "COMPLETED", when)
    elif name == "snoozed_until":
        _set_x(component, "X-NETDESK-SNOOZED-UNTIL", value)
    else:
        _set_x(component, f"X-NETDESK-{name.upper()}", value)


def _write(kind: str, component: Component, name: str, value: Any, names: dict[str, str]) -> None:
    if kind == INTERACTION:
        _write_interaction(component, name, value)
    elif kind == EVENT:
        _write_event(component, name, value, names)
    elif kind == REFERRAL:
        _write_referral(component, name, value)
    elif kind == FOLLOW_UP:
        _write_follow_up(component, name, value)
    else:
        _replace(component, "DESCRIPTION", "\n".join(value))


def patch(
    record: ServerRecord,
    merged: Fields,
    *,
    now: dt.datetime,
    names: dict[str, str] | None = None,
) -> str:
    """The server's object with the fields that differ from ``merged`` rewritten."""
    assert record.kind is not None
    component = record.component
    changed = False
    for name in FIELDS[record.kind]:
        if merged.get(name) != record.fields.get(name):
            _write(record.kind, component, name, merged.get(name), names or {})
            changed = True
    if changed:
        stamp = now.replace(tzinfo=dt.UTC, microsecond=0)
        _replace(component, "DTSTAMP", stamp)
        if "LAST-MODIFIED" in component or "CREATED" in component:
            _replace(component, "LAST-MODIFIED", stamp)
    return str(record.calendar.to_ical().decode("utf-8"))


def new_record(kind: str, uid: str, *, now: dt.datetime) -> ServerRecord:
    """An empty object of ``kind`` to patch a new record's fields onto."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    component = _COMPONENTS[KINDS[kind].component]()
    component.add("UID", uid)
    component.add("DTSTAMP", now.replace(tzinfo=dt.UTC, microsecond=0))
    component.add("X-NETDESK-RECORD", vText(KINDS[kind].marker))
    if kind == INTERACTION:
        component.add("CATEGORIES", ["netdesk"])
    if kind == SYNONYMS:
        component.add("SUMMARY", "netdesk: referral match synonyms")
    calendar.add_component(component)
    # nothing written yet: every field of the new record is written
    return ServerRecord(kind, uid, dict.fromkeys(FIELDS[kind]), calendar, component)


def make_text(
    kind: str, uid: str, fields: Fields, *, now: dt.datetime, names: dict[str, str] | None = None
) -> str:
    return patch(new_record(kind, uid, now=now), fields, now=now, names=names)
