"""Real exporters' files, class by class: every file that holds people brings them in, and
no two people become one (the fixtures are written in each exporter's own shape)."""

import datetime as dt
from pathlib import Path

import pytest

from netdesk.domain import contacts, dedupe, exporters, settings
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.importers import (
    CREATE,
    MERGE,
    ImportFileError,
    apply_import,
    plan_import,
    read_import_file,
)
from netdesk.domain.importers.columns import BY_CONTENT, EMAIL, ORGANISATION, PHONE
from netdesk.storage.models import Contact, ContactPhone
from tests.helpers import make_contact

SAMPLES = Path(__file__).parent / "samples"


def read(name: str):
    return read_import_file(SAMPLES / name)


def stored() -> dict[str, ContactDraft]:
    ids = [c.id for c in Contact.select(Contact.id).where(Contact.deleted_at.is_null())]
    return {d.shown_name(): d for d in (contacts.load_contact(i) for i in ids)}


def normalized_phones() -> dict[str, str]:
    return {p.number: p.normalized for p in ContactPhone.select()}


# -- 1. CSV files recognised by header in many languages, by content without one -------------

OUTLOOK = [
    # file, encoding, name, organisation, department, title, email, (phone, label), city
    (
        "outlook_de.csv",
        "Windows-1252",
        "Jürgen Müller",
        "Bäckerei Müller GmbH",
        "Vertrieb",
        "Inhaber",
        "juergen@baeckerei-mueller.example.de",
        ("0170 1234567", "mobile"),
        "München",
    ),
    (
        "outlook_fr.csv",
        "Windows-1252",
        "Amélie Lefèvre",
        "Café Crème",
        "Achats",
        "Gérante",
        "amelie@cafecreme.example.fr",
        ("06 12 34 56 78", "mobile"),
        "Paris",
    ),
    (
        "outlook_es.csv",
        "Windows-1252",
        "José María García López",
        "Inmobiliaria Sol",
        "Ventas",
        "Agente",
        "jose.garcia@inmosol.example.es",
        ("612 34 56 78", "mobile"),
        "Madrid",
    ),
    (
        "outlook_it.csv",
        "Windows-1252",
        "Giulia Rossi",
        "Studio Rossi",
        "Contabilità",
        "Commercialista",
        "giulia@studiorossi.example.it",
        ("347 123 4567", "mobile"),
        "Milano",
    ),
    (
        "outlook_nl.csv",
        "Windows-1252",
        "Sanne van Dijk",
        "Van Dijk Advies",
        "Advies",
        "Adviseur",
        "sanne@vandijkadvies.example.nl",
        ("06 12345678", "mobile"),
        "Amsterdam",
    ),
    (
        "outlook_pt.csv",
        "Windows-1252",
        "João Silva",
        "Silva Imóveis",
        "Vendas",
        "Corretor",
        "joao@silvaimoveis.example.com.br",
        ("(11) 91234-5678", "mobile"),
        "São Paulo",
    ),
    (
        "outlook_pl.csv",
        "Windows-1250",
        "Małgorzata Wiśniewska",
        "Biuro Rachunkowe Łódź",
        "Księgowość",
        "Księgowa",
        "malgorzata@biuro-lodz.example.pl",
        ("501 234 567", "mobile"),
        "Łódź",
    ),
    (
        "outlook_ru_utf8.csv",
        "UTF-8",
        "Анна Сергеевна Петрова",
        "ООО «Ромашка»",
        "Бухгалтерия",
        "Главный бухгалтер",
        "anna.petrova@romashka.example.ru",
        ("+7 912 345-67-89", "mobile"),
        "Москва",
    ),
    (
        "outlook_ru_cp1251.csv",
        "Windows-1251",
        "Анна Сергеевна Петрова",
        "ООО «Ромашка»",
        "Бухгалтерия",
        "Главный бухгалтер",
        "anna.petrova@romashka.example.ru",
        ("+7 912 345-67-89", "mobile"),
        "Москва",
    ),
]


