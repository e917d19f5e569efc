"""Referral match on a small hand-built network: who comes first, and why."""

import math

import pytest

from netdesk.domain import matching as rm
from netdesk.domain import referrals
from netdesk.domain.referrals import ReferralDraft
from netdesk.domain.validation import ValidationError
from netdesk.storage import search_index
from tests.helpers import log, make_contact


def names(results):
    return [r.name for r in results]


def warm(contact_id, days_ago=10):
    """The same few good interactions for anyone we want on equal footing."""
    log(contact_id, "one_to_one", days_ago)
    log(contact_id, "call", days_ago + 5)


def test_a_trusted_realtor_outranks_an_untrusted_one(db):
    stranger = make_contact("Sam", "Stranger", offers=["Realtor"])
    trusted = make_contact("Tina", "Trusted", offers=["Realtor"])
    warm(trusted)
    log(trusted, "promise_kept", 30)
    log(trusted, "referral_received", 60)
    results = rm.match_need("realtor")
    assert names(results) == ["Tina Trusted", "Sam Stranger"]
    assert results[0].trust > results[1].trust
    assert results[0].standing > 1.0 == results[1].standing
    assert results[0].relevance == pytest.approx(results[1].relevance)
    assert stranger in [r.contact_id for r in results]


def test_a_mention_in_notes_is_listed_apart_never_as_a_provider(db):
    noted = make_contact("Nina", "Notes", notes="Her brother is a realtor in Guelph.")
    offering = make_contact("Otto", "Offers", offers=["Realtor"])
    for cid in (noted, offering):
        warm(cid)
    found = rm.match("realtor")
    assert names(found.providers) == ["Otto Offers"] == names(rm.match_need("realtor"))
    assert found.providers[0].matched == {"offers": ["Realtor"]}
    (mention,) = found.mentioned
    assert (mention.name, mention.section) == ("Nina Notes", rm.NOTES)
    assert "realtor in Guelph" in mention.matched["notes"][0]
    assert mention.reasons[0].startswith("notes: “")
    # the notes alone: nobody provides it, the mention is still there
    assert rm.match("a realtor", for_contact_id=offering).providers == []
    assert names(rm.match("a realtor", for_contact_id=offering).mentioned) == ["Nina Notes"]
    assert rm.match("a realtor", for_contact_id=noted).mentioned == []


def test_the_person_with_the_need_is_never_suggested(db):
    both = make_contact("Rita", "Realtor", offers=["Realtor"], needs=["a realtor for my mother"])
    warm(both)
    log(both, "referral_received", 5)
    other = make_contact("Omar", "Other", offers=["Realtor"])
    # someone who only *needs* a realtor is no provider of one
    needy = make_contact("Ned", "Needy", needs=["a realtor", "realtors"])
    assert needy not in [r.contact_id for r in rm.match_need("realtor")]
    assert names(rm.match_need("realtor"))[0] == "Rita Realtor"
    results = rm.match_need("realtor", for_contact_id=both)
    assert [r.contact_id for r in results] == [other]
    for limit in (1, 5):
        assert both not in [
            r.contact_id for r in rm.match_need("a realtor", for_contact_id=both, limit=limit)
        ]


