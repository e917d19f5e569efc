"""Three-way merge of a contact's fields: the last synced base, the local and the server's.

Per field, against the base:

- changed on one side only: that side's value;
- changed on both sides to the same value: that value;
- changed on both sides differently (a name, a title, the notes…): the server's
  value is kept and the local one is set aside as a ``Conflict`` for the Sync
  Conflicts view, where the person chooses; nothing is dropped silently;
- emails, phones, web addresses, tags, offers and needs merge as sets: what
  either side added is added, what either side removed is removed.

Without a base (the first sync of a contact found on both sides) the base is
empty: what only one side has is taken, lists are joined, and two different
values become a conflict as above.

netdesk's own fields (``X-NETDESK-*``) missing from a server card altogether,
when the base had some, were stripped by a client that drops what it does not
know: they are taken as unknown (the base's), not as deleted, and written back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netdesk.domain.sync.card_fields import (
    ALL_FIELDS,
    LABELLED_FIELDS,
    NETDESK_FIELDS,
    TEXT_LIST_FIELDS,
    Fields,
    empty_fields,
    entry_key,
    same,
)


@dataclass(frozen=True)
class Conflict:
    field: str
    local: Any  # set aside
    server: Any  # kept


@dataclass
class Merged:
    fields: Fields
    conflicts: list[Conflict] = field(default_factory=list)


def _keyed(name: str, items: list[Any], region: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items or []:
        if name in LABELLED_FIELDS:
            key = entry_key(name, item[0], region)
        else:
            key = item.strip().casefold()
        if key and key not in found:
            found[key] = item
    return found


def _merge_set(
    name: str, base: list[Any], local: list[Any], server: list[Any], region: str | None
) -> list[Any]:
    b, loc, srv = (_keyed(name, items, region) for items in (base, local, server))
    merged: list[Any] = []
    for key, item in srv.items():
        if key in b and key not in loc:
            continue  # removed here
        if name in LABELLED_FIELDS and key in loc and key in b:
            local_label, base_label, server_label = loc[key][1], b[key][1], item[1]
            if local_label != base_label and server_label == base_label:
                item = [item[0], local_label]  # relabelled here only
        merged.append(list(item) if name in LABELLED_FIELDS else item)
    for key, item in loc.items():
        if key not in srv and key not in b:
            merged.append(list(item) if name in LABELLED_FIELDS else item)  # added here
    return merged


def merge(
    base: Fields | None,
    local: Fields,
    server: Fields,
    region: str | None,
    *,
    server_stripped: bool = False,
) -> Merged:
    base = base if base is not None else empty_fields()
    server = dict(server)
    if server_stripped:
        for name in NETDESK_FIELDS:
            server[name] = base[name]
    result = Merged(dict(server))
    for name in ALL_FIELDS:
        b, loc, srv = base.get(name), local.get(name), server.get(name)
        if name in LABELLED_FIELDS or name in TEXT_LIST_FIELDS:
            result.fields[name] = _merge_set(name, b or [], loc or [], srv or [], region)
            continue
        if same(name, loc, b, region) or same(name, loc, srv, region):
            result.fields[name] = srv
        elif same(name, srv, b, region):
            result.fields[name] = loc
        else:
            result.fields[name] = srv
            result.conflicts.append(Conflict(name, loc, srv))
    return result
