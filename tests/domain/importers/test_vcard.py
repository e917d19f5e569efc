"""vCard files shaped like real exports, read field by field."""

from pathlib import Path

import pytest

from netdesk.domain.contacts import Labelled
from netdesk.domain.importers import read_import_file
from netdesk.domain.importers.vcard import split_cards

SAMPLES = Path(__file__).parent / "samples"
PHOTO_JPEG = bytes.fromhex("ffd8ffe0")
PNG = b"\x89PNG\r\n\x1a\n"


def read(name: str):
    return read_import_file(SAMPLES / name, region="CA")


def test_apple_contacts_export_with_grouped_labels_and_an_inline_photo():
    parsed = read("apple_contacts.vcf")
    assert parsed.format == "vcard" and parsed.encoding == "UTF-8"
    assert parsed.problems == []
    jose, shop = parsed.records
    d = jose.draft
    assert jose.line == 1 and jose.warnings == []
    assert (d.given_name, d.family_name, d.display_name) == (
        "José María",
        "Álvarez",
        "José María Álvarez",
    )
    assert (d.organisation, d.title, d.city) == ("Grand River Realty", "Broker", "Kitchener")
    assert d.emails == [
        Labelled("jose@grandriverrealty.ca", "work"),
        Labelled("jose.alvarez@gmail.com", "other"),
        Labelled("jalvarez@kwreferralclub.org", "Referral club"),
    ]
    assert d.phones == [
        Labelled("(519) 555-0142", "mobile"),
        Labelled("+1 519-555-0100", "work"),
        Labelled("519 555 0199", "work fax"),
    ]
    assert d.urls == [
        Labelled("https://grandriverrealty.ca", "homepage"),
        Labelled("https://www.linkedin.com/in/josealvarez", "LinkedIn"),
    ]
    assert d.notes == (
        "Met at the Waterloo Business Breakfast, March. Wants referrals for first-time "
        "buyers; sends clients to stagers.\nPrefers texts over calls.\nBirthday: 1979-11-03"
    )
    assert d.tags == ["Waterloo Business Breakfast", "Realtors"]
    assert d.photo.startswith(PHOTO_JPEG) and len(d.photo) == 685
    # a company card: the organisation is the name
    assert shop.line == 41
    assert shop.draft.shown_name() == "Maple Print Shop"
    assert (shop.draft.given_name, shop.draft.family_name) == ("", "")
    assert shop.draft.phones == [Labelled("(519) 555-0123", "main")]
    assert shop.draft.urls == [Labelled("mapleprint.ca", "homepage")]


def test_google_vcard_photo_by_url_is_kept_as_a_web_address_and_never_fetched():
    parsed = read("google_contacts.vcf")
    priya, dan = parsed.records
    assert priya.draft.photo is None
    assert priya.draft.urls == [
        Labelled("https://brightledger.ca", "Business site"),
        Labelled("https://lh3.googleusercontent.com/contacts/AG6tpzGq0x7Q2nVb8cYk", "photo"),
    ]
    assert priya.draft.emails == [
        Labelled("priya@brightledger.ca", "work"),
        Labelled("priya.n@gmail.com", "home"),
    ]
    assert priya.draft.phones == [
        Labelled("+1 226-555-0178", "mobile"),
        Labelled("(519) 555-0110", "work"),
    ]
    assert priya.draft.city == "Waterloo"
    assert priya.draft.notes.endswith("\nBirthday: --06-21")
    # Google's own groups ("myContacts", "starred") are not tags
    assert priya.draft.tags == ["KW Referral Club"]
    assert dan.line == 19
    assert dan.draft.tags == ["Chamber of Commerce", "Starred"]
    assert dan.draft.emails == [Labelled("dan@obrieninsurance.ca", "")]


def test_android_vcard_21_quoted_printable_and_a_broken_photo_costs_nothing_after_it():
    parsed = read("android_phone.vcf")
    juergen, wei, anna, short = parsed.records
    d = juergen.draft
    assert (d.given_name, d.family_name, d.display_name) == ("Jürgen", "Müller", "Jürgen Müller")
    assert d.organisation == "Bäckerei Müller"
    # a soft line break in the middle of "zuverlässig", commas that 2.1 never escapes
    assert d.notes == (
        "Liefert Brötchen für das Frühstück, sehr zuverlässig.\nZweite Zeile, mit Komma."
    )
    assert d.phones == [Labelled("+49 170 1234567", "mobile"), Labelled("+49 89 12345678", "work")]
    assert d.emails == [Labelled("juergen@example.de", "home")]
    assert d.photo.startswith(PHOTO_JPEG) and len(d.photo) == 685

    assert wei.line == 26
    assert wei.draft.photo is None
    assert wei.warnings == ["line 33: the photo's base64 data is broken; photo left out"]
    assert wei.draft.notes == "Runs the print shop on Weber St, great for flyers"
    assert [p.label for p in wei.draft.phones] == ["mobile", "home", "work fax"]

    assert anna.draft.shown_name() == "Анна Петрова"
    assert anna.draft.family_name == "Петрова"
    # the last card has nothing but a short number: kept as written, the person to review
    assert short.draft.phones == [Labelled("555", "service")]
    assert (short.draft.shown_name(), short.draft.tags) == ("555", ["to review"])
    assert parsed.problems == []


