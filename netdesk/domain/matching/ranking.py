"""Ranking who can serve a need: relevance per provider field, weighed by standing and place.

    score = relevance × standing × place

- **relevance** (0 to 1) says how much of the need a contact *provides*. Each
  concept of the need (see ``need``) earns the best credit any of its matches
  earns, field weight × form weight:

      field weight:  offers 1, title 0.6, organisation 0.3, tags 0.2  (FIELD_WEIGHTS)
      form weight:   1 for the words as typed (in any of their word forms),
                     0.7 for a synonym rule's other phrases          (EXPANSION_WEIGHT)

  and relevance = Σ concept weight × credit / Σ concept weight (a concept
  weighs 1; a word that says little, like "business", ``GENERIC_WEIGHT``, and
  it only counts for a contact who matches a word that says something, when
  the need has one). A concept counts once however many of its phrases or
  fields matched. How many
  other people offer the same thing plays no part. Names, needs, cities and
  notes are not in the provider index at all, so they neither match nor dilute.
  Contacts whose relevance is under ``MIN_SHARE`` of the best one's are left
  out (a tag or one incidental word beside someone who offers the thing).
- **standing** (0 to 2) weighs relevance by trust and attention:

      g = S_trust / trust_scale + S_attention / (2 · attention_scale)
      standing = 2 − exp(−g) when g ≥ 0,  exp(g) when g < 0

  S_trust and S_attention are the decayed sums behind the scores, before they
  are capped (S_trust goes below zero when promises broke): someone you know
  nothing about has standing 1, proven relationships approach 2, broken trust
  approaches 0.
- **place** is ``PLACE_BOOST`` (2) when the need names the contact's city,
  else 1: someone in the town asked for comes before anyone elsewhere of the
  same relevance, however trusted.

Ties go to the contact with more matches (index rows matched by a concept's
typed forms or expansions), then the older contact. Someone whose notes
alone mention the need is never a provider: they are listed apart
(``Match.mentioned``, by standing), up to ``MENTION_LIMIT``. The person with
the need is in neither list.

One SQL statement finds, scores and ranks both lists (FTS5 MATCH on the
provider index per concept, a join on the cached score norms); only the rows
returned are explained.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from dataclasses import dataclass
from typing import Any

from netdesk.domain import score_cache
from netdesk.domain.matching import explain
from netdesk.domain.matching.need import ConceptQueries, ParsedNeed, parse_need, provider_queries
from netdesk.domain.matching.results import NOTES, MatchResult, ReferralHistory, referral_history
from netdesk.domain.validation import Problem, ValidationError
from netdesk.storage import search_index
from netdesk.storage.models import database

FIELD_WEIGHTS: dict[str, float] = {"offers": 1.0, "title": 0.6, "organisation": 0.3, "tags": 0.2}
EXPANSION_WEIGHT = 0.7
MIN_SHARE = 0.3
PLACE_BOOST = 2.0
DEFAULT_LIMIT = 20
MENTION_LIMIT = 5

_STANDING_SQL = "(CASE WHEN g >= 0 THEN 2.0 - exp(-g) ELSE exp(g) END)"
_PLACE_SQL = "(CASE WHEN in_place THEN :boost ELSE 1.0 END)"


@dataclass(frozen=True)
class Match:
    """A need's providers, best first, and the people only their notes connect to it."""

    need: ParsedNeed
    providers: list[MatchResult]
    mentioned: list[MatchResult]

    @property
    def corrections(self) -> tuple[tuple[str, str], ...]:
        return self.need.corrections


def standing_of(g: float) -> float:
    """The standing factor of the formula, from g (see the module notes)."""
    return 2.0 - math.exp(-g) if g >= 0 else math.exp(g)


def standing_factors(view: score_cache.ScoreView) -> tuple[float, float]:
    """(k_trust, k_attention): g = trust_norm · k_trust + attention_norm · k_attention today."""
    days = (view.on - view.epoch).days
    params = view.params
    k_trust = 2.0 ** (-days / params.trust_half_life_days) / params.trust_scale
    k_attention = 2.0 ** (-days / params.attention_half_life_days) / (2 * params.attention_scale)
    return k_trust, k_attention


