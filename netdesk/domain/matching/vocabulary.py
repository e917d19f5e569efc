"""Words as the indexes know them: Porter stems, the provider vocabulary, word forms, typos.

- ``stems`` turns text into the terms of the Porter-stemmed ``contact_match``
  index, through SQLite's own tokenizer in a private in-memory database.
- ``Vocabulary`` holds the words of the provider index (offers, title,
  organisation, tags, words as written) with how many index rows hold each,
  and groups them by stem. It is read from the index through ``fts5vocab``
  and cached until the index changes.
- ``same_word`` says whether two words are forms of one word: the same Porter
  stem, and either singular and plural of each other, or sharing a synonym
  rule, or neither in any rule (see ``synonyms``).
- ``correct`` finds the vocabulary word a mistyped word most likely means.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from peewee import OperationalError
from rapidfuzz import process
from rapidfuzz.distance import OSA

from netdesk.domain.matching.synonyms import SynonymRule
from netdesk.domain.validation import fold
from netdesk.storage import search_index
from netdesk.storage.models import database

# same tokenizer as the contact_match index, so words stem the way it stems them
STEM_TOKENIZER = "porter unicode61 remove_diacritics 2"
# a word this long or longer may be corrected; one edit allowed, two from TWO_EDITS letters on
MIN_TYPO_LENGTH = 5
TWO_EDITS = 9
_PLURAL_ENDINGS = ("s", "es")

_scratch = threading.local()


def scratch_connection() -> sqlite3.Connection:
    """A private in-memory database with the index tokenizers, one per thread.

    ``words`` turns text into stems; ``provided`` and ``notes`` hold copies of
    the few rows being explained, so explaining them never walks the big indexes.
    """
    conn = getattr(_scratch, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:")
        conn.execute(f"CREATE VIRTUAL TABLE words USING fts5(text, tokenize='{STEM_TOKENIZER}')")
        conn.execute("CREATE VIRTUAL TABLE temp.word_stems USING fts5vocab(main, words, instance)")
        conn.execute(
            "CREATE VIRTUAL TABLE provided USING "
            f"fts5(text, tokenize='{search_index.PROVIDER_TOKENIZER}')"
        )
        conn.execute(f"CREATE VIRTUAL TABLE notes USING fts5(text, tokenize='{STEM_TOKENIZER}')")
        _scratch.conn = conn
    return conn


def stems(text: str) -> list[str]:
    """The index terms of ``text``, in order, exactly as ``contact_match`` makes them."""
    conn = scratch_connection()
    with conn:
        conn.execute("INSERT INTO words(rowid, text) VALUES (1, ?)", (text,))
        found = [row[0] for row in conn.execute("SELECT term FROM word_stems ORDER BY offset")]
        conn.execute("DELETE FROM words")
    return found


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    found = stems(word)
    return found[0] if len(found) == 1 else fold(word)


def plural_pair(a: str, b: str) -> bool:
    return any(a == b + end or b == a + end for end in _PLURAL_ENDINGS)


@lru_cache(maxsize=8)
def trade_words(rules: tuple[SynonymRule, ...]) -> dict[str, frozenset[int]]:
    """Each word of the synonym table -> the rules whose phrases hold it."""
    found: dict[str, set[int]] = {}
    for number, rule in enumerate(rules):
        for phrase in rule.phrases():
            for word in phrase.split():
                found.setdefault(fold(word), set()).add(number)
    return {word: frozenset(numbers) for word, numbers in found.items()}


def same_word(a: str, b: str, trades: dict[str, frozenset[int]]) -> bool:
    """Are these two (folded) words forms of one word? See the module notes."""
    if a == b or plural_pair(a, b):
        return True
    if stem(a) != stem(b):
        return False
    rules_a, rules_b = trades.get(a, frozenset()), trades.get(b, frozenset())
    return bool(rules_a & rules_b) or not (rules_a or rules_b)


@dataclass(frozen=True)
class Vocabulary:
    """The provider index's words: how many rows hold each, and the words of each stem."""

    counts: dict[str, int]
    by_stem: dict[str, tuple[str, ...]]
    _forms: dict[tuple[str, int], tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def forms(self, word: str, trades: dict[str, frozenset[int]]) -> tuple[str, ...]:
        """``word`` and the index words that are forms of it (worked out once a word)."""
        key = (word, id(trades))
        found = self._forms.get(key)
        if found is None:
            stemmed = self.by_stem.get(stem(word), ())
            others = sorted(v for v in stemmed if v != word and same_word(word, v, trades))
            found = self._forms[key] = (word, *others)
        return found

    def knows(self, word: str) -> bool:
        return word in self.counts or stem(word) in self.by_stem


_cache: dict[str, Any] = {"key": None, "vocabulary": None}


def _cache_key() -> tuple[Any, ...]:
    conn = database.connection()
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    return (id(conn), version, search_index.generation())


def vocabulary() -> Vocabulary:
    """The provider vocabulary, read again only when the index has changed."""
    key = _cache_key()
    if _cache["key"] != key:
        counts = _read_counts()
        by_stem: dict[str, list[str]] = {}
        for word in counts:
            by_stem.setdefault(stem(word), []).append(word)
        _cache["vocabulary"] = Vocabulary(
            counts, {s: tuple(sorted(words)) for s, words in by_stem.items()}
        )
        _cache["key"] = key
    found: Vocabulary = _cache["vocabulary"]
    return found


_VOCAB_TABLE = "temp.netdesk_provider_terms"
_MATCH_TERMS = "temp.netdesk_match_terms"


def _read_counts() -> dict[str, int]:
    try:
        database.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB_TABLE} "
            f"USING fts5vocab(main, {search_index.PROVIDER_TABLE}, 'row')"
        )
        return dict(database.execute_sql(f"SELECT term, doc FROM {_VOCAB_TABLE}").fetchall())
    except (OperationalError, sqlite3.OperationalError):
        # (a connection that cannot make temporary tables): from the rows themselves
        counts: dict[str, int] = {}
        rows = database.execute_sql(f"SELECT text FROM {search_index.PROVIDER_TABLE}")
        for (text,) in rows:
            for word in set(search_index.query_words(fold(text))):
                counts[word] = counts.get(word, 0) + 1
        return counts


