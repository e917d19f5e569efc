"""Which contact field a CSV column holds: by its header, in the languages exporters write.

Outlook writes its header in the language of its build ("Vorname",
"Prénom", "Имя", "Imię"…), Thunderbird in its own words ("Primary Email",
"Mobile Number"), spreadsheets in whatever a person typed ("Name",
"Phone"). ``field_for_header`` reads one header cell: first against the
exact words of the exporters (``_EXACT``), then by the words it contains
(an "e-mail" column that is not the e-mail's type or display name, a
"phone"/"mobile"/"Telefon" column with its kind). ``map_header`` reads a
whole header row into a ``ColumnMap``; a row counts as a header when it names
at least two fields, one of them a name, an email, a phone or an
organisation.

A file with no header row is read by its values (``map_by_content``): a
column of emails, of phone numbers, of web addresses, of dates, and the
first columns of words as the given and family names. LinkedIn's own shape
(first name, last name, profile URL, email, company, position, connected
on) is known as a whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

GIVEN, MIDDLE, FAMILY, DISPLAY, NICKNAME = "given", "middle", "family", "display", "nickname"
ORGANISATION, DEPARTMENT, TITLE = "organisation", "department", "title"
EMAIL, PHONE, URL, CITY, COUNTRY, NOTES, TAGS = (
    "email",
    "phone",
    "url",
    "city",
    "country",
    "notes",
    "tags",
)
BIRTHDAY, BIRTH_YEAR, BIRTH_MONTH, BIRTH_DAY = "birthday", "birth year", "birth month", "birth day"
CONNECTED_ON, PREFIX, IGNORE = "connected on", "prefix", "ignore"

# what the preview calls each field (and what a person picks from when mapping by hand)
FIELD_WORDS: dict[str, str] = {
    IGNORE: "(not imported)",
    GIVEN: "Given name",
    MIDDLE: "Middle name",
    FAMILY: "Family name",
    DISPLAY: "Full name",
    NICKNAME: "Nickname",
    ORGANISATION: "Organisation",
    DEPARTMENT: "Department",
    TITLE: "Job title",
    EMAIL: "Email",
    PHONE: "Phone",
    URL: "Web address",
    CITY: "City",
    COUNTRY: "Country",
    BIRTHDAY: "Birthday",
    BIRTH_YEAR: "Birth year",
    BIRTH_MONTH: "Birth month",
    BIRTH_DAY: "Birth day",
    NOTES: "Notes",
    TAGS: "Tags",
    CONNECTED_ON: "Connected on (first meeting)",
    PREFIX: "Name prefix (Mr., Ms.)",
}
# a column of one of these makes a row a person
PERSON_FIELDS = frozenset({GIVEN, FAMILY, DISPLAY, NICKNAME, ORGANISATION, EMAIL, PHONE})

BY_HEADER, GUESSED, BY_CONTENT, BY_HAND = "header", "guessed", "content", "by hand"
HOW_WORDS = {
    BY_HEADER: "by its header",
    GUESSED: "guessed from its header",
    BY_CONTENT: "guessed from its values",
    BY_HAND: "chosen by you",
}


@dataclass(frozen=True)
class ColumnRole:
    field: str
    label: str = ""  # of a phone, email or web address: "mobile", "work fax"…
    how: str = BY_HEADER  # BY_HEADER, GUESSED (from words in it), BY_CONTENT, BY_HAND

    @property
    def words(self) -> str:
        text = FIELD_WORDS.get(self.field, self.field)
        return f"{text} ({self.label})" if self.label else text


@dataclass(frozen=True)
class ColumnMap:
    """What each column of a CSV becomes, column by column (header cells when it has some)."""

    names: tuple[str, ...]
    roles: tuple[ColumnRole, ...]
    has_header: bool = True

    @property
    def unsure(self) -> bool:
        """Some column was recognised by its values or by a word in it, not by its header."""
        return any(r.how in (GUESSED, BY_CONTENT) for r in self.roles if r.field != IGNORE)

    def fields(self) -> set[str]:
        return {r.field for r in self.roles}

    def holds_people(self) -> bool:
        return bool(self.fields() & PERSON_FIELDS)

    def with_role(self, column: int, role: ColumnRole) -> ColumnMap:
        roles = list(self.roles)
        roles[column] = role
        return replace(self, roles=tuple(roles))


def plain(text: str) -> str:
    """A header cell for comparing: case-, accent- and spacing-free."""
    decomposed = unicodedata.normalize("NFKD", text.strip().strip("\ufeff").strip('"').casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(kept.replace("_", " ").split())


def _table(*groups: tuple[str, str, str]) -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for words, field_name, label in groups:
        for word in words.split("|"):
            table[plain(word)] = (field_name, label)
    return table


# Exact header words of the exporters, per field; "|" separates the words of one field.
_EXACT = _table(
    (
        "first name|given name|firstname|first|forename|vorname|prenom|prénom|nombre|nome|"
        "voornaam|imie|imię|имя|nome proprio|nome próprio|etunimi|fornavn|förnamn",
        GIVEN,
        "",
    ),
    (
        "middle name|additional name|weitere vornamen|deuxieme prenom|deuxième prénom|"
        "segundo nombre|secondo nome|middelste naam|segundo nome|drugie imie|drugie imię|"
        "отчество|tussenvoegsel",
        MIDDLE,
        "",
    ),
    (
        "last name|family name|surname|lastname|last|nachname|nom|nom de famille|apellidos|"
        "apellido|cognome|achternaam|sobrenome|apelido|nazwisko|фамилия|sukunimi|etternavn|"
        "efternamn",
        FAMILY,
        "",
    ),
    (
        "name|full name|display name|fullname|contact name|anzeigename|nom complet|"
        "nombre completo|nome completo|volledige naam|imie i nazwisko|imię i nazwisko|"
        "полное имя|фио|名前|姓名",
        DISPLAY,
        "",
    ),
    (
        "nickname|nick name|spitzname|surnom|apodo|soprannome|bijnaam|alcunha|pseudonim|"
        "псевдоним|прозвище",
        NICKNAME,
        "",
    ),
    (
        "title|name prefix|anrede|titre|tratamiento|titolo|titel|tratamento|tytul|tytuł|"
        "обращение|prefix",
        PREFIX,
        "",
    ),
    (
        "suffix|name suffix|suffixe|sufijo|titolo accademico|achtervoegsel|sufixo|sufiks|"
        "суффикс|initials|initialen|initiales|инициалы",
        IGNORE,
        "",
    ),
    (
        "company|organization|organisation|organization name|organization 1 - name|firma|"
        "societe|société|organizacion|organización|empresa|societa|società|bedrijf|"
        "организация|компания|company name|account name",
        ORGANISATION,
        "",
    ),
    (
        "department|organization department|organization 1 - department|abteilung|service|"
        "departamento|reparto|afdeling|dzial|dział|отдел|departement|département",
        DEPARTMENT,
        "",
    ),
    (
        "job title|position|organization title|organization 1 - title|jobtitle|role|puesto|"
        "cargo|posizione|functie|stanowisko|должность|fonction|funktion|berufsbezeichnung|"
        "occupation",
        TITLE,
        "",
    ),
    (
        "notes|note|notizen|notas|notities|anotacoes|anotações|notatki|заметки|comments|"
        "comment|kommentar|remarques|примечания|description",
        NOTES,
        "",
    ),
    (
        "categories|labels|group membership|groups|kategorien|categories|categorias|"
        "categorías|categorie|categorieen|categorieën|kategorie|категории|tags|grupos|gruppen",
        TAGS,
        "",
    ),
    (
        "birthday|birth date|date of birth|birthdate|dob|geburtstag|geburtsdatum|"
        "anniversaire|date de naissance|cumpleanos|cumpleaños|fecha de nacimiento|"
        "compleanno|data di nascita|verjaardag|geboortedatum|aniversario|aniversário|"
        "data de nascimento|urodziny|data urodzenia|день рождения|дата рождения",
        BIRTHDAY,
        "",
    ),
    ("birth year", BIRTH_YEAR, ""),
    ("birth month", BIRTH_MONTH, ""),
    ("birth day", BIRTH_DAY, ""),
    ("connected on", CONNECTED_ON, ""),
    (
        "web page|webpage|website|web site|homepage|home page|url|web|webseite|page web|"
        "pagina web|página web|webpagina|pagina da web|página da web|strona sieci web|"
        "strona www|веб-страница|web page 1|personal web page|profile url",
        URL,
        "",
    ),
    ("web page 2", URL, ""),
    (
        "city|town|stadt|ort|ville|ciudad|citta|città|plaats|cidade|miasto|miejscowosc|"
        "miejscowość|город",
        CITY,
        "",
    ),
    ("country|land|pays|pais|país|paese|kraj|страна|country/region", COUNTRY, ""),
    # Outlook's Spanish and Italian builds name the home phone by the home alone
    ("particular|abitazione", PHONE, "home"),
)

# words in a header, checked in this order when the header is not one of the exact words
_IGNORED_WORDS = (
    "type",
    "typ",
    "tipo",
    "тип",
    "angezeigter",
    "nom complet de",
    "nombre para mostrar",
    "visualizzato",
    "weergavenaam",
    "exibicao",
    "wyswietlana",
    "краткое",
    "display name",
    "yomi",
    "phonetic",
    "po box",
    "postfach",
    "street",
    "strasse",
    "rue",
    "calle",
    "via ",
    "straat",
    "rua",
    "ulica",
    "улица",
    "postal code",
    "zip",
    "postleitzahl",
    "code postal",
    "codigo postal",
    "cap ",
    "postcode",
    "cep ",
    "kod pocztowy",
    "индекс",
    "почтовый",
    "state",
    "region",
    "provincia",
    "provincie",
    "estado",
    "wojewodztwo",
    "область",
    "anniversary",
    "id number",
    "government",
    "organizational id",
    "account",
    "billing",
    "помощник",
    "callback",
    "jahrestag",
    "anniversaire de mariage",
    "годовщина",
    "assistant",
    "manager",
    "spouse",
)
_EMAIL_WORDS = (
    "e-mail",
    "email",
    "e mail",
    "mail",
    "courriel",
    "messagerie",
    "correo",
    "posta elettronica",
    "эл. почт",
    "электронн",
)
_FAX_WORDS = ("fax", "telecopie", "faks", "факс")
_MOBILE_WORDS = (
    "mobile",
    "mobil",
    "mobiel",
    "movil",
    "cellulare",
    "celular",
    "telemovel",
    "handy",
    "komorkowy",
    "cell",
    "переносной",
    "мобильн",
    "сотов",
)
_PAGER_WORDS = ("pager", "пейджер", "radiomessagerie", "localizador")
# a header with one of these words (or a kind's word) names a phone column
_PHONE_WORDS = (
    "phone",
    "telephone",
    "tel.",
    "telefon",
    "telefono",
    "telefoon",
    "telefone",
    "телефон",
    "number",
    "numero",
    "номер",
    *_FAX_WORDS,
    *_MOBILE_WORDS,
    *_PAGER_WORDS,
)
_PHONE_KINDS = (
    ("fax", _FAX_WORDS),
    ("mobile", _MOBILE_WORDS),
    ("pager", _PAGER_WORDS),
    ("main", ("company main", "primary", "main", "haupt", "principal", "основной")),
    (
        "work",
        (
            "work",
            "business",
            "office",
            "geschaftlich",
            "bureau",
            "trabajo",
            "uff",
            "werk",
            "comercial",
            "służbowy",
            "рабоч",
            "раб.",
            "company main",
            "societe",
            "firma",
        ),
    ),
    (
        "home",
        (
            "home",
            "privat",
            "domicile",
            "particular",
            "ab.",
            "thuis",
            "residencial",
            "domowy",
            "дом",
        ),
    ),
    ("other", ("other", "weitere", "autre", "otro", "altro", "overig", "outro", "inny", "друг")),
)
_CITY_WORDS = (
    "city",
    "ort",
    "ville",
    "ciudad",
    "citta",
    "plaats",
    "cidade",
    "miejscowosc",
    "город",
)
_COUNTRY_WORDS = ("country", "land", "pays", "pais", "paese", "kraj", "страна")


def _words(words: Sequence[str]) -> re.Pattern[str]:
    """Any of these words (or word beginnings: "рабоч" finds "рабочий") standing alone."""
    return re.compile("|".join(r"(?<!\w)" + re.escape(plain(w)) for w in words))


_PHONE = _words(_PHONE_WORDS)
_IGNORED = [plain(w) + (" " if w.endswith(" ") else "") for w in _IGNORED_WORDS]
_EMAIL = [plain(w) for w in _EMAIL_WORDS]
_CITY = _words(_CITY_WORDS)
_COUNTRY = _words(_COUNTRY_WORDS)
_KINDS = [(label, _words(words)) for label, words in _PHONE_KINDS]


def _phone_label(name: str) -> str:
    labels = [label for label, words in _KINDS if words.search(name)]
    if "fax" in labels:
        place = next((lab for lab in labels if lab in ("work", "home")), "")
        return f"{place} fax" if place else "fax"
    return labels[0] if labels else ""


def field_for_header(cell: str) -> ColumnRole:
    """The field a header cell names (``IGNORE`` when none)."""
    name = plain(cell)
    if not name:
        return ColumnRole(IGNORE)
    if name in _EXACT:
        field_name, label = _EXACT[name]
        return ColumnRole(field_name, label)
    spaced = f" {name} "
    if _COUNTRY.search(name):
        return ColumnRole(COUNTRY, "", GUESSED)
    if any(word in spaced for word in _IGNORED):
        return ColumnRole(IGNORE)
    if any(word in name for word in _EMAIL):
        return ColumnRole(EMAIL, "", GUESSED)
    if _PHONE.search(name) or name.endswith(" tel"):
        return ColumnRole(PHONE, _phone_label(name), GUESSED)
    if _CITY.search(name):
        return ColumnRole(CITY, "", GUESSED)
    return ColumnRole(IGNORE)


_TITLE_WORDS = ("title", "titre", "titel", "titolo")


def _outlook_title_rule(names: Sequence[str], roles: list[ColumnRole]) -> list[ColumnRole]:
    """A "Title" after the names is a job title (Outlook's French build writes "Titre" for
    both: Mr./Ms. before the first name, the job title after the company)."""
    first_name = next((i for i, r in enumerate(roles) if r.field in (GIVEN, FAMILY)), None)
    fixed = []
    for index, role in enumerate(roles):
        after_names = first_name is not None and index > first_name
        if role.field == PREFIX and after_names and plain(names[index]) in _TITLE_WORDS:
            role = ColumnRole(TITLE)
        fixed.append(role)
    return fixed


def map_header(cells: Sequence[str]) -> ColumnMap | None:
    """The columns of a header row, or None when the row is not a header of people."""
    roles = _outlook_title_rule(cells, [field_for_header(cell) for cell in cells])
    found = [r for r in roles if r.field not in (IGNORE, PREFIX)]
    if len(found) < 2 and not (len(cells) <= 2 and len(found) == len(cells) >= 1):
        return None
    if not {r.field for r in found} & PERSON_FIELDS:
        return None
    # a name like "Nom" in a row of values is not a header: a header names each field once
    exact = sum(1 for r in found if r.how == BY_HEADER)
    if exact == 0 and len(found) < 3:
        return None
    return ColumnMap(tuple(c.strip().strip("\ufeff") for c in cells), tuple(roles))


# -- by content ------------------------------------------------------------------------------

_EMAIL_VALUE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_URL_VALUE = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_PHONE_VALUE = re.compile(r"^[+(]?[0-9][0-9 ()./-]{4,}[0-9]$|^[*#][0-9*#]+#?$")
_WORDS_VALUE = re.compile(r"^[^\d@/:]{1,60}$")
_LINKEDIN = re.compile(r"^(https?://)?([a-z]+\.)?linkedin\.com/in/", re.IGNORECASE)


@dataclass
class _Column:
    values: list[str] = field(default_factory=list)

    def share(self, pattern: re.Pattern[str]) -> float:
        filled = [v for v in self.values if v.strip()]
        if not filled:
            return 0.0
        return sum(1 for v in filled if pattern.match(v.strip())) / len(filled)

    def dates(self) -> float:
        from netdesk.domain.importers.cleaning import parse_date

        filled = [v for v in self.values if v.strip()]
        if not filled:
            return 0.0
        return sum(1 for v in filled if parse_date(v) is not None) / len(filled)

    @property
    def filled(self) -> bool:
        return any(v.strip() for v in self.values)


def map_by_content(rows: Sequence[Sequence[str]]) -> ColumnMap | None:
    """The columns of a file with no header, judged by the values of its first rows."""
    if not rows:
        return None
    width = max(len(row) for row in rows)
    columns = [_Column([row[i] if i < len(row) else "" for row in rows]) for i in range(width)]
    roles: list[ColumnRole] = []
    words_seen = 0
    for column in columns:
        if not column.filled:
            roles.append(ColumnRole(IGNORE, "", BY_CONTENT))
        elif column.share(_EMAIL_VALUE) >= 0.8:
            roles.append(ColumnRole(EMAIL, "", BY_CONTENT))
        elif column.share(_URL_VALUE) >= 0.8:
            roles.append(ColumnRole(URL, "", BY_CONTENT))
        elif column.dates() >= 0.8:
            roles.append(ColumnRole(IGNORE, "", BY_CONTENT))
        elif column.share(_PHONE_VALUE) >= 0.8:
            roles.append(ColumnRole(PHONE, "", BY_CONTENT))
        elif column.share(_WORDS_VALUE) >= 0.8:
            field_name = (GIVEN, FAMILY)[words_seen] if words_seen < 2 else IGNORE
            roles.append(ColumnRole(field_name, "", BY_CONTENT))
            words_seen += 1
        else:
            roles.append(ColumnRole(IGNORE, "", BY_CONTENT))
    if _looks_like_linkedin(columns):
        roles = [
            ColumnRole(name, label, BY_CONTENT)
            for name, label in (
                (GIVEN, ""),
                (FAMILY, ""),
                (URL, "LinkedIn"),
                (EMAIL, ""),
                (ORGANISATION, ""),
                (TITLE, ""),
                (CONNECTED_ON, ""),
            )
        ]
    names = tuple(f"column {i + 1}" for i in range(width))
    found = ColumnMap(names, tuple(roles), has_header=False)
    # words alone could be anything (a list of notes): a person has a way to reach them
    return found if found.fields() & {EMAIL, PHONE, URL} else None


def _looks_like_linkedin(columns: list[_Column]) -> bool:
    """LinkedIn's Connections.csv without its header: seven columns, profiles third,
    the day of connecting last."""
    return len(columns) == 7 and columns[2].share(_LINKEDIN) >= 0.8 and columns[6].dates() >= 0.8