@pytest.mark.parametrize(
    "name, encoding, person, org, department, title, email, phone, city",
    OUTLOOK,
    ids=[row[0] for row in OUTLOOK],
)
def test_outlook_in_each_language_it_ships_is_read_by_its_header(
    name, encoding, person, org, department, title, email, phone, city
):
    parsed = read(name)
    assert (parsed.format, parsed.encoding) == ("outlook", encoding)
    d = parsed.records[0].draft
    assert (d.shown_name(), d.organisation, d.department, d.title, d.city) == (
        person,
        org,
        department,
        title,
        city,
    )
    assert d.emails == [Labelled(email, "")]
    assert Labelled(*phone) in d.phones
    assert parsed.records[0].warnings == []
    # the names by their exact header words; the phones and emails by the words in theirs
    hows = {r.field: r.how for r in parsed.columns.roles}
    assert (hows["given"], hows["family"], hows["organisation"]) == ("header",) * 3
    assert (hows["email"], hows["phone"]) == ("guessed", "guessed")


def test_outlook_birthdays_in_each_languages_date_order():
    birthdays = {
        name: read(name).records[0].draft.notes.splitlines()[-1]
        for name in ("outlook_de.csv", "outlook_fr.csv", "outlook_nl.csv", "outlook_ru_utf8.csv")
    }
    assert birthdays == {
        "outlook_de.csv": "Birthday: 1975-03-12",
        "outlook_fr.csv": "Birthday: 1984-03-14",
        "outlook_nl.csv": "Birthday: 1988-11-09",
        "outlook_ru_utf8.csv": "Birthday: 1980-05-17",
    }


def test_a_two_column_phone_list_with_classic_mac_line_endings():
    parsed = read("phone_list_mac.csv")
    assert b"\r\n" not in (SAMPLES / "phone_list_mac.csv").read_bytes()
    assert parsed.format == "csv"
    assert [(r.line, r.draft.given_name, r.draft.phones) for r in parsed.records] == [
        (2, "Hanna", [Labelled("+49 170 5550123", "mobile")]),
        (3, "Rivo", [Labelled("+261 34 06 035 98", "mobile")]),
        (4, "Jovana", [Labelled("+381 60 0284423", "mobile")]),
        (5, "Li Wei", [Labelled("+86 176 1027 8819", "mobile")]),
    ]


def test_thunderbirds_semicolon_export_and_its_classic_one():
    semi = read("thunderbird_semicolon.csv")
    assert semi.format == "thunderbird"
    pieter = semi.records[1].draft
    assert (pieter.shown_name(), pieter.nickname, pieter.department, pieter.organisation) == (
        "Pieter de Vries",
        "Piet",
        "Ontwerp",
        "De Vries Bouw B.V.",
    )
    assert semi.records[2].draft.notes == "Rencontrée à Lyon; très sympa"
    classic = read("thunderbird.csv")
    assert classic.format == "thunderbird"
    margit = classic.records[0].draft
    assert (margit.nickname, margit.department, margit.title) == ("Gitta", "Finance", "Accountant")
    # Thunderbird keeps the birthday in three columns; a year-less one stays year-less
    assert margit.notes == "Birthday: 1979-04-12"
    assert classic.records[2].draft.notes == "Met at the Madrid fair\nBirthday: --07-30"


def test_a_linkedin_export_with_no_header_row_is_read_by_its_values():
    parsed = read("linkedin_no_header.csv")
    assert parsed.format == "linkedin"
    assert parsed.columns is not None and not parsed.columns.has_header
    assert all(role.how == BY_CONTENT for role in parsed.columns.roles)
    priya, kwame, ingrid = parsed.records
    assert priya.line == 1
    assert (priya.draft.organisation, priya.draft.title, priya.met_on) == (
        "Bright Ledger Bookkeeping",
        "Owner",
        dt.date(2020, 10, 5),
    )
    assert priya.draft.urls == [Labelled("https://www.linkedin.com/in/priyanatarajan", "LinkedIn")]
    assert kwame.draft.emails == [Labelled("kwame@mensah.example.com", "")]
    assert ingrid.met_on == dt.date(2019, 2, 14)


