"""SIGKILL in the middle of long jobs: afterwards, all of the job or none of it, never half.

The large jobs are ``netdesk seed`` into a database that already holds history
(one transaction of tens of thousands of rows, standing in for an import) and
``netdesk restore`` of a JSON and of a SQLite backup over an existing
database. Each is killed at points found by watching its files (the WAL
growing, the temporary file being built, the pre-restore backup being taken)
and at fixed fractions of its running time. The reopened database must pass
``PRAGMA integrity_check`` and hold exactly what it held before, or exactly
the finished job's result.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from netdesk.domain import json_backup, seed, settings
from netdesk.domain.workspace import open_workspace
from netdesk.storage import backups
from netdesk.storage.database import close_database
from netdesk.storage.models import Event
from tests.conftest import REPO_ROOT, run_netdesk_env
from tests.helpers import integrity, table_rows

pytestmark = pytest.mark.slow

FRACTIONS = (0.35, 0.7, 0.95)


def start(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "netdesk", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
    )


def finish(*args) -> float:
    """Run the job to its end; how long it took."""
    started = time.monotonic()
    proc = start(*args)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return time.monotonic() - started


def kill_when(proc: subprocess.Popen, ready: Callable[[], bool], timeout: float = 60) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()``; False if it finished first."""
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            if proc.poll() is not None:
                return False
            if ready():
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                if proc.returncode == 0:
                    return False  # it finished between the poll and the signal
                assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
                return True
            time.sleep(0.002)
        proc.kill()
        proc.wait()
        raise AssertionError("the job neither finished nor reached the point to kill it")
    finally:
        proc.stderr.close()


def kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    started = time.monotonic()
    return kill_when(proc, lambda: time.monotonic() - started >= seconds)


# set from the clock while a job runs, so they differ between two runs of it
TIMESTAMPS = ("created_at", "updated_at", "checked_in_at")


def outcome(path: Path, before: dict, after: dict, without: tuple[str, ...] = ()) -> str:
    """'none' or 'all' of the job; fails the test on anything in between."""
    assert integrity(path) == "ok"
    found = table_rows(path, with_schema_version=False, without=without)
    if found == before:
        return "none"
    if found == after:
        return "all"
    raise AssertionError(f"{path.name} holds part of the job: {_counts(found)}")


def _counts(rows: dict) -> dict:
    return {table: len(found) for table, found in rows.items() if found}


def history_database(path: Path) -> Path:
    """History that must survive: an event, a setting; no contacts, so seed may run."""
    open_workspace(path, create=True)
    Event.create(name="Waterloo Business Breakfast", held_on=dt.date(2026, 11, 5))
    settings.put("backup.keep", 4)
    close_database()
    return path