@pytest.mark.parametrize(
    "need, expected",
    [
        ("realtors", "Rita Realtor"),  # plural
        ("REALTOR", "Rita Realtor"),
        ("bookkeeping", "Bea Books"),  # word form: Bookkeeper in the title
        ("bookkeepers", "Bo Keeping"),  # word form: bookkeeping in the offers
        ("bookkeeper", "Bea Books"),
        ("real estate agent", "Rita Realtor"),  # synonym
        ("a real estate agent in town", "Rita Realtor"),
        ("web designer", "Wes Webb"),  # synonym: website developer
        ("photographers", "Pia Photo"),
        ("photography", "Pia Photo"),
        ("someone to redo my logo", "Lou Logo"),
        ("accountant", "Cy Cpa"),  # synonym: CPA
    ],
)
def test_plurals_word_forms_and_synonyms_find_the_right_people(db, need, expected):
    make_contact("Rita", "Realtor", offers=["Realtor"])
    make_contact("Bea", "Books", title="Bookkeeper")
    make_contact("Bo", "Keeping", offers=["bookkeeping"])
    make_contact("Wes", "Webb", offers=["website developer"])
    make_contact("Pia", "Photo", title="Photographer")
    make_contact("Lou", "Logo", offers=["logo design", "branding"])
    make_contact("Cy", "Cpa", title="CPA")
    make_contact("Pat", "Printer", offers=["printing"])
    results = rm.match_need(need)
    assert expected in names(results)
    assert "Pat Printer" not in names(results)
    assert results[0].matched  # the best one shows what matched


def test_broken_promises_rank_below_an_otherwise_equal_contact(db):
    kept = make_contact("Kim", "Kept", offers=["Realtor"])
    broke = make_contact("Bart", "Broke", offers=["Realtor"])
    for cid in (kept, broke):
        warm(cid)
    log(broke, "promise_broken", 3)
    results = rm.match_need("realtor")
    assert names(results) == ["Kim Kept", "Bart Broke"]
    assert results[1].attention > results[0].attention  # the no-show was still contact


def test_a_broken_promise_costs_rank_even_at_high_trust(db):
    # trust saturates near 100; the ranking still sees the broken promise
    kept = make_contact("Kim", "Kept", offers=["Realtor"])
    broke = make_contact("Bart", "Broke", offers=["Realtor"])
    for cid in (kept, broke):
        for days in range(100, 400, 20):
            log(cid, "referral_received", days)
    log(broke, "promise_broken", 0)
    results = rm.match_need("realtor")
    assert min(results[0].trust, results[1].trust) > 95
    assert names(results) == ["Kim Kept", "Bart Broke"]


def test_the_score_is_relevance_times_standing_as_documented(db):
    cid = make_contact("Ana", offers=["Realtor"])
    log(cid, "one_to_one", 0)  # S_trust = 3, S_attention = 5
    (result,) = rm.match_need("realtor")
    g = 3 / 20 + 5 / (2 * 10)
    assert result.standing == pytest.approx(2 - math.exp(-g))
    assert result.score == pytest.approx(result.relevance * result.standing)
    assert rm.standing_of(-0.5) == pytest.approx(math.exp(-0.5))
    assert rm.standing_of(0) == 1.0


def test_a_named_city_favours_people_there_without_listing_others(db):
    kitchener = make_contact("Kat", "Kitchener", offers=["Realtor"], city="Kitchener")
    waterloo = make_contact("Wally", "Waterloo", offers=["Realtor"], city="Waterloo")
    make_contact("Paul", "Printer", offers=["printing"], city="Waterloo")
    for cid in (kitchener, waterloo):
        warm(cid)
    results = rm.match_need("a realtor in Waterloo")
    assert names(results) == ["Wally Waterloo", "Kat Kitchener"]
    assert "in Waterloo" in results[0].reasons
    assert results[0].score == pytest.approx(results[1].score * rm.PLACE_BOOST, rel=1e-6)
    # a city alone lists the people there
    assert set(names(rm.match_need("someone in waterloo"))) == {"Wally Waterloo", "Paul Printer"}