def test_a_header_less_list_of_emails_and_phones_is_read_by_its_values(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Ana Lima;ana@lima.example.com;+351 912 345 678\nRui;rui@x.example.pt;\n")
    parsed = read_import_file(path)
    roles = [role.field for role in parsed.columns.roles]
    assert roles == ["given", EMAIL, PHONE]
    assert [r.draft.shown_name() for r in parsed.records] == ["Ana Lima", "Rui"]


def test_only_a_file_with_no_person_is_refused_and_the_message_says_what_was_looked_for(
    tmp_path,
):
    path = tmp_path / "sales.csv"
    path.write_text("Quarter,Revenue,Cost\nQ1,100,80\nQ2,120,90\n")
    with pytest.raises(ImportFileError) as caught:
        read_import_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: no person found in it: netdesk looked for a vCard")
    for word in ("names, emails, phone numbers or organisations", "German", "Russian", "values"):
        assert word in message


def test_a_mapping_by_hand_reads_the_file_that_way():
    parsed = read("linkedin_no_header.csv")
    columns = parsed.columns.with_role(4, parsed.columns.roles[4].__class__("ignore"))
    again = read_import_file(SAMPLES / "linkedin_no_header.csv", columns=columns)
    assert [r.draft.organisation for r in again.records] == ["", "", ""]
    assert again.records[0].draft.title == "Owner"


# -- 3. Thunderbird's organisation rows are people too ----------------------------------------


def test_a_thunderbird_row_of_an_organisation_with_a_work_phone_is_kept():
    for name in ("thunderbird.csv", "thunderbird_semicolon.csv"):
        acer = next(r.draft for r in read(name).records if r.draft.shown_name() == "Acer America")
        assert (acer.display_name, acer.organisation) == ("Acer America", "Acer America")
        assert acer.phones == [Labelled("+1 408 533 7700", "work")]


# -- 4. a quoted-printable soft break never swallows the next property -----------------------


def test_a_samsung_name_ending_in_a_soft_break_keeps_the_phone_after_it():
    jovan = read("samsung_vcard21.vcf").records[0].draft
    assert jovan.shown_name() == "Jovan Petrović"
    assert jovan.phones == [Labelled("0995552188", "mobile")]
    milica = read("samsung_vcard21.vcf").records[1].draft
    # a soft break inside a value still joins the value's own next line
    assert milica.notes == "Upoznali smo se u Beogradu, škola jezika"


# -- 5. a shared phone, email or switchboard is not identity ----------------------------------


def test_two_people_who_share_a_phone_are_not_merged_on_import(db):
    plan = apply_import([read("google_legacy_shared_phone.csv")])
    assert plan.counts()[MERGE] == 0
    hery = plan.entries[1]
    assert hery.warnings[0] == (
        "line 3: same phone 034 39 387 51 as google_legacy_shared_phone.csv line 2 "
        "(“Rivo Rakoto”) but another name: not merged; check Duplicates after importing"
    )
    people = stored()
    # the shared number keeps its label on each of them
    assert Labelled("034 39 387 51", "work") in people["Rivo Rakoto"].phones
    assert people["Hery Andriamasy"].phones == [Labelled("034 39 387 51", "mobile")]


def test_a_shared_number_with_a_contact_in_netdesk_is_not_an_update(db):
    make_contact("Leah", "Okafor", emails=["leah.okafor@example.com"])
    plan = plan_import(
        [read_import_file(_card(tmp_text="Sam Clarke", email="leah.okafor@example.com"))]
    )
    assert plan.counts()[CREATE] == 1
    assert "but another name: not merged" in plan.entries[0].warnings[0]


def _card(tmp_text: str, email: str) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="netdesk-card-"))
    path = folder / "card.vcf"
    path.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:{tmp_text}\nEMAIL:{email}\nEND:VCARD\n")
    return path


