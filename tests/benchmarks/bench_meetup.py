"""Meetup benchmarks: the check-in picker, keystroke to suggestions on screen.

``checkin_picker_p95`` types names into the real picker widget one key at a
time (partial names, whole names, names with a typo, family name first) on
the shared seeded database and times each keystroke from the key event to the
suggestion list painted. The baseline is the bare FTS prefix query a plain
``sqlite3`` connection runs for the very same text on the same file (every
word a prefix, all matching rows fetched).
"""

from __future__ import annotations

import random
import sqlite3
import time

from netdesk.domain.contact_picker import words_of
from netdesk.domain.workspace import open_workspace
from netdesk.storage import search_index
from netdesk.storage.database import close_database
from tests.benchmarks.harness import Context, Record, p95

NAMES = 60
_SEED = 5


def _typo(word: str, rng: random.Random) -> str:
    """One slip of the finger: two letters swapped, or one letter doubled."""
    if len(word) < 5:
        return word
    at = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + word[at] + word[at:]


def typed_sequences(db_file, count: int = NAMES) -> list[tuple[int, str]]:
    """(contact id, what a person types) for a sample of contacts, ASCII only."""
    rng = random.Random(_SEED)
    conn = sqlite3.connect(db_file)
    try:
        top = conn.execute("SELECT max(id) FROM contact").fetchone()[0]
        rows = []
        while len(rows) < count:
            row = conn.execute(
                "SELECT id, given_name, family_name FROM contact WHERE id = ?",
                (rng.randrange(1, top + 1),),
            ).fetchone()
            if row and all(ord(ch) < 128 for ch in " ".join(words_of(f"{row[1]} {row[2]}"))):
                rows.append(row)
    finally:
        conn.close()
    sequences = []
    for contact_id, given, family in rows:
        given, family = " ".join(words_of(given)), " ".join(words_of(family))
        sequences.append((contact_id, f"{given[:3]} {family[:3]}"))  # "jon smi"
        sequences.append((contact_id, f"{given} {family}"))
        sequences.append((contact_id, f"{given} {_typo(family, rng)}"))
        sequences.append((contact_id, f"{family[:4]} {given[:2]}"))
    sequences.append((0, "jon smi"))
    return sequences


def checkin_picker_p95(ctx: Context) -> Record:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from netdesk.ui.app import application
    from netdesk.ui.meetup.picker_widget import ContactPickerWidget

    db_file = ctx.seeded_db()
    sequences = typed_sequences(db_file)
    app: QApplication = application()
    open_workspace(db_file)
    widget = ContactPickerWidget("Check someone in")
    widget.resize(420, 320)
    widget.show()
    app.processEvents()

    started = time.perf_counter()
    words = len(widget.picker.vocabulary)  # read once, when the picker is first used
    vocabulary_seconds = time.perf_counter() - started

    samples: list[float] = []
    found = 0
    for contact_id, text in sequences:
        widget.clear()
        app.processEvents()
        for char in text:
            before = time.perf_counter()
            QTest.keyClick(widget.edit, char)
            app.processEvents()  # the list is repainted: suggestions are on screen
            samples.append(time.perf_counter() - before)
        shown = {getattr(row, "contact_id", None) for row in widget.suggestions()}
        found += contact_id in shown
    widget.close()
    close_database()

    conn = sqlite3.connect(db_file)
    baseline: list[float] = []
    for _, text in sequences:
        for end in range(1, len(text) + 1):
            query = search_index.prefix_query(text[:end])
            before = time.perf_counter()
            if query:
                conn.execute(
                    f"SELECT rowid FROM {search_index.SEARCH_TABLE} "
                    f"WHERE {search_index.SEARCH_TABLE} MATCH ?",
                    (query,),
                ).fetchall()
            baseline.append(time.perf_counter() - before)
    conn.close()
    named = [cid for cid, _ in sequences if cid]
    return Record.compare(
        "checkin_picker_p95",
        p95(samples),
        p95(baseline),
        target=3.0,
        keystrokes=len(samples),
        median=sorted(samples)[len(samples) // 2],
        max=max(samples),
        found_rate=round(found / len(named), 3),
        vocabulary_load_seconds=round(vocabulary_seconds, 4),
        vocabulary_words=words,
        contacts=ctx.contacts,
    )


BENCHMARKS = {"checkin_picker_p95": checkin_picker_p95}
