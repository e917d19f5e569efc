"""Why a contact is in a match: the fields that matched, said in words.

Only the rows returned are explained: their offers, title, organisation and
tags are copied into a private in-memory index with the provider index's
tokenizer and each concept's queries run on those few rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.domain.matching import vocabulary as vocab
from netdesk.domain.matching.need import ConceptQueries, ParsedNeed
from netdesk.domain.matching.results import ReferralHistory
from netdesk.storage.models import database

FIELD_WORDS = {
    "offers": "offers",
    "title": "title",
    "organisation": "at",
    "tags": "tagged",
    "needs": "needs",
}
_OPEN, _CLOSE = "\x02", "\x03"


@dataclass
class Explained:
    # field -> the items that matched, in the field's order
    matched: dict[str, list[str]]
    # item -> the concept it stands in for, when it matched only as a synonym
    synonym_of: dict[str, str]


def _items(ids: list[int]) -> list[tuple[int, str, str]]:
    """(contact id, field, item) for every offer, title, organisation and tag."""
    marks = ", ".join("?" * len(ids))
    rows = list(
        database.execute_sql(
            f"SELECT contact_id, 'offers', text FROM offer WHERE contact_id IN ({marks}) "
            "ORDER BY contact_id, position, id",
            ids,
        )
    )
    for cid, title, organisation in database.execute_sql(
        f"SELECT id, title, organisation FROM contact WHERE id IN ({marks})", ids
    ):
        rows += [(cid, "title", title), (cid, "organisation", organisation)]
    rows += database.execute_sql(
        f"SELECT ct.contact_id, 'tags', t.name FROM contact_tag ct JOIN tag t "
        f"ON t.id = ct.tag_id WHERE ct.contact_id IN ({marks}) ORDER BY t.name",
        ids,
    ).fetchall()
    return [row for row in rows if row[2]]


def explain_providers(
    parsed: ParsedNeed, queries: list[ConceptQueries], ids: list[int]
) -> dict[int, Explained]:
    if not ids:
        return {}
    items = _items(ids)
    conn = vocab.scratch_connection()
    # item number -> {concept: matched as typed?}
    hits: dict[int, dict[int, bool]] = {}
    with conn:
        conn.executemany(
            "INSERT INTO provided(rowid, text) VALUES (?, ?)",
            [(n, text) for n, (_, _, text) in enumerate(items)],
        )
        for c, found in enumerate(queries):
            for typed, query in ((True, found.typed), (False, found.expansions)):
                if query is None:
                    continue
                rows = conn.execute("SELECT rowid FROM provided WHERE provided MATCH ?", (query,))
                for (n,) in rows:
                    concepts = hits.setdefault(n, {})
                    concepts[c] = concepts.get(c, False) or typed
        conn.execute("DELETE FROM provided")
    explained_by_id: dict[int, Explained] = {cid: Explained({}, {}) for cid in ids}
    for n, (cid, field, text) in enumerate(items):
        hit = hits.get(n)
        if not hit:
            continue
        explained = explained_by_id[cid]
        explained.matched.setdefault(field, []).append(text)
        if not any(hit.values()):
            explained.synonym_of[text] = parsed.concepts[min(hit)].label
    return explained_by_id


def notes_snippets(parsed: ParsedNeed, ids: list[int]) -> dict[int, str]:
    """The words around the mention, for contacts whose notes mention the need."""
    expression = parsed.expression(("text",)) if parsed.phrases else None
    if not ids or expression is None:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = database.execute_sql(
        f"SELECT id, trim(notes || ' ' || how_we_met) FROM contact WHERE id IN ({marks})", ids
    ).fetchall()
    conn = vocab.scratch_connection()
    with conn:
        conn.executemany("INSERT INTO notes(rowid, text) VALUES (?, ?)", rows)
        found = dict(
            conn.execute(
                f"SELECT rowid, snippet(notes, 0, '{_OPEN}', '{_CLOSE}', '…', 12) "
                "FROM notes WHERE notes MATCH ?",
                (expression,),
            ).fetchall()
        )
        conn.execute("DELETE FROM notes")
    return {cid: text.replace(_OPEN, "").replace(_CLOSE, "").strip() for cid, text in found.items()}


def provider_reasons(
    parsed: ParsedNeed,
    explained: Explained,
    place: str,
    trust: float,
    attention: float,
    history: ReferralHistory,
) -> tuple[str, ...]:
    """Every signal in words: corrections, what matched (and as what), place, standing, history."""
    reasons = [f"{typed} → {better} (spelling corrected)" for typed, better in parsed.corrections]
    for field in ("offers", "title", "organisation", "tags"):
        texts = explained.matched.get(field)
        if texts:
            shown = [
                f"{text} (a synonym of “{explained.synonym_of[text]}”)"
                if text in explained.synonym_of
                else text
                for text in texts
            ]
            reasons.append(f"{FIELD_WORDS[field]}: {', '.join(shown)}")
    return tuple(reasons) + standing_reasons(place, trust, attention, history)


def standing_reasons(
    place: str, trust: float, attention: float, history: ReferralHistory
) -> tuple[str, ...]:
    reasons = []
    if place:
        reasons.append(f"in {place}")
    reasons.append(f"trust {trust:.0f}, attention {attention:.0f}")
    reasons.append(history.describe())
    return tuple(reasons)