def test_the_same_email_and_an_agreeing_name_still_merge(db):
    plan = plan_import([read("merge_same_person.vcf")])
    assert plan.counts() == {"create": 1, "update": 0, "merge": 1, "skip": 0}


def test_database_wide_dedupe_merges_only_where_the_names_agree(db):
    hugo = make_contact("Hugo", "Bauer", emails=["office@bauer-cruz.example.com"])
    rafael = make_contact("Rafael", "Cruz", emails=["office@bauer-cruz.example.com"])
    sam = make_contact("Sam", "Clarke", phones=["+44 7911 123456"])
    leah = make_contact("Leah", "Okafor", phones=["+44 7911 123456"])
    ana = make_contact("Ana", "Silva", emails=["ana@example.com"])
    ana2 = make_contact("Ana", "Silva-Ortiz", emails=["ANA@example.com"])
    candidates = dedupe.find_candidates()
    assert dedupe.strong_groups(candidates) == [[ana, ana2]]
    review = {(c.first_id, c.second_id): c.reason_text for c in candidates if not c.strong}
    assert review == {
        (hugo, rafael): "same email office@bauer-cruz.example.com but different names",
        (sam, leah): "same phone +447911123456 but different names",
    }


def test_a_chain_of_agreeing_pairs_never_merges_two_names_that_disagree():
    c = dedupe.Candidate
    groups = dedupe.strong_groups(
        [
            c(1, 2, "J. Smith", "Jane Smith", "", strong=True),
            c(1, 3, "J. Smith", "John Smith", "", strong=True),
        ]
    )
    assert groups == [[1, 2, 3]]
    groups = dedupe.strong_groups(
        [
            c(1, 2, "Jane Smith", "J. Smith", "", strong=True),
            c(2, 3, "J. Smith", "John Smith", "", strong=True),
        ]
    )
    assert groups == [[1, 2]]


# -- 6. foreign numbers read in their own country, or kept as written ------------------------


def test_numbers_without_a_country_code_are_read_in_the_country_of_their_row(db):
    apply_import([read("phones_by_country.csv")])
    assert normalized_phones() == {
        "034 39 387 51": "+261343938751",
        "176 1027 8819": "+8617610278819",
        "0600284423": "+381600284423",
        "030 901820": "+4930901820",
        "06 12 34 56 78": "+33612345678",
        "(11) 91234-5678": "+5511912345678",
        "+91 98765 43210": "+919876543210",
        "+7 912 345-67-89": "+79123456789",
        "07911 123456": "+447911123456",
        "+1 415 555 0132": "+14155550132",
        "12345": "12345",
    }


def test_two_copies_of_one_number_are_one_and_a_valid_local_number_is_kept(db):
    rivo = read("google_legacy_shared_phone.csv").records[0].draft
    # "+261 34 06 035 98" and "034 06 035 98" in one cell: one number
    assert rivo.phones == [
        Labelled("+261 34 06 035 98", "mobile"),
        Labelled("034 39 387 51", "work"),
    ]
    apply_import([read("apple_birthdays.vcf")])
    wang = stored()["Wang Fang"]
    assert wang.phones == [Labelled("176 1027 8819", "mobile"), Labelled("010 8729 3467", "work")]
    assert normalized_phones()["010 8729 3467"] == "+861087293467"


