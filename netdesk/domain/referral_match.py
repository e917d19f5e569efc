"""Referral match: who in my network can serve a need, best first, and why.

The ranking formula
-------------------

    score = relevance × standing × place

- **relevance** = −bm25(contact_match) with per-column weights (``WEIGHTS``):
  offers 8, title 4, organisation 2, tags 1.5, notes 1. The name, the
  contact's own needs and the city never make someone a provider, so their
  weight is 0 and the query only looks in the other columns. The index is
  Porter-stemmed ("realtors" finds "Realtor", "bookkeeping" finds
  "Bookkeeper"); the words of the need are OR-ed, so a contact matching more
  of them, in weightier columns, comes first. Phrases from the synonym table
  (``DEFAULT_SYNONYM_TEXT``, editable) are added: "real estate agent" also
  looks for "realtor". Matches that only share words most contacts have
  (relevance under ``MIN_SHARE`` of the best one's) are left out, once the
  network has ``MIN_NETWORK`` people: BM25 gives a word found in more than
  half the contacts almost no weight, which in a handful of people says
  nothing about how common the word is.
- **standing** weighs relevance by trust and attention, between 0 and 2:

      g = S_trust / trust_scale + S_attention / (2 · attention_scale)
      standing = 2 − exp(−g)   when g ≥ 0
               = exp(g)        when g < 0

  where S_trust and S_attention are the decayed sums behind the trust and
  attention scores (see ``interaction_kinds``), before they are capped:
  S_trust goes below zero when promises broke. Someone you know nothing about
  has standing 1; proven, present relationships approach 2; broken trust
  approaches 0. A broken promise (trust −8, attention +1) always lowers g, so
  it always costs rank, however much trust there is to begin with.
- **place** is ``PLACE_BOOST`` (1.5) when the need names the city the
  contact is in ("a realtor in Waterloo"), else 1. Words naming a city on
  record are taken out of the search words and only weigh the ranking.

The person with the need is never in the results. Filtering and ranking run
in one SQL statement (FTS5 MATCH, bm25, a join on the cached score norms);
the reasons (what matched, trust, attention, past referrals) are worked out
only for the rows returned.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from netdesk.domain import score_cache, settings
from netdesk.domain.contacts import sort_key_for
from netdesk.domain.referrals import format_value
from netdesk.domain.validation import Problem, ValidationError
from netdesk.storage import search_index
from netdesk.storage.models import database

TABLE = search_index.MATCH_TABLE
# bm25 weight of each index column, in the index's column order
WEIGHTS: dict[str, float] = {
    "name": 0.0,
    "organisation": 2.0,
    "title": 4.0,
    "offers": 8.0,
    "needs": 0.0,
    "tags": 1.5,
    "city": 0.0,
    "notes": 1.0,
}
PROVIDER_COLUMNS = tuple(column for column, weight in WEIGHTS.items() if weight > 0)
PLACE_BOOST = 1.5
# a match whose relevance is under this share of the best one's only shares common words
MIN_SHARE = 0.01
MIN_NETWORK = 40
DEFAULT_LIMIT = 20
# same tokenizer as the contact_match index, so query phrases stem the same way
STEM_TOKENIZER = "porter unicode61 remove_diacritics 2"

# Words that say nothing about the trade: left out of the search.
_STOPWORD_LINES = (
    "a an the and or of for to in on at by with from into near around about",
    "my our me i we us you your their them they he she his her its it",
    "someone somebody anyone anybody some any who whom which that this these those",
    "can could would should might must shall do does did is are was were be been am",
    "need needs needed looking look want wants wanted help helps find get got",
    "good great best new please like just also really very one two",
)
STOPWORDS = frozenset(word for line in _STOPWORD_LINES for word in line.split())

# The built-in synonym table, one rule a line, in the format a person edits:
#   "a, b = c, d"  a need naming a or b also looks for the other and for c and d;
#   "a, b, c"      (no "=") each finds the others.
DEFAULT_SYNONYM_TEXT = """\
realtor, real estate agent, real estate broker, estate agent = realty, residential real estate
web designer, web developer, website developer, web design = website development, websites
graphic designer, graphic design, brand designer = logo design, branding
bookkeeper, book keeper = bookkeeping
accountant, accounting, cpa, chartered accountant = tax advisor, tax returns
lawyer, attorney, solicitor, barrister, legal = paralegal
mortgage broker, mortgage agent = mortgages, home loan
financial planner, financial advisor, wealth advisor, financial planning = retirement planning
photographer, photography, videographer = headshots, photos
printer, printing, print shop
home inspector, home inspection, house inspector
contractor, builder, handyman = renovation, remodel
insurance broker, insurance agent = insurance
copywriter, copywriting, content writer
it support, tech support, computer help, it consultant
business coach, business coaching, mentor = coaching
seo, seo specialist = search engine optimization
stager, home stager, home staging
"""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_HIT_OPEN, _HIT_CLOSE = "\x02", "\x03"
_HIT = re.compile(f"{_HIT_OPEN}(.*?){_HIT_CLOSE}", re.DOTALL)


# -- the synonym table ---------------------------------------------------------------


@dataclass(frozen=True)
class SynonymRule:
    """A need naming any ``find`` phrase also looks for the other ``find`` and all ``also``."""

    find: tuple[str, ...]
    also: tuple[str, ...] = ()

    def as_line(self) -> str:
        left = ", ".join(self.find)
        return f"{left} = {', '.join(self.also)}" if self.also else left


def _clean_phrase(phrase: str) -> str:
    return " ".join(_WORD.findall(phrase)).casefold()


def _clean_list(phrases) -> tuple[str, ...]:
    kept: list[str] = []
    for phrase in phrases:
        cleaned = _clean_phrase(phrase)
        if cleaned and cleaned not in kept:
            kept.append(cleaned)
    return tuple(kept)


def _rule_problem(rule: SynonymRule) -> str | None:
    if not rule.find:
        return "nothing before “=” to look for"
    if rule.also:
        return None
    if len(rule.find) < 2:
        return "a rule needs two phrases: “a, b” or “a = b”"
    return None


def parse_synonym_text(text: str) -> list[SynonymRule]:
    """One rule a line (see ``DEFAULT_SYNONYM_TEXT``); blank lines and # comments skipped.

    Raises ``ValidationError`` naming each bad line.
    """
    rules = []
    problems = []
    for number, line in enumerate(text.splitlines()):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        left, equals, right = line.partition("=")
        rule = SynonymRule(_clean_list(left.split(",")), _clean_list(right.split(",")))
        message = "nothing after “=”" if equals and not rule.also else _rule_problem(rule)
        if message:
            problems.append(Problem("line", number, message))
        rules.append(rule)
    if problems:
        raise ValidationError(problems)
    return rules


def format_synonym_text(rules: list[SynonymRule]) -> str:
    return "".join(rule.as_line() + "\n" for rule in rules)


DEFAULT_SYNONYMS: tuple[SynonymRule, ...] = tuple(parse_synonym_text(DEFAULT_SYNONYM_TEXT))


def synonym_rules() -> list[SynonymRule]:
    """The table in use: the user's edits (setting ``match.synonyms``), or the built-in one."""
    stored = settings.get("match.synonyms")
    if stored is None:
        return list(DEFAULT_SYNONYMS)
    return [SynonymRule(tuple(find), tuple(also)) for find, also in stored]