def test_reasons_say_what_matched_and_how_past_referrals_went(db):
    ana = make_contact(
        "Ana",
        "Alvarez",
        title="Broker",
        organisation="Maple Realty",
        offers=["Realtor", "home staging advice"],
        tags=["Realtor Club", "Chamber"],
    )
    client = make_contact("Cal", "Client")
    recorded = referrals.record_referral(
        ReferralDraft("connected", provider_id=ana, recipient_id=client, need="a realtor")
    )
    referrals.move_status(recorded.referral_id, "won", value=4000)
    referrals.record_referral(ReferralDraft("given", provider_id=ana, need="a condo"))
    referrals.record_referral(ReferralDraft("received", referrer_id=ana))
    (result,) = rm.match_need("realtors", for_contact_id=client)
    assert result.matched["offers"] == ["Realtor"]
    assert result.matched["organisation"] == ["Maple Realty"]
    assert result.matched["tags"] == ["Realtor Club"]
    assert "title" not in result.matched
    assert result.history == rm.ReferralHistory(won=1, open=1, won_value=4000.0, sent_me=1)
    assert result.reasons[0] == "offers: Realtor"
    assert f"trust {result.trust:.0f}, attention {result.attention:.0f}" in result.reasons
    assert result.reasons[-1] == (
        "referred 2 times before: 1 won ($4,000), 1 open; has sent you 1 referral"
    )
    assert result.as_json()["reasons"] == list(result.reasons)
    assert set(result.as_json()) == {
        "contact_id",
        "name",
        "section",
        "score",
        "reasons",
        "trust",
        "attention",
    }
    assert result.as_json()["section"] == "provider"


def test_people_in_the_trash_and_empty_needs_give_nothing(db):
    from netdesk.domain import contacts

    gone = make_contact("Gone", offers=["Realtor"])
    contacts.trash_contact(gone)
    assert rm.match_need("realtor") == []
    assert rm.match_need("someone to help") == []  # only words that say nothing
    assert rm.match_need("") == []
    with pytest.raises(ValidationError, match="limit"):
        rm.match_need("realtor", limit=0)


def test_quotes_and_operators_are_taken_literally(db):
    make_contact("Ana", offers=["Realtor"])
    for need in (
        '"realtor',
        "realtor OR",
        "NEAR(realtor)",
        "realtor*",
        "{name}: realtor",
        "-realtor",
    ):
        assert names(rm.match_need(need)) == ["Ana"]


def test_the_synonym_table_can_be_edited_and_reset(db):
    make_contact("Hugo", "Handy", offers=["odd jobs"])
    assert rm.match_need("fixer") == []
    text = rm.format_synonym_text(rm.synonym_rules()) + "fixer, fix it guy = odd jobs\n"
    rm.save_synonym_rules(rm.parse_synonym_text(text))
    assert names(rm.match_need("fixers")) == ["Hugo Handy"]
    assert names(rm.match_need("a fix it guy")) == ["Hugo Handy"]
    assert rm.synonym_rules()[-1] == rm.SynonymRule(("fixer", "fix it guy"), ("odd jobs",))
    rm.save_synonym_rules(None)
    assert rm.synonym_rules() == list(rm.DEFAULT_SYNONYMS)
    assert rm.match_need("fixer") == []


def test_bad_synonym_lines_are_named(db):
    with pytest.raises(ValidationError) as caught:
        rm.parse_synonym_text("realtor = realty\n\nlonely\n# a comment\n = nothing\nx =\n")
    assert [str(p) for p in caught.value.problems] == [
        "line #3: a rule needs two phrases: “a, b” or “a = b”",
        "line #5: nothing before “=” to look for",
        "line #6: nothing after “=”",
    ]
    with pytest.raises(ValidationError):
        rm.save_synonym_rules([rm.SynonymRule(("alone",))])


def test_the_stemmer_is_the_index_tokenizer():
    assert search_index._TOKENIZERS[search_index.MATCH_TABLE] == rm.STEM_TOKENIZER
    assert rm.stems("Realtors, bookkeeping; Montréal") == ["realtor", "bookkeep", "montreal"]