def ensure_math(conn: sqlite3.Connection) -> None:
    """SQLite builds without the math functions get ``exp`` from Python."""
    try:
        conn.execute("SELECT exp(0)")
    except sqlite3.OperationalError:
        conn.create_function("exp", 1, math.exp, deterministic=True)


def _field_credit_sql() -> str:
    cases = " ".join(
        f"WHEN {number} THEN {FIELD_WEIGHTS[name]!r}"
        for number, name in enumerate(search_index.PROVIDER_FIELDS)
    )
    return f"(CASE rowid % {search_index.PROVIDER_SLOTS} {cases} ELSE 0.0 END)"


def _place_sql(parsed: ParsedNeed) -> str:
    if not parsed.places:
        return "0"
    table = search_index.SEARCH_TABLE
    return f"(c.search_position IN (SELECT rowid FROM {table} WHERE {table} MATCH :place))"


_CONTACT_COLUMNS = "c.id, c.display_name, c.organisation, c.title, c.attention_norm, c.trust_norm"
_G = "c.trust_norm * :k_trust + c.attention_norm * :k_attention"


def _statement(parsed: ParsedNeed, queries: list[ConceptQueries], params: dict[str, Any]) -> str:
    """The SQL that ranks providers and mentions at once (see the module notes)."""
    total = sum(concept.weight for concept in parsed.concepts)
    slots = search_index.PROVIDER_SLOTS
    table = search_index.PROVIDER_TABLE
    has_core = any(not found.concept.generic for found in queries)
    core: list[str] = []
    generic: list[str] = []
    for c, found in enumerate(queries):
        concept = found.concept
        for form_weight, query in ((1.0, found.typed), (EXPANSION_WEIGHT, found.expansions)):
            if query is None:
                continue
            key = f"q{len(params)}"
            params[key] = query
            weight = form_weight * concept.weight / total
            select = (
                f"SELECT rowid AS r, {c} AS c, {weight!r} * {_field_credit_sql()} AS w "
                f"FROM {table} WHERE {table} MATCH :{key}"
            )
            if concept.generic and has_core:  # only beside a word that says something
                generic.append(f"{select} AND rowid / {slots} IN (SELECT r / {slots} FROM core)")
            else:
                (generic if concept.generic else core).append(select)
    hits = " UNION ALL ".join((["SELECT * FROM core"] if core else []) + generic)
    core_sql = " UNION ALL ".join(core) if core else "SELECT 0 AS r, 0 AS c, 0.0 AS w WHERE 0"
    relevance = " + ".join(
        f"coalesce(max(CASE WHEN c = {c} THEN w END), 0.0)" for c in range(len(queries))
    )
    standing = _STANDING_SQL.replace("g", f"({_G})")
    notes = parsed.notes_expression()
    mentions = ""
    if notes:
        params["notes"] = notes
        match_table = search_index.MATCH_TABLE
        mentions = f"""
UNION ALL SELECT * FROM (
    SELECT 1, {_CONTACT_COLUMNS}, 0.0, 0, {_place_sql(parsed)} AS in_place, {_G} AS g
    FROM contact c
    WHERE c.id IN (SELECT rowid FROM {match_table} WHERE {match_table} MATCH :notes)
      AND c.id NOT IN (SELECT r / {slots} FROM hits)
      AND c.deleted_at IS NULL AND c.id <> :exclude
    ORDER BY {standing} * {_PLACE_SQL} DESC, c.id
    LIMIT :mentions)"""
    return f"""
WITH core AS MATERIALIZED ({core_sql}),
hits AS MATERIALIZED ({hits}),
per AS (SELECT r / {slots} AS cid, {relevance} AS relevance, count(*) AS support
        FROM hits GROUP BY 1),
live AS MATERIALIZED (
    SELECT {_CONTACT_COLUMNS}, per.relevance, per.support,
           {_place_sql(parsed)} AS in_place, {_G} AS g, {standing} AS standing
    FROM per JOIN contact c ON c.id = per.cid
    WHERE c.deleted_at IS NULL AND c.id <> :exclude)
SELECT * FROM (
    SELECT 0, id, display_name, organisation, title, attention_norm, trust_norm,
           relevance, support, in_place, g
    FROM live
    WHERE relevance >= (SELECT max(relevance) FROM live) * :share
    ORDER BY relevance * standing * {_PLACE_SQL} DESC, support DESC, id
    LIMIT :limit){mentions}
"""


