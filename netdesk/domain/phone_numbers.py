"""Phone numbers as people write them: read with the right country, or kept as written.

A number written with "+" and its country code says where it is. One written
without needs a country to be read, and the wrong one does harm: Madagascar's
``034 39 387 51`` read as Canadian becomes ``+10343938751``. So the country
comes from the contact itself (its address's country, its other numbers
written with "+"), then from the file it came in (what most of its contacts
show), then from the setting ``phone.default_region``, then from the system's
locale (``region_for``).

What is stored (``PhoneReading``):

- a number valid for that country: kept as written, with its E.164 form
  ("+261343938751") as the key that tells two copies of one number apart;
- a short service number (``*777#``, ``611``, ``#322*91#``): kept as written,
  labelled "service", its key the characters as written;
- anything else with digits: kept exactly as written, its key its digits
  alone, never an invented "+" form (an E.164 key is always a valid number).

netdesk's own exports carry, for a number written without "+", the country it
was read in (``country_hint``: "CN", or ``KEEP_AS_WRITTEN``), so that
importing them again reads every number exactly as before.
"""

from __future__ import annotations

import functools
import importlib.util
import locale
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

E164, SERVICE, AS_WRITTEN = "e164", "service", "as written"
SERVICE_LABEL = "service"
# USSD and MMI codes (*777#, #322*91#, *#06#) and short numbers (611, 112, 19222)
_SERVICE_CODE = re.compile(r"^[*#][0-9*#]*[0-9][0-9*#]*$")
_SHORT_NUMBER = re.compile(r"^[0-9]{2,6}$")
_NOT_DIGIT = re.compile(r"\D")
_SPACING = re.compile(r"[\s.()/-]+")


@dataclass(frozen=True)
class PhoneReading:
    kind: str  # E164, SERVICE or AS_WRITTEN
    key: str  # what two copies of one number share ("" when there is no digit at all)
    region: str | None  # the country the number was read for (E164 only)

    @property
    def is_valid(self) -> bool:
        return self.kind == E164


def is_service_number(text: str) -> bool:
    """``*777#``, ``#322*91#``, ``611``: a code or a short number, not a person's line."""
    compact = _SPACING.sub("", text.strip())
    return bool(_SERVICE_CODE.match(compact) or _SHORT_NUMBER.match(compact))


def read_phone(text: str, region: str | None) -> PhoneReading:
    """How netdesk reads ``text`` as a phone number of ``region`` (None: no country known)."""
    written = text.strip()
    # a number with its country code reads the same whatever the region: one cache entry
    return _read(written, None if written.startswith("+") else region)


@functools.lru_cache(maxsize=131072)
def _read(written: str, region: str | None) -> PhoneReading:
    if is_service_number(written):
        return PhoneReading(SERVICE, _SPACING.sub("", written), None)
    if written.startswith("+") or written.startswith("00") or region:
        try:
            parsed = phonenumbers.parse(written, region)
        except phonenumbers.NumberParseException:
            parsed = None
        found = _valid_region(parsed, region) if parsed is not None else None
        if parsed is not None and found is not None:
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            return PhoneReading(E164, e164, found)
    return PhoneReading(AS_WRITTEN, _NOT_DIGIT.sub("", written), None)


def _valid_region(parsed: phonenumbers.PhoneNumber, region: str | None) -> str | None:
    """The country a parsed number is valid in, or None when it is valid in none.

    The region it was read with is tried first, then the one its digits point to:
    finding that among all the regions that share a code (the 25 of +1) is slow.
    """
    code = parsed.country_code
    if (
        region
        and phonenumbers.country_code_for_region(region) == code
        and phonenumbers.is_valid_number_for_region(parsed, region)
    ):
        return region
    found = _region_of_parsed(parsed)
    return found if found and phonenumbers.is_valid_number_for_region(parsed, found) else None


_NANP_AREAS: dict[str, str] = {}


def _region_of_parsed(parsed: phonenumbers.PhoneNumber) -> str | None:
    """The region a number belongs to; in the North American plan its area code says
    (looked up once per area code: finding it among the 25 regions of +1 is slow)."""
    if parsed.country_code != 1:
        return phonenumbers.region_code_for_number(parsed)
    area = str(parsed.national_number)[:3]
    found = _NANP_AREAS.get(area)
    if found is None:
        found = phonenumbers.region_code_for_number(parsed)
        if found is not None:  # a number valid nowhere tells nothing about its area
            _NANP_AREAS[area] = found
    return found


