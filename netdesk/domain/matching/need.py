"""Reading a need typed freely: its concepts, the places it names, the typos it holds.

1. The words of the need (letters and digits) are folded like the index folds
   them. A word the indexes do not know (not a provider word, not a synonym
   table word, not even a name, note or city word) is corrected against the
   provider vocabulary and the synonym table (``vocabulary.correct``), and the
   correction is kept to be said in the reasons ("realter → realtor").
2. Synonym phrases are found, longest first, word by word with ``same_word``
   (so "realtors" reads as the phrase "realtor", "marketing" never as
   "market"). Each phrase found is one **concept**: its words as typed
   (*typed forms*) and the rule's other phrases (*expansions*). Two phrases of
   one rule in a need ("an accountant for my taxes") are one concept.
3. Every other word is a concept of its own, unless it says nothing about the
   trade (``STOPWORDS``, left out) or names a city on record (a *place*: it
   only weighs the ranking). Words that say little (``GENERIC_WORDS``,
   "small", "business") are concepts of weight ``GENERIC_WEIGHT``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, product

from netdesk.domain.matching import vocabulary as vocab
from netdesk.domain.matching.synonyms import SynonymRule, synonym_rules
from netdesk.domain.validation import fold
from netdesk.storage import search_index
from netdesk.storage.models import database

# each word of the synonym table -> the rules whose phrases hold it (vocab.trade_words)
Trades = dict[str, frozenset[int]]

# Words that say nothing about the trade: left out of the search.
_STOPWORD_LINES = (
    "a an the and or of for to in on at by with from into near around about",
    "my our me i we us you your their them they he she his her its it s",
    "someone somebody anyone anybody some any who whom which that this these those",
    "can could would should might must shall do does did is are was were be been am",
    "need needs needed looking look want wants wanted help helps find get got",
    "good great best new please like just also really very one two",
    "know knows knew knowing hire recommend redo fix build make done doing",
)
STOPWORDS = frozenset(word for line in _STOPWORD_LINES for word in line.split())
# Words that say little about the trade: they count, at a quarter of a word's weight.
_GENERIC_LINE = (
    "business small company local service services professional expert area town "
    "quality reliable affordable cheap experienced trusted"
)
GENERIC_WORDS = frozenset(_GENERIC_LINE.split())
GENERIC_WEIGHT = 0.25
# at most this many word-form combinations of one phrase go into a query
MAX_FORMS = 24
# the contact_match columns a need is looked for in (the bare-bm25 comparison, notes)
MATCH_COLUMNS = ("organisation", "title", "offers", "tags", "notes")

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Concept:
    """One thing the need asks for: a synonym rule's phrases, or one word."""

    label: str  # as typed (after any correction)
    typed: tuple[str, ...]  # phrases as typed
    expansions: tuple[str, ...] = ()  # the rule's other phrases
    rules: frozenset[int] = frozenset()
    weight: float = 1.0

    @property
    def generic(self) -> bool:
        """A word that says little: it counts only beside one that says something."""
        return self.weight < 1.0


@dataclass(frozen=True)
class ParsedNeed:
    text: str
    concepts: tuple[Concept, ...]
    places: tuple[str, ...]
    # (word as typed, the vocabulary word read instead)
    corrections: tuple[tuple[str, str], ...] = ()

    @property
    def phrases(self) -> tuple[str, ...]:
        found: list[str] = []
        for concept in self.concepts:
            for phrase in (*concept.typed, *concept.expansions):
                if phrase not in found:
                    found.append(phrase)
        return tuple(found)

    def expression(self, columns: tuple[str, ...] = MATCH_COLUMNS) -> str | None:
        """An FTS5 query of ``contact_match``: any phrase of the need, in these columns."""
        if not self.phrases:
            return None
        return "{" + " ".join(columns) + "}: (" + " OR ".join(map(quote, self.phrases)) + ")"

    def notes_expression(self) -> str | None:
        return self.expression(("notes",))

    def place_expression(self) -> str | None:
        """An FTS5 query of ``contact_search``: contacts in a city the need names."""
        if not self.places:
            return None
        return "{city}: (" + " OR ".join(quote(p) for p in self.places) + ")"