def test_reverse_view_finds_who_needs_them_and_who_can_help_them(db):
    wes = make_contact("Wes", "Webb", offers=["website development"], needs=["a bookkeeper"])
    make_contact("Gina", "Graphic", needs=["a web developer"])
    make_contact("Nick", "Nobody", needs=["a plumber"])
    make_contact("Bea", "Books", offers=["bookkeeping"])
    make_contact("Wendy", "Web", offers=["websites"], needs=["a website developer"])
    view = rm.reverse_view(wes)
    assert set(names(view.needing)) == {"Gina Graphic", "Wendy Web"}
    gina = next(r for r in view.needing if r.name == "Gina Graphic")
    assert gina.matched["needs"] == ["a web developer"]
    assert [(h.need, names(h.helpers)) for h in view.helping] == [("a bookkeeper", ["Bea Books"])]


def test_recorded_needs_complete_what_was_typed(db):
    make_contact("José", "Álvarez", needs=["a realtor in Waterloo", "a printer"])
    make_contact("Ben", needs=["real estate photos"])
    found = rm.recorded_needs("rea")
    assert sorted((n.text, n.contact_name) for n in found) == [
        ("a realtor in Waterloo", "José Álvarez"),
        ("real estate photos", "Ben"),
    ]
    assert [n.text for n in rm.recorded_needs("realtor wat")] == ["a realtor in Waterloo"]
    assert rm.recorded_needs("") == []


def test_a_match_on_a_word_that_says_little_is_left_out_beside_a_real_one(db):
    # "business" is on most contacts (their breakfast group), "bookkeeping" on one
    keeper = make_contact("Bea", "Books", offers=["bookkeeping"], tags=["Business Breakfast"])
    for n in range(10):
        make_contact(f"Member {n:02d}", tags=["Business Breakfast"], offers=["business cards"])
    results = rm.match_need("bookkeeping for my small business")
    assert [r.contact_id for r in results] == [keeper]
    # alone, the word still finds who offers it (and a tag beside an offer is left out)
    alone = rm.match_need("business")
    assert len(alone) == 10 and keeper not in [r.contact_id for r in alone]


def test_in_a_small_network_every_match_is_listed(db):
    # two realtors in three people: BM25 sees "realtor" as common, both still show
    make_contact("Ana", "Realtor", offers=["Realtor"], organisation="Maple Realty")
    make_contact("Bob", "Broker", offers=["Realtor"])
    make_contact("Cleo", "Client")
    assert names(rm.match_need("realtors")) == ["Ana Realtor", "Bob Broker"]


def test_how_many_others_offer_a_trade_does_not_change_its_weight(db):
    # four realtors and one rare phrase: a realtor's relevance stays whole
    for n in range(4):
        make_contact(f"Realtor {n}", offers=["Realtor"])
    make_contact("Rare", offers=["first-time home buyers"], title="Realtor")
    for n in range(8):
        make_contact(f"Member {n}", tags=["Breakfast Club"])
    results = rm.match_need("realtor")
    assert [r.relevance for r in results] == [1.0] * 4 + [rm.FIELD_WEIGHTS["title"]]
    assert results[-1].name == "Rare"
    # a tag shared by most people is worth its field weight, not next to nothing
    (tagged, *_) = rm.match_need("breakfast club")
    assert tagged.relevance == pytest.approx(rm.FIELD_WEIGHTS["tags"])


def test_offers_beat_a_title_by_the_weights_and_one_rule_counts_once(db):
    broker = make_contact("Tina", "Trusted", offers=["Realtor"])
    # title and organisation hold two phrases of the realtor rule each
    agent = make_contact(
        "Eddie",
        "Estate",
        title="Real Estate Agent, estate agent",
        organisation="Estate Agent Realty",
    )
    results = rm.match_need("realtor")
    assert [r.contact_id for r in results] == [broker, agent]
    assert results[0].relevance == 1.0
    assert results[1].relevance == pytest.approx(rm.FIELD_WEIGHTS["title"] * rm.EXPANSION_WEIGHT)
    # the words as typed weigh more than a synonym
    (typed,) = [r for r in rm.match_need("real estate agent") if r.contact_id == agent]
    assert typed.relevance == pytest.approx(rm.FIELD_WEIGHTS["title"])


