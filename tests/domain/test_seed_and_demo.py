import datetime as dt

import pytest

from netdesk.domain import contact_list, demo, score_cache, seed, stats
from netdesk.storage.models import Contact, Event, Interaction, Referral

ANCHOR = dt.date(2026, 11, 25)


def test_seed_is_deterministic_for_a_seed():
    one = seed.generate(200, 1500, seed=7, anchor=ANCHOR)
    two = seed.generate(200, 1500, seed=7, anchor=ANCHOR)
    other = seed.generate(200, 1500, seed=8, anchor=ANCHOR)
    assert one.tables == two.tables
    assert one.tables["contact"] != other.tables["contact"]


def test_seeded_scores_match_a_full_recompute(db):
    seed.seed_database(300, 3000, seed=3, anchor=dt.date.today())
    assert stats.counts() == {"contacts": 300, "interactions": 3000, "referrals": 0, "events": 0}
    before = {
        r.id: (r.attention, r.trust)
        for r in contact_list.fetch_contact_page(contact_list.ContactListQuery(), 0, 300)
    }
    score_cache.refresh_all()
    after = {
        r.id: (r.attention, r.trust)
        for r in contact_list.fetch_contact_page(contact_list.ContactListQuery(), 0, 300)
    }
    assert before.keys() == after.keys()
    for cid, (attention, trust) in before.items():
        assert attention == pytest.approx(after[cid][0], abs=1e-9)
        assert trust == pytest.approx(after[cid][1], abs=1e-9)
    assert contact_list.count_contacts(contact_list.ContactListQuery(text="realtor")) > 0


def test_seed_refuses_a_database_with_contacts(db):
    seed.seed_database(5, 0)
    with pytest.raises(ValueError, match="empty database"):
        seed.seed_database(5, 0)


def test_the_demo_network_is_a_believable_year_of_a_breakfast_group(db):
    demo.build_demo(ANCHOR)
    counts = stats.counts()
    assert 75 <= counts["contacts"] <= 85
    assert counts["events"] == 12
    assert counts["referrals"] >= 20
    assert counts["interactions"] > 500
    kinds = {k for (k,) in Interaction.select(Interaction.kind).distinct().tuples()}
    assert {
        "met",
        "one_to_one",
        "saw_at_event",
        "promise_kept",
        "promise_broken",
        "referral_given",
        "referral_received",
        "referral_closed",
    } <= kinds
    statuses = {s for (s,) in Referral.select(Referral.status).distinct().tuples()}
    assert {"introduced", "met", "won", "lost"} <= statuses
    first, last = (
        Event.select().order_by(Event.held_on).first(),
        Event.select().order_by(Event.held_on.desc()).first(),
    )
    assert (last.held_on - first.held_on).days > 300
    assert Interaction.select().where(Interaction.occurred_on > ANCHOR).count() == 0
    trades = {c.title for c in Contact.select()}
    assert {"Realtor", "Bookkeeper", "Web Developer", "Graphic Designer"} & trades


def test_the_demo_is_the_same_every_time(tmp_path):
    from netdesk.domain.workspace import open_workspace
    from netdesk.storage.database import close_database

    def snapshot(path):
        open_workspace(path, create=True)
        demo.build_demo(ANCHOR)
        rows = list(
            Contact.select(Contact.display_name, Contact.organisation, Contact.attention_norm)
            .order_by(Contact.id)
            .tuples()
        )
        rows += list(
            Interaction.select(Interaction.contact, Interaction.kind, Interaction.occurred_on)
            .order_by(Interaction.id)
            .tuples()
        )
        close_database()
        return rows

    assert snapshot(tmp_path / "a.sqlite3") == snapshot(tmp_path / "b.sqlite3")


def test_the_synthetic_network_looks_like_an_address_book(db):
    from netdesk.domain import dedupe

    rows = seed.seed_database(2000, 0, seed=4, anchor=ANCHOR)
    people = rows.tables["contact"]
    assert len({p[2] for p in people}) > 800  # family names
    assert len({p[7] for p in people}) > 30  # towns
    assert rows.count("contact_email") > 1.2 * len(people)
    assert rows.count("contact_phone") > 1.3 * len(people)
    assert sum(bool(p[8]) for p in people) > 0.4 * len(people)  # notes
    assert rows.count("need") > 0.5 * len(people)
    # planted duplicates are one person twice (sharing an email or a phone), and found
    planted = {(min(a, b), max(a, b)) for a, b in rows.duplicates}
    assert 30 <= len(planted) <= 100
    candidates = dedupe.find_candidates()
    strong = {(c.first_id, c.second_id) for c in candidates if c.strong}
    assert planted <= strong
    # and people at one organisation share its main line without being one person:
    # offered for a look, never as a sure match
    look_alikes = {(c.first_id, c.second_id) for c in candidates if not c.strong} - planted
    names = {p[0]: p[3] for p in people}
    assert len(look_alikes) > 10
    assert sum(names[a] != names[b] for a, b in look_alikes) > 0.75 * len(look_alikes)
