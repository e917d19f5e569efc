"""Main window benchmarks on the seeded database: start-up until usable, search as you
type, opening a contact with a long history, and the app's peak memory.

Interactive ones run the real window in this process and stop where the
person's wait ends (``paint_clock``): when the change is painted, and when
everything the action deferred has run and been painted (idle). Start-up runs
netdesk as its own process (``ui_probe``).

They work on a copy of the seeded database (the app takes its rolling backup
beside the file it opens, and one contact with exactly 1,000 interactions is
added to the copy), so the shared seeded file stays as it was.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.harness import (
    REPO_ROOT,
    Context,
    Record,
    median,
    ms,
    netdesk_env,
    p95,
)

# interleaved starts of each; a start is a few tenths of a second and varies by some
# milliseconds on a shared machine, so the medians need more than a handful to settle
STARTS = 15
HISTORY = 1000
# what people type into the search box, one letter at a time: names, trades, towns, tags
QUERIES = (
    "jose",
    "chen smith",
    "realtor",
    "bookkeeping",
    "waterloo",
    "payroll kitchener",
    "maria",
    "patel",
    "web design",
    "insurance guelph",
    "ashby",
    "david wood",
    "catering",
    "rotary",
    "lawyer",
    "kim",
    "photographer",
    "plumbing",
    "sarah",
    "mortgage",
    "hartley",
    "tech meetup",
    "oakville dentist",
    "john",
    "nguyen",
    "accountant",
    "elora florist",
    "landscaper",
    "brantford",
    "chiropractor",
    "abigail",
    "bennett",
    "hamilton electrician",
    "campbell",
    "alejandro",
    "interior design",
    "burlington",
    "fergus",
)
# typed before the clock starts, to warm both sides' page caches as a session would:
# other searches than the measured ones, so no measured key finds its page (or the
# list's laid-out texts) left over from the same search
WARM_UP = ("castillo", "trainer", "baden", "clarke", "amara", "printer", "goderich", "ahmed")

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


def _floor_connection(path: Path) -> sqlite3.Connection:
    """Plain ``sqlite3`` on the same file, read-only, with the app's page cache size."""
    from netdesk.storage.database import PRAGMAS

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute(f"PRAGMA cache_size={PRAGMAS['cache_size']}")
    return conn


# -- start-up --------------------------------------------------------------------------------


