"""Referral match benchmarks: ranking a need with reasons on the large seeded database."""

from __future__ import annotations

import sqlite3
import statistics
import time

from netdesk.domain import matching
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import PRAGMAS, close_database
from tests.benchmarks.harness import Context, Record, p95

# What people type when they look for someone.
NEEDS = (
    "a realtor in Waterloo",
    "real estate agent",
    "someone to redo my logo",
    "bookkeeping for my small business",
    "web designer",
    "accountant for taxes",
    "a photographer for headshots",
    "home inspector",
    "business insurance",
    "IT support",
    "a lawyer for my will",
    "kitchen renovation",
    "mortgage broker in Kitchener",
    "copywriter for newsletters",
    "financial planner",
    "printing business cards",
)
LIMIT = matching.DEFAULT_LIMIT


def referral_match_p95(ctx: Context) -> Record:
    """From the need as typed to the ranked list with reasons (``match_need``), p95 over
    realistic needs; against the bare FTS5 ``MATCH ... ORDER BY bm25 LIMIT`` of the same
    search expression with plain ``sqlite3`` on the same file (same page cache size)."""
    path = ctx.seeded_db()
    open_workspace(path, create=False)  # as the app opens it
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA cache_size={PRAGMAS['cache_size']}")
    bare = (
        "SELECT rowid FROM contact_match WHERE contact_match MATCH ? "
        "ORDER BY bm25(contact_match) LIMIT ?"
    )
    expressions = {need: matching.parse_need(need).expression() for need in NEEDS}

    def run_netdesk(need: str) -> float:
        start = time.perf_counter()
        results = matching.match_need(need, limit=LIMIT)
        elapsed = time.perf_counter() - start
        assert results and all(r.reasons for r in results), need
        return elapsed

    def run_bare(need: str) -> float:
        start = time.perf_counter()
        conn.execute(bare, (expressions[need], LIMIT)).fetchall()
        return time.perf_counter() - start

    for need in NEEDS:  # warm both page caches
        run_netdesk(need)
        run_bare(need)
    ours: list[float] = []
    theirs: list[float] = []
    per_need: dict[str, list[float]] = {need: [] for need in NEEDS}
    for _ in range(-(-ctx.min_samples // len(NEEDS))):
        for need in NEEDS:
            mine = run_netdesk(need)
            base = run_bare(need)
            ours.append(mine)
            theirs.append(base)
            per_need[need].append(mine / base)
    conn.close()
    close_database()
    worst = max(per_need, key=lambda need: statistics.median(per_need[need]))
    return Record(
        "referral_match_p95",
        "a need as typed to the ranked list of providers with reasons / the bare FTS5"
        " MATCH ... ORDER BY bm25 LIMIT of the same expression through sqlite3",
        p95(ours),
        p95(theirs),
        target=3.0,
        samples=ours,
        baseline_samples=theirs,
        extra={
            "needs": len(NEEDS),
            "results_limit": LIMIT,
            "median_seconds": statistics.median(ours),
            "baseline_median_seconds": statistics.median(theirs),
            "worst_need": worst,
            "worst_need_median_ratio": round(statistics.median(per_need[worst]), 2),
            **ctx.sizes(),
        },
    )


BENCHMARKS = {"referral_match_p95": referral_match_p95}
