import datetime as dt

from netdesk.domain.contact_list import (
    ContactListQuery,
    SortKey,
    count_contacts,
    fetch_contact_page,
    row_of_contact,
)
from tests.helpers import log, make_contact


def listed(**query) -> list[str]:
    return [r.name for r in fetch_contact_page(ContactListQuery(**query), 0, 100)]


def test_sorted_by_name_ignoring_case_and_accents(db):
    for given in ("émile", "Zoë", "adam", "Ben"):
        make_contact(given)
    assert listed() == ["adam", "Ben", "émile", "Zoë"]
    assert listed(descending=True) == ["Zoë", "émile", "Ben", "adam"]


def test_sorted_by_scores_and_last_interaction(db):
    warm = make_contact("Warm")
    cold = make_contact("Cold")
    never = make_contact("Never")
    broken = make_contact("Broken")
    log(warm, "one_to_one", 1)
    log(cold, "one_to_one", 200)
    log(broken, "one_to_one", 2)
    log(broken, "promise_broken", 1)
    # a broken promise is still attention (weight 1), but it costs trust
    assert listed(sort=SortKey.ATTENTION, descending=True)[:2] == ["Broken", "Warm"]
    assert listed(sort=SortKey.TRUST, descending=True)[:2] == ["Warm", "Cold"]
    assert listed(sort=SortKey.LAST_INTERACTION, descending=True) == [
        "Warm",
        "Broken",
        "Cold",
        "Never",
    ]
    row = {r.name: r for r in fetch_contact_page(ContactListQuery(), 0, 10)}
    assert row["Warm"].last_interaction_on == dt.date.today() - dt.timedelta(days=1)
    assert row["Never"].last_interaction_on is None
    assert row["Never"].trust == 0 and row["Never"].attention == 0
    assert never


def test_filter_by_tag_and_text_together(db):
    make_contact("Ana", tags=["breakfast"], offers=["payroll"])
    make_contact("Ben", tags=["breakfast"], offers=["printing"])
    make_contact("Cy", offers=["payroll"])
    assert listed(tag="breakfast") == ["Ana", "Ben"]
    assert listed(tag="breakfast", text="pay") == ["Ana"]
    assert count_contacts(ContactListQuery(text="pay")) == 2


def test_pages_and_positions(db):
    ids = [make_contact(f"Person {n:03d}") for n in range(30)]
    first = fetch_contact_page(ContactListQuery(), 0, 10)
    third = fetch_contact_page(ContactListQuery(), 20, 10)
    assert [r.name for r in first] == [f"Person {n:03d}" for n in range(10)]
    assert [r.name for r in third] == [f"Person {n:03d}" for n in range(20, 30)]
    assert row_of_contact(ContactListQuery(), ids[17]) == 17
    assert row_of_contact(ContactListQuery(text="Person 001"), ids[17]) is None


def test_a_search_in_name_order_pages_and_positions_both_ways(db):
    ids = [make_contact(f"Person {n:03d}", notes="club" if n % 3 else "") for n in range(30)]
    members = [n for n in range(30) if n % 3]
    query = ContactListQuery(text="club")
    second = fetch_contact_page(query, 5, 5)
    assert [r.name for r in second] == [f"Person {n:03d}" for n in members[5:10]]
    backwards = ContactListQuery(text="club", descending=True)
    assert [r.name for r in fetch_contact_page(backwards, 0, 3)] == [
        f"Person {n:03d}" for n in reversed(members[-3:])
    ]
    assert row_of_contact(query, ids[members[7]]) == 7
    assert row_of_contact(backwards, ids[members[7]]) == len(members) - 8
    assert row_of_contact(query, ids[3]) is None  # not a match
