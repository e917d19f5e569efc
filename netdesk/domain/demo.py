"""The demo network: a local business breakfast group with a year of history.

About eighty people in Waterloo Region (realtors, designers, bookkeepers, web
builders, lawyers, printers...), twelve monthly breakfasts with attendance,
one-to-ones, favours, promises kept and broken, and referrals with outcomes.
Deterministic: the same anchor date always gives the same network.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from netdesk.domain import score_cache
from netdesk.domain.contacts import sort_key_for
from netdesk.domain.sample_names import CITIES, FAMILY_NAMES, GIVEN_NAMES, ORG_PREFIXES, TRADES
from netdesk.storage import search_index
from netdesk.storage.models import (
    Attendance,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    ContactUrl,
    Event,
    EventTag,
    FollowUp,
    Interaction,
    Need,
    Offer,
    Referral,
    Tag,
    database,
)

GROUP = "Waterloo Business Breakfast"
PLACE = "Huether Hotel, 59 King St N, Waterloo"
PEOPLE = 80
MEMBERS = 56  # the rest were met elsewhere
GUESTS = 3  # of those, first met as guests at the latest breakfast
_SEED = 20261125
_OTHER_TAGS = ("Chamber of Commerce", "KW Referral Club", "Women in Business", "Tech Meetup")
_ONE_TO_ONE_NOTES = (
    "coffee at Vincenzo's",
    "lunch at the Huether",
    "walk along the Laurel Trail",
    "breakfast at Seven Shores",
    "coffee at Death Valley's Little Brother",
    "went through each other's ideal clients",
)
_CALL_NOTES = (
    "caught up on the spring market",
    "quick call about a client",
    "talked through their new service",
    "returned their call",
)
_FAVOURS_GIVEN = (
    "proofread their brochure",
    "lent my projector for a workshop",
    "shared their event on LinkedIn",
    "wrote them a testimonial",
)
_FAVOURS_RECEIVED = (
    "introduced me to the chamber's president",
    "reviewed my contract",
    "covered my table at the trade show",
    "sent me a lead list",
)
_PROMISES_KEPT = (
    "sent the quote they promised",
    "delivered the proofs on time",
    "followed up with my client as promised",
)
_PROMISES_BROKEN = (
    "no-show for our coffee",
    "never sent the introduction they promised",
    "missed the deadline on the referral call-back",
)


def _second_wednesday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (2 - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7)


def _months_back(anchor: dt.date, count: int) -> list[dt.date]:
    dates: list[dt.date] = []
    year, month = anchor.year, anchor.month
    while len(dates) < count:
        day = _second_wednesday(year, month)
        if day <= anchor:
            dates.append(day)
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return sorted(dates)


def build_demo(anchor: dt.date | None = None) -> None:
    """Fill the open, empty database with the demo network as of ``anchor`` (today)."""
    anchor = anchor or dt.date.today()
    rng = random.Random(_SEED)
    if Contact.select().exists():
        raise ValueError("the demo network goes into an empty database")
    with database.atomic():
        _build(rng, anchor)
        search_index.reindex_contacts(database)
        score_cache.refresh_all(anchor)


def _build(rng: random.Random, anchor: dt.date) -> None:
    group = Tag.create(name=GROUP)
    others = [Tag.create(name=name) for name in _OTHER_TAGS]
    given_names = rng.sample(GIVEN_NAMES, PEOPLE)
    family_names = rng.sample(FAMILY_NAMES, PEOPLE)
    trades = list(TRADES.items())
    people: list[dict[str, Any]] = []
    for index in range(PEOPLE):
        trade, (titles, offers, needs, suffixes) = trades[index % len(trades)]
        given, family = given_names[index], family_names[index]
        name = f"{given} {family}"
        member = index < MEMBERS
        org = (
            f"{family} {rng.choice(suffixes)}"
            if rng.random() < 0.4
            else f"{rng.choice(ORG_PREFIXES)} {rng.choice(suffixes)}"
        )
        style = rng.choices(("referral_partner", "soft_sell", "quick_sale", ""), (5, 4, 2, 2))[0]
        contact = Contact.create(
            given_name=given,
            family_name=family,
            display_name=name,
            sort_key=sort_key_for(name),
            organisation=org,
            title=rng.choice(titles),
            city=rng.choices(CITIES, (6, 5, 3, 2, 1, 1, 1))[0],
            notes=rng.choice(
                (
                    "",
                    "",
                    "Prefers email before calls.",
                    "Great with nervous clients.",
                    "Coaches a youth soccer team on Saturdays.",
                    "Very responsive; answers the same day.",
                )
            ),
            how_we_met=(
                f"{GROUP}"
                if member
                else rng.choice(
                    (
                        "Chamber of Commerce mixer",
                        "a client's open house",
                        "LinkedIn",
                        "KW Referral Club",
                        "Tech Meetup at Communitech",
                    )
                )
            ),
            networking_style=style,
            cadence_days=rng.choice((30, 30, 60, 90)) if style == "referral_partner" else None,
        )
        slug = f"{given}.{family}".lower().replace("'", "")
        domain = org.lower().replace(" ", "").replace(".", "").replace("&", "and")
        ContactEmail.create(
            contact=contact,
            address=f"{slug}@{domain}.ca",
            normalized=f"{slug}@{domain}.ca",
            label="work",
        )
        phone = f"519-555-{1000 + index * 37 % 9000:04d}"
        ContactPhone.create(
            contact=contact,
            number=phone,
            normalized="+1" + phone.replace("-", ""),
            label="mobile",
        )
        ContactUrl.create(contact=contact, url=f"https://{domain}.ca", label="website")
        for pos, offer in enumerate(rng.sample(offers, k=rng.randint(1, min(3, len(offers))))):
            Offer.create(contact=contact, text=offer, position=pos)
        for pos, need in enumerate(rng.sample(needs, k=rng.randint(0, min(2, len(needs))))):
            Need.create(
                contact=contact,
                text=need,
                position=pos,
                created_on=anchor - dt.timedelta(days=rng.randrange(90)),
            )
        if member:
            ContactTag.create(contact=contact, tag=group)
        for tag in rng.sample(others, k=rng.choices((0, 1, 2), (5, 4, 1))[0]):
            ContactTag.create(contact=contact, tag=tag)
        people.append({"contact": contact, "member": member, "style": style, "met": None})

    # who introduced whom: some people came through someone already known
    for index in range(10, PEOPLE, 6):
        introducer = people[rng.randrange(index)]["contact"]
        Contact.update(introduced_by=introducer).where(
            Contact.id == people[index]["contact"].id
        ).execute()

    def log(person: dict[str, Any], kind: str, when: dt.date, note: str = "", **extra: Any) -> None:
        Interaction.create(
            contact=person["contact"], kind=kind, occurred_on=when, note=note, **extra
        )

    # a year of breakfasts
    events = []
    for number, held_on in enumerate(_months_back(anchor, 12), 1):
        event = Event.create(
            name=f"{GROUP} — {held_on:%B %Y}",
            held_on=held_on,
            place=PLACE,
            notes="Monthly breakfast, 7:00–8:30. Two-minute pitches.",
        )
        EventTag.create(event=event, tag=group)
        events.append(event)
        for person in people[:MEMBERS]:
            joined_month = person["contact"].id % 10  # members joined at different times
            if number <= joined_month or rng.random() > 0.72:
                continue
            new = person["met"] is None
            Attendance.create(event=event, contact=person["contact"], is_new=int(new))
            if new:
                person["met"] = held_on
                log(person, "met", held_on, "first breakfast together", event=event)
            else:
                log(person, "saw_at_event", held_on, "", event=event)
    # guests at the latest breakfast: met there, not yet followed up
    latest = events[-1]
    for person in people[-GUESTS:]:
        Attendance.create(event=latest, contact=person["contact"], is_new=1)
        Contact.update(how_we_met=f"guest at {latest.name}").where(
            Contact.id == person["contact"].id
        ).execute()
        person["met"] = latest.held_on
        person["guest"] = True
        log(person, "met", latest.held_on, "guest at the breakfast", event=latest)
    for person in people[MEMBERS:-GUESTS]:
        person["met"] = anchor - dt.timedelta(days=rng.randrange(60, 365))
        log(person, "met", person["met"], person["contact"].how_we_met)

    # life between breakfasts
    for person in people:
        if person.get("guest"):
            continue
        met = person["met"] or anchor - dt.timedelta(days=30)
        span = max(1, (anchor - met).days)
        closeness = {"referral_partner": 6, "soft_sell": 3, "quick_sale": 2, "": 1}[person["style"]]

        def day_after_met(span: int = span, met: dt.date = met) -> dt.date:
            return met + dt.timedelta(days=rng.randrange(span))

        for _ in range(rng.randint(0, closeness)):
            log(person, "one_to_one", day_after_met(), rng.choice(_ONE_TO_ONE_NOTES))
        for _ in range(rng.randint(0, closeness)):
            log(person, "call", day_after_met(), rng.choice(_CALL_NOTES))
        for _ in range(rng.randint(1, closeness + 2)):
            log(person, "message", day_after_met(), "")
        if rng.random() < 0.35:
            log(person, "favour_given", day_after_met(), rng.choice(_FAVOURS_GIVEN))
        if rng.random() < 0.3:
            log(person, "favour_received", day_after_met(), rng.choice(_FAVOURS_RECEIVED))
        if rng.random() < 0.3:
            log(person, "promise_kept", day_after_met(), rng.choice(_PROMISES_KEPT))
        if person["style"] == "quick_sale" and rng.random() < 0.5:
            log(person, "promise_broken", day_after_met(), rng.choice(_PROMISES_BROKEN))

    _referrals(rng, anchor, people, log)

    # follow-ups after the latest breakfast for the people first met there
    last = events[-1]
    for attendance in Attendance.select().where(
        (Attendance.event == last) & (Attendance.is_new == 1)
    ):
        FollowUp.create(
            contact=attendance.contact,
            reason="event",
            event=last,
            due_on=last.held_on + dt.timedelta(days=3),
            note=f"Follow up after {last.name}",
        )


def _referrals(
    rng: random.Random, anchor: dt.date, people: list[dict[str, Any]], log: Callable[..., None]
) -> None:
    statuses = ("introduced", "met", "won", "won", "lost", "won", "met")
    by_trade: dict[str, list[dict[str, Any]]] = {}
    for index, person in enumerate(people):
        by_trade.setdefault(list(TRADES)[index % len(TRADES)], []).append(person)
    partners = [p for p in people if p["style"] in ("referral_partner", "soft_sell")]
    for number in range(34):
        kind = ("given", "received", "connected")[number % 3]
        when = anchor - dt.timedelta(days=rng.randrange(5, 330))
        status = rng.choice(statuses)
        value = float(rng.choice((800, 1500, 2500, 4000, 6500, 12000))) if status == "won" else None
        changed = min(anchor, when + dt.timedelta(days=rng.randrange(3, 40)))
        if kind == "received":
            referrer = rng.choice(partners)
            referral = Referral.create(
                direction="received",
                referrer=referrer["contact"],
                need="a client for me",
                referred_on=when,
                status=status,
                status_changed_on=changed,
                value=value,
                note="They sent a client my way.",
            )
            log(referrer, "referral_received", when, "sent me a client", referral=referral)
            continue
        trade = rng.choice(list(TRADES))
        provider = rng.choice(by_trade[trade])
        recipient = rng.choice([p for p in people if p is not provider])
        need = TRADES[trade][1][0]
        referral = Referral.create(
            direction=kind,
            provider=provider["contact"],
            recipient=recipient["contact"] if kind == "connected" else None,
            need=f"needs {need}",
            referred_on=when,
            status=status,
            status_changed_on=changed,
            value=value,
            note=f"Recommended {provider['contact'].display_name} for {need}.",
        )
        log(provider, "referral_given", when, f"referred a client for {need}", referral=referral)
        if kind == "connected":
            log(
                recipient,
                "favour_given",
                when,
                f"introduced them to {provider['contact'].display_name}",
                referral=referral,
            )
        if status == "won":
            log(
                provider,
                "referral_closed",
                changed,
                "the referral closed business",
                referral=referral,
            )
