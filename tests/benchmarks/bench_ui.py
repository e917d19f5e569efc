"""Main window benchmarks on the seeded database: start-up, search as you type, opening a
contact with a long history, and the app's peak memory.

They work on a copy of the seeded database (the app takes its rolling backup
beside the file it opens, and one contact with exactly 1,000 interactions is
added to the copy), so the shared seeded file stays as it was.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.harness import REPO_ROOT, Context, Record, netdesk_env, p95

# interleaved starts of each; a start is about 0.1-0.2 s and varies by a few ms on a
# shared machine, so the medians need more than a handful to settle
STARTS = 11
OPENS = 9
HISTORY = 1000
# realistic searches, typed one letter at a time
QUERIES = ("jose", "chen smith", "realtor", "bookkeeping", "waterloo", "payroll kitchener")

_prepared: dict[Path, tuple[Path, int]] = {}


# -- the database ------------------------------------------------------------------------


def ui_database(ctx: Context) -> tuple[Path, int]:
    """A copy of the seeded database plus one contact with ``HISTORY`` interactions."""
    seeded = ctx.seeded_db()
    if seeded in _prepared:
        return _prepared[seeded]
    from netdesk.storage.backups import copy_database

    target = ctx.workdir / "ui-bench.sqlite3"
    for stale in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        stale.unlink(missing_ok=True)
    copy_database(seeded, target)
    contact_id = _add_long_history(target)
    _prepared[seeded] = (target, contact_id)
    return target, contact_id


def _add_long_history(path: Path) -> int:
    from netdesk.domain import contacts, score_cache
    from netdesk.domain.contacts import ContactDraft
    from netdesk.domain.interaction_kinds import KINDS
    from netdesk.domain.workspace import open_workspace
    from netdesk.storage.database import close_database
    from netdesk.storage.models import Interaction, database

    db = open_workspace(path)
    rng = random.Random(1000)
    today = dt.date.today()
    kinds = list(KINDS)
    contact_id = contacts.create_contact(
        ContactDraft(given_name="Maxine", family_name="Longhistory", organisation="Regulars Inc.")
    )
    with database.atomic():
        Interaction.insert_many(
            [
                {
                    "contact": contact_id,
                    "kind": rng.choice(kinds),
                    "occurred_on": today - dt.timedelta(days=rng.randrange(3 * 365)),
                    "note": rng.choice(("", "coffee", "sent the quote", "call back Tuesday")),
                }
                for _ in range(HISTORY)
            ]
        ).execute()
        score_cache.refresh_contacts([contact_id])
    db.close()
    close_database()
    return contact_id


# -- start-up --------------------------------------------------------------------------------


def _probe_env() -> dict[str, str]:
    """Both probes start as an installed program does: with compiled bytecode cached.

    (A shell that sets PYTHONDONTWRITEBYTECODE would otherwise make every start
    recompile netdesk's modules, which no installed copy or desktop build does.)
    The cache goes to a folder of its own, never into the source tree.
    """
    env = netdesk_env(PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "netdesk-bench-pyc"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _probe(*args: str) -> tuple[float, list[str]]:
    """Seconds from starting the probe process to its "painted" line, and all its output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.ui_probe", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_probe_env(),
        cwd=REPO_ROOT,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    elapsed = time.perf_counter() - start
    rest = process.stdout.read().splitlines()
    if process.wait(timeout=300) != 0 or first.strip() != "painted":
        raise RuntimeError(f"probe {args} failed: {first!r} {rest!r}")
    return elapsed, [first.strip(), *rest]


def startup_first_paint(ctx: Context) -> Record:
    """Process start to the window painted with the list filled, against a bare
    ``QMainWindow`` started and painted the same way (medians of ``STARTS`` runs each).

    Also reported, not judged: the floor that netdesk's libraries set on their own
    (``stack`` in ``ui_probe``: peewee, Qt's enums, a table of the first page), so
    the ratio can be read as the stack's share and netdesk's."""
    path, _ = ui_database(ctx)
    _probe("bare")  # warm the file and bytecode caches
    _probe("stack", str(path))
    _probe("netdesk", str(path))  # (and take the first backup)
    app_times, bare_times, stack_times = [], [], []
    for _ in range(STARTS):
        bare_times.append(_probe("bare")[0])
        stack_times.append(_probe("stack", str(path))[0])
        app_times.append(_probe("netdesk", str(path))[0])
    bare = statistics.median(bare_times)
    stack = statistics.median(stack_times)
    return Record.compare(
        "startup_first_paint",
        statistics.median(app_times),
        bare,
        target=2.0,
        runs=STARTS,
        stack_floor_s=round(stack, 4),
        stack_floor_ratio=round(stack / bare, 2),
        app_samples=[round(t, 4) for t in app_times],
        bare_samples=[round(t, 4) for t in bare_times],
        stack_samples=[round(t, 4) for t in stack_times],
        contacts=ctx.contacts,
        interactions=ctx.interactions,
    )


def peak_rss(ctx: Context) -> Record:
    """Peak resident memory of netdesk over a short session (start, searches, opening the
    long-history contact, scrolling to the end of the list), against a bare window."""
    path, contact_id = ui_database(ctx)
    _, lines = _probe("session", str(path), str(contact_id))
    _, bare = _probe("bare", "rss")
    value = _rss_mib(lines)
    return Record.compare(
        "peak_rss",
        value,
        _rss_mib(bare),
        unit="MiB",
        target=None,
        contacts=ctx.contacts,
        interactions=ctx.interactions,
    )


def _rss_mib(lines: list[str]) -> float:
    for line in lines:
        if line.startswith("maxrss_kib "):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no memory report in {lines!r}")


# -- inside one process: search and open ---------------------------------------------------


def _window(path: Path):
    from netdesk.domain.workspace import open_workspace
    from netdesk.ui.app import application
    from netdesk.ui.main_window import MainWindow

    app = application()
    open_workspace(path)
    window = MainWindow(path, remember_layout=False)
    window.show()
    app.processEvents()
    window.detail.load_pending()
    return app, window


def _close(window) -> None:
    from netdesk.storage.database import close_database

    window.close()
    window.deleteLater()
    close_database()


def search_keystroke_p95(ctx: Context) -> Record:
    """Keystroke in the search box to the list model holding its new first page, p95 over
    ``QUERIES`` typed letter by letter; baseline: the bare FTS5 prefix query for the same
    texts returning its first 200 rowids through plain ``sqlite3``.

    Also reported: the p95 until the rest of the matches are counted too
    (``counted_p95_ms``), which the list does on the next turn of the event loop."""
    from PySide6.QtTest import QTest

    from netdesk.storage.search_index import SEARCH_TABLE, prefix_query

    path, _ = ui_database(ctx)
    app, window = _window(path)
    search = window.contact_list.search
    model = window.contact_list.model
    samples: list[float] = []
    settled: list[float] = []
    texts: list[str] = []
    for query in QUERIES:
        search.clear()
        app.processEvents()
        window.detail.load_pending()
        for end in range(1, len(query) + 1):
            if query[end - 1] == " ":
                QTest.keyClicks(search, " ")
                continue
            start = time.perf_counter()
            QTest.keyClicks(search, query[end - 1])
            model.index(0, 0).data()  # the first page, as painting asks for it
            samples.append(time.perf_counter() - start)
            # the count of the rest of the matches, which the next turn of the event
            # loop makes (a key typed before then skips it): reported, not the target
            model.settle()
            settled.append(time.perf_counter() - start)
            texts.append(query[:end])
            # the person's next key comes later: the details catch up in between
            app.processEvents()
            window.detail.load_pending()
    _close(window)

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    sql = f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH ? LIMIT 200"
    for text in texts:  # warm up like the app's run did
        conn.execute(sql, (prefix_query(text),)).fetchall()
    baseline: list[float] = []
    for text in texts:
        start = time.perf_counter()
        conn.execute(sql, (prefix_query(text),)).fetchall()
        baseline.append(time.perf_counter() - start)
    conn.close()
    value = p95(samples)
    base = p95(baseline)
    return Record.compare(
        "search_keystroke_p95",
        value,
        base,
        target=3.0,
        keystrokes=len(samples),
        p95_ms=round(value * 1000, 2),
        counted_p95_ms=round(p95(settled) * 1000, 2),
        counted_ratio=round(p95(settled) / base, 2),
        median_ms=round(statistics.median(samples) * 1000, 2),
        max_ms=round(max(samples) * 1000, 2),
        slowest=texts[samples.index(max(samples))],
        within_one_frame=value <= 1 / 60,
        contacts=ctx.contacts,
        interactions=ctx.interactions,
    )


def open_contact_1000(ctx: Context) -> Record:
    """Selecting a contact with 1,000 interactions until the timeline list and the chart
    are filled; baseline: plain ``sqlite3`` reading those 1,000 rows."""
    from PySide6.QtCore import QItemSelectionModel

    path, contact_id = ui_database(ctx)
    app, window = _window(path)
    pane = window.contact_list
    detail = window.detail
    row = pane.model.row_for_contact(contact_id)
    other_row = 0 if row != 0 else 1
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    selection = pane.view.selectionModel()

    def select(row_number: int) -> None:
        selection.setCurrentIndex(pane.model.index(row_number, 0), flags)

    filled: list[float] = []
    painted: list[float] = []
    for _ in range(OPENS):
        select(other_row)
        detail.load_pending()
        app.processEvents()
        start = time.perf_counter()
        select(row)
        detail.load_pending()
        filled.append(time.perf_counter() - start)
        detail.repaint()
        painted.append(time.perf_counter() - start)
        if detail.timeline.model.rowCount() != HISTORY:
            raise RuntimeError("the timeline did not fill")
    markers = detail.chart.marker_count()
    curve = detail.chart.curve_points()[0]
    _close(window)

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    sql = (
        "SELECT id, contact_id, kind, occurred_on, note, event_id, referral_id "
        "FROM interaction WHERE contact_id = ? ORDER BY occurred_on, id"
    )
    baseline: list[float] = []
    for _ in range(OPENS):
        start = time.perf_counter()
        rows = conn.execute(sql, (contact_id,)).fetchall()
        baseline.append(time.perf_counter() - start)
    conn.close()
    assert len(rows) == HISTORY
    value = statistics.median(filled)
    return Record.compare(
        "open_contact_1000",
        value,
        statistics.median(baseline),
        target=None,
        limit_seconds=0.100,
        under_limit=value < 0.100,
        painted_s=round(statistics.median(painted), 4),
        markers=markers,
        curve_points=curve,
        contacts=ctx.contacts,
        interactions=ctx.interactions,
    )


BENCHMARKS = {
    "startup_first_paint": startup_first_paint,
    "search_keystroke_p95": search_keystroke_p95,
    "open_contact_1000": open_contact_1000,
    "peak_rss": peak_rss,
}
