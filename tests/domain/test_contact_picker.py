import pytest

from netdesk.domain import contacts
from netdesk.domain.contact_picker import TIER_NAME, TIER_TYPO, ContactPicker, NameVocabulary
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from tests.helpers import make_contact


@pytest.fixture
def people(db):
    names = [
        ("Jonathan", "Smith", "Smith Realty"),
        ("Jon", "Smithers", "Acme Print"),
        ("Joanna", "Smyth", "Laurel Books"),
        ("José", "García", "Uptown Law"),
        ("Ana", "Kowalski", "Maple Insurance"),
        ("Ben", "Jonas", "Grand River Creative"),
        ("Carla", "Mendes", "Jonathan's Bakery"),
    ]
    return {
        f"{given} {family}": make_contact(given, family, organisation=org)
        for given, family, org in names
    }


def names(suggestions):
    return [s.name for s in suggestions]


def test_partial_words_find_the_person(people):
    found = ContactPicker().suggest("jon smi")
    assert names(found)[:2] == ["Jon Smithers", "Jonathan Smith"] or names(found)[:2] == [
        "Jonathan Smith",
        "Jon Smithers",
    ]
    assert "Jonathan Smith" in names(found)
    assert all(s.tier == TIER_NAME for s in found)
    assert "Joanna Smyth" not in names(found)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("jonathon smith", "Jonathan Smith"),  # a wrong letter
        ("jnoathan", "Jonathan Smith"),  # two letters swapped
        ("smtih", "Jonathan Smith"),
        ("kowalsky", "Ana Kowalski"),
        ("kowalski anna", "Ana Kowalski"),  # a letter too many, and the order turned round
        ("jose garcia", "José García"),  # no accents typed
        ("xowalski", "Ana Kowalski"),  # a wrong first letter
        ("owalski ana", "Ana Kowalski"),  # the first letter missed
    ],
)
def test_typos_and_accents_still_find_the_person(people, typed, expected):
    assert expected in names(ContactPicker().suggest(typed))


def test_prefix_matches_come_before_typo_matches(people):
    found = ContactPicker().suggest("smyth")
    assert found[0].name == "Joanna Smyth" and found[0].tier == TIER_NAME


def test_typo_matches_are_marked(people):
    found = ContactPicker().suggest("jonathon")
    assert found and all(s.tier == TIER_TYPO for s in found)
    assert found[0].name == "Jonathan Smith"


def test_organisation_words_match_too_but_rank_after_names(people):
    found = ContactPicker().suggest("jonathan")
    assert found[0].name == "Jonathan Smith"
    assert "Carla Mendes" in names(found)  # works at Jonathan's Bakery


def test_nothing_typed_or_nothing_close(people):
    picker = ContactPicker()
    assert picker.suggest("") == []
    assert picker.suggest("  ,, ") == []
    assert picker.suggest("xyzzy") == []


def test_at_most_limit_suggestions(db):
    for n in range(30):
        make_contact("Jo", f"Person{n}")
    assert len(ContactPicker(limit=8).suggest("jo")) == 8
    assert len(ContactPicker().suggest("jo", limit=3)) == 3


def test_contacts_in_the_trash_are_not_suggested(people):
    contacts.trash_contact(people["Jonathan Smith"])
    assert "Jonathan Smith" not in names(ContactPicker().suggest("jonathan smith"))


def test_new_names_reach_the_typo_pass_after_invalidate_or_note(db):
    make_contact("Ana", "Lopez")
    picker = ContactPicker()
    assert picker.suggest("ana lopez")
    make_contact("Bartholomew", "Quist")
    picker.note_names(["Bartholomew Quist"])
    assert names(picker.suggest("bartholomeu")) == ["Bartholomew Quist"]
    make_contact("Wilhelmina", "Ode")
    picker.invalidate()
    assert names(picker.suggest("wilhelmena")) == ["Wilhelmina Ode"]


def test_vocabulary_corrections_allow_more_typos_in_longer_words():
    vocabulary = NameVocabulary(["jonathan", "smith", "kowalski", "ana"])
    assert [c for c in vocabulary.corrections("smiht") if "smith".startswith(c)]
    assert all(len(c) >= 4 for c in vocabulary.corrections("smiht"))
    assert vocabulary.corrections("smi") == []  # too short to guess
    assert [c for c in vocabulary.corrections("kowolsk") if "kowalski".startswith(c)]
    assert vocabulary.corrections("kxwxlxk") == []  # three letters off is someone else
    assert vocabulary.has_prefix("jona") and not vocabulary.has_prefix("jx")


def test_the_typo_pass_works_on_a_read_only_database(people, db_path):
    close_database()
    open_workspace(db_path, write=False)  # no temporary table for the vocabulary here
    assert "Ana Kowalski" in names(ContactPicker().suggest("kowalsky"))


def test_candidates_are_found_from_the_hits_not_by_walking_every_contact(db):
    from netdesk.domain.contact_picker import CANDIDATES_SQL

    for n in range(30):
        make_contact(f"Person {n:02d}")
    plan = " ".join(
        row[3] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {CANDIDATES_SQL}", ('"p"*', 8))
    )
    assert "contact_search_position" in plan
    assert "contact_deleted_at" not in plan
