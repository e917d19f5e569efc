"""Cards as real address-book clients write them, for the interop tests."""

from __future__ import annotations

import base64

# a 1 × 1 PNG and a small JPEG-like payload (only the first bytes name the type)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
JPEG_B64 = base64.b64encode(JPEG).decode()
PNG_B64 = base64.b64encode(PNG).decode()


def _fold(text: str) -> str:
    lines = []
    for line in text.strip().splitlines():
        while len(line) > 75:
            lines.append(line[:75])
            line = " " + line[75:]
        lines.append(line)
    return "\r\n".join(lines) + "\r\n"


# the Contacts app on iOS 17: itemN. groups with X-ABLabel, Apple's wrapped labels,
# a year-less birthday in 1604, a social profile, an address with its country code
IOS = _fold(
    f"""
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.4//EN
N:Nguyen;Mai;;;
FN:Mai Nguyen
ORG:Bright Books;Accounts
TITLE:Bookkeeper
item1.EMAIL;type=INTERNET;type=pref:mai@brightbooks.ca
item1.X-ABLabel:_$!<Other>!$_
EMAIL;type=INTERNET;type=WORK:mai.work@brightbooks.ca
item2.TEL:+1 519 555 0142
item2.X-ABLabel:Assistant
TEL;type=CELL;type=VOICE;type=pref:+1 519 555 0143
item3.ADR;type=HOME;type=pref:;;12 King St;Waterloo;ON;N2J 1A1;Canada
item3.X-ABADR:ca
X-SOCIALPROFILE;type=linkedin;x-user=mai:https://www.linkedin.com/in/mai
BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17
NOTE:Met at the chamber breakfast\\, wants more clients
PHOTO;ENCODING=b;TYPE=JPEG:{JPEG_B64}
X-IMAGETYPE:PHOTO
UID:8F3C1A2E-IOS-4D7B-9C1A-6E5F4A3B2C1D
END:VCARD
"""
)

# DAVx5 on Android (ez-vcard): lower-case TYPEs, a nickname, phonetic names, REV
DAVX5 = _fold(
    """
BEGIN:VCARD
VERSION:3.0
PRODID:+//IDN bitfire.at//DAVx5/4.4 ez-vcard/0.12.1
UID:4b0a9d6e-davx5-4a3f-8f55-2f0d5c7f0e11
FN:Omar Haddad
N:Haddad;Omar;;;
X-PHONETIC-FIRST-NAME:Omar
NICKNAME:O
ORG:Haddad Web Studio
TEL;TYPE=cell:+1 519 555 0177
EMAIL;TYPE=work:omar@haddadweb.ca
URL:https://haddadweb.ca
CATEGORIES:Clients,Breakfast
REV:20260101T101010Z
END:VCARD
"""
)

# Google Contacts over CardDAV: its system group in CATEGORIES, custom labels in groups
GOOGLE = _fold(
    """
BEGIN:VCARD
VERSION:3.0
N:Brown;Lena;;;
FN:Lena Brown
EMAIL;TYPE=INTERNET;TYPE=HOME:lena@example.org
item1.TEL:+1 519 555 0188
item1.X-ABLabel:studio
CATEGORIES:myContacts,Printing
X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Lee;1;;;;;;;;;;;;;
UID:google-3d5e9a0c1b
END:VCARD
"""
)

# vCard 4.0 from another client: a tel: URI, a data: URI photo, KIND and GENDER
VCARD4 = _fold(
    f"""
BEGIN:VCARD
VERSION:4.0
UID:urn:uuid:9a7c0b52-v4-4e5b-bf1c-3a2d4e6f8a90
KIND:individual
FN:Priya Natarajan
N:Natarajan;Priya;;;
GENDER:F
ORG:Natarajan Design
TEL;VALUE=uri;TYPE=cell:tel:+1-519-555-0199
EMAIL;TYPE=work:priya@natarajan.design
PHOTO:data:image/png;base64,{PNG_B64}
ANNIVERSARY:20150620
END:VCARD
"""
)


def stripped(text: str, **changes: str) -> str:
    """``text`` as a client that keeps only what it knows writes it back: every X-NETDESK-*
    line dropped, and any property in ``changes`` given a new value."""
    from netdesk.domain.importers.vcard import logical_lines, split_cards

    (card,), _ = split_cards(text)
    out = ["BEGIN:VCARD"]
    for line, _number in logical_lines(card):
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name.startswith("X-NETDESK-"):
            continue
        if name in changes:
            line = f"{name}:{changes.pop(name)}"
        out.append(line)
    out += [f"{name}:{value}" for name, value in changes.items()]
    out.append("END:VCARD")
    return _fold("\n".join(out))