_PLACE_ONLY = f"""
SELECT 0, {_CONTACT_COLUMNS}, 1.0, 0, 1 AS in_place, {_G} AS g
FROM contact c
WHERE c.search_position IN (SELECT rowid FROM {search_index.SEARCH_TABLE}
                            WHERE {search_index.SEARCH_TABLE} MATCH :place)
  AND c.deleted_at IS NULL AND c.id <> :exclude
ORDER BY {_STANDING_SQL} DESC, c.id
LIMIT :limit
"""


def match(
    need: str,
    *,
    for_contact_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
    today: dt.date | None = None,
) -> Match:
    """Who can serve ``need``, best first, with reasons; and who only mentions it in notes.

    ``for_contact_id`` is the person with the need: in neither list.
    """
    if limit < 1:
        raise ValidationError([Problem("limit", None, "the limit is at least 1")])
    parsed = parse_need(need)
    if not parsed.concepts and not parsed.places:
        return Match(parsed, [], [])
    view = score_cache.score_view(today)
    k_trust, k_attention = standing_factors(view)
    params: dict[str, Any] = {
        "k_trust": k_trust,
        "k_attention": k_attention,
        "exclude": for_contact_id if for_contact_id is not None else -1,
        "boost": PLACE_BOOST,
        "limit": limit,
        "share": MIN_SHARE,
        "mentions": MENTION_LIMIT,
    }
    if parsed.places:
        params["place"] = parsed.place_expression()
    queries = provider_queries(parsed)
    sql = _statement(parsed, queries, params) if parsed.concepts else _PLACE_ONLY
    conn = database.connection()
    ensure_math(conn)
    rows = conn.execute(sql, params).fetchall()
    return _results(parsed, queries, rows, view)


def match_need(
    need: str,
    *,
    for_contact_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
    today: dt.date | None = None,
) -> list[MatchResult]:
    """The contacts who can serve ``need``, best first (``match`` without the mentions)."""
    return match(need, for_contact_id=for_contact_id, limit=limit, today=today).providers


def _results(
    parsed: ParsedNeed,
    queries: list[ConceptQueries],
    rows: list[tuple[Any, ...]],
    view: score_cache.ScoreView,
) -> Match:
    ids = [row[1] for row in rows]
    providers = [row[1] for row in rows if row[0] == 0]
    mentioned = [row[1] for row in rows if row[0] == 1]
    explained = explain.explain_providers(parsed, queries, providers)
    snippets = explain.notes_snippets(parsed, mentioned)
    history = referral_history(ids)
    cities = _cities_of(ids)
    found: dict[int, list[MatchResult]] = {0: [], 1: []}
    for (
        section,
        cid,
        name,
        organisation,
        title,
        a_norm,
        t_norm,
        relevance,
        _support,
        in_place,
        g,
    ) in rows:
        scores = view.scores(a_norm, t_norm)
        standing = standing_of(g)
        place = PLACE_BOOST if in_place else 1.0
        past = history.get(cid, ReferralHistory())
        city = cities.get(cid, "") if in_place else ""
        if section == 0:
            fields = explained[cid]
            matched = dict(fields.matched)
            reasons = explain.provider_reasons(
                parsed, fields, city, scores.trust, scores.attention, past
            )
            score = relevance * standing * place
        else:
            matched = {"notes": [snippets.get(cid, "")]}
            reasons = (f"notes: “{snippets.get(cid, '')}”",) + explain.standing_reasons(
                city, scores.trust, scores.attention, past
            )
            score = standing * place
        found[section].append(
            MatchResult(
                contact_id=cid,
                name=name,
                organisation=organisation,
                title=title,
                score=score,
                relevance=relevance,
                standing=standing,
                in_place=bool(in_place),
                trust=scores.trust,
                attention=scores.attention,
                matched=matched,
                history=past,
                reasons=reasons,
                section=NOTES if section else "provider",
            )
        )
    for section, results in found.items():
        support = {row[1]: row[8] for row in rows if row[0] == section}
        results.sort(key=lambda r: (-r.score, -support[r.contact_id], r.contact_id))
    return Match(parsed, found[0], found[1])


def _cities_of(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return dict(
        database.execute_sql(f"SELECT id, city FROM contact WHERE id IN ({marks})", ids).fetchall()
    )
