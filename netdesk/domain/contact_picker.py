"""A fast, typo-tolerant contact picker: "jon smi" finds "Jonathan Smith".

Each keystroke costs a few index lookups, never a pass over every contact:

1. **Prefix pass.** Every typed word must be the prefix of a word in the
   contact's name or organisation (``contact_search`` FTS index, accents
   ignored). At most ``candidates`` rows are read.
2. **Typo pass**, only when the prefix pass found fewer than ``limit``
   people. A typed word that starts no name word in the index is matched
   against the index's *vocabulary* of name words (read once from the FTS
   index through ``fts5vocab``, not from the contact rows) with rapidfuzz's
   optimal-string-alignment distance, compared with the same number of
   leading letters: one typo allowed in words of 4-5 letters, two from 6 on.
   The close words go back to the index as prefixes, again with a bound.
3. **Ranking.** The (bounded) candidates are ordered by how well their name
   matches what was typed (rapidfuzz ``WRatio``, plus a bonus when the typed
   words start the name's words in order); people whose name matches
   every word as a prefix come before matches on the organisation, which come
   before typo matches. Ties go to the contact with more attention, so the
   people you see often come first.

The vocabulary is cached per picker; call ``invalidate`` when contacts change
(or ``note_names`` after adding a few, which is cheaper).
"""

from __future__ import annotations

import bisect
import sqlite3
from dataclasses import dataclass
from typing import Any

from peewee import OperationalError
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from netdesk.domain.contacts import sort_key_for
from netdesk.storage import search_index
from netdesk.storage.models import database

DEFAULT_LIMIT = 8
DEFAULT_CANDIDATES = 200
_CANDIDATES_PER_LETTER = 40
# how many close vocabulary words a misspelt word may stand for
_CORRECTIONS_PER_WORD = 6
# "jon smi" reads as Jonathan Smith before Smith Jonas
_IN_ORDER_BONUS = 15
_VOCAB_TABLE = "temp.netdesk_name_vocab"

TIER_NAME, TIER_ORGANISATION, TIER_TYPO = 0, 1, 2


@dataclass(frozen=True)
class Suggestion:
    contact_id: int
    name: str
    organisation: str
    # TIER_NAME, TIER_ORGANISATION or TIER_TYPO: how the person was found
    tier: int
    score: float

    @property
    def is_typo_match(self) -> bool:
        return self.tier == TIER_TYPO


def normalize(text: str) -> str:
    """Casefolded and accent-free, the way the search index sees words."""
    return sort_key_for(text)


def words_of(text: str) -> list[str]:
    return search_index.query_words(normalize(text))


class NameVocabulary:
    """The distinct words of contacts' names, as indexed, for typo correction."""

    def __init__(self, terms: list[str]) -> None:
        self._known = set(terms)
        self._terms = sorted(self._known)
        self._by_length: dict[int, tuple[dict[str, list[str]], dict[str, list[str]]]] = {}

    @classmethod
    def load(cls) -> NameVocabulary:
        return cls(_load_name_terms())

    def __len__(self) -> int:
        return len(self._terms)

    def add(self, words: list[str]) -> None:
        fresh = set(words) - self._known
        if fresh:
            self._known |= fresh
            self._terms = sorted(self._known)
            self._by_length.clear()

    def has_prefix(self, word: str) -> bool:
        """Does some name word start with ``word``?"""
        at = bisect.bisect_left(self._terms, word)
        return at < len(self._terms) and self._terms[at].startswith(word)

    def _buckets(self, length: int) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The distinct first ``length`` letters of the name words (whole shorter words),
        grouped by their first letter and by their second letter."""
        found = self._by_length.get(length)
        if found is None:
            by_first: dict[str, list[str]] = {}
            by_second: dict[str, list[str]] = {}
            for prefix in sorted({term[:length] for term in self._terms}):
                by_first.setdefault(prefix[:1], []).append(prefix)
                by_second.setdefault(prefix[1:2], []).append(prefix)
            found = (by_first, by_second)
            self._by_length[length] = found
        return found

    def corrections(self, word: str) -> list[str]:
        """Name-word prefixes within the allowed typos of ``word``, closest first.

        Only prefixes sharing a first or second letter with ``word`` are compared
        (which covers a wrong, missing, extra or swapped first letter), so a typo
        costs a fraction of the vocabulary, not all of it.
        """
        if len(word) < 4:
            return []
        allowed = 1 if len(word) <= 5 else 2
        found: dict[str, int] = {}
        # the same number of letters (a wrong or swapped letter), one more (a
        # missed letter) and one fewer (a letter too many)
        for length in (len(word), len(word) + 1, len(word) - 1):
            by_first, by_second = self._buckets(length)
            buckets = (
                by_first.get(word[0]),
                by_first.get(word[1]),
                by_second.get(word[1]),
                by_second.get(word[0]),
            )
            done: list[list[str]] = []
            for bucket in buckets:
                if not bucket or any(bucket is seen for seen in done):
                    continue
                done.append(bucket)
                for prefix, distance, _ in process.extract(
                    word,
                    bucket,
                    scorer=OSA.distance,
                    score_cutoff=allowed,
                    limit=_CORRECTIONS_PER_WORD,
                ):
                    if distance < found.get(prefix, allowed + 1):
                        found[prefix] = distance
        ranked = sorted(found, key=lambda prefix: (found[prefix], prefix))
        # "smit" already covers "smith" as a prefix query: keep the broader one
        kept = [p for p in ranked if not any(p != q and p.startswith(q) for q in ranked)]
        return kept[:_CORRECTIONS_PER_WORD]


def _load_name_terms() -> list[str]:
    """Name words straight from the FTS index (fts5vocab); from the rows if that fails."""
    try:
        database.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB_TABLE} "
            f"USING fts5vocab(main, {search_index.SEARCH_TABLE}, 'col')"
        )
        cursor = database.execute_sql(f"SELECT term FROM {_VOCAB_TABLE} WHERE col = 'name'")
        return [term for (term,) in cursor]
    except (OperationalError, sqlite3.OperationalError):
        # a read-only connection cannot create the temporary vocabulary table
        cursor = database.execute_sql(
            "SELECT display_name, given_name, family_name FROM contact WHERE deleted_at IS NULL"
        )
        terms: set[str] = set()
        for names in cursor:
            for name in names:
                terms.update(words_of(name))
        return list(terms)


class _PrefixTiers:
    """The tier of a prefix-pass hit, and its bonus when the typed words start the name's
    words in order, from the name's sort key (called for every candidate: plain loops)."""

    def __init__(self, words: list[str]) -> None:
        self._words = words
        # (a word starts one of the name's words when, after a space, it is in them all joined)
        self._spaced = [" " + word for word in words]

    def __call__(self, sort_key: str) -> tuple[int, float]:
        name_words = search_index.query_words(sort_key)
        joined = " " + " ".join(name_words)
        for spaced in self._spaced:
            if spaced not in joined:
                return TIER_ORGANISATION, 0
        if len(self._words) > len(name_words):
            return TIER_NAME, 0
        for word, part in zip(self._words, name_words, strict=False):
            if not part.startswith(word):
                return TIER_NAME, 0
        return TIER_NAME, _IN_ORDER_BONUS


