"""vCard 2.1, 3.0 and 4.0: one or many cards per file, as phones and address books write them.

The file is split into cards here, each with the line it starts on, and each
card is read on its own, so one broken card never costs the cards after it
(``vobject.readComponents`` stops at the first card it cannot decode). Within
a card, lines are unfolded here (``logical_lines``: folding and vCard 2.1
quoted-printable soft line breaks, in one pass; vobject's own unfolding takes
time quadratic in a line's length, minutes for a large photo), and vobject
reads each line's name, parameters and group (``item1.EMAIL`` with
``item1.X-ABLabel``, as Apple and Google write them).
The values are decoded here, because vobject's text handling keeps only what
comes before the first unescaped comma, and vCard 2.1 writers never escape
commas ("NOTE:Met at BNI, great guy").

What becomes what: FN/N/ORG/TITLE (ROLE when there is no TITLE) → names,
organisation, title; EMAIL/TEL/URL with their TYPE or X-ABLabel → labelled
emails, phones, web addresses; X-SOCIALPROFILE → a web address labelled with
the network; the first ADR's locality → city; NOTE → notes; BDAY → a
"Birthday:" line of the notes (Apple's year 1604 means no year); CATEGORIES
→ tags; PHOTO inline → the photo (up to ``MAX_PHOTO_BYTES``, a larger one is
left out and named), PHOTO by URL → a web address labelled "photo" (never
fetched). netdesk's own
X-NETDESK-* properties carry offers, needs, how we met, the networking style,
the cadence and who introduced them.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from vobject.base import VObjectError, parseLine

from netdesk.domain.importers.cleaning import RecordBuilder
from netdesk.domain.importers.records import (
    ImportRecord,
    ParsedFile,
    Progress,
    RowProblem,
    canonical_label,
)
from netdesk.domain.validation import MAX_PHOTO_BYTES

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_URL_LIKE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# TYPE values that say nothing a person would call a label
_NOISE_TYPES = {"internet", "pref", "voice", "x400", "msg", "text", "video", "textphone", "uri"}
SOCIAL_NETWORKS = {
    "linkedin": "LinkedIn",
    "twitter": "Twitter",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "xing": "XING",
    "github": "GitHub",
    "mastodon": "Mastodon",
}
_PROPERTY_START = re.compile(r"(?:[A-Za-z0-9_-]+\.)?([A-Za-z][A-Za-z0-9_-]*)[;:]")
# the properties of vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350 and the 2.1 specification)
_PROPERTY_WORDS = (
    "ADR AGENT ANNIVERSARY BDAY BEGIN CALADRURI CALURI CATEGORIES CLASS CLIENTPIDMAP EMAIL END "
    "FBURL FN GENDER GEO IMPP KEY KIND LABEL LANG LOGO MAILER MEMBER N NAME NICKNAME NOTE ORG "
    "PHOTO PRODID PROFILE RELATED REV ROLE SORT-STRING SOUND SOURCE TEL TITLE TZ UID URL "
    "VERSION XML"
)
PROPERTY_NAMES = frozenset(_PROPERTY_WORDS.split())
# Google's system groups: not labels anyone chose ("starred" becomes ``STARRED_TAG``)
SYSTEM_GROUPS = {"mycontacts"}
STARRED_TAG = "Starred"


@dataclass
class CardText:
    start: int  # line of BEGIN:VCARD
    lines: list[str]  # the lines between BEGIN:VCARD and END:VCARD


@dataclass(slots=True)
class Prop:
    name: str
    group: str
    params: Mapping[str, list[str]]
    types: frozenset[str] | set[str]
    value: str
    line: int
    singletons: list[str] = field(default_factory=list)


_NO_PARAMS: Mapping[str, list[str]] = MappingProxyType({})
_NO_TYPES: frozenset[str] = frozenset()
_NO_SINGLETONS: list[str] = []


def split_cards(text: str) -> tuple[list[CardText], list[RowProblem]]:
    """The cards of a file, and what lies outside any card (each named by line)."""
    cards: list[CardText] = []
    problems: list[RowProblem] = []
    current: CardText | None = None
    stray_from = 0
    for number, line in enumerate(LINE_BREAK.split(text.lstrip("\ufeff")), 1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if current is not None:
                problems.append(
                    RowProblem(
                        current.start,
                        f"card not closed (no END:VCARD before the next card on line {number}); "
                        "card skipped",
                    )
                )
            current = CardText(number, [])
            stray_from = 0
        elif word == "END:VCARD":
            if current is None:
                problems.append(RowProblem(number, "END:VCARD without a BEGIN:VCARD; ignored"))
            else:
                cards.append(current)
                current = None
        elif current is not None:
            current.lines.append(line)
        elif word and not stray_from:
            stray_from = number
            problems.append(RowProblem(number, "text outside any vCard; ignored"))
    if current is not None:
        problems.append(
            RowProblem(current.start, "card not closed (the file ends before END:VCARD); skipped")
        )
    return cards, problems


def read_vcards(
    path: Path, text: str, encoding: str, region: str | None, progress: Progress | None = None
) -> ParsedFile:
    parsed = ParsedFile(path, "vcard", encoding)
    cards, problems = split_cards(text)
    parsed.problems.extend(problems)
    total = len(cards)
    for done, card in enumerate(cards, 1):
        result = read_card(card, region)
        if isinstance(result, RowProblem):
            parsed.problems.append(result)
        else:
            parsed.records.append(result)
        if progress is not None and done % 200 == 0:
            progress(done, total, f"Reading {path.name}: card {done:,} of {total:,}")
    parsed.problems.sort(key=lambda p: p.line)
    return parsed


def read_card(card: CardText, region: str | None) -> ImportRecord | RowProblem:
    builder = RecordBuilder(card.start, region)
    try:
        props = _props(card, builder)
        _fill(builder, props)
    except (VObjectError, ValueError, LookupError, binascii.Error) as exc:
        return RowProblem(card.start, f"this card cannot be read ({exc}); skipped")
    return builder.finish()


# -- lines to properties ----------------------------------------------------------


def logical_lines(card: CardText) -> Iterator[tuple[str, int]]:
    """A card's content lines unfolded, each with the line it starts on, in linear time.

    A line starting with a space or a tab continues the one before (RFC 6350
    folding). In a quoted-printable value (vCard 2.1), a line ending in "=" is
    a soft line break: the next line continues the value, unless that line
    starts a property of its own (Samsung phones end a name with "=" right
    before ``TEL;CELL:…``). A blank line ends a line, as vCard 2.1 writers
    put one after a base64 photo.
    """
    parts: list[str] = []
    start = 0
    quoted_printable = False
    for index, line in enumerate(card.lines):
        number = card.start + index + 1
        if not line.strip():
            if parts:
                yield "".join(parts), start
            parts, quoted_printable = [], False
            continue
        if parts and quoted_printable and parts[-1].endswith("="):
            parts[-1] = parts[-1][:-1]
            if not starts_property(line):
                parts.append(line)
                continue
        elif parts and line[0] in " \t":
            parts.append(line[1:])
            continue
        if parts:
            yield "".join(parts), start
        parts, start = [line], number
        head = line.partition(":")[0].upper()
        quoted_printable = "QUOTED-PRINTABLE" in head
    if parts:
        yield "".join(parts), start


def starts_property(line: str) -> bool:
    """Whether a line opens a vCard property (``TEL;CELL:``, ``item1.EMAIL:``, ``X-…:``)."""
    match = _PROPERTY_START.match(line)
    if match is None:
        return False
    name = match.group(1).upper()
    return name in PROPERTY_NAMES or name.startswith("X-")


# A line with no quoted parameter ("FN:Ana Silva", "TEL;TYPE=CELL,VOICE:…"): read
# here as vobject's ``parseLine`` reads it (its name pattern; each parameter a name and
# its values, empty ones dropped; the rest of the line the value), at a fraction of
# its cost. Any other line goes through ``parseLine`` itself.
_SIMPLE_LINE = re.compile(
    r"(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)((?:;[A-Za-z0-9_-]+(?:=[^\";:]*)?)*):(.*)\Z",
    re.DOTALL,
)


def parse_line(text: str, line: int) -> tuple[str, list[list[str]], str, str | None]:
    """vobject's ``parseLine``: (name, parameters, value, group), ``VObjectError`` if the
    line is not "NAME:value"."""
    simple = _SIMPLE_LINE.match(text)
    if simple is None:
        result: tuple[str, list[list[str]], str, str | None] = parseLine(text, line)
        return result
    group, name, raw, value = simple.groups()
    params: list[list[str]] = []
    if raw:
        for item in raw[1:].split(";"):
            param, _, values = item.partition("=")
            params.append([param, *(v for v in values.split(",") if v)])
    return name.replace("_", "-"), params, value, group


def _props(card: CardText, builder: RecordBuilder) -> list[Prop]:
    props: list[Prop] = []
    for text, line in logical_lines(card):
        try:
            name, raw_params, value, group = parse_line(text, line)
        except VObjectError:
            builder.warn(line, "a line that is not “NAME:value”; left out")
            continue
        if not raw_params:  # (most lines have none: nothing to sort out)
            props.append(
                Prop(
                    name.upper(),
                    group.upper() if group else "",
                    _NO_PARAMS,
                    _NO_TYPES,
                    value,
                    line,
                    _NO_SINGLETONS,
                )
            )
            continue
        params: dict[str, list[str]] = {}
        singletons: list[str] = []
        for item in raw_params:
            if len(item) == 1:
                singletons.append(item[0])
            else:
                params.setdefault(item[0].upper(), []).extend(item[1:])
        encodings = {v.upper() for v in params.get("ENCODING", [])} | {
            s.upper() for s in singletons
        }
        if "QUOTED-PRINTABLE" in encodings:
            charset = (params.get("CHARSET") or ["utf-8"])[0]
            value = _decode_qp(value, charset)
        types = {
            part.strip().strip('"').casefold()
            for v in params.get("TYPE", [])
            for part in v.split(",")
            if part.strip()
        } | {s.casefold() for s in singletons}
        props.append(
            Prop(
                name.upper(),
                group.upper() if group else "",
                params,
                types,
                value,
                line,
                singletons,
            )
        )
    return props


def _decode_qp(value: str, charset: str) -> str:
    raw = quopri.decodestring(value.encode("utf-8"))
    for candidate in (charset, "utf-8", "cp1252"):
        try:
            return raw.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("latin-1")


# -- values ---------------------------------------------------------------------------

_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        char = match.group(1)
        if char in "nN":
            return "\n"
        # RFC 6350 escapes \\ \, \; (and \: of vCard 3.0 writers); Apple also
        # escapes quotes in notes (\"AS IS\"). A backslash before anything else
        # (a letter, a digit: "C:\Users") is text and stays.
        if char in "\\,;:\"'":
            return char
        return match.group(0)

    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ESCAPED.sub(one, text) if "\\" in text else text


def split_unescaped(text: str, separator: str) -> list[str]:
    """Split on separators not preceded by a backslash; unescape each part."""
    if "\\" not in text:
        return [unescape(part) for part in text.split(separator)]
    parts, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    parts.append(unescape("".join(current)))
    return parts


def _label(prop: Prop, group_labels: dict[str, str]) -> str:
    if prop.group and prop.group in group_labels:
        text = group_labels[prop.group]
        apple = _APPLE_LABEL.match(text)
        # Apple wraps its standard labels ("_$!<Mobile>!$_"); others are a person's own words
        return canonical_label(apple.group(1)) if apple else text
    types = prop.types - _NOISE_TYPES
    if "fax" in types:
        return "home fax" if "home" in types else "work fax" if "work" in types else "fax"
    for word, label in (
        ("cell", "mobile"),
        ("iphone", "mobile"),
        ("mobile", "mobile"),
        ("pager", "pager"),
        ("work", "work"),
        ("home", "home"),
        ("main", "main"),
        ("other", "other"),
    ):
        if word in types:
            return label
    for word in sorted(types):
        if word.startswith("x-") and len(word) > 2:
            return canonical_label(word[2:])
    return ""


def _photo(builder: RecordBuilder, prop: Prop) -> None:
    value = prop.value.strip()
    encodings = {v.casefold() for v in prop.params.get("ENCODING", [])} | {
        s.casefold() for s in prop.singletons
    }
    value_type = {v.casefold() for v in prop.params.get("VALUE", [])}
    try:
        if value.casefold().startswith("data:"):
            header, _, payload = value.partition(",")
            if header.casefold().endswith(";base64"):
                _keep_photo(builder, prop, payload, _b64)
            else:
                _keep_photo(builder, prop, payload, urllib.parse.unquote_to_bytes, ratio=1)
        elif encodings & {"b", "base64"}:
            _keep_photo(builder, prop, value, _b64)
        elif _URL_LIKE.match(value) or value_type & {"uri", "url"}:
            builder.url(unescape(value), "photo")
        elif value:
            builder.warn(prop.line, "a photo in a form netdesk does not read; left out")
    except (binascii.Error, ValueError):
        builder.warn(prop.line, "the photo's base64 data is broken; photo left out")


def _keep_photo(
    builder: RecordBuilder,
    prop: Prop,
    payload: str,
    decode: Callable[[str], bytes],
    ratio: float = 0.75,
) -> None:
    """Decode a photo unless it is larger than netdesk keeps (judged before decoding)."""
    size = int(len(payload) * ratio)
    if size > MAX_PHOTO_BYTES:
        builder.warn(
            prop.line,
            f"the photo is {size / 1_000_000:.1f} MB, larger than the "
            f"{MAX_PHOTO_BYTES // 1_000_000} MB netdesk keeps; photo left out",
        )
        return
    photo = decode(payload)
    if len(photo) > MAX_PHOTO_BYTES:
        builder.warn(prop.line, "the photo is larger than netdesk keeps; photo left out")
        return
    builder.draft.photo = photo


def _b64(text: str) -> bytes:
    cleaned = "".join(text.split())
    cleaned += "=" * (-len(cleaned) % 4)
    data = base64.b64decode(cleaned, validate=True)
    if not data:
        raise ValueError("empty photo")
    return data


_DATED = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
# Apple Contacts writes a birthday without a year in the year 1604
# (``BDAY;X-APPLE-OMIT-YEAR=1604:1604-01-01``, older exports ``BDAY:16040101``)
APPLE_NO_YEAR = "1604"


def _year_less(prop: Prop) -> str:
    """The BDAY as written, or ``--MMDD`` when its year stands for "no year"."""
    value = unescape(prop.value).strip()
    match = _DATED.match(value.partition("T")[0])
    omitted = {v.strip() for v in prop.params.get("X-APPLE-OMIT-YEAR", [])} | {APPLE_NO_YEAR}
    if match and match.group(1) in omitted:
        return f"--{match.group(2)}{match.group(3)}"
    return value


def _fill(builder: RecordBuilder, props: list[Prop]) -> None:
    draft = builder.draft
    group_labels = {p.group: unescape(p.value) for p in props if p.name == "X-ABLABEL" and p.group}
    for prop in props:
        name = prop.name
        if name == "FN":
            draft.display_name = draft.display_name or unescape(prop.value)
        elif name == "N":
            parts = split_unescaped(prop.value, ";") + [""] * 5
            family, given, additional = parts[0], parts[1], parts[2]
            draft.family_name = draft.family_name or family
            draft.given_name = draft.given_name or " ".join(p for p in (given, additional) if p)
        elif name == "ORG":
            units = split_unescaped(prop.value, ";")
            draft.organisation = draft.organisation or units[0]
            draft.department = draft.department or ", ".join(u for u in units[1:] if u.strip())
        elif name == "NICKNAME":
            draft.nickname = draft.nickname or split_unescaped(prop.value, ",")[0]
        elif name == "TITLE":
            draft.title = draft.title or unescape(prop.value)
        elif name == "ROLE":
            role = unescape(prop.value)
            if not any(p.name == "TITLE" for p in props):
                draft.title = draft.title or role
        elif name == "EMAIL":
            builder.email(unescape(prop.value), _label(prop, group_labels), prop.line)
        elif name == "TEL":
            number = unescape(prop.value).strip()
            if number.casefold().startswith("tel:"):
                number = urllib.parse.unquote(number[4:])
            builder.phone(number, _label(prop, group_labels), prop.line)
            for hint in prop.params.get("X-NETDESK-COUNTRY", [])[:1]:
                builder.phone_country(number, hint)
        elif name == "URL":
            builder.url(unescape(prop.value), _label(prop, group_labels))
        elif name == "X-SOCIALPROFILE":
            url = unescape(prop.value).strip()
            if _URL_LIKE.match(url):
                network = next(iter(sorted(prop.types - _NOISE_TYPES)), "")
                builder.url(url, SOCIAL_NETWORKS.get(network, network))
        elif name == "ADR":
            parts = split_unescaped(prop.value, ";") + [""] * 7
            if parts[3].strip() and not draft.city:
                draft.city = parts[3]
            builder.country(parts[6])
        elif name == "X-ABADR":
            builder.country(unescape(prop.value))
        elif name == "NOTE":
            builder.note(unescape(prop.value))
        elif name == "BDAY":
            builder.birthday(_year_less(prop), prop.line)
        elif name == "CATEGORIES":
            builder.tags(
                [
                    STARRED_TAG if tag.strip().casefold() == "starred" else tag
                    for tag in split_unescaped(prop.value, ",")
                    if tag.strip().casefold() not in SYSTEM_GROUPS
                ]
            )
        elif name == "PHOTO":
            _photo(builder, prop)
        elif name == "UID":
            builder.record.uid = unescape(prop.value).strip()
        elif name == "X-NETDESK-OFFER":
            draft.offers.append(unescape(prop.value))
        elif name == "X-NETDESK-NEED":
            draft.needs.append(unescape(prop.value))
        elif name == "X-NETDESK-HOW-WE-MET":
            draft.how_we_met = unescape(prop.value)
        elif name == "X-NETDESK-STYLE":
            builder.style(unescape(prop.value), prop.line)
        elif name == "X-NETDESK-CADENCE":
            builder.cadence(unescape(prop.value), prop.line)
        elif name == "X-NETDESK-INTRODUCED-BY":
            builder.record.introduced_by_uid = unescape(prop.value).strip()
