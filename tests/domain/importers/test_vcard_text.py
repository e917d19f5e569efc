"""vCard text as real exporters write it: soft breaks, escapes, year-less birthdays, big photos."""

import base64

from netdesk.domain import contacts, exporters
from netdesk.domain.importers import read_import_file
from netdesk.domain.importers.vcard import CardText, logical_lines
from netdesk.domain.validation import MAX_PHOTO_BYTES
from netdesk.storage.models import database

JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb0043")


def write(tmp_path, text: str, name: str = "cards.vcf"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def read(path):
    return read_import_file(path, region="RS")


# Samsung's 2.1 export: a quoted-printable name ending in a soft break, then the number
SAMSUNG_SOFT_BREAK = """BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Petrovi=C4=87;Jovan;;;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jovan Petrovi=C4=87=
TEL;CELL:0995552188
TEL;HOME:011 3345 678
END:VCARD
BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Markovi=C4=87;Ana;;;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ana Markovi=C4=87=
item1.EMAIL;INTERNET:ana@example.rs
NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ima pekaru u Ulici kralja Petra, radi od=
 6 ujutru. Preporu=C4=8Dila ra=
=C4=8Dunovo=C4=91u.=
X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Anči;1;;;;;;;;;;;;;
END:VCARD
"""


def test_a_quoted_printable_soft_break_never_swallows_the_next_property(tmp_path):
    parsed = read(write(tmp_path, SAMSUNG_SOFT_BREAK))
    jovan, ana = parsed.records
    assert jovan.draft.display_name == "Jovan Petrović"
    assert [p.value for p in jovan.draft.phones] == ["0995552188", "011 3345 678"]
    assert [p.label for p in jovan.draft.phones] == ["mobile", "home"]
    assert ana.draft.display_name == "Ana Marković"
    assert [e.value for e in ana.draft.emails] == ["ana@example.rs"]
    # a soft break inside a value still joins it, whatever the next line starts with
    assert ana.draft.notes == (
        "Ima pekaru u Ulici kralja Petra, radi od 6 ujutru. Preporučila računovođu."
    )


def test_logical_lines_are_numbered_by_the_line_they_start_on():
    card = CardText(10, ["VERSION:3.0", "NOTE:one", " two", "", "FN:Ana", "\tBerg"])
    assert list(logical_lines(card)) == [
        ("VERSION:3.0", 11),
        ("NOTE:onetwo", 12),
        ("FN:AnaBerg", 15),
    ]


APPLE_NOTE = r"""BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//macOS 14.5//EN
N:Okafor;Leah;;;
FN:Leah Okafor
ORG:Okafor Legal\, LLP;
NOTE:Templates are provided \"AS IS\"\, without warranty\; see C:\\Legal\\n
 otes.\nSecond line.
CATEGORIES:Lawyers\, notaries,BNI
END:VCARD
"""


def test_vcard_text_escapes_are_undone(tmp_path):
    (leah,) = read(write(tmp_path, APPLE_NOTE)).records
    assert leah.draft.organisation == "Okafor Legal, LLP"
    assert leah.draft.notes == (
        'Templates are provided "AS IS", without warranty; see C:\\Legal\\notes.\nSecond line.'
    )
    assert leah.draft.tags == ["Lawyers, notaries", "BNI"]


YEAR_LESS = """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.4//EN
N:Clarke;Sam;;;
FN:Sam Clarke
BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15
END:VCARD
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//Mac OS X 10.11//EN
N:Bauer;Hugo;;;
FN:Hugo Bauer
BDAY;VALUE=date:16040101
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Rafael Cruz
BDAY:--0229
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Leah Okafor
BDAY:--12-24
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Dated Person
BDAY:1980-05-17
END:VCARD
"""


def _birthdays(parsed) -> list[str]:
    return [r.draft.notes for r in parsed.records]


def test_year_less_birthdays_stay_year_less_through_export_and_import(db, tmp_path):
    parsed = read(write(tmp_path, YEAR_LESS))
    expected = [
        "Birthday: --03-15",
        "Birthday: --01-01",
        "Birthday: --02-29",
        "Birthday: --12-24",
        "Birthday: 1980-05-17",
    ]
    assert _birthdays(parsed) == expected
    with database.atomic():
        ids = [contacts.create_contact(r.draft) for r in parsed.records]
    out = tmp_path / "export.vcf"
    exporters.write_vcards(out, ids)
    written = out.read_text(encoding="utf-8")
    assert [line for line in written.splitlines() if line.startswith("BDAY")] == [
        "BDAY:--0315",
        "BDAY:--0101",
        "BDAY:--0229",
        "BDAY:--1224",
        "BDAY:19800517",
    ]
    assert _birthdays(read(out)) == expected


def _photo_card(photo: bytes) -> str:
    data = base64.b64encode(photo).decode("ascii")
    folded = "\n ".join(data[i : i + 74] for i in range(0, len(data), 74))
    return (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Big Photo\nPHOTO;ENCODING=b;TYPE=JPEG:"
        f"{folded}\nEMAIL:big@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Small Photo\nPHOTO;ENCODING=b;TYPE=JPEG:"
        f"{base64.b64encode(JPEG).decode('ascii')}\nEND:VCARD\n"
    )


def test_a_photo_larger_than_netdesk_keeps_is_left_out_and_named(tmp_path):
    big = JPEG + bytes(MAX_PHOTO_BYTES * 3)
    parsed = read(write(tmp_path, _photo_card(big)))
    large, small = parsed.records
    assert large.draft.photo is None
    assert large.warnings == [
        "line 4: the photo is 3.0 MB, larger than the 1 MB netdesk keeps; photo left out"
    ]
    # the rest of that card, and the next card's photo, are kept
    assert [e.value for e in large.draft.emails] == ["big@example.com"]
    assert small.draft.photo == JPEG


def test_a_photo_just_within_the_limit_is_kept_whole(tmp_path):
    photo = JPEG + bytes(MAX_PHOTO_BYTES - len(JPEG) - 10)
    large, _ = read(write(tmp_path, _photo_card(photo))).records
    assert large.warnings == [] and large.draft.photo == photo