def test_a_providers_own_needs_name_and_city_neither_match_nor_dilute(db):
    busy = make_contact(
        "Bea",
        "Books",
        offers=["bookkeeping"],
        city="Bookkeeping Falls",
        needs=[f"need number {n}" for n in range(8)],
    )
    calm = make_contact("Bob", "Tally", offers=["bookkeeping"])
    results = rm.match_need("bookkeeper")
    assert {r.contact_id for r in results} == {busy, calm}
    assert results[0].relevance == results[1].relevance == 1.0
    make_contact("Ned", "Needy", needs=["a bookkeeper"])
    make_contact("Bookkeeper", "Smith")
    assert len(rm.match_need("bookkeeper")) == 2


def test_a_typo_is_corrected_against_the_index_and_said(db):
    make_contact("Ana", offers=["Realtor"])
    make_contact("Bea", title="Bookkeeper")
    found = rm.match("a realter")
    assert found.corrections == (("realter", "realtor"),)
    assert found.providers[0].reasons[0] == "realter → realtor (spelling corrected)"
    assert names(rm.match_need("bookeeper")) == ["Bea"]
    # a word the index knows is never corrected, nor a short one
    make_contact("Sally", "Sister", notes="her sister sells flowers")
    make_contact("Sid", offers=["pet sitter"])
    assert rm.match("sister").corrections == ()
    assert rm.match("sitr").corrections == ()


def test_trade_words_are_checked_before_stems(db):
    marketer = make_contact("Mia", "Marketing", offers=["digital marketing"])
    realtor = make_contact("Hugh", "Holm", offers=["Realtor"])
    assert [r.contact_id for r in rm.match_need("someone who knows the housing market")] == [
        realtor
    ]
    assert [r.contact_id for r in rm.match_need("marketing")] == [marketer]
    assert rm.match_need("market stall") == []
    # plurals still match either way
    assert [r.contact_id for r in rm.match_need("marketings")] == [marketer]


def test_a_longer_phrase_of_another_trade_is_that_trade(db):
    realtor = make_contact("Kim", offers=["Realtor"])
    make_contact("Larry", "Lex", title="Real Estate Lawyer", offers=["real estate law"])
    assert [r.contact_id for r in rm.match_need("real estate")] == [realtor]
    assert names(rm.match_need("a real estate lawyer")) == ["Larry Lex"]


def test_a_need_naming_both_trades_wants_the_phrase_that_joins_them(db):
    photographer = make_contact("Leah", "Silva", offers=["real estate photography"])
    make_contact("Kim", offers=["Realtor"])
    make_contact("Pia", offers=["wedding photography"])
    assert rm.match_need("real estate photos")[0].contact_id == photographer
    assert photographer not in [r.contact_id for r in rm.match_need("real estate")]


def test_the_vocabulary_follows_the_contacts(db):
    make_contact("Ana", offers=["Realtor"])
    assert rm.match("cheesmonger").corrections == ()
    make_contact("Carl", "Cheese", offers=["cheesemonger"])
    found = rm.match("cheesmonger")
    assert found.corrections == (("cheesmonger", "cheesemonger"),)
    assert names(found.providers) == ["Carl Cheese"]


def test_the_person_with_the_need_by_any_unambiguous_part_of_a_name(db):
    from netdesk.domain.matching.people import find_person

    adams = make_contact("Alice", "Adams")
    brown = make_contact("Alice", "Brown")
    twin = make_contact("Alice", "Brown")
    assert find_person("adams") == find_person("Ali Ad") == find_person(str(adams)) == adams
    assert find_person("ALICE ADAMS") == adams
    with pytest.raises(LookupError, match="“alice” could be Alice Adams"):
        find_person("alice")
    with pytest.raises(LookupError, match=f"Alice Brown \\({brown}\\), Alice Brown \\({twin}\\)"):
        find_person("alice brown")
    with pytest.raises(LookupError, match="no contact named “zed”"):
        find_person("zed")
