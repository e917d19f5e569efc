import datetime as dt
import random

import pytest

from netdesk.domain import contact_card, contacts, scoring, timeline
from netdesk.domain.contact_list import ContactListQuery, fetch_contact_page
from netdesk.domain.interaction_kinds import DEFAULT_PARAMETERS, KINDS
from netdesk.domain.timeline import MAX_MARKERS, MAX_SAMPLES, TimelineEntry, build_timeline
from netdesk.storage.models import Event, Interaction
from tests.helpers import log, make_contact

TODAY = dt.date(2026, 6, 1)


def entries(pairs):
    """Timeline entries from (days before TODAY, kind), oldest first."""
    made = [
        TimelineEntry(i, 1, kind, TODAY - dt.timedelta(days=ago), "", None, "", None)
        for i, (ago, kind) in enumerate(pairs)
    ]
    return sorted(made, key=lambda e: e.occurred_on)


def test_every_point_is_the_exact_score_of_its_day():
    history = entries([(400, "met"), (200, "one_to_one"), (200, "promise_broken"), (3, "call")])
    line = build_timeline(1, history, TODAY, DEFAULT_PARAMETERS)
    dated = [(e.occurred_on, e.kind) for e in history]
    for point in line.curve:
        expected = scoring.scores_at(dated, point.on, DEFAULT_PARAMETERS)
        assert point.attention == pytest.approx(expected.attention)
        assert point.trust == pytest.approx(expected.trust)
    assert line.curve[0].on == TODAY - dt.timedelta(days=401)
    assert line.curve[0].attention == 0
    assert line.curve[-1].on == TODAY


def test_each_interaction_day_and_the_day_before_are_on_the_curve_so_jumps_show():
    history = entries([(300, "met"), (120, "referral_received")])
    line = build_timeline(1, history, TODAY, DEFAULT_PARAMETERS)
    days = {p.on: p for p in line.curve}
    jump_day = TODAY - dt.timedelta(days=120)
    before = days[jump_day - dt.timedelta(days=1)]
    assert days[jump_day].trust > before.trust
    assert [m.on for m in line.markers] == [e.occurred_on for e in history]
    assert line.markers[1].attention == days[jump_day].attention


def test_a_long_history_stays_small_to_draw():
    rng = random.Random(4)
    kinds = list(KINDS)
    history = entries([(rng.randrange(5 * 365), rng.choice(kinds)) for _ in range(1000)])
    line = build_timeline(1, history, TODAY, DEFAULT_PARAMETERS)
    distinct_days = len({e.occurred_on for e in history})
    assert len(line.curve) <= MAX_SAMPLES + 2 * distinct_days + 2
    assert len(line.markers) == 1000
    steps = {(b.on - a.on).days for a, b in zip(line.curve, line.curve[1:], strict=False)}
    assert max(steps) <= -(-5 * 365 // MAX_SAMPLES)


def test_past_the_marker_limit_markers_are_one_per_day_covering_every_entry():
    history = entries([(n % 50, "message") for n in range(MAX_MARKERS + 1)])
    line = build_timeline(1, history, TODAY, DEFAULT_PARAMETERS)
    assert len(line.markers) == 50
    assert sorted(i for m in line.markers for i in m.entries) == list(range(MAX_MARKERS + 1))


def test_no_history_no_curve():
    line = build_timeline(1, [], TODAY, DEFAULT_PARAMETERS)
    assert (line.curve, line.markers) == ([], [])


def test_load_timeline_names_events_and_describes_entries(db):
    ana = make_contact("Ana")
    event = Event.create(name="March breakfast", held_on=dt.date.today())
    Interaction.create(
        contact=ana, kind="saw_at_event", occurred_on=dt.date.today(), note="", event=event
    )
    log(ana, "call", 2, "about the lease")
    line = timeline.load_timeline(ana)
    assert [e.kind for e in line.entries] == ["call", "saw_at_event"]
    assert line.entries[1].event_name == "March breakfast"
    assert line.entries[1].describe() == "Saw at an event (at March breakfast)"
    assert line.entries[0].describe() == "Call: about the lease"


def test_contact_card_has_todays_scores_and_the_introducer(db):
    sam = make_contact("Sam", "Ray")
    ana = make_contact("Ana", introduced_by_id=sam)
    log(ana, "one_to_one", 5)
    card = contact_card.load_card(ana)
    row = next(r for r in fetch_contact_page(ContactListQuery(), 0, 10) if r.id == ana)
    assert (card.trust, card.attention) == (pytest.approx(row.trust), pytest.approx(row.attention))
    assert card.introduced_by_name == "Sam Ray"
    assert card.last_interaction_on == dt.date.today() - dt.timedelta(days=5)
    assert not card.in_trash
    contacts.trash_contact(ana)
    assert contact_card.load_card(ana).in_trash
    assert contact_card.load_card(9999) is None
