"""The reverse view, for one contact: who needs what they offer, who could help them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from netdesk.domain import score_cache
from netdesk.domain.matching import explain
from netdesk.domain.matching import vocabulary as vocab
from netdesk.domain.matching.need import quote
from netdesk.domain.matching.ranking import (
    DEFAULT_LIMIT,
    ensure_math,
    match_need,
    standing_factors,
    standing_of,
)
from netdesk.domain.matching.results import MatchResult, ReferralHistory, referral_history
from netdesk.domain.matching.synonyms import SynonymRule, clean_phrase, synonym_rules
from netdesk.storage import search_index
from netdesk.storage.models import database


@dataclass(frozen=True)
class HelpFor:
    """The contacts who could help with one of a contact's needs."""

    need: str
    helpers: list[MatchResult]


@dataclass(frozen=True)
class ReverseView:
    contact_id: int
    # who in my network needs what this contact offers
    needing: list[MatchResult]
    # who could help with what this contact needs, need by need
    helping: list[HelpFor]


@lru_cache(maxsize=8)
def _any_phrase_index(rules: tuple[SynonymRule, ...]) -> list[tuple[tuple[str, ...], int]]:
    """(stems of any phrase of a rule, the rule), for reading offers."""
    index = []
    for number, rule in enumerate(rules):
        for phrase in rule.phrases():
            terms = tuple(vocab.stems(phrase))
            if terms:
                index.append((terms, number))
    return index


def _needs_served_by(offer: str, rules: tuple[SynonymRule, ...]) -> list[str]:
    """The ``find`` phrases of every rule that has a phrase inside this offer."""
    terms = tuple(vocab.stems(offer))
    found: list[str] = []
    for phrase_terms, number in _any_phrase_index(rules):
        size = len(phrase_terms)
        if any(terms[i : i + size] == phrase_terms for i in range(len(terms) - size + 1)):
            found.extend(p for p in rules[number].find if p not in found)
    return found


_NEEDING_SQL = f"""
SELECT c.id, c.display_name, c.organisation, c.title, c.attention_norm, c.trust_norm,
       c.trust_norm * :k_trust + c.attention_norm * :k_attention AS g
FROM contact c
WHERE c.id IN (SELECT rowid FROM {search_index.MATCH_TABLE}
               WHERE {search_index.MATCH_TABLE} MATCH :expression)
  AND c.id <> :exclude AND c.deleted_at IS NULL
ORDER BY (CASE WHEN g >= 0 THEN 2.0 - exp(-g) ELSE exp(g) END) DESC, c.id
LIMIT :limit
"""


def who_needs(
    offers: list[str],
    *,
    provider_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
    today: dt.date | None = None,
) -> list[MatchResult]:
    """The contacts whose recorded needs match these offers, by standing.

    Each offer is looked for as a whole phrase; a synonym rule with any of its
    phrases in the offer adds the phrases a need would name ("website
    development" serves "a web developer").
    """
    rules = tuple(synonym_rules())
    phrases: list[str] = []
    for offer in offers:
        for phrase in (clean_phrase(offer), *_needs_served_by(offer, rules)):
            if phrase and phrase not in phrases:
                phrases.append(phrase)
    if not phrases:
        return []
    found = " OR ".join(quote(p) for p in phrases)
    view = score_cache.score_view(today)
    k_trust, k_attention = standing_factors(view)
    conn = database.connection()
    ensure_math(conn)
    rows = conn.execute(
        _NEEDING_SQL,
        {
            "expression": "{needs}: (" + found + ")",
            "k_trust": k_trust,
            "k_attention": k_attention,
            "exclude": provider_id if provider_id is not None else -1,
            "limit": limit,
        },
    ).fetchall()
    ids = [row[0] for row in rows]
    needs = _matching_needs(ids, found)
    history = referral_history(ids)
    results = []
    for cid, name, organisation, title, a_norm, t_norm, g in rows:
        scores = view.scores(a_norm, t_norm)
        past = history.get(cid, ReferralHistory())
        matched = {"needs": needs.get(cid, [])}
        results.append(
            MatchResult(
                contact_id=cid,
                name=name,
                organisation=organisation,
                title=title,
                score=standing_of(g),
                relevance=1.0,
                standing=standing_of(g),
                in_place=False,
                trust=scores.trust,
                attention=scores.attention,
                matched=matched,
                history=past,
                reasons=(f"needs: {', '.join(matched['needs'])}",)
                + explain.standing_reasons("", scores.trust, scores.attention, past),
            )
        )
    return results


def _matching_needs(ids: list[int], found: str) -> dict[int, list[str]]:
    """Per contact, their recorded needs the offers match, in their order."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = database.execute_sql(
        f"SELECT contact_id, text FROM need WHERE contact_id IN ({marks}) "
        "ORDER BY contact_id, position, id",
        ids,
    ).fetchall()
    conn = vocab.scratch_connection()
    with conn:
        conn.executemany(
            "INSERT INTO notes(rowid, text) VALUES (?, ?)",
            [(n, text) for n, (_, text) in enumerate(rows)],
        )
        hits = {n for (n,) in conn.execute("SELECT rowid FROM notes WHERE notes MATCH ?", (found,))}
        conn.execute("DELETE FROM notes")
    result: dict[int, list[str]] = {}
    for n, (cid, text) in enumerate(rows):
        if n in hits:
            result.setdefault(cid, []).append(text)
    return result


def reverse_view(contact_id: int, *, limit: int = 10, today: dt.date | None = None) -> ReverseView:
    offers = [
        text
        for (text,) in database.execute_sql(
            "SELECT text FROM offer WHERE contact_id = ? ORDER BY position", (contact_id,)
        )
    ]
    needs = [
        text
        for (text,) in database.execute_sql(
            "SELECT text FROM need WHERE contact_id = ? ORDER BY position", (contact_id,)
        )
    ]
    needing = who_needs(offers, provider_id=contact_id, limit=limit, today=today)
    helping = [
        HelpFor(need, match_need(need, for_contact_id=contact_id, limit=5, today=today))
        for need in needs
    ]
    return ReverseView(contact_id, needing, helping)