def test_vcard_40_data_uri_photo_tel_uris_and_non_latin_scripts():
    parsed = read("nextcloud_v4.vcf")
    hanako, nikos, layla = parsed.records
    assert hanako.draft.display_name == "山田 花子"
    assert (hanako.draft.given_name, hanako.draft.family_name) == ("花子", "山田")
    assert hanako.draft.organisation == "株式会社サンプル"
    assert hanako.draft.title == "デザイナー"
    assert hanako.draft.phones == [Labelled("+81-90-1234-5678", "mobile")]
    assert hanako.draft.emails == [Labelled("hanako@sample.co.jp", "work")]
    assert hanako.draft.photo.startswith(PNG)
    # the folded line joins back inside the Japanese text
    assert hanako.draft.notes == (
        "ウェブサイトのデザインを担当。次回は四月の交流会で会う予定。名刺交換済み。"
        "とても親切な方です。\nBirthday: 1985-04-12"
    )
    assert hanako.draft.tags == ["Tech Meetup", "Designers"]
    assert hanako.uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert nikos.draft.shown_name() == "Νίκος Παπαδόπουλος"
    assert nikos.draft.notes == "Birthday: --05-17"
    assert nikos.draft.urls == [Labelled("https://elliniki-gevsi.example.gr", "work")]
    assert nikos.draft.phones == [Labelled("+30-21-0123-4567", "work")]
    assert layla.draft.shown_name() == "ليلى حداد"
    assert layla.draft.urls == [Labelled("https://example.ae/photos/layla.jpg", "photo")]


def test_outlook_vcard_in_windows_1252():
    parsed = read("outlook_contact.vcf")
    assert parsed.encoding == "Windows-1252"
    (amelie,) = parsed.records
    d = amelie.draft
    assert (d.given_name, d.family_name, d.organisation, d.title) == (
        "Amélie",
        "Lefèvre",
        "Café Crème",
        "Propriétaire",
    )
    assert d.city == "Kitchener"
    assert d.phones == [Labelled("(519) 555-0155", "work"), Labelled("(519) 555-0156", "mobile")]
    assert d.emails == [Labelled("amelie@cafecreme.ca", "")]
    assert d.urls == [Labelled("http://cafecreme.ca", "work")]


def test_utf16_vcard_with_bom():
    parsed = read("windows_utf16.vcf")
    assert parsed.encoding == "UTF-16"
    (olena,) = parsed.records
    assert olena.draft.shown_name() == "Олена Ковальчук"
    assert olena.draft.emails == [Labelled("olena@kovalchuk.ca", "work")]


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_cards_split_with_any_line_ending_and_name_what_is_wrong(newline):
    text = newline.join(
        [
            "BEGIN:VCARD",
            "FN:Ana",
            "END:VCARD",
            "stray text",
            "BEGIN:VCARD",
            "FN:Never closed",
            "BEGIN:VCARD",
            "FN:Ben",
            "END:VCARD",
            "END:VCARD",
            "BEGIN:VCARD",
            "FN:Cut off",
        ]
    )
    cards, problems = split_cards(text)
    assert [c.start for c in cards] == [1, 7]
    assert [str(p) for p in problems] == [
        "line 4: text outside any vCard; ignored",
        "line 5: card not closed (no END:VCARD before the next card on line 7); card skipped",
        "line 10: END:VCARD without a BEGIN:VCARD; ignored",
        "line 11: card not closed (the file ends before END:VCARD); skipped",
    ]


def test_a_card_that_vobject_alone_would_stop_at_loses_only_its_own_bad_parts(tmp_path):
    import vobject

    source = tmp_path / "mixed.vcf"
    source.write_text(
        "BEGIN:VCARD\nVERSION:2.1\nN:First;Ann\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Caf=E9 owner\n"
        "END:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bad Line\nthis line has no colon\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Last One\nEMAIL:last@example.com\nEND:VCARD\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception):  # noqa: B017 - whatever vobject raises, it stops there
        list(vobject.readComponents(source.read_text(), allowQP=True))
    parsed = read_import_file(source, region="CA")
    assert [r.draft.shown_name() for r in parsed.records] == ["Ann First", "Bad Line", "Last One"]
    assert parsed.records[0].draft.notes == "Café owner"
    assert parsed.records[1].warnings == ["line 9: a line that is not “NAME:value”; left out"]


def test_lines_are_split_exactly_as_vobject_splits_them():
    """The shortcut for lines without parameters gives what vobject's ``parseLine`` does,
    line by line, over every sample and some odd lines."""
    from vobject.base import VObjectError, parseLine

    from netdesk.domain.importers.text_decoding import decode_bytes
    from netdesk.domain.importers.vcard import logical_lines, parse_line

    odd = [
        "FN:Ana: Silva",
        "item1.EMAIL:ana@example.com",
        "X_SOCIAL_PROFILE:https://example.com",
        "a.b.c:value",
        "NOTE:",
        "NOTE:ends with a newline\n",
        "NAME;:value",
        ":no name",
        "NO COLON",
        "TEL;TYPE=CELL:+1 519 555 0100",
        'ADR;LABEL="1 King St:Waterloo":;;1 King St',
        "TEL;A,b:1",
        "TEL;TYPE=a,,b;PREF:1",
        "TEL;TYPE=:1",
        "TEL;TYPE=a=b:1",
        "TEL;;TYPE=a:1",
        "TEL;TY PE=a:1",
        "TEL;TYPE=a;:1",
        "EMAIL;TYPE=INTERNET,pref;X_OWN=yes:a@b.c",
        'EMAIL;TYPE="a,b":a@b.c',
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ",
    ]
    lines = list(odd)
    for sample in SAMPLES.glob("*.vcf"):
        cards, _ = split_cards(decode_bytes(sample.read_bytes()).text)
        lines += [text for card in cards for text, _ in logical_lines(card)]
    assert len(lines) > 150
    for text in lines:
        try:
            expected = parseLine(text, 1)
        except VObjectError as exc:
            with pytest.raises(VObjectError):
                parse_line(text, 1)
            assert "Failed to parse line" in str(exc)
            continue
        assert parse_line(text, 1) == expected, text
