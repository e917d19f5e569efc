"""Three-way merge of a record's fields, property by property, as for contacts.

Against the base (the record as last synced):

- a property changed on one side only takes that side's value;
- changed on both sides differently: the server's value is kept and the local one
  set aside as a ``Conflict`` (the Sync Conflicts view), except where one answer is
  plainly right: a referral's status takes the step further along (won or lost
  after met), a follow-up done or snoozed on both sides stays done (the later
  time) or snoozed (the later day);
- an event's tags and attendance and the synonym rules merge as sets: what either
  side added is added, what either side removed is removed.
"""

from __future__ import annotations

from typing import Any

from netdesk.domain.sync.merge import Conflict, Merged
from netdesk.domain.sync.record_ical import FIELDS, Fields, empty_fields

_SETS = ("tags", "attendance", "rules")
_LATEST = ("done_at", "snoozed_until")
_RANK = {"suggested": 0, "introduced": 1, "met": 2, "won": 3, "lost": 3}


def _key(name: str, item: Any) -> str:
    if name == "attendance":
        return str(item[0])
    return str(item).strip().casefold()


def _merge_set(name: str, base: list[Any], local: list[Any], server: list[Any]) -> list[Any]:
    b = {_key(name, i): i for i in base}
    loc = {_key(name, i): i for i in local}
    merged: list[Any] = []
    for key, item in {_key(name, i): i for i in server}.items():
        if key in b and key not in loc:
            continue  # removed here
        if key in loc and key in b and loc[key] != b[key] and item == b[key]:
            item = loc[key]  # changed here only (an attendee's details)
        merged.append(item)
    srv = {_key(name, i) for i in server}
    merged += [item for key, item in loc.items() if key not in srv and key not in b]
    return sorted(merged, key=lambda i: _key(name, i)) if name != "rules" else merged


def _both_changed(name: str, local: Any, server: Any) -> tuple[Any, bool]:
    """(the value to keep, whether it is a conflict)."""
    if name in _LATEST:
        return max(local or "", server or ""), False
    if name == "status":
        here, there = _RANK.get(local[0], 0), _RANK.get(server[0], 0)
        if here != there:
            return (local if here > there else server), False
    return server, True


def merge_record(kind: str, base: Fields | None, local: Fields, server: Fields) -> Merged:
    base = base if base is not None else empty_fields(kind)
    result = Merged(dict(server))
    for name in FIELDS[kind]:
        b, loc, srv = base.get(name), local.get(name), server.get(name)
        if name in _SETS:
            result.fields[name] = _merge_set(name, b or [], loc or [], srv or [])
        elif loc in (b, srv):
            result.fields[name] = srv
        elif srv == b:
            result.fields[name] = loc
        else:
            kept, conflict = _both_changed(name, loc, srv)
            result.fields[name] = kept
            if conflict:
                result.conflicts.append(Conflict(name, loc, srv))
    return result
