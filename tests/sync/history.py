"""The history of a test device: made (a small network with a bit of everything) and
compared (the full JSON backup with local ids and timestamps taken out, and the scores)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from netdesk.domain import events, followups, json_backup, referrals, score_cache
from netdesk.domain.contacts import ContactDraft
from netdesk.domain.events import EventDraft
from netdesk.domain.matching.synonyms import DEFAULT_SYNONYMS, SynonymRule, save_synonym_rules
from netdesk.domain.referrals import ReferralDraft
from netdesk.storage.models import Contact
from tests.helpers import log, make_contact

TODAY = dt.date.today()


def build_history() -> dict[str, int]:
    """Five people, a breakfast with a newcomer, three referrals, the follow-ups dealt with,
    a custom synonym rule: every kind of record there is."""
    ana = make_contact(
        "Ana",
        "Lopez",
        nickname="Anita",
        organisation="Casa Realty",
        department="Residential",
        offers=["Realtor"],
    )
    omar = make_contact("Omar", "Haddad", organisation="Haddad Web", cadence_days=14)
    lena = make_contact("Lena", "Brown", cadence_days=7)
    mai = make_contact("Mai", "Nguyen", offers=["bookkeeping"])
    zed = make_contact("Zed", "Quinn")
    log(ana, "one_to_one", 40, "coffee at Vincenzo's, talked about open houses")
    log(ana, "promise_kept", 20, "sent the listing she asked for")
    log(omar, "call", 30, "website questions")
    log(omar, "promise_broken", 25, "missed our lunch")
    log(lena, "message", 60, "newsletter, line one\nline two; with a comma, too")
    log(mai, "favour_received", 10, "")
    log(zed, "note", 5, "met his wife at the market")
    breakfast = events.create_event(
        EventDraft("Chamber breakfast", TODAY - dt.timedelta(days=3), "Walper Hotel", "monthly",
                   ["breakfast", "chamber"])
    )  # fmt: skip
    events.check_in(breakfast, ana)
    events.check_in(breakfast, omar, note="asked about SEO")
    newcomer = events.add_and_check_in(
        breakfast, ContactDraft(given_name="Priya", family_name="Shah", offers=["photography"])
    ).contact_id
    given = referrals.record_referral(
        ReferralDraft("given", provider_id=ana, recipient_id=mai, need="a realtor",
                      referred_on=TODAY - dt.timedelta(days=30))
    ).referral_id  # fmt: skip
    referrals.move_status(given, "met", on=TODAY - dt.timedelta(days=20))
    connected = referrals.record_referral(
        ReferralDraft("connected", provider_id=omar, recipient_id=lena, need="a new website",
                      referred_on=TODAY - dt.timedelta(days=50))
    ).referral_id  # fmt: skip
    referrals.move_status(connected, "won", on=TODAY - dt.timedelta(days=8), value=2500.0)
    referrals.record_referral(
        ReferralDraft("received", referrer_id=zed, need="bookkeeping", note="for the shop",
                      referred_on=TODAY - dt.timedelta(days=2), status="suggested")
    )  # fmt: skip
    for item in followups.needs_attention(TODAY):
        if item.contact_id == lena:
            followups.snooze(item, TODAY + dt.timedelta(days=5), TODAY)
        elif item.contact_id == omar:
            followups.mark_done(item)
    save_synonym_rules([*DEFAULT_SYNONYMS, SynonymRule(("drone", "aerial photos"), ("video",))])
    return {
        "ana": ana,
        "omar": omar,
        "lena": lena,
        "mai": mai,
        "zed": zed,
        "priya": newcomer,
        "breakfast": breakfast,
        "given": given,
        "connected": connected,
    }


_LEFT_OUT = {"id", "created_at", "updated_at", "attention_norm", "trust_norm"}
_SYNC_TABLES = ("sync_account", "sync_collection", "sync_item", "sync_conflict")


def comparable() -> dict[str, list[str]]:
    """The open database's full JSON backup, each row with its local ids replaced by what
    they name (a contact by name, an event by name and day, a referral by its need and
    day) and its timestamps left out: two devices holding the same history compare equal.
    The score cache's norms depend on the day each device started counting and are left
    out here: ``scores`` compares the scores themselves."""
    tables = json_backup.backup_document()["tables"]
    contacts = {r["id"]: r["display_name"] for r in tables["contact"]}
    tags = {r["id"]: r["name"] for r in tables["tag"]}
    evs = {r["id"]: f"{r['name']} on {r['held_on']}" for r in tables["event"]}
    refs = {
        r["id"]: f"{r['direction']} {r['need']} on {r['referred_on']}" for r in tables["referral"]
    }
    names: dict[str, dict[Any, str]] = {
        "contact_id": contacts,
        "introduced_by_id": contacts,
        "provider_id": contacts,
        "recipient_id": contacts,
        "referrer_id": contacts,
        "tag_id": tags,
        "event_id": evs,
        "referral_id": refs,
    }
    found: dict[str, list[str]] = {}
    for table, rows in tables.items():
        # (tags are compared by name where they are used: a tag nobody has is no data)
        if table in _SYNC_TABLES or table == "tag":
            continue
        shown = []
        for row in rows:
            if table == "setting" and row["key"] == "scores.epoch":
                continue
            kept = {
                key: (names[key].get(value, value) if key in names else value)
                for key, value in row.items()
                if key not in _LEFT_OUT and not (table == "follow_up" and key == "done_at")
            }
            if table == "follow_up":
                kept["done"] = row["done_at"] is not None
            shown.append(json.dumps(kept, sort_keys=True, ensure_ascii=False))
        found[table] = sorted(shown)
    return found


def scores() -> dict[str, tuple[float, float]]:
    """Trust and attention today, per contact name."""
    view = score_cache.score_view(TODAY)
    return {
        c.display_name: (
            round(view.trust(c.trust_norm), 9),
            round(view.attention(c.attention_norm), 9),
        )
        for c in Contact.select()
    }