def _phrase(prefixes: list[str]) -> str:
    quoted = [f'"{prefix}"*' for prefix in prefixes]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


# the hits' search positions lead to the contacts (the "+" keeps SQLite from walking
# every live contact through the deleted_at index instead)
CANDIDATES_SQL = (
    "SELECT c.id, c.display_name, c.organisation, c.sort_key, c.attention_norm "
    "FROM contact c WHERE c.search_position IN ("
    f"SELECT rowid FROM {search_index.SEARCH_TABLE} "
    f"WHERE {search_index.SEARCH_TABLE} MATCH ? LIMIT ?) AND +c.deleted_at IS NULL"
)


class ContactPicker:
    """Suggestions for what a person is typing; keeps the name vocabulary between calls."""

    def __init__(self, *, limit: int = DEFAULT_LIMIT, candidates: int = DEFAULT_CANDIDATES) -> None:
        self.limit = limit
        self.candidates = candidates
        self._vocabulary: NameVocabulary | None = None

    def invalidate(self) -> None:
        """Contacts changed: read the name vocabulary again on the next typo pass."""
        self._vocabulary = None

    def note_names(self, names: list[str]) -> None:
        """A few contacts were added or renamed: add their name words to the vocabulary."""
        if self._vocabulary is not None:
            self._vocabulary.add([word for name in names for word in words_of(name)])

    @property
    def vocabulary(self) -> NameVocabulary:
        if self._vocabulary is None:
            self._vocabulary = NameVocabulary.load()
        return self._vocabulary

    def suggest(self, text: str, limit: int | None = None) -> list[Suggestion]:
        limit = limit or self.limit
        words = words_of(text)
        if not words:
            return []
        query = " ".join(words)
        exact = " AND ".join(f'"{word}"*' for word in words)
        # a letter or two says little: fewer candidates, the best of them shown
        bound = min(self.candidates, _CANDIDATES_PER_LETTER * len(query.replace(" ", "")))
        found = self._candidates(f"{{name organisation}} : ({exact})", bound)
        typo_ids: set[int] = set()
        if len(found) < limit:
            for cid, row in self._typo_candidates(words).items():
                if cid not in found:
                    found[cid] = row
                    typo_ids.add(cid)
        ranked = []
        rows = list(found.items())
        prefix_tier = _PrefixTiers(words)
        # every candidate's name scored in one call (rapidfuzz's loop, not Python's)
        scores = [0.0] * len(rows)
        for _, score, at in process.extract(
            query, [row[2] for _, row in rows], scorer=fuzz.WRatio, limit=None
        ):
            scores[at] = score
        for (cid, (name, organisation, sort_key, attention)), score in zip(
            rows, scores, strict=True
        ):
            if cid in typo_ids:
                tier, bonus = TIER_TYPO, 0.0
            else:
                tier, bonus = prefix_tier(sort_key)
            ranked.append((tier, -(score + bonus), -attention, sort_key, cid, name, organisation))
        ranked.sort()
        return [
            Suggestion(cid, name, organisation, tier, -negative)
            for tier, negative, _, _, cid, name, organisation in ranked[:limit]
        ]

    def _typo_candidates(self, words: list[str]) -> dict[int, tuple[Any, ...]]:
        vocabulary = self.vocabulary
        groups = []
        corrected = False
        for word in words:
            if vocabulary.has_prefix(word):
                groups.append(_phrase([word]))
                continue
            options = vocabulary.corrections(word)
            if not options:
                return {}
            corrected = True
            groups.append(_phrase(options))
        if not corrected:  # every word is a known prefix: the prefix pass said it all
            return {}
        return self._candidates(f"{{name}} : ({' AND '.join(groups)})", self.candidates)

    def _candidates(self, match: str, bound: int) -> dict[int, tuple[Any, ...]]:
        """id -> (name, organisation, sort key, attention norm), at most ``bound`` of them."""
        cursor = database.execute_sql(CANDIDATES_SQL, (match, bound))
        return {cid: (name, org, key, attention) for cid, name, org, key, attention in cursor}