def indexed_anywhere(word: str) -> bool:
    """Is this word (by its stem) anywhere in ``contact_match``: names, notes, cities too?"""
    term = stem(word)
    try:
        database.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {_MATCH_TERMS} "
            f"USING fts5vocab(main, {search_index.MATCH_TABLE}, 'row')"
        )
        found = database.execute_sql(
            f"SELECT 1 FROM {_MATCH_TERMS} WHERE term = ?", (term,)
        ).fetchone()
    except (OperationalError, sqlite3.OperationalError):
        found = database.execute_sql(
            f"SELECT 1 FROM {search_index.MATCH_TABLE} WHERE {search_index.MATCH_TABLE} "
            "MATCH ? LIMIT 1",
            ('"' + word.replace('"', '""') + '"',),
        ).fetchone()
    return found is not None


def correct(word: str, known: Iterable[str], vocabulary: Vocabulary) -> str | None:
    """The word a mistyped ``word`` most likely means: the closest of ``known`` (the
    provider vocabulary and the synonym table's words), at most one edit away (two from
    ``TWO_EDITS`` letters), the more common on a tie; None when nothing is that close."""
    if len(word) < MIN_TYPO_LENGTH or not word.isalpha():
        return None
    allowed = 2 if len(word) >= TWO_EDITS else 1
    choices = sorted(set(known))
    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=allowed, limit=None)
    if not found:
        return None
    best = min(found, key=lambda hit: (hit[1], -vocabulary.counts.get(hit[0], 0), hit[0]))
    return best[0]
