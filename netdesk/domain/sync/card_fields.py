"""What netdesk owns of a vCard, read out of a card and written back into one.

A contact as sync sees it is a dict of *fields* (plain JSON values):

| field | vCard 3.0 |
|---|---|
| display_name, given_name, family_name | FN; N (family; given — other parts kept) |
| nickname | NICKNAME (the first of its list; the others kept) |
| organisation, department, title | ORG (organisation; department — other units kept), TITLE |
| city | the locality of the first ADR (the rest of the address kept) |
| notes, birthday | NOTE; BDAY (netdesk keeps it as a "Birthday:" line of the notes) |
| emails, phones, urls | EMAIL, TEL, URL with TYPE, or ``itemN.`` + X-ABLabel |
| tags | CATEGORIES (Google's system groups kept, not shown) |
| photo | PHOTO;ENCODING=b (a photo by URL is kept, not shown) |
| offers, needs, how_we_met | X-NETDESK-OFFER, X-NETDESK-NEED, X-NETDESK-HOW-WE-MET |
| networking_style, cadence_days | X-NETDESK-STYLE, X-NETDESK-CADENCE |
| introduced_by | X-NETDESK-INTRODUCED-BY (the introducer's UID) |

``patch_card`` writes changed fields only, onto the server's latest text: every
line of a field that did not change, and every property netdesk does not know
(``item1.`` groups, X-ABLabel, IMPP, X-SOCIALPROFILE, a second NOTE…), stays
as it was, as khard does. Emails, phones and web addresses that are not valid
in netdesk stay on the server untouched too.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from typing import Any

from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.dedupe import url_key
from netdesk.domain.exporters import _TYPES as LABEL_TYPES
from netdesk.domain.exporters import _image_type, escape_text
from netdesk.domain.importers.cleaning import BIRTHDAY_LINE, BIRTHDAY_PREFIX, birthday_line
from netdesk.domain.importers.records import canonical_label
from netdesk.domain.importers.vcard import (
    SYSTEM_GROUPS,
    Prop,
    _label,
    _year_less,
    split_unescaped,
    unescape,
)
from netdesk.domain.sync.card_text import Card, Line
from netdesk.domain.validation import (
    MAX_PHOTO_BYTES,
    email_problem,
    normalize_email,
    normalize_phone,
    phone_problem,
)

Fields = dict[str, Any]

TEXT_FIELDS = (
    "display_name",
    "given_name",
    "family_name",
    "organisation",
    "title",
    "city",
    "notes",
    "birthday",
    "photo",
    "how_we_met",
    "networking_style",
    "introduced_by",
    "nickname",
    "department",
)
# fields that came after the first synced cards: one left empty counts in no digest, so
# the digests recorded before it came stay true
_LATER_FIELDS = frozenset(("nickname", "department"))
SCALAR_FIELDS = (*TEXT_FIELDS, "cadence_days")
LABELLED_FIELDS = ("emails", "phones", "urls")
TEXT_LIST_FIELDS = ("tags", "offers", "needs")
ALL_FIELDS = (*SCALAR_FIELDS, *LABELLED_FIELDS, *TEXT_LIST_FIELDS)
# the fields other address books do not know (a client may strip them)
NETDESK_FIELDS = frozenset(
    ("offers", "needs", "how_we_met", "networking_style", "cadence_days", "introduced_by")
)
FIELD_NAMES = {
    "display_name": "name",
    "given_name": "given name",
    "family_name": "family name",
    "organisation": "organisation",
    "title": "title",
    "city": "city",
    "notes": "notes",
    "birthday": "birthday",
    "photo": "photo",
    "how_we_met": "how we met",
    "networking_style": "networking style",
    "introduced_by": "introduced by",
    "nickname": "nickname",
    "department": "department",
    "cadence_days": "keep-in-touch cadence",
    "emails": "emails",
    "phones": "phones",
    "urls": "web addresses",
    "tags": "tags",
    "offers": "offers",
    "needs": "needs",
}
_PROPERTY = {"emails": "EMAIL", "phones": "TEL", "urls": "URL"}
_NETDESK_PROPERTY = {
    "how_we_met": "X-NETDESK-HOW-WE-MET",
    "networking_style": "X-NETDESK-STYLE",
    "introduced_by": "X-NETDESK-INTRODUCED-BY",
}
_LIST_PROPERTY = {"offers": "X-NETDESK-OFFER", "needs": "X-NETDESK-NEED"}
_BDAY_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2}|--\d{2}-\d{2})$")


def empty_fields() -> Fields:
    fields: Fields = {name: "" for name in TEXT_FIELDS}
    fields["cadence_days"] = None
    for name in (*LABELLED_FIELDS, *TEXT_LIST_FIELDS):
        fields[name] = []
    return fields


# -- keys: when two values are the same --------------------------------------------------


def entry_key(field: str, value: str, region: str | None) -> str:
    if field == "emails":
        return normalize_email(value)
    if field == "phones":
        return normalize_phone(value, region)
    return url_key(value)


def same(field: str, a: Any, b: Any, region: str | None) -> bool:
    """Whether two values of ``field`` say the same (order and case of list items aside)."""
    return bool(comparable(field, a, region) == comparable(field, b, region))


def comparable(field: str, value: Any, region: str | None) -> Any:
    if field in LABELLED_FIELDS:
        return sorted({(entry_key(field, v, region), label) for v, label in value or []})
    if field in TEXT_LIST_FIELDS:
        return sorted({text.strip().casefold() for text in value or [] if text.strip()})
    if field == "cadence_days":
        return value
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(part.rstrip() for part in text.strip().split("\n"))


def fields_hash(fields: Fields, region: str | None) -> str:
    """A digest of the fields as they are (the same contact unchanged gives the same
    digest; cheap enough for every contact at every sync: no phone number parsing)."""
    shape = {
        name: fields.get(name)
        for name in ALL_FIELDS
        if name not in _LATER_FIELDS or fields.get(name)
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode("utf-8")).hexdigest()


# -- a card's fields ---------------------------------------------------------------------


def _prop(line: Line) -> Prop:
    params: dict[str, list[str]] = {}
    for key, values in line.params:
        if values:
            params.setdefault(key.upper(), []).extend(values)
    return Prop(line.name, line.group.upper(), params, line.types(), line.value, 0)


def labelled_lines(card: Card, field: str, region: str | None) -> list[tuple[str, str, str, Line]]:
    """(key, value, label, line) of each valid EMAIL/TEL/URL line, first of a key only."""
    labels = {
        line.group.upper(): unescape(line.value)
        for line in card.lines
        if line.name == "X-ABLABEL" and line.group
    }
    found: list[tuple[str, str, str, Line]] = []
    seen: set[str] = set()
    for line in card.all(_PROPERTY[field]):
        value = unescape(line.value).strip()
        if field == "phones" and value.casefold().startswith("tel:"):
            value = value[4:]
        if not value:
            continue
        if field == "emails" and email_problem(value):
            continue
        if field == "phones" and phone_problem(value, region):
            continue
        key = entry_key(field, value, region)
        if key in seen:
            continue
        seen.add(key)
        found.append((key, value, _label(_prop(line), labels), line))
    return found


def _inline_photo(line: Line) -> bytes | None:
    value = line.value.strip()
    encodings = {v.casefold() for v in line.param("ENCODING")} | line.types()
    try:
        if value.casefold().startswith("data:"):
            header, _, payload = value.partition(",")
            if not header.casefold().endswith(";base64"):
                return None
        elif encodings & {"b", "base64"}:
            payload = value
        else:
            return None
        if len(payload) * 3 // 4 > MAX_PHOTO_BYTES:
            return None
        return base64.b64decode("".join(payload.split()), validate=False)
    except (binascii.Error, ValueError):
        return None


def _is_inline(line: Line) -> bool:
    encodings = {v.casefold() for v in line.param("ENCODING")} | line.types()
    return line.value.strip().casefold().startswith("data:") or bool(encodings & {"b", "base64"})


def inline_photo_lines(card: Card) -> list[Line]:
    """Every photo given in the card itself (one netdesk cannot decode too: a photo
    netdesk writes replaces them all)."""
    return [line for line in card.all("PHOTO") if _is_inline(line)]


def read_fields(card: Card, region: str | None) -> Fields:
    """The fields a card holds (what netdesk would show of it)."""
    fields = empty_fields()
    fields["display_name"] = unescape(card.value("FN") or "").strip()
    if (n := card.value("N")) is not None:
        parts = split_unescaped(n, ";") + ["", ""]
        fields["family_name"], fields["given_name"] = parts[0].strip(), parts[1].strip()
    if (org := card.value("ORG")) is not None:
        units = split_unescaped(org, ";") + [""]
        fields["organisation"], fields["department"] = units[0].strip(), units[1].strip()
    if (nickname := card.value("NICKNAME")) is not None:
        fields["nickname"] = (split_unescaped(nickname, ",") + [""])[0].strip()
    fields["title"] = unescape(card.value("TITLE") or "").strip()
    if (adr := card.value("ADR")) is not None:
        fields["city"] = (split_unescaped(adr, ";") + [""] * 7)[3].strip()
    fields["notes"] = unescape(card.value("NOTE") or "").replace("\r\n", "\n").replace("\r", "\n")
    if (bday := card.first("BDAY")) is not None:
        found = birthday_line(_year_less(_prop(bday)))
        fields["birthday"] = found[len(BIRTHDAY_PREFIX) :] if found else ""
    photos = [data for line in inline_photo_lines(card) if (data := _inline_photo(line))]
    if photos:
        fields["photo"] = base64.b64encode(photos[0]).decode("ascii")
    for field in LABELLED_FIELDS:
        fields[field] = [
            [value, label] for _, value, label, _ in labelled_lines(card, field, region)
        ]
    tags: list[str] = []
    for line in card.all("CATEGORIES"):
        tags += [t.strip() for t in split_unescaped(line.value, ",") if t.strip()]
    fields["tags"] = _unique([t for t in tags if t.casefold() not in SYSTEM_GROUPS])
    for field, name in _LIST_PROPERTY.items():
        fields[field] = _unique([unescape(line.value).strip() for line in card.all(name)])
    for field, name in _NETDESK_PROPERTY.items():
        fields[field] = unescape(card.value(name) or "").strip()
    cadence = unescape(card.value("X-NETDESK-CADENCE") or "").strip()
    fields["cadence_days"] = (
        int(cadence) if cadence.isdigit() and 1 <= int(cadence) <= 3650 else None
    )
    return fields


def has_netdesk_properties(card: Card) -> bool:
    return any(line.name.startswith("X-NETDESK-") for line in card.lines)


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            kept.append(item)
    return kept


# -- a contact's fields ------------------------------------------------------------------


def split_birthday(notes: str) -> tuple[str, str]:
    """(the notes without their "Birthday:" line, the birthday's date or "")."""
    match = BIRTHDAY_LINE.search(notes)
    if not match:
        return notes, ""
    before, after = notes[: match.start()], notes[match.end() :]
    if after.startswith("\n"):
        after = after[1:]
    elif before.endswith("\n"):
        before = before[:-1]
    return before + after, match.group(1)


def draft_fields(draft: ContactDraft, introducer_uid: str = "") -> Fields:
    fields = empty_fields()
    notes, birthday = split_birthday(draft.notes)
    fields.update(
        display_name=draft.shown_name(),
        given_name=draft.given_name,
        family_name=draft.family_name,
        organisation=draft.organisation,
        department=draft.department,
        nickname=draft.nickname,
        title=draft.title,
        city=draft.city,
        notes=notes,
        birthday=birthday,
        photo=base64.b64encode(draft.photo).decode("ascii") if draft.photo else "",
        how_we_met=draft.how_we_met,
        networking_style=draft.networking_style,
        introduced_by=introducer_uid,
        cadence_days=draft.cadence_days,
        emails=[[e.value, e.label] for e in draft.emails],
        phones=[[p.value, p.label] for p in draft.phones],
        urls=[[u.value, u.label] for u in draft.urls],
        tags=list(draft.tags),
        offers=list(draft.offers),
        needs=list(draft.needs),
    )
    return fields


def fields_into_draft(fields: Fields, draft: ContactDraft) -> ContactDraft:
    """``draft`` with these fields' values (introduced_by is the caller's: it is a UID)."""
    notes = fields["notes"] or ""
    if fields["birthday"]:
        line = f"{BIRTHDAY_PREFIX}{fields['birthday']}"
        notes = f"{notes.rstrip()}\n{line}" if notes.strip() else line
    draft.given_name = fields["given_name"]
    draft.family_name = fields["family_name"]
    shown = " ".join(p for p in (fields["given_name"], fields["family_name"]) if p)
    draft.display_name = "" if fields["display_name"] == shown else fields["display_name"]
    draft.organisation = fields["organisation"]
    draft.department = fields["department"]
    draft.nickname = fields["nickname"]
    draft.title = fields["title"]
    draft.city = fields["city"]
    draft.notes = notes
    draft.photo = base64.b64decode(fields["photo"]) if fields["photo"] else None
    draft.how_we_met = fields["how_we_met"]
    draft.networking_style = fields["networking_style"]
    draft.cadence_days = fields["cadence_days"]
    draft.emails = [Labelled(v, label) for v, label in fields["emails"]]
    draft.phones = [Labelled(v, label) for v, label in fields["phones"]]
    draft.urls = [Labelled(v, label) for v, label in fields["urls"]]
    draft.tags = list(fields["tags"])
    draft.offers = list(fields["offers"])
    draft.needs = list(fields["needs"])
    return draft


# -- writing fields into a card ----------------------------------------------------------


def _split_raw(value: str, separator: str) -> list[str]:
    """Split an escaped value on unescaped separators, keeping each part escaped."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _set_component(
    card: Card, name: str, index: int, text: str, size: int, separator: str = ";"
) -> None:
    line = card.first(name)
    if line is None:
        if not text:
            return
        parts = [""] * max(size, index + 1)
        parts[index] = escape_text(text)
        card.lines.append(Line(name, separator.join(parts)))
        return
    parts = _split_raw(line.value, separator)
    parts += [""] * (max(size, index + 1) - len(parts))
    parts[index] = escape_text(text)
    if not text and (separator == "," or index >= size and index == len(parts) - 1):
        # a list's item, not a position: the others move up; an optional last part
        # goes with its value ("Org", not "Org;", once the department is gone)
        del parts[index]
    if not any(part.strip() for part in parts):
        card.remove([line])
        return
    line.value, line.raw = separator.join(parts), None


def _label_params(field: str, label: str) -> tuple[list[tuple[str, list[str]]], str | None]:
    """(TYPE parameters, or the X-ABLabel to give) for a label."""
    if not label:
        return [], None
    known = LABEL_TYPES[_PROPERTY[field]]
    if label in known:
        return [("TYPE", known[label].upper().split(","))], None
    return [], label


def _entry_lines(card: Card, field: str, value: str, label: str, pending: list[Line]) -> list[Line]:
    params, custom = _label_params(field, label)
    if field == "emails":
        params = [("TYPE", ["INTERNET", *[v for _, vs in params for v in vs]])]
    if custom is None:
        return [Line(_PROPERTY[field], escape_text(value), params=params)]
    group = card.free_group(pending)
    return [
        Line(_PROPERTY[field], escape_text(value), group=group, params=params),
        Line("X-ABLABEL", escape_text(custom), group=group),
    ]


def _current_label(card: Card, line: Line) -> str:
    labels = {
        other.group.upper(): unescape(other.value)
        for other in card.lines
        if other.name == "X-ABLABEL" and other.group
    }
    return _label(_prop(line), labels)


def _patch_labelled(card: Card, field: str, new: list[list[str]], region: str | None) -> None:
    present = {key: line for key, _, _, line in labelled_lines(card, field, region)}
    wanted = {entry_key(field, value, region): (value, label) for value, label in new}
    doomed: list[Line] = []
    for key, line in present.items():
        if (
            key not in wanted
            or _current_label(card, line) != wanted[key][1]
            and canonical_label(_current_label(card, line)) != canonical_label(wanted[key][1])
        ):
            doomed.append(line)
    for line in doomed:
        _drop_with_group(card, line)
    kept = {key for key, line in present.items() if line not in doomed}
    anchor = _insert_after(card, _PROPERTY[field])
    added: list[Line] = []
    for key, (value, label) in wanted.items():
        if key not in kept:
            added += _entry_lines(card, field, value, label, added)
    card.lines[anchor:anchor] = added


def _insert_after(card: Card, name: str) -> int:
    """Where new lines of ``name`` go: after the last one, else before the end."""
    last = None
    for index, line in enumerate(card.lines):
        if line.name == name:
            last = index
    if last is None:
        return len(card.lines)
    group = card.lines[last].group
    while group and last + 1 < len(card.lines) and card.lines[last + 1].group == group:
        last += 1
    return last + 1


def _drop_with_group(card: Card, line: Line) -> None:
    """Remove a line; an ``itemN.`` group left with nothing but its label goes with it."""
    card.remove([line])
    if line.group:
        rest = card.group_lines(line.group)
        if rest and all(other.name in ("X-ABLABEL", "X-ABADR") for other in rest):
            card.remove(rest)


def _bday_line(birthday: str) -> Line | None:
    """BDAY as vCard 3.0 readers take it: a year-less birthday as Apple writes one."""
    if not birthday or not _BDAY_VALUE.match(birthday):
        return None
    if birthday.startswith("--"):
        return Line("BDAY", f"1604{birthday[1:]}", params=[("X-APPLE-OMIT-YEAR", ["1604"])])
    return Line("BDAY", birthday)


def _photo_line(encoded: str) -> Line:
    data = base64.b64decode(encoded)
    kind = _image_type(data).partition("/")[2].upper()
    params: list[tuple[str, list[str]]] = [("ENCODING", ["b"])]
    if kind and kind != "OCTET-STREAM":
        params.append(("TYPE", [kind]))
    return Line("PHOTO", encoded, params=params)


def patch_card(
    card: Card, old: Fields, new: Fields, region: str | None, *, now: dt.datetime
) -> Card:
    """Write into ``card`` (whose fields are ``old``) every field where ``new`` differs."""
    changed = [name for name in ALL_FIELDS if not same(name, old.get(name), new.get(name), region)]
    for name in changed:
        value = new[name]
        if name == "display_name":
            card.set_single("FN", escape_text(value))
        elif name == "given_name":
            _set_component(card, "N", 1, value, 5)
        elif name == "family_name":
            _set_component(card, "N", 0, value, 5)
        elif name == "organisation":
            _set_component(card, "ORG", 0, value, 1)
        elif name == "department":
            _set_component(card, "ORG", 1, value, 1)
        elif name == "nickname":
            _set_component(card, "NICKNAME", 0, value, 1, separator=",")
        elif name == "title":
            card.set_single("TITLE", escape_text(value) if value else None)
        elif name == "city":
            _set_component(card, "ADR", 3, value, 7)
        elif name == "notes":
            card.set_single("NOTE", escape_text(value) if value.strip() else None)
        elif name == "birthday":
            card.remove(card.all("BDAY"))
            if (line := _bday_line(value)) is not None:
                card.lines.append(line)
        elif name == "photo":
            card.remove(inline_photo_lines(card))
            if value:
                card.lines.append(_photo_line(value))
        elif name in LABELLED_FIELDS:
            _patch_labelled(card, name, value, region)
        elif name == "tags":
            system = [
                t
                for line in card.all("CATEGORIES")
                for t in split_unescaped(line.value, ",")
                if t.strip().casefold() in SYSTEM_GROUPS
            ]
            everything = [*value, *system]
            card.set_single(
                "CATEGORIES", ",".join(escape_text(t) for t in everything) if everything else None
            )
        elif name in _LIST_PROPERTY:
            card.remove(card.all(_LIST_PROPERTY[name]))
            card.lines += [Line(_LIST_PROPERTY[name], escape_text(text)) for text in value]
        elif name in _NETDESK_PROPERTY:
            card.set_single(_NETDESK_PROPERTY[name], escape_text(value) if value else None)
        elif name == "cadence_days":
            card.set_single("X-NETDESK-CADENCE", None if value is None else str(value))
    if changed:
        card.set_single("VERSION", "3.0")
        card.set_single("REV", now.strftime("%Y%m%dT%H%M%SZ"))
    if card.first("N") is None:  # required in vCard 3.0
        card.lines.append(Line("N", ";;;;"))
    return card


def new_card(uid: str) -> Card:
    return Card(
        [Line("VERSION", "3.0"), Line("PRODID", "-//netdesk//netdesk//EN"), Line("UID", uid)]
    )