def _probe_env() -> dict[str, str]:
    """Every probe starts as an installed program does: with compiled bytecode cached.

    (A shell that sets PYTHONDONTWRITEBYTECODE would otherwise make every start
    recompile netdesk's modules, which no installed copy or desktop build does.)
    The cache goes to a folder of its own, never into the source tree.
    """
    env = netdesk_env(PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "netdesk-bench-pyc"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _probe(*args: str) -> tuple[dict[str, float], list[str]]:
    """Seconds from starting the probe process to each line it prints ("painted",
    "usable"), and all its output; the probe ends after the last of them."""
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
    seen: dict[str, float] = {}
    lines: list[str] = []
    for line in process.stdout:
        word = line.strip()
        seen.setdefault(word, time.perf_counter() - start)
        lines.append(word)
    if process.wait(timeout=300) != 0 or "painted" not in seen:
        raise RuntimeError(f"probe {args} failed: {lines!r}")
    return seen, lines


def startup_usable(ctx: Context) -> Record:
    """Process start until the window is usable: the list filled, the features (side
    panel, their menus) installed and the first contact's details painted; against a
    bare ``QMainWindow`` started and painted the same way at the same size (medians of
    ``STARTS`` interleaved runs each).

    Also reported, not judged: netdesk's first paint (the list alone), and the floor
    that netdesk's libraries set on their own (``stack`` in ``ui_probe``: peewee,
    Qt's enums, a table of the first page)."""
    path, _ = ui_database(ctx)
    _probe("bare")  # warm the file and bytecode caches
    _probe("stack", str(path))
    _probe("netdesk", str(path))  # (and take the first backup)
    usable, first, bare, stack = [], [], [], []
    for _ in range(STARTS):
        bare.append(_probe("bare")[0]["painted"])
        stack.append(_probe("stack", str(path))[0]["painted"])
        seen, lines = _probe("netdesk", str(path))
        if "usable" not in seen:
            raise RuntimeError(f"netdesk never became usable: {lines!r}")
        usable.append(seen["usable"])
        first.append(seen["painted"])
    return Record(
        "startup_usable",
        "process start to the window usable (list, side panel and first contact painted)"
        " / a bare QMainWindow painted at the same 1440x900",
        median(usable),
        median(bare),
        target=2.5,
        samples=usable,
        baseline_samples=bare,
        extra={
            "runs": STARTS,
            "first_paint_s": round(median(first), 4),
            "first_paint_ratio": round(median(first) / median(bare), 2),
            "stack_floor_s": round(median(stack), 4),
            "stack_floor_ratio": round(median(stack) / median(bare), 2),
            "first_paint_samples": [round(t, 4) for t in first],
            "stack_samples": [round(t, 4) for t in stack],
            **ctx.sizes(),
        },
    )


def peak_rss(ctx: Context) -> Record:
    """Peak resident memory of netdesk over a short session (start, searches, opening the
    long-history contact, scrolling to the end of the list), against a bare window."""
    path, contact_id = ui_database(ctx)
    _, lines = _probe("session", str(path), str(contact_id))
    _, bare = _probe("bare", "rss")
    return Record(
        "peak_rss",
        "peak resident memory over a session (start, searches, open, scroll)"
        " / a bare QMainWindow's",
        _rss_mib(lines),
        _rss_mib(bare),
        unit="MiB",
        extra=ctx.sizes(),
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
    from tests.benchmarks.paint_clock import PaintClock

    app = application()
    open_workspace(path)
    window = MainWindow(path, remember_layout=False)
    window.show()
    clock = PaintClock(window)
    # until the first contact is shown and everything it started is done
    clock.measure(window.detail.load_pending, painted=None)
    # as netdesk's start does (``netdesk.start``): what the start made lives as long as
    # the window, and the collector no longer walks it
    gc.freeze()
    return app, window, clock


def _close(window) -> None:
    from netdesk.storage.database import close_database

    window.close()
    window.deleteLater()
    close_database()


def typed_texts(min_samples: int, queries=QUERIES) -> list[tuple[str, bool]]:
    """(the search box's text after a key, whether a new query starts with it), for
    ``queries`` typed letter by letter, round after round, until there are enough (one
    round of ``QUERIES`` is more than ``MIN_SAMPLES`` keys: no search is measured twice)."""
    texts: list[tuple[str, bool]] = []
    queries = itertools.cycle(queries)
    while len(texts) < min_samples:
        query = next(queries)
        texts.extend((query[:end], end == 1) for end in range(1, len(query) + 1))
    return texts


def search_floor(conn: sqlite3.Connection, text: str) -> tuple[float, float]:
    """Seconds that ``search_floor_work`` takes for ``text``: wall clock, processor."""
    from netdesk.storage.search_index import prefix_query

    match = prefix_query(text)
    start_cpu = time.process_time()
    start = time.perf_counter()
    search_floor_work(conn, match)
    return time.perf_counter() - start, time.process_time() - start_cpu


def search_floor_work(conn: sqlite3.Connection, match: str) -> None:
    """The floor of one keystroke's search: the app's page query for the search
    expression (the search index walked in name order, joined to the contacts,
    ``PAGE_SIZE`` rows) and, when that page is full, the count of all matches."""
    from netdesk.storage.search_index import OFFER_SEPARATOR
    from netdesk.ui.models.contact_table_model import PAGE_SIZE

    rows = conn.execute(
        "SELECT c.id, c.display_name, c.organisation, c.title, "
        "replace(hit.offers, ?, ', '), c.attention_norm, c.trust_norm, c.last_interaction_on "
        "FROM (SELECT rowid AS position, offers FROM contact_search WHERE contact_search "
        "MATCH ? ORDER BY rowid ASC LIMIT ? OFFSET 0) AS hit "
        "JOIN contact c ON c.search_position = hit.position ORDER BY hit.position ASC",
        (OFFER_SEPARATOR, match, PAGE_SIZE),
    ).fetchall()
    if len(rows) == PAGE_SIZE:
        conn.execute(
            "SELECT count(*) FROM contact_search WHERE contact_search MATCH ?", (match,)
        ).fetchone()


def search_keystroke(ctx: Context) -> list[Record]:
    """A key typed into the search box until the list shows the new matches, painted
    (p95), and until idle: the rest of the matches counted, the selected contact's
    details loaded, everything painted. The floor is ``search_floor`` for the same
    text (``search_floor_work``), run right after each keystroke on its own connection."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    path, _ = ui_database(ctx)
    app, window, clock = _window(path)
    search = window.contact_list.search
    viewport = window.contact_list.view.viewport()
    conn = _floor_connection(path)
    texts = typed_texts(ctx.min_samples)
    search.setFocus()

    def clear() -> None:
        QTest.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(search, Qt.Key.Key_Backspace)

    # other searches unmeasured first, to warm both sides' page caches as a session would
    # (as many as are measured, at most: a quick look, or the harness's test, warms less)
    # what the list showed after each key, for Qt's own table to show (``table_floor``)
    pages: dict[str, list[list[str]]] = {}
    warm_up = typed_texts(min(ctx.min_samples, sum(map(len, WARM_UP))), WARM_UP)
    for text, fresh in warm_up:
        if fresh and search.text():
            clock.measure(clear, painted=None)
        clock.measure(lambda t=text: QTest.keyClick(search, t[-1]), painted=viewport)
        search_floor(conn, text)
        pages[text] = _shown_rows(window.contact_list)
    painted: list[float] = []
    idle: list[float] = []
    floor: list[float] = []
    cpu: list[float] = []
    floor_cpu: list[float] = []
    for text, fresh in texts:
        if fresh and search.text():
            clock.measure(clear, painted=None)
        seen, settled = clock.measure(lambda t=text: QTest.keyClick(search, t[-1]), viewport)
        if search.text() != text:
            raise RuntimeError(f"the search box shows {search.text()!r}, not {text!r}")
        painted.append(seen)
        idle.append(settled)
        cpu.append(clock.cpu_painted)
        took, took_cpu = search_floor(conn, text)
        floor.append(took)
        floor_cpu.append(took_cpu)
        pages[text] = _shown_rows(window.contact_list)
    conn.close()
    table = _table_floor(window.contact_list, pages, texts, warm_up)
    _close(window)

    slowest = max(range(len(painted)), key=painted.__getitem__)
    query_and_table = [q + t for q, t in zip(floor, table, strict=True)]
    common = {
        "keystrokes": len(painted),
        "median_ms": ms(median(painted)),
        "floor_median_ms": ms(median(floor)),
        "floor_p95_ms": ms(p95(floor)),
        # reported, not judged: the same rows shown by Qt's own table, with no query
        "qt_table_median_ms": ms(median(table)),
        "qt_table_p95_ms": ms(p95(table)),
        "qt_table_samples": [round(t, 6) for t in table],
        "query_and_qt_table_p95_ms": ms(p95(query_and_table)),
        "texts": [text for text, _ in texts],
        "cpu_note": "processor time of this process, which other work on the machine cannot"
        " stretch",
        **ctx.sizes(),
    }
    return [
        Record(
            "search_keystroke_painted_p95",
            "key typed in the search box until the list is repainted with the new matches"
            " / the app's page query + count through sqlite3",
            p95(painted),
            p95(floor),
            target=3.0,
            limit=1 / 60,
            samples=painted,
            baseline_samples=floor,
            extra={
                **common,
                "p95_ms": ms(p95(painted)),
                "max_ms": ms(painted[slowest]),
                "slowest": texts[slowest][0],
                "cpu_p95_ms": ms(p95(cpu)),
                "floor_cpu_p95_ms": ms(p95(floor_cpu)),
                "cpu_ratio": round(p95(cpu) / max(p95(floor_cpu), 1e-6), 2),
                "ratio_to_query_and_qt_table": round(p95(painted) / p95(query_and_table), 2),
            },
        ),
        Record(
            "search_keystroke_idle_p95",
            "key typed in the search box until idle (matches counted, details loaded, all"
            " painted) / the app's page query + count through sqlite3",
            p95(idle),
            p95(floor),
            samples=idle,
            baseline_samples=floor,
            extra={**common, "p95_ms": ms(p95(idle))},
        ),
    ]


# rows of the list read for Qt's own table: more than a screen shows
_SHOWN_ROWS = 60


def _shown_rows(pane) -> list[list[str]]:
    """The texts of the list's first rows, as the list shows them."""
    model = pane.model
    columns = range(model.columnCount())
    return [
        [(model.cell(row, column) or ("", None))[0] for column in columns]
        for row in range(min(model.rowCount(), _SHOWN_ROWS))
    ]


def _table_floor(pane, pages: dict[str, list[list[str]]], texts, warm_up) -> list[float]:
    """``widget_floors.table_floor`` for the list of ``pane``: its columns, row height and
    viewport size; warmed up by the same searches as netdesk's list."""
    from PySide6.QtCore import Qt

    from tests.benchmarks.widget_floors import table_floor

    view = pane.view
    model = pane.model
    columns = range(model.columnCount())
    return table_floor(
        pages,
        texts,
        headers=[model.headerData(c, Qt.Orientation.Horizontal) for c in columns],
        column_widths=[view.columnWidth(c) for c in columns],
        row_height=view.verticalHeader().defaultSectionSize(),
        viewport=view.viewport().size(),
        warm_up=warm_up,
    )


def open_contact_floor(conn: sqlite3.Connection, contact_id: int) -> tuple[float, float]:
    """Plain ``sqlite3`` reading what the details show: the contact's row, its emails,
    phones, offers, needs and tags, and its interactions in date order; seconds (wall
    clock, processor)."""
    start_cpu = time.process_time()
    start = time.perf_counter()
    conn.execute("SELECT * FROM contact WHERE id = ?", (contact_id,)).fetchone()
    for table in ("contact_email", "contact_phone", "contact_url", "offer", "need"):
        conn.execute(f"SELECT * FROM {table} WHERE contact_id = ?", (contact_id,)).fetchall()
    conn.execute(
        "SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = ?",
        (contact_id,),
    ).fetchall()
    rows = conn.execute(
        "SELECT id, contact_id, kind, occurred_on, note, event_id, referral_id "
        "FROM interaction WHERE contact_id = ? ORDER BY occurred_on, id",
        (contact_id,),
    ).fetchall()
    took = time.perf_counter() - start
    assert len(rows) >= HISTORY
    return took, time.process_time() - start_cpu


def open_contact_painted(ctx: Context) -> Record:
    """Selecting a contact with 1,000 interactions in the list (after one of its
    neighbours, as a click on a row in view) until its details, chart and timeline are
    painted (p95); the absolute limit is 100 ms. Floor: plain
    ``sqlite3`` reading what the details show (``open_contact_floor``)."""
    from PySide6.QtCore import QItemSelectionModel

    path, contact_id = ui_database(ctx)
    app, window, clock = _window(path)
    pane = window.contact_list
    detail = window.detail
    row = pane.model.row_for_contact(contact_id)
    # the others are its neighbours in the list: a click on a row in view, no scrolling
    others = [r for r in range(max(0, row - 4), row + 5) if r != row]
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    selection = pane.view.selectionModel()
    viewport = detail.timeline.view.viewport()
    conn = _floor_connection(path)

    def select(row_number: int) -> None:
        selection.setCurrentIndex(pane.model.index(row_number, 0), flags)

    def shown() -> bool:
        return (
            detail.current_contact_id() == contact_id
            and detail.timeline.model.rowCount() == HISTORY
        )

    painted: list[float] = []
    idle: list[float] = []
    floor: list[float] = []
    cpu: list[float] = []
    for n in range(ctx.min_samples + 3):
        clock.measure(lambda n=n: select(others[n % len(others)]), painted=None)
        seen, settled = clock.measure(lambda: select(row), viewport, ready=shown)
        if not shown():
            raise RuntimeError("the timeline did not fill")
        took, _ = open_contact_floor(conn, contact_id)
        if n >= 3:  # the first opens warm the caches
            painted.append(seen)
            idle.append(settled)
            floor.append(took)
            cpu.append(clock.cpu_painted)
    markers = detail.chart.marker_count()
    curve = detail.chart.curve_points()[0]
    conn.close()
    _close(window)
    return Record(
        "open_contact_painted",
        "selecting a contact with 1,000 interactions until details, chart and timeline are"
        " painted / sqlite3 reading the same rows",
        p95(painted),
        p95(floor),
        limit=0.100,
        samples=painted,
        baseline_samples=floor,
        extra={
            "median_ms": ms(median(painted)),
            "idle_p95_ms": ms(p95(idle)),
            "cpu_p95_ms": ms(p95(cpu)),
            "cpu_median_ms": ms(median(cpu)),
            "markers": markers,
            "curve_points": curve,
            **ctx.sizes(),
        },
    )


BENCHMARKS = {
    "startup_usable": startup_usable,
    # (one run makes both records)
    "search_keystroke_painted_p95": search_keystroke,
    "search_keystroke_idle_p95": search_keystroke,
    "open_contact_painted": open_contact_painted,
    "peak_rss": peak_rss,
}