def test_the_files_other_rows_then_the_setting_then_the_locale_give_the_country(
    db, tmp_path, monkeypatch
):
    path = tmp_path / "numbers.csv"
    path.write_text("Name,Phone\nUna,+381 64 1234567\nDuo,064 7654321\n")
    # the file's other row is Serbian: the second number is read as Serbian too
    apply_import([read_import_file(path)])
    assert normalized_phones()["064 7654321"] == "+381647654321"

    bare = tmp_path / "bare.csv"
    bare.write_text("Name,Phone\nTri,0600284423\n")
    monkeypatch.setattr("netdesk.domain.phone_numbers.locale_region", lambda: None)
    plan = plan_import([read_import_file(bare)])
    assert plan.targets[0].region is None  # nothing says where: kept as written
    settings.put("phone.default_region", "RS")
    assert plan_import([read_import_file(bare)]).targets[0].region == "RS"
    settings.put("phone.default_region", None)
    monkeypatch.setattr("netdesk.domain.phone_numbers.locale_region", lambda: "DE")
    assert plan_import([read_import_file(bare)]).targets[0].region == "DE"
    with pytest.raises(ValueError, match="not a country code"):
        settings.put("phone.default_region", "Canada")


def test_a_number_not_valid_in_its_country_is_kept_as_written_never_as_a_false_e164(db):
    settings.put("phone.default_region", "CA")
    apply_import([read("samsung_vcard21.vcf")])
    for number, key in normalized_phones().items():
        assert not key.startswith("+1"), (number, key)
    assert normalized_phones()["0600284423"] == "+381600284423"  # the file is Serbian


# -- 7. every date shape LinkedIn has written -------------------------------------------------


def test_every_connected_on_shape_linkedin_has_used():
    parsed = read("linkedin_connected_on.csv")
    assert [(r.draft.given_name, r.met_on) for r in parsed.records] == [
        ("Aiko", dt.date(2018, 1, 8)),
        ("Bram", dt.date(2022, 9, 9)),
        ("Chloé", dt.date(2020, 10, 5)),
        ("Dev", dt.date(2025, 12, 22)),
        ("Eva", dt.date(2017, 12, 24)),
        ("Femi", dt.date(2016, 3, 1)),
        ("Gus", dt.date(2015, 3, 3)),
    ]
    assert all(r.warnings == [] for r in parsed.records)


# -- 8. a person with only an email or a phone is a person ------------------------------------


def test_email_only_and_phone_only_people_are_named_and_tagged_for_review(db):
    plan = apply_import([read("google_legacy_shared_phone.csv"), read("apple_birthdays.vcf")])
    assert plan.counts()["skip"] == 0
    people = stored()
    for name in ("mystery.reader", "+44 7911 123456", "sam.clarke1987"):
        assert people[name].tags == [contacts.REVIEW_TAG], name
        assert (people[name].given_name, people[name].family_name) == ("", "")
    warning = next(w for e in plan.entries for w in e.warnings if "mystery" in w)
    assert warning == "line 4: no name: named “mystery.reader” after the email, tagged “to review”"


def test_a_review_tagged_contact_merges_with_a_named_one_by_email(db):
    apply_import([read("apple_birthdays.vcf")])
    named = _card(tmp_text="Sam Clarke", email="sam.clarke1987@example.net")
    plan = plan_import([read_import_file(named)])
    assert plan.entries[0].action == "update"
    assert plan.entries[0].reason.endswith("in netdesk: names them “Sam Clarke”")
    assert plan.targets[0].draft.tags == []


# -- 9. short service numbers ------------------------------------------------------------------


def test_service_numbers_are_kept_as_written_and_labelled(db):
    apply_import([read("samsung_vcard21.vcf")])
    people = stored()
    assert people["Balance"].phones == [Labelled("*777#", "service")]
    assert people["Customer care"].phones == [
        Labelled("611", "service"),
        Labelled("#322*91#", "service"),
    ]
    assert normalized_phones()["*777#"] == "*777#"
    # a service number is no identity: two contacts with "611" are not duplicates
    make_contact("Other carrier", phones=["611"])
    assert dedupe.find_candidates() == []


