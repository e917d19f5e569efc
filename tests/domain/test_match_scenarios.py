"""Referral match scenarios: small networks written by hand, needs phrased as people
phrase them, and the answer a careful person would give.

Each scenario names the network, the need as typed (and who has it, if anyone),
the provider a careful person would name first (``None``: nobody in the network
offers it), people who must be among the providers, people who must not be
(someone who only mentions the trade in their notes, someone who only shares a
word with the need), pairs that must come in that order, and people who should
show up in the separate "also mentioned in notes" section.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from netdesk.domain import matching as rm
from tests.helpers import log, make_contact

# -- the networks ------------------------------------------------------------------------
# name -> the contact's fields, plus "history": (interaction kind, days ago) pairs

WARM = (("one_to_one", 12), ("call", 40))
TRUSTED = (("one_to_one", 10), ("referral_received", 40), ("promise_kept", 60), ("call", 90))
BROKE_A_PROMISE = (("one_to_one", 30), ("promise_broken", 20))
BROKE_TWICE = (("call", 50), ("promise_broken", 25), ("promise_broken", 8))

BREAKFAST_CLUB = {
    # the trusted broker who offers "Realtor"
    "Tina Trusted": dict(
        offers=["Realtor"],
        title="Broker",
        organisation="Maple Realty",
        city="Waterloo",
        tags=["Breakfast Club"],
        history=TRUSTED,
    ),
    # a stranger whose title and firm hold "real estate agent" and "estate agent"
    "Eddie Estate": dict(
        title="Real Estate Agent",
        organisation="Eddie's Estate Agents",
        city="Waterloo",
        tags=["Breakfast Club"],
    ),
    "Kim Kitchener": dict(offers=["Realtor"], city="Kitchener", tags=["Breakfast Club"]),
    "Rex Ready": dict(
        offers=["Realtor"], city="Waterloo", tags=["Breakfast Club"], history=BROKE_A_PROMISE
    ),
    "Larry Lex": dict(
        title="Real Estate Lawyer",
        offers=["real estate law", "wills"],
        organisation="Lex & Partners",
        city="Waterloo",
        tags=["Breakfast Club"],
        history=WARM,
    ),
    "Mia Marketing": dict(
        title="Marketing Consultant",
        offers=["marketing strategy", "social media marketing"],
        tags=["Breakfast Club"],
        history=WARM,
    ),
    # a plumber whose notes mention a logo and a realtor
    "Pete Pipes": dict(
        offers=["plumbing"],
        title="Plumber",
        notes="He asked me about logo design once. His sister is a realtor in Toronto.",
        tags=["Breakfast Club"],
        history=TRUSTED,
    ),
    "Gina Graphic": dict(
        title="Graphic Designer", offers=["logo design", "branding"], tags=["Breakfast Club"]
    ),
    # a bookkeeper with a long list of her own needs
    "Bea Books": dict(
        title="Bookkeeper",
        offers=["bookkeeping"],
        needs=[
            "a web developer",
            "a printer for flyers",
            "a realtor for my mother",
            "an accountant who knows taxes",
            "a photographer for headshots",
            "new clients in Guelph",
        ],
        tags=["Breakfast Club"],
        history=WARM + (("favour_received", 70),),
    ),
    "Bob Tally": dict(offers=["bookkeeping"], tags=["Breakfast Club"], history=WARM),
    "Nora Namaste": dict(
        offers=["yoga classes"],
        notes="Met at the realtor's open house; we talked about bookkeeping and business.",
        tags=["Breakfast Club"],
    ),
    "Carl Count": dict(
        title="CPA", offers=["tax returns", "accounting"], organisation="Count & Co"
    ),
    "Walt Webb": dict(title="Web Developer", offers=["website development", "mobile apps"]),
    "Paula Press": dict(
        offers=["printing", "business cards", "flyers"], organisation="Quick Print"
    ),
    "Hank Hughes": dict(title="Home Inspector", offers=["home inspections"]),
    "Moe Money": dict(title="Mortgage Broker", offers=["mortgages"], city="Kitchener"),
    "Ivy Insure": dict(title="Insurance Broker", offers=["business insurance", "home insurance"]),
}

CHAMBER = {
    "Alice Adams": dict(offers=["bookkeeping"], city="Guelph", tags=["Chamber"]),
    "Carlos Cruz": dict(
        title="General Contractor",
        offers=["kitchen renovation", "renovations"],
        city="Cambridge",
        tags=["Chamber"],
        history=TRUSTED,
    ),
    "Dan Dodd": dict(offers=["handyman services"], city="Kitchener", history=BROKE_TWICE),
    "Fran Focus": dict(
        title="Photographer", offers=["headshots", "event photography"], city="Waterloo"
    ),
    "Gus Grip": dict(offers=["videography"], city="Guelph", tags=["Chamber"]),
    "Hal Hair": dict(
        offers=["hair salon"],
        city="Waterloo",
        notes="His best friend is a photographer; ask him about headshots.",
        history=TRUSTED,
    ),
    "Irene Ip": dict(offers=["IT support", "computer repair"], city="Kitchener"),
    "Jay Jordan": dict(
        title="Financial Planner",
        offers=["retirement planning"],
        city="Waterloo",
        needs=["a bookkeeper"],
        tags=["Chamber"],
        history=TRUSTED,
    ),
    "Kay Kline": dict(
        title="Financial Advisor",
        organisation="Kline Wealth",
        city="Guelph",
        tags=["Chamber"],
        history=BROKE_A_PROMISE,
    ),
    "Leo Legal": dict(title="Lawyer", offers=["wills and estates", "family law"], city="Guelph"),
    "Olga Orr": dict(title="Home Stager", offers=["home staging"], city="Waterloo"),
    "Cora Coach": dict(
        offers=["business coaching"],
        notes="Coaches her kid's soccer team on Saturdays.",
        tags=["Chamber"],
    ),
    "Sid Sitter": dict(
        offers=["pet sitting"],
        city="Kitchener",
        notes="His sister is a realtor in Toronto.",
        tags=["Chamber"],
        history=TRUSTED,
    ),
}

TECH_MEETUP = {
    "Dev Patel": dict(title="Software Developer", offers=["mobile apps", "web apps"]),
    "Wendy Wix": dict(title="Web Designer", offers=["websites", "WordPress"], history=WARM),
    "Sean Search": dict(offers=["SEO", "search engine optimization"]),
    "Cathy Quill": dict(title="Copywriter", offers=["copywriting", "newsletters"]),
    "Mark Mercer": dict(
        title="Marketing Manager",
        offers=["digital marketing"],
        needs=["a realtor", "housing market data"],
        history=TRUSTED,
    ),
    "Hugh Holm": dict(title="Sales Representative", offers=["Realtor"], organisation="Holm Realty"),
    "Tom Tran": dict(title="Accountant", offers=["tax preparation"]),
    "Penny Lane": dict(offers=["print shop"], organisation="Lane Graphics"),
    "Nate Noles": dict(
        offers=["dog walking"],
        notes="Wants to learn SEO and copywriting; asked me about websites.",
        history=TRUSTED,
    ),
    "Ursula Ux": dict(
        title="UX Designer",
        offers=["user research"],
        needs=["a developer", "a copywriter"],
    ),
}

# designers of four trades, who share the word "design" and nothing else
STUDIO = {
    "Ida Interior": dict(
        title="Interior Designer",
        organisation="Ida Design",
        offers=["interior design", "kitchen makeovers"],
        tags=["designers"],
    ),
    "Gail Graphic": dict(title="Graphic Designer", offers=["logo design", "branding"]),
    "Wes Web": dict(title="Web Designer", offers=["website design"]),
    "Lana Landscape": dict(title="Landscape Designer", offers=["garden design"]),
    "Nick Needs": dict(needs=["a graphic designer"]),
}

NETWORKS = {
    "breakfast": BREAKFAST_CLUB,
    "chamber": CHAMBER,
    "tech": TECH_MEETUP,
    "studio": STUDIO,
}


def build(network: dict[str, dict]) -> dict[str, int]:
    ids = {}
    for name, fields in network.items():
        given, family = name.split(" ", 1)
        fields = dict(fields)
        history = fields.pop("history", ())
        ids[name] = make_contact(given, family, **fields)
        for kind, days_ago in history:
            log(ids[name], kind, days_ago)
    return ids


# -- the scenarios -----------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    network: str
    need: str
    first: str | None
    among: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    # (a, b): a comes before b among the providers
    order: tuple[tuple[str, str], ...] = ()
    # in the "also mentioned in notes" section
    noted: tuple[str, ...] = ()
    for_name: str | None = None
    # words the reasons of the first provider must contain
    says: str | None = None

    def __str__(self) -> str:
        who = f" for {self.for_name}" if self.for_name else ""
        return f"{self.network}: {self.need!r}{who}"


S = Scenario
# a table, one scenario to a row
# fmt: off
SCENARIOS = [
    # -- the breakfast club: realtors, a real-estate lawyer, a marketer, bystanders
    S("breakfast", "realtor", "Tina Trusted", among=("Kim Kitchener", "Rex Ready"),
      absent=("Pete Pipes", "Nora Namaste"), order=(("Kim Kitchener", "Rex Ready"),),
      noted=("Pete Pipes",)),
    S("breakfast", "realtors", "Tina Trusted", absent=("Pete Pipes",)),
    S("breakfast", "REALTOR", "Tina Trusted"),
    S("breakfast", "realter", "Tina Trusted", among=("Kim Kitchener",), says="realter → realtor"),
    S("breakfast", "a real estate agent", "Tina Trusted", among=("Eddie Estate",),
      absent=("Pete Pipes",)),
    S("breakfast", "real estate", "Tina Trusted", among=("Kim Kitchener",),
      order=(("Kim Kitchener", "Larry Lex"),)),
    S("breakfast", "someone who knows the housing market", "Tina Trusted",
      among=("Kim Kitchener",), absent=("Mia Marketing",)),
    S("breakfast", "a realtor in Kitchener", "Kim Kitchener", among=("Tina Trusted",),
      absent=("Pete Pipes", "Moe Money")),
    S("breakfast", "a realtor", "Tina Trusted", absent=("Kim Kitchener",),
      for_name="Kim Kitchener"),
    S("breakfast", "logo", "Gina Graphic", absent=("Pete Pipes",), noted=("Pete Pipes",)),
    S("breakfast", "someone to redo my logo", "Gina Graphic", absent=("Pete Pipes",)),
    S("breakfast", "bookkeeper", "Bea Books", among=("Bob Tally",), absent=("Nora Namaste",)),
    S("breakfast", "bookeeper", "Bea Books", among=("Bob Tally",),
      says="bookeeper → bookkeeper"),
    S("breakfast", "bookkeeping for my small business", "Bea Books", among=("Bob Tally",),
      absent=("Nora Namaste",), order=(("Bob Tally", "Ivy Insure"),)),
    S("breakfast", "plumber", "Pete Pipes"),
    S("breakfast", "a lawyer for my will", "Larry Lex"),
    S("breakfast", "marketing help", "Mia Marketing"),
    S("breakfast", "accountant for taxes", "Carl Count", absent=("Bea Books",)),
    S("breakfast", "someone to do my taxes", "Carl Count"),
    S("breakfast", "web designer", "Walt Webb"),
    S("breakfast", "a web developer", "Walt Webb", absent=("Bea Books",), for_name="Bea Books"),
    S("breakfast", "business cards", "Paula Press"),
    S("breakfast", "printing flyers", "Paula Press", absent=("Bea Books",)),
    S("breakfast", "home inspection", "Hank Hughes"),
    S("breakfast", "mortgage broker in Kitchener", "Moe Money", absent=("Kim Kitchener",)),
    S("breakfast", "business insurance", "Ivy Insure"),
    S("breakfast", "a photographer", None, absent=("Bea Books",)),
    # -- the chamber: cities, broken promises, words in notes
    S("chamber", "a photographer in Waterloo", "Fran Focus", absent=("Hal Hair", "Olga Orr")),
    S("chamber", "headshots", "Fran Focus", absent=("Hal Hair",), noted=("Hal Hair",)),
    S("chamber", "videographer", "Gus Grip", among=("Fran Focus",)),
    S("chamber", "kitchen renovation in Cambridge", "Carlos Cruz"),
    S("chamber", "handyman", "Carlos Cruz", among=("Dan Dodd",),
      order=(("Carlos Cruz", "Dan Dodd"),)),
    S("chamber", "computer help", "Irene Ip"),
    S("chamber", "IT support in Kitchener", "Irene Ip", absent=("Dan Dodd", "Sid Sitter")),
    S("chamber", "financial planner", "Jay Jordan", among=("Kay Kline",)),
    S("chamber", "financial advisor", "Jay Jordan", among=("Kay Kline",)),
    S("chamber", "someone to help with my will", "Leo Legal"),
    S("chamber", "home staging", "Olga Orr"),
    S("chamber", "a business coach", "Cora Coach"),
    S("chamber", "a realtor", None, absent=("Sid Sitter",), noted=("Sid Sitter",)),
    S("chamber", "a sitter for my sister's dog", "Sid Sitter"),
    S("chamber", "bookkeeper in Guelph", "Alice Adams", absent=("Jay Jordan",)),
    S("chamber", "a bookkeeper", "Alice Adams", absent=("Jay Jordan",), for_name="Jay Jordan"),
    # -- the tech meetup: developers, marketers, typos
    S("tech", "app developer", "Dev Patel"),
    S("tech", "devloper", "Dev Patel", says="devloper → developer"),
    S("tech", "someone to build my website", "Wendy Wix", absent=("Nate Noles",),
      noted=("Nate Noles",)),
    S("tech", "web designer", "Wendy Wix", absent=("Ursula Ux",)),
    S("tech", "SEO", "Sean Search", absent=("Nate Noles",)),
    S("tech", "search engine optimization", "Sean Search"),
    S("tech", "copywriter for newsletters", "Cathy Quill", absent=("Nate Noles", "Ursula Ux")),
    S("tech", "copywritter", "Cathy Quill", says="copywritter → copywriter"),
    S("tech", "digital marketing", "Mark Mercer"),
    S("tech", "someone who knows the housing market", "Hugh Holm", absent=("Mark Mercer",)),
    S("tech", "realter", "Hugh Holm", says="realter → realtor"),
    S("tech", "accountant for taxes", "Tom Tran"),
    S("tech", "my taxes", "Tom Tran"),
    S("tech", "flyers for an event", "Penny Lane"),
    S("tech", "business cards", "Penny Lane"),
    S("tech", "a developer", "Dev Patel", absent=("Ursula Ux",), for_name="Ursula Ux"),
    S("tech", "a photographer", None, absent=("Nate Noles",)),
    # -- the studio: one word, four trades. A trade of the synonym table finds that trade
    # alone; two words of no rule find the designer of both first (the others, who share
    # "designer" only, come after, said so)
    S("studio", "a graphic designer", "Gail Graphic",
      absent=("Ida Interior", "Lana Landscape", "Wes Web")),
    S("studio", "an interior designer", "Ida Interior"),
    S("studio", "a landscape designer", "Lana Landscape"),
    S("studio", "someone to redo my logo", "Gail Graphic", absent=("Ida Interior",)),
]
# fmt: on


def names(results) -> list[str]:
    return [r.name for r in results]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_a_careful_person_would_give_the_same_answer(db, scenario):
    ids = build(NETWORKS[scenario.network])
    for_id = ids[scenario.for_name] if scenario.for_name else None
    providers = rm.match_need(scenario.need, for_contact_id=for_id)
    found = names(providers)
    if scenario.first is None:
        assert found == []
    else:
        assert found[:1] == [scenario.first], found
    for name in scenario.among:
        assert name in found, found
    for name in scenario.absent:
        assert name not in found, found
    for before, after in scenario.order:  # (after may be left out altogether)
        assert before in found, found
        if after in found:
            assert found.index(before) < found.index(after), found
    if scenario.says:
        assert any(scenario.says in reason for reason in providers[0].reasons)
    if scenario.noted:
        outcome = rm.match(scenario.need, for_contact_id=for_id)
        assert names(outcome.providers) == found
        assert set(scenario.noted) <= set(names(outcome.mentioned))
        assert not set(names(outcome.mentioned)) & set(found)


def test_there_are_enough_scenarios_of_each_kind():
    assert len(SCENARIOS) >= 40
    assert len({s.network for s in SCENARIOS}) >= 3
    assert sum(1 for s in SCENARIOS if s.says and "→" in s.says) >= 4  # typos
    assert sum(1 for s in SCENARIOS if s.for_name) >= 3
    assert sum(1 for s in SCENARIOS if s.noted) >= 4


def test_a_designer_of_no_trade_in_particular_finds_every_designer(db):
    build(STUDIO)
    found = names(rm.match_need("a designer"))
    assert set(found) == {"Ida Interior", "Gail Graphic", "Wes Web", "Lana Landscape"}


def test_who_needs_what_a_designer_offers_is_who_needs_that_trade(db):
    """Nick needs a graphic designer: Gail's side panel names him, Ida's (interior
    design, "Ida Design", tagged "designers") does not."""
    ids = build(STUDIO)
    assert names(rm.reverse_view(ids["Gail Graphic"]).needing) == ["Nick Needs"]
    assert names(rm.reverse_view(ids["Ida Interior"]).needing) == []
    assert names(rm.reverse_view(ids["Lana Landscape"]).needing) == []