KEEP_AS_WRITTEN = "none"


def country_hint(number: str, key: str) -> str | None:
    """What an export writes beside a number so it reads back the same: its country when
    it was read in one and is written without "+", ``KEEP_AS_WRITTEN`` when it was kept as
    written, None when the number says it all ("+…", a service number)."""
    written = number.strip()
    if written.startswith(("+", "00")) or read_phone(written, None).kind == SERVICE:
        return None
    if key.startswith("+"):
        reading = read_phone(key, None)
        if reading.is_valid and reading.region and read_phone(written, reading.region).key == key:
            return reading.region
    return KEEP_AS_WRITTEN


def region_of_hint(hint: str) -> tuple[bool, str | None]:
    """(whether the hint is one, the region it names: None to keep the number as written)."""
    value = hint.strip()
    if value.casefold() == KEEP_AS_WRITTEN:
        return True, None
    return (True, value.upper()) if is_region(value) else (False, None)


def phone_key(text: str, region: str | None) -> str:
    """The key that tells two copies of one number apart (E.164, or as written)."""
    return read_phone(text, region).key


def looks_like_phone(text: str) -> bool:
    """Whether text could be a phone number as someone wrote it: two digits or more, and
    few letters (an extension, "ext. 12", is fine; "call me after 5" is not)."""
    digits = sum(map(str.isdigit, text))
    letters = sum(map(str.isalpha, text))
    return digits >= 2 and letters <= 5


def region_of_number(text: str) -> str | None:
    """The country of a number written with its country code ("+261 …"), else None."""
    written = text.strip()
    if not written.startswith(("+", "00")):
        return None
    reading = read_phone(written, None)
    return reading.region if reading.is_valid else None


# -- countries by name --------------------------------------------------------------------

_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "russian federation": "RU",
    "holland": "NL",
    "the netherlands": "NL",
    "deutschland": "DE",
    "brasil": "BR",
    "españa": "ES",
    "méxico": "MX",
    "polska": "PL",
    "italia": "IT",
    "россия": "RU",
    "рф": "RU",
    "中国": "CN",
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _locale_data() -> dict[str, dict[str, str]]:
    """phonenumbers' names of each country, by language.

    Their module is read on its own where it is a file: imported the usual way, it
    first loads the package it sits in, every number prefix's place names (some
    20 MB of Python, most of a second), which country names do not need.
    """
    package = importlib.util.find_spec("phonenumbers.geodata")
    if package is not None and package.origin:
        path = Path(package.origin).with_name("locale.py")
        spec = importlib.util.spec_from_file_location("phonenumbers.geodata.locale", path)
        if path.is_file() and spec is not None and spec.loader is not None:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            data: dict[str, dict[str, str]] = module.LOCALE_DATA
            return data
    from phonenumbers.geodata.locale import LOCALE_DATA

    return LOCALE_DATA


@functools.cache
def _country_names() -> dict[str, str]:
    """Country name (accent- and case-free, in every language phonenumbers names it) → code."""
    names: dict[str, str] = {}
    for region, by_language in _locale_data().items():
        for name in by_language.values():
            if name and not name.startswith("*"):
                names.setdefault(_plain(name), region)
    for alias, region in _ALIASES.items():
        names[_plain(alias)] = region
    return names


def region_of_country(text: str) -> str | None:
    """ "Madagascar", "Россия", "Deutschland", "cn" (Apple's X-ABADR) → a region code."""
    name = text.strip()
    if not name:
        return None
    if len(name) == 2 and name.isalpha():
        code = name.upper()
        return code if code in phonenumbers.SUPPORTED_REGIONS else None
    return _country_names().get(_plain(name))


def is_region(code: object) -> bool:
    return isinstance(code, str) and code.upper() in phonenumbers.SUPPORTED_REGIONS


def locale_region() -> str | None:
    """The country of the system's locale ("en_GB" → "GB"), if it names one."""
    for name in (locale.getlocale()[0], locale.getlocale(locale.LC_CTYPE)[0]):
        if name and "_" in name:
            code = name.split("_", 1)[1].split(".")[0].split("@")[0].upper()
            if is_region(code):
                return code
    return None


def region_from_evidence(countries: Iterable[str], numbers: Iterable[str]) -> str | None:
    """The country a contact shows: its address's country first, then its "+" numbers."""
    for country in countries:
        if found := region_of_country(country):
            return found
    votes = Counter(r for n in numbers if (r := region_of_number(n)))
    return votes.most_common(1)[0][0] if votes else None