def fresh_copy(source: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    backups.copy_database(source, target)
    return target


def wal_size(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_sigkill_during_a_large_seed_keeps_all_or_nothing(tmp_path):
    job = ("seed", "--contacts", "8000", "--interactions", "60000", "--anchor", "2026-11-01")
    template = history_database(tmp_path / "template.sqlite3")
    before = table_rows(template, with_schema_version=False)
    reference = fresh_copy(template, tmp_path / "reference", "mine.sqlite3")
    duration = finish(*job, "--db", reference)
    after = table_rows(reference, with_schema_version=False)
    assert len(after["contact"]) == 8000 and after["event"] == before["event"]

    seen = []
    target = fresh_copy(template, tmp_path / "mid-transaction", "mine.sqlite3")
    proc = start(*job, "--db", target)
    assert kill_when(proc, lambda: wal_size(target) > 2_000_000)
    seen.append(outcome(target, before, after))
    assert seen[-1] == "none"  # killed inside the transaction: not a row of it stays
    for fraction in FRACTIONS:
        target = fresh_copy(template, tmp_path / f"at-{fraction}", "mine.sqlite3")
        kill_after(start(*job, "--db", target), duration * fraction)
        seen.append(outcome(target, before, after))
    assert set(seen) <= {"none", "all"}


@pytest.fixture(scope="module")
def restore_sources(tmp_path_factory):
    """A big backup (both kinds) and a small database it is restored over."""
    folder = tmp_path_factory.mktemp("sources")
    big = folder / "big.sqlite3"
    open_workspace(big, create=True)
    seed.seed_database(3000, 25000, anchor=dt.date(2026, 11, 1))
    json_backup.write_backup(folder / "big.json")
    close_database()
    mine = folder / "mine.sqlite3"
    open_workspace(mine, create=True)
    seed.seed_database(40, 300, seed=7, anchor=dt.date(2026, 10, 1))
    close_database()
    return mine, big, folder / "big.json"


@pytest.mark.parametrize("kind", ["json", "sqlite"])
def test_sigkill_during_a_restore_keeps_the_old_database_or_the_whole_new_one(
    tmp_path, restore_sources, kind
):
    mine, big, big_json = restore_sources
    source = big_json if kind == "json" else big
    before = table_rows(mine, with_schema_version=False)
    reference = fresh_copy(mine, tmp_path / "reference", "mine.sqlite3")
    duration = finish("restore", source, "--db", reference)
    after = table_rows(reference, with_schema_version=False)
    assert len(after["contact"]) == 3000

    seen = {}
    # while the restored copy is being built beside the target
    target = fresh_copy(mine, tmp_path / "building", "mine.sqlite3")
    proc = start("restore", source, "--db", target)
    assert kill_when(proc, lambda: any(target.parent.glob(".mine.sqlite3.restoring-*")))
    seen["building"] = outcome(target, before, after)
    assert seen["building"] == "none"
    # a new run clears what the killed one left, and completes
    finish("restore", source, "--db", target)
    assert outcome(target, before, after) == "all"
    assert not list(target.parent.glob(".mine.sqlite3.restoring-*"))

    # while the database being replaced is backed up
    target = fresh_copy(mine, tmp_path / "backing-up", "mine.sqlite3")
    folder = backups.backups_dir(target)
    proc = start("restore", source, "--db", target)
    if kill_when(proc, lambda: folder.is_dir() and any(folder.iterdir())):
        seen["backing up"] = outcome(target, before, after)

    # the moment the restored file has taken the target's place
    target = fresh_copy(mine, tmp_path / "swapped", "mine.sqlite3")
    inode = target.stat().st_ino
    proc = start("restore", source, "--db", target)
    if kill_when(proc, lambda: target.exists() and target.stat().st_ino != inode):
        seen["just swapped"] = outcome(target, before, after)
        assert seen["just swapped"] == "all"

    for fraction in FRACTIONS:
        target = fresh_copy(mine, tmp_path / f"at-{fraction}", "mine.sqlite3")
        kill_after(start("restore", source, "--db", target), duration * fraction)
        seen[f"at {fraction:.0%}"] = outcome(target, before, after)
    assert set(seen.values()) <= {"none", "all"}


def test_sigkill_during_a_large_import_keeps_all_or_nothing(tmp_path):
    from tests.benchmarks.bench_import import generate_vcards

    cards = tmp_path / "phone-export.vcf"
    cards.write_text(generate_vcards(8000), encoding="utf-8")
    template = tmp_path / "template.sqlite3"
    open_workspace(template, create=True)
    seed.seed_database(30, 200, seed=5, anchor=dt.date(2026, 10, 1))
    close_database()
    before = table_rows(template, with_schema_version=False, without=TIMESTAMPS)
    reference = fresh_copy(template, tmp_path / "reference", "mine.sqlite3")
    duration = finish("import", cards, "--db", reference)
    after = table_rows(reference, with_schema_version=False, without=TIMESTAMPS)
    assert len(after["contact"]) > len(before["contact"]) + 7000

    seen = []
    target = fresh_copy(template, tmp_path / "mid-transaction", "mine.sqlite3")
    proc = start("import", cards, "--db", target)
    if kill_when(proc, lambda: wal_size(target) > 1_000_000):
        seen.append(outcome(target, before, after, TIMESTAMPS))
        assert seen[-1] == "none"  # inside the import's one transaction
    for fraction in FRACTIONS:
        target = fresh_copy(template, tmp_path / f"at-{fraction}", "mine.sqlite3")
        kill_after(start("import", cards, "--db", target), duration * fraction)
        seen.append(outcome(target, before, after, TIMESTAMPS))
    assert seen and set(seen) <= {"none", "all"}