# -- 10. year-less birthdays ---------------------------------------------------------------------


def test_apples_year_1604_and_year_less_dates_stay_year_less(db, tmp_path):
    parsed = read("apple_birthdays.vcf")
    birthdays = [r.draft.notes.splitlines()[-1] for r in parsed.records[:3]]
    assert birthdays == ["Birthday: --03-15", "Birthday: --01-01", "Birthday: --04-15"]
    apply_import([parsed])
    out = tmp_path / "out.vcf"
    exporters.write_vcards(out)
    text = out.read_text(encoding="utf-8")
    for bday in ("BDAY:--0315", "BDAY:--0101", "BDAY:--0415"):
        assert bday in text
    assert "1604" not in text


# -- 11. escapes ---------------------------------------------------------------------------------


def test_vcard_escapes_are_read_as_the_text_they_stand_for():
    nora = read("apple_birthdays.vcf").records[0].draft
    assert nora.notes.splitlines()[:2] == [
        'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY; see "LICENSE".',
        "Second line.",
    ]


# -- 12. merging never doubles a fact ------------------------------------------------------------


def test_merging_two_cards_keeps_one_birthday_and_one_copy_of_each_note_line(db, tmp_path):
    apply_import([read("merge_same_person.vcf")])
    marisol = stored()["Marisol Reyes"]
    assert marisol.notes == (
        "Confidential: do not share this contact outside the firm.\n"
        "Prefers calls after 10.\n"
        "Birthday: 1981-09-23"
    )
    assert marisol.emails == [Labelled("marisol@reyeslegal.example.com", "work")]
    assert marisol.phones == [Labelled("+1 519 555 0190", "mobile")]
    assert marisol.organisation == "Reyes Legal"
    out = tmp_path / "out.vcf"
    exporters.write_vcards(out)
    assert out.read_text(encoding="utf-8").count("BDAY:") == 1


def test_a_merge_by_hand_keeps_one_copy_of_shared_note_lines(db):
    keep = ContactDraft("Ana", notes="Met at BNI.\nBirthday: 1980-01-02")
    other = ContactDraft("Ana", notes="Met at BNI.\nLikes tea.\nBirthday: 1980-02-01")
    merged = dedupe.merged_draft(keep, other, {"notes": dedupe.BOTH})
    assert merged.notes == "Met at BNI.\nBirthday: 1980-01-02\n\nLikes tea."


# -- 13. department, nickname and Google's starred ---------------------------------------------


def test_department_nickname_and_starred_are_kept_and_exported(db, tmp_path):
    apply_import([read("apple_birthdays.vcf"), read("google_legacy_shared_phone.csv")])
    people = stored()
    nora = people["Nora Whitfield"]
    assert (nora.nickname, nora.organisation, nora.department, nora.title) == (
        "Nory",
        "Whitfield & Sons",
        "Customer Success",
        "Head of Support",
    )
    hery = people["Hery Andriamasy"]
    assert (hery.nickname, hery.department) == ("Ry", "Network Operations")
    assert people["Rivo Rakoto"].tags == ["Starred", "Tana"]
    out = tmp_path / "out.vcf"
    exporters.write_vcards(out)
    text = out.read_text(encoding="utf-8")
    assert "NICKNAME:Nory" in text and "ORG:Whitfield & Sons;Customer Success" in text


def test_the_organisation_column_and_the_columns_it_read_are_reported():
    parsed = read("outlook_fr.csv")
    fields = {parsed.columns.names[i]: r.field for i, r in enumerate(parsed.columns.roles)}
    assert fields["Société"] == ORGANISATION
    # the French build writes "Titre" twice: Mr./Ms. first, the job title after the names
    assert [
        r.field
        for n, r in zip(parsed.columns.names, parsed.columns.roles, strict=True)
        if n == "Titre"
    ] == ["prefix", "title"]