def save_synonym_rules(rules: list[SynonymRule] | None) -> None:
    """Store the user's table (None: back to the built-in one), in one transaction."""
    if rules is None:
        value = None
    else:
        problems = []
        for index, rule in enumerate(rules):
            message = _rule_problem(rule)
            if message:
                problems.append(Problem("synonyms", index, message))
        if problems:
            raise ValidationError(problems)
        value = [[list(rule.find), list(rule.also)] for rule in rules]
    with database.atomic():
        settings.put("match.synonyms", value)


# -- reading a need --------------------------------------------------------------------

_scratch = threading.local()


def _scratch_connection() -> sqlite3.Connection:
    """A private in-memory database with the match index's tokenizer, one per thread.

    ``words`` turns text into index terms; ``docs`` holds a copy of the few
    rows being explained, so highlighting them never walks the big index.
    """
    conn = getattr(_scratch, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:")
        conn.execute(f"CREATE VIRTUAL TABLE words USING fts5(text, tokenize='{STEM_TOKENIZER}')")
        conn.execute("CREATE VIRTUAL TABLE temp.word_stems USING fts5vocab(main, words, instance)")
        columns = ", ".join(search_index.COLUMNS)
        conn.execute(
            f"CREATE VIRTUAL TABLE docs USING fts5({columns}, tokenize='{STEM_TOKENIZER}')"
        )
        _scratch.conn = conn
    return conn


def stems(text: str) -> list[str]:
    """The index terms of ``text``, in order, exactly as the match index makes them."""
    conn = _scratch_connection()
    with conn:
        conn.execute("INSERT INTO words(rowid, text) VALUES (1, ?)", (text,))
        found = [row[0] for row in conn.execute("SELECT term FROM word_stems ORDER BY offset")]
        conn.execute("DELETE FROM words")
    return found


@lru_cache(maxsize=2048)
def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(stems(phrase))


@lru_cache(maxsize=8)
def _phrase_index(rules: tuple[SynonymRule, ...]) -> list[tuple[tuple[str, ...], int]]:
    """(stems of a phrase to find, its rule), longest phrases first."""
    index = []
    for number, rule in enumerate(rules):
        for phrase in rule.find:
            terms = _phrase_stems(phrase)
            if terms:
                index.append((terms, number))
    index.sort(key=lambda item: -len(item[0]))
    return index


def _quote(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


@dataclass(frozen=True)
class ParsedNeed:
    """A need made ready for the index: phrases to look for, places to favour."""

    text: str
    phrases: tuple[str, ...]
    places: tuple[str, ...]
    # (phrase as typed, the synonyms it brought in)
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def expression(self, columns: tuple[str, ...] = PROVIDER_COLUMNS) -> str | None:
        """The FTS5 query: any of the phrases, in these columns (None when nothing to find)."""
        if self.phrases:
            found = " OR ".join(_quote(p) for p in self.phrases)
            return "{" + " ".join(columns) + "}: (" + found + ")"
        if self.places:
            return self.place_expression()
        return None

    def place_expression(self) -> str | None:
        if not self.places:
            return None
        return "{city}: (" + " OR ".join(_quote(p) for p in self.places) + ")"


def _is_place(word: str) -> bool:
    found = database.execute_sql(
        f"SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH ? LIMIT 1",
        ("{city}: " + _quote(word),),
    ).fetchone()
    return found is not None


def parse_need(text: str, *, with_places: bool = True) -> ParsedNeed:
    """Words, synonym phrases and places of a need typed freely."""
    words = _WORD.findall(text)
    terms = stems(" ".join(words))
    if len(terms) != len(words):  # the tokenizer split differently: match word by word
        terms = [(stems(word) or [word.casefold()])[0] for word in words]
    rules = tuple(synonym_rules())
    index = _phrase_index(rules)
    phrases: list[str] = []
    places: list[str] = []
    synonyms: list[tuple[str, tuple[str, ...]]] = []

    def add(phrase: str) -> None:
        if phrase not in phrases:
            phrases.append(phrase)

    position = 0
    while position < len(words):
        for phrase_terms, _ in index:
            size = len(phrase_terms)
            if tuple(terms[position : position + size]) != phrase_terms:
                continue
            typed = " ".join(words[position : position + size])
            add(typed)
            others: list[str] = []
            for stems_of, number in index:
                if stems_of == phrase_terms:
                    rule = rules[number]
                    for other in (*rule.find, *rule.also):
                        if _phrase_stems(other) != phrase_terms and other not in others:
                            others.append(other)
            for other in others:
                add(other)
            synonyms.append((typed, tuple(others)))
            position += size
            break
        else:
            word = words[position]
            position += 1
            if word.casefold() in STOPWORDS:
                continue
            if with_places and _is_place(word):
                if word not in places:
                    places.append(word)
            else:
                add(word)
    return ParsedNeed(text, tuple(phrases), tuple(places), tuple(synonyms))


# -- ranking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralHistory:
    """Past referrals to a contact (I recommended them) and from them (they sent me)."""

    won: int = 0
    lost: int = 0
    open: int = 0
    won_value: float = 0.0
    sent_me: int = 0

    @property
    def total(self) -> int:
        return self.won + self.lost + self.open

    def describe(self) -> str:
        if not self.total:
            text = "never referred before"
        else:
            times = "once" if self.total == 1 else f"{self.total} times"
            parts = []
            if self.won:
                value = f" ({format_value(self.won_value)})" if self.won_value else ""
                parts.append(f"{self.won} won{value}")
            if self.lost:
                parts.append(f"{self.lost} lost")
            if self.open:
                parts.append(f"{self.open} open")
            text = f"referred {times} before: " + ", ".join(parts)
        if self.sent_me:
            plural = "s" if self.sent_me != 1 else ""
            text += f"; has sent you {self.sent_me} referral{plural}"
        return text


@dataclass(frozen=True)
class MatchResult:
    contact_id: int
    name: str
    organisation: str
    title: str
    score: float
    relevance: float
    standing: float
    in_place: bool
    trust: float
    attention: float
    # what matched, by field: {"offers": ["Realtor"], "title": ["Broker"], ...}
    matched: dict[str, list[str]] = field(default_factory=dict)
    history: ReferralHistory = ReferralHistory()
    reasons: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "score": round(self.score, 6),
            "reasons": list(self.reasons),
            "trust": round(self.trust, 1),
            "attention": round(self.attention, 1),
        }


def _weights_sql(weights: dict[str, float]) -> str:
    return ", ".join(repr(float(weights[c])) for c in search_index.COLUMNS)


def _standing_factors(view: score_cache.ScoreView) -> tuple[float, float]:
    """(k_trust, k_attention): g = trust_norm · k_trust + attention_norm · k_attention today."""
    days = (view.on - view.epoch).days
    params = view.params
    k_trust = 2.0 ** (-days / params.trust_half_life_days) / params.trust_scale
    k_attention = 2.0 ** (-days / params.attention_half_life_days) / (2 * params.attention_scale)
    return k_trust, k_attention


_RANK_SQL = """
SELECT c.id, c.display_name, c.organisation, c.title, c.attention_norm, c.trust_norm,
       hit.relevance, {place} AS in_place,
       c.trust_norm * :k_trust + c.attention_norm * :k_attention AS g
FROM (SELECT rowid AS id, -bm25({table}, {weights}) AS relevance
      FROM {table} WHERE {table} MATCH :expression) AS hit
JOIN contact c ON c.id = hit.id
WHERE c.id <> :exclude AND c.deleted_at IS NULL
ORDER BY hit.relevance
         * (CASE WHEN g >= 0 THEN 2.0 - exp(-g) ELSE exp(g) END)
         * (CASE WHEN in_place THEN :boost ELSE 1.0 END) DESC,
         c.id
LIMIT :limit
"""


def _ensure_math(conn) -> None:
    """SQLite builds without the math functions get ``exp`` from Python."""
    try:
        conn.execute("SELECT exp(0)")
    except sqlite3.OperationalError:
        conn.create_function("exp", 1, math.exp, deterministic=True)


def standing_of(g: float) -> float:
    """The standing factor of the formula, from g (see the module notes)."""
    return 2.0 - math.exp(-g) if g >= 0 else math.exp(g)


def _rank(
    expression: str,
    place_expression: str | None,
    weights: dict[str, float],
    exclude: int | None,
    limit: int,
    view: score_cache.ScoreView,
) -> list[tuple]:
    conn = database.connection()
    _ensure_math(conn)
    k_trust, k_attention = _standing_factors(view)
    place = (
        f"(c.id IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :place))"
        if place_expression
        else "0"
    )
    sql = _RANK_SQL.format(table=TABLE, weights=_weights_sql(weights), place=place)
    params = {
        "expression": expression,
        "k_trust": k_trust,
        "k_attention": k_attention,
        "exclude": exclude if exclude is not None else -1,
        "boost": PLACE_BOOST,
        "limit": limit,
    }
    if place_expression:
        params["place"] = place_expression
    return conn.execute(sql, params).fetchall()


def _marked(text: str) -> bool:
    return _HIT_OPEN in text


def _unmark(text: str) -> str:
    return text.replace(_HIT_OPEN, "").replace(_HIT_CLOSE, "")


def _hit_words(text: str) -> set[str]:
    return {word.casefold() for hit in _HIT.findall(text) for word in _WORD.findall(hit)}


def _matched_fields(expression: str, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Per contact, the offers, title, organisation, tags and notes the need matched."""
    if not ids:
        return {}
    columns = {name: i for i, name in enumerate(search_index.COLUMNS)}
    marks = ", ".join("?" * len(ids))
    names = ", ".join(search_index.COLUMNS)
    copies = database.execute_sql(
        f"SELECT rowid, {names} FROM {TABLE} WHERE rowid IN ({marks})", ids
    ).fetchall()
    o, c = _HIT_OPEN, _HIT_CLOSE
    sql = (
        "SELECT rowid, "
        f"highlight(docs, {columns['offers']}, '{o}', '{c}'), "
        f"highlight(docs, {columns['title']}, '{o}', '{c}'), "
        f"highlight(docs, {columns['organisation']}, '{o}', '{c}'), "
        f"highlight(docs, {columns['tags']}, '{o}', '{c}'), "
        f"snippet(docs, {columns['notes']}, '{o}', '{c}', '…', 12), "
        f"highlight(docs, {columns['needs']}, '{o}', '{c}') "
        "FROM docs WHERE docs MATCH ?"
    )
    scratch = _scratch_connection()
    with scratch:
        scratch.executemany(
            f"INSERT INTO docs(rowid, {names}) VALUES ({', '.join('?' * (len(columns) + 1))})",
            copies,
        )
        highlighted = scratch.execute(sql, (expression,)).fetchall()
        scratch.execute("DELETE FROM docs")
    tags = _tags_of(ids)
    needs = _needs_of(ids)
    found: dict[int, dict[str, list[str]]] = {}
    for cid, offers, title, organisation, tag_text, notes, need_text in highlighted:
        matched: dict[str, list[str]] = {}
        offer_hits = [_unmark(o) for o in offers.split(" | ") if _marked(o)]
        if offer_hits:
            matched["offers"] = offer_hits
        if _marked(title):
            matched["title"] = [_unmark(title)]
        if _marked(organisation):
            matched["organisation"] = [_unmark(organisation)]
        if _marked(tag_text):
            words = _hit_words(tag_text)
            hits = [
                t for t in tags.get(cid, []) if words & {w.casefold() for w in _WORD.findall(t)}
            ]
            if hits:
                matched["tags"] = hits
        if _marked(notes):
            matched["notes"] = [_unmark(notes).strip()]
        if _marked(need_text):
            need_hits = [_unmark(n) for n in need_text.split(" | ") if _marked(n)]
            known = needs.get(cid, [])
            matched["needs"] = [n for n in known if n in need_hits] or need_hits
        found[cid] = matched
    return found


def _tags_of(ids: list[int]) -> dict[int, list[str]]:
    marks = ", ".join("?" * len(ids))
    result: dict[int, list[str]] = {}
    for cid, name in database.execute_sql(
        f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
        f"WHERE ct.contact_id IN ({marks}) ORDER BY t.name",
        ids,
    ):
        result.setdefault(cid, []).append(name)
    return result


def _needs_of(ids: list[int]) -> dict[int, list[str]]:
    marks = ", ".join("?" * len(ids))
    result: dict[int, list[str]] = {}
    for cid, text in database.execute_sql(
        f"SELECT contact_id, text FROM need WHERE contact_id IN ({marks}) "
        "ORDER BY contact_id, position",
        ids,
    ):
        result.setdefault(cid, []).append(text)
    return result


def referral_history(ids: list[int]) -> dict[int, ReferralHistory]:
    """Past referrals to and from each of these contacts, in two grouped queries."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    counts: dict[int, dict] = {cid: {} for cid in ids}
    for cid, status, count, value in database.execute_sql(
        f"SELECT provider_id, status, count(*), coalesce(sum(value), 0) FROM referral "
        f"WHERE provider_id IN ({marks}) AND direction IN ('given', 'connected') "
        f"GROUP BY provider_id, status",
        ids,
    ):
        entry = counts[cid]
        if status == "won":
            entry["won"] = entry.get("won", 0) + count
            entry["won_value"] = entry.get("won_value", 0.0) + value
        elif status == "lost":
            entry["lost"] = entry.get("lost", 0) + count
        else:
            entry["open"] = entry.get("open", 0) + count
    for cid, count in database.execute_sql(
        f"SELECT referrer_id, count(*) FROM referral "
        f"WHERE referrer_id IN ({marks}) AND direction = 'received' GROUP BY referrer_id",
        ids,
    ):
        counts[cid]["sent_me"] = count
    return {cid: ReferralHistory(**entry) for cid, entry in counts.items()}


_FIELD_WORDS = {
    "offers": "offers",
    "title": "title",
    "organisation": "at",
    "tags": "tagged",
    "notes": "notes",
    "needs": "needs",
}


def _reasons(
    matched: dict[str, list[str]],
    in_place: bool,
    city: str,
    trust: float,
    attention: float,
    history: ReferralHistory,
) -> tuple[str, ...]:
    reasons = []
    for key in ("offers", "needs", "title", "organisation", "tags"):
        if key in matched:
            reasons.append(f"{_FIELD_WORDS[key]}: {', '.join(matched[key])}")
    if "notes" in matched:
        reasons.append(f"notes: “{matched['notes'][0]}”")
    if in_place and city:
        reasons.append(f"in {city}")
    reasons.append(f"trust {trust:.0f}, attention {attention:.0f}")
    reasons.append(history.describe())
    return tuple(reasons)


def _results(rows: list[tuple], expression: str, view: score_cache.ScoreView) -> list[MatchResult]:
    if rows and not _network_is_small():
        best = max(row[6] for row in rows)
        rows = [row for row in rows if row[6] >= MIN_SHARE * best]
    ids = [row[0] for row in rows]
    matched = _matched_fields(expression, ids)
    history = referral_history(ids)
    cities = _cities_of(ids)
    results = []
    for cid, name, organisation, title, a_norm, t_norm, relevance, in_place, g in rows:
        scores = view.scores(a_norm, t_norm)
        standing = standing_of(g)
        place = PLACE_BOOST if in_place else 1.0
        fields = matched.get(cid, {})
        results.append(
            MatchResult(
                contact_id=cid,
                name=name,
                organisation=organisation,
                title=title,
                score=relevance * standing * place,
                relevance=relevance,
                standing=standing,
                in_place=bool(in_place),
                trust=scores.trust,
                attention=scores.attention,
                matched=fields,
                history=history.get(cid, ReferralHistory()),
                reasons=_reasons(
                    fields,
                    bool(in_place),
                    cities.get(cid, ""),
                    scores.trust,
                    scores.attention,
                    history.get(cid, ReferralHistory()),
                ),
            )
        )
    return results


def _network_is_small() -> bool:
    found = database.execute_sql(
        "SELECT count(*) FROM (SELECT 1 FROM contact WHERE deleted_at IS NULL LIMIT ?)",
        (MIN_NETWORK,),
    ).fetchone()[0]
    return found < MIN_NETWORK


def _cities_of(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return dict(
        database.execute_sql(f"SELECT id, city FROM contact WHERE id IN ({marks})", ids).fetchall()
    )


def match_need(
    need: str,
    *,
    for_contact_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
    today: dt.date | None = None,
) -> list[MatchResult]:
    """The contacts who can serve ``need``, best first, each with its reasons.

    ``for_contact_id`` is the person with the need: never suggested for it.
    """
    if limit < 1:
        raise ValidationError([Problem("limit", None, "the limit is at least 1")])
    parsed = parse_need(need)
    expression = parsed.expression()
    if expression is None:
        return []
    view = score_cache.score_view(today)
    if parsed.phrases:
        rows = _rank(expression, parsed.place_expression(), WEIGHTS, for_contact_id, limit, view)
    else:  # only a place ("someone in Elmira"): everyone there, by standing
        place = parsed.place_expression()
        rows = _rank(expression, place, CITY_WEIGHTS, for_contact_id, limit, view)
    return _results(rows, expression, view)


# -- the reverse view --------------------------------------------------------------------

NEEDS_WEIGHTS = {column: (1.0 if column == "needs" else 0.0) for column in search_index.COLUMNS}
CITY_WEIGHTS = {column: (1.0 if column == "city" else 0.0) for column in search_index.COLUMNS}


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


def who_needs(
    offers: list[str],
    *,
    provider_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
    today: dt.date | None = None,
) -> list[MatchResult]:
    """The contacts whose recorded needs match these offers, best first.

    Each offer is looked for as a whole phrase; a synonym rule with any of its
    phrases in the offer adds the phrases a need would name ("website
    development" serves "a web developer").
    """
    rules = tuple(synonym_rules())
    phrases: list[str] = []
    for offer in offers:
        for phrase in (_clean_phrase(offer), *_needs_served_by(offer, rules)):
            if phrase and phrase not in phrases:
                phrases.append(phrase)
    combined = ParsedNeed(" | ".join(offers), tuple(phrases), ())
    expression = combined.expression(("needs",))
    if expression is None:
        return []
    view = score_cache.score_view(today)
    rows = _rank(expression, None, NEEDS_WEIGHTS, provider_id, limit, view)
    return _results(rows, expression, view)


@lru_cache(maxsize=8)
def _any_phrase_index(rules: tuple[SynonymRule, ...]) -> list[tuple[tuple[str, ...], int]]:
    """(stems of any phrase of a rule, the rule), for reading offers."""
    index = []
    for number, rule in enumerate(rules):
        for phrase in (*rule.find, *rule.also):
            terms = _phrase_stems(phrase)
            if terms:
                index.append((terms, number))
    return index


def _needs_served_by(offer: str, rules: tuple[SynonymRule, ...]) -> list[str]:
    """The ``find`` phrases of every rule that has a phrase inside this offer."""
    terms = tuple(stems(offer))
    found: list[str] = []
    for phrase_terms, number in _any_phrase_index(rules):
        size = len(phrase_terms)
        if any(terms[i : i + size] == phrase_terms for i in range(len(terms) - size + 1)):
            found.extend(p for p in rules[number].find if p not in found)
    return found


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


# -- completion ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedNeed:
    text: str
    contact_id: int
    contact_name: str


def recorded_needs(typed: str, limit: int = 20) -> list[RecordedNeed]:
    """Needs on record whose words start with what was typed, newest first."""
    query = search_index.prefix_query(typed)
    if query is None:
        return []
    words = [sort_key_for(w) for w in search_index.query_words(typed)]
    cursor = database.execute_sql(
        f"SELECT n.text, c.id, c.display_name FROM need n JOIN contact c ON c.id = n.contact_id "
        "WHERE c.search_position IN ("
        f"SELECT rowid FROM {search_index.SEARCH_TABLE} "
        f"WHERE {search_index.SEARCH_TABLE} MATCH ? LIMIT 500) "
        "ORDER BY n.created_on DESC, n.id DESC",
        ("{needs}: (" + query + ")",),
    )
    found = []
    for text, cid, name in cursor:
        folded = [sort_key_for(w) for w in search_index.query_words(text)]
        if all(any(f.startswith(w) for f in folded) for w in words):
            found.append(RecordedNeed(text, cid, name))
            if len(found) >= limit:
                break
    return found