def quote(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


@lru_cache(maxsize=8)
def _phrase_index(rules: tuple[SynonymRule, ...]) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Stem of a phrase's first word -> (words of a phrase a need may name, its rule),
    longest phrases first."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for number, rule in enumerate(rules):
        for phrase in rule.find:
            words = tuple(fold(w) for w in phrase.split())
            index.setdefault(vocab.stem(words[0]), []).append((words, number))
    for phrases in index.values():
        phrases.sort(key=lambda item: -len(item[0]))
    return index


@lru_cache(maxsize=8)
def _trade_stems(rules: tuple[SynonymRule, ...]) -> frozenset[str]:
    return frozenset(vocab.stem(word) for word in vocab.trade_words(rules))


def _same_words(a: tuple[str, ...], b: tuple[str, ...], trades: Trades) -> bool:
    if len(a) != len(b):
        return False
    return all(vocab.same_word(x, y, trades) for x, y in zip(a, b, strict=True))


def _is_place(word: str) -> bool:
    table = search_index.SEARCH_TABLE
    found = database.execute_sql(
        f"SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT 1", ("{city}: " + quote(word),)
    ).fetchone()
    return found is not None


def _corrected(
    words: list[str], rules: tuple[SynonymRule, ...], words_known: vocab.Vocabulary
) -> tuple[list[str], list[tuple[str, str]]]:
    trades = vocab.trade_words(rules)
    trade_stems = _trade_stems(rules)
    out: list[str] = []
    corrections: list[tuple[str, str]] = []
    for word in words:
        if (
            word in STOPWORDS
            or len(word) < vocab.MIN_TYPO_LENGTH
            or vocab.stem(word) in trade_stems
            or words_known.knows(word)
            or vocab.indexed_anywhere(word)
        ):
            out.append(word)
            continue
        better = vocab.correct(word, (*words_known.counts, *trades), words_known)
        if better and better != word:
            corrections.append((word, better))
            out.append(better)
        else:
            out.append(word)
    return out, corrections


def parse_need(text: str, *, with_places: bool = True) -> ParsedNeed:
    """The concepts, places and corrections of a need typed freely (see the module notes)."""
    rules = tuple(synonym_rules())
    trades = vocab.trade_words(rules)
    words, corrections = _corrected(
        [fold(w) for w in _WORD.findall(text)], rules, vocab.vocabulary()
    )
    index = _phrase_index(rules)
    concepts: list[Concept] = []
    places: list[str] = []
    position = 0
    while position < len(words):
        candidates = index.get(vocab.stem(words[position]), [])
        for phrase_words, _ in candidates:
            size = len(phrase_words)
            typed = tuple(words[position : position + size])
            if not _same_words(typed, phrase_words, trades):
                continue
            numbers = frozenset(
                number for other, number in candidates if _same_words(typed, other, trades)
            )
            concepts.append(_rule_concept(" ".join(typed), numbers, rules, trades))
            position += size
            break
        else:
            word = words[position]
            position += 1
            if word in STOPWORDS or len(word) < 2:
                continue
            if with_places and _is_place(word):
                if word not in places:
                    places.append(word)
                continue
            weight = GENERIC_WEIGHT if word in GENERIC_WORDS else 1.0
            if all(c.label != word for c in concepts):
                concepts.append(Concept(word, (word,), weight=weight))
    return ParsedNeed(text, _merged(concepts), tuple(places), tuple(corrections))


def _rule_concept(
    typed: str, numbers: frozenset[int], rules: tuple[SynonymRule, ...], trades: Trades
) -> Concept:
    typed_words = tuple(typed.split())
    expansions: list[str] = []
    for number in sorted(numbers):
        for phrase in rules[number].phrases():
            if phrase in expansions or _same_words(tuple(phrase.split()), typed_words, trades):
                continue
            expansions.append(phrase)
    return Concept(typed, (typed,), tuple(expansions), numbers)


def _merged(concepts: list[Concept]) -> tuple[Concept, ...]:
    """Concepts that share a synonym rule are one concept: a rule counts once."""
    merged: list[Concept] = []
    for concept in concepts:
        for i, other in enumerate(merged):
            if concept.rules & other.rules:
                typed = other.typed + tuple(p for p in concept.typed if p not in other.typed)
                expansions = tuple(
                    p
                    for p in dict.fromkeys(other.expansions + concept.expansions)
                    if p not in typed
                )
                merged[i] = Concept(
                    f"{other.label}, {concept.label}",
                    typed,
                    expansions,
                    other.rules | concept.rules,
                )
                break
        else:
            merged.append(concept)
    return tuple(merged)


# -- the provider index's queries ------------------------------------------------------------


def _phrase_forms(phrase: str, words_known: vocab.Vocabulary, trades: Trades) -> list[str]:
    """The phrase with each word in each of its forms the index holds (bounded)."""
    options = [words_known.forms(fold(w), trades) for w in phrase.split()]
    return [" ".join(combo) for combo in islice(product(*options), MAX_FORMS)]


@lru_cache(maxsize=4096)
def _shadows(
    phrase: str, own_rules: frozenset[int], rules: tuple[SynonymRule, ...]
) -> tuple[str, ...]:
    """Longer phrases of other rules that hold this phrase ("real estate" in "real
    estate lawyer"): a field holding one of them is about that other trade. The
    rules the need itself names (``own_rules``) shadow nothing: "real estate
    photos" wants the real estate photographer."""
    trades = vocab.trade_words(rules)
    words = tuple(phrase.split())
    found: list[str] = []
    for number, rule in enumerate(rules):
        if number in own_rules:
            continue
        for other in rule.phrases():
            other_words = tuple(other.split())
            if len(other_words) <= len(words):
                continue
            for start in range(len(other_words) - len(words) + 1):
                if _same_words(other_words[start : start + len(words)], words, trades):
                    found.append(other)
                    break
    return tuple(found)


@dataclass(frozen=True)
class ConceptQueries:
    """A concept's FTS5 queries of ``contact_provider``: its typed forms, its expansions."""

    concept: Concept
    typed: str
    expansions: str | None


def provider_queries(parsed: ParsedNeed) -> list[ConceptQueries]:
    """The queries of each concept: every phrase in any of its word forms, a field that
    holds a longer phrase of another trade left out."""
    rules = tuple(synonym_rules())
    trades = vocab.trade_words(rules)
    words_known = vocab.vocabulary()
    named = frozenset().union(*(concept.rules for concept in parsed.concepts))

    def query(concept: Concept, phrases: tuple[str, ...]) -> str | None:
        parts = []
        for phrase in phrases:
            forms = " OR ".join(quote(f) for f in _phrase_forms(phrase, words_known, trades))
            # only a trade is shadowed by another: a word of no rule wants every phrase
            shadowing = _shadows(phrase, named, rules) if concept.rules else ()
            shadows = [
                form for shadow in shadowing for form in _phrase_forms(shadow, words_known, trades)
            ]
            if shadows:
                parts.append(f"(({forms}) NOT ({' OR '.join(quote(s) for s in shadows)}))")
            else:
                parts.append(f"({forms})")
        return " OR ".join(parts) or None

    return [
        ConceptQueries(
            concept, query(concept, concept.typed) or "", query(concept, concept.expansions)
        )
        for concept in parsed.concepts
    ]
