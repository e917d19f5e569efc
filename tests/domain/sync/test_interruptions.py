"""A sync stopped anywhere (the server going away, netdesk SIGKILLed) finishes on the next
run with nobody lost and nobody twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from netdesk.domain import seed
from tests.conftest import REPO_ROOT, run_netdesk_env
from tests.helpers import integrity
from tests.sync.fixtures import Device, list_cards, make_book
from tests.sync.servers import Radicale

pytestmark = [pytest.mark.loopback, pytest.mark.slow]

PEOPLE = 90


def seeded(device: Device, count: int = PEOPLE) -> None:
    with device.use():
        seed.seed_database(count, count * 2, seed=3)


def uids_on(book: str) -> list[str]:
    return sorted(
        line.split(":", 1)[1].strip()
        for text in list_cards(book).values()
        for line in text.splitlines()
        if line.startswith("UID:")
    )


def local_state(path: Path) -> tuple[int, int, int, int]:
    """(live contacts, their cards' sync items, items (cards and calendar records) never
    confirmed, interactions) in a database."""
    conn = sqlite3.connect(path)
    try:
        return tuple(
            conn.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM contact WHERE deleted_at IS NULL",
                "SELECT count(*) FROM sync_item WHERE record_kind = 'contact'",
                "SELECT count(*) FROM sync_item WHERE etag IS NULL OR base IS NULL",
                "SELECT count(*) FROM interaction",
            )
        )
    finally:
        conn.close()


class StopServerAt(httpx.HTTPTransport):
    """Stops the server just as netdesk sends its ``at``-th write."""

    def __init__(self, server: Radicale, at: int) -> None:
        super().__init__()
        self.server, self.at, self.writes = server, at, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            self.writes += 1
            if self.writes == self.at:
                self.server.stop()
        return super().handle_request(request)


def test_the_server_stopping_mid_sync_is_an_offline_outcome_and_the_next_sync_finishes(
    own_radicale, tmp_path
):
    book = make_book(own_radicale)
    laptop = Device(tmp_path / "laptop.sqlite3", book)
    seeded(laptop, 60)
    result = laptop.sync(transport=StopServerAt(own_radicale, 20))
    assert result.status == "offline", result.message
    own_radicale.start()
    assert 15 <= len(uids_on(book)) < 60
    result = laptop.sync()
    assert result.status == "done", result.message
    assert len(set(uids_on(book))) == len(uids_on(book)) == 60
    assert local_state(laptop.path)[:3] == (60, 60, 0)
    desktop = Device(tmp_path / "desktop.sqlite3", book)
    # the desktop's first download is cut by the server stopping too
    own_radicale.stop()
    assert desktop.sync().status == "offline"
    own_radicale.start()
    assert desktop.sync().added_here == 60
    assert local_state(desktop.path)[:3] == (60, 60, 0)
    assert (
        laptop.sync().summary()
        == desktop.sync().summary()
        == ("nothing to sync: everything is up to date")
    )


def start_sync(db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "netdesk", "sync", "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=run_netdesk_env(loopback=True),
        cwd=REPO_ROOT,
    )


def kill_when(proc: subprocess.Popen[bytes], ready, timeout: float = 120) -> bool:
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            if proc.poll() is not None:
                assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
                return False
            if ready():
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return proc.returncode == -signal.SIGKILL
            time.sleep(0.005)
        proc.kill()
        raise AssertionError("the sync neither finished nor reached the point to kill it")
    finally:
        if proc.stderr:
            proc.stderr.close()


def cards_stored(server: Radicale, book: str) -> int:
    folder = server.storage / "collection-root" / book.rstrip("/").split("/", 3)[3]
    try:
        return sum(1 for name in os.listdir(folder) if name.endswith(".vcf"))
    except FileNotFoundError:
        return 0


def test_netdesk_killed_mid_sync_resumes_without_losing_or_doubling_anyone(own_radicale, tmp_path):
    book = make_book(own_radicale)
    laptop = Device(tmp_path / "laptop.sqlite3", book)
    seeded(laptop)
    before = local_state(laptop.path)
    killed = 0
    for share in (0.2, 0.6):
        if kill_when(
            start_sync(laptop.path), lambda s=share: cards_stored(own_radicale, book) >= PEOPLE * s
        ):
            killed += 1
        assert integrity(laptop.path) == "ok"
    assert killed >= 1
    result = subprocess.run(
        [sys.executable, "-m", "netdesk", "sync", "--db", str(laptop.path), "--json"],
        capture_output=True, text=True, env=run_netdesk_env(loopback=True), cwd=REPO_ROOT,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    uids = uids_on(book)
    assert len(uids) == len(set(uids)) == PEOPLE
    assert local_state(laptop.path) == (PEOPLE, PEOPLE, 0, before[3])

    # the second device's first download, killed twice on its way
    desktop = Device(tmp_path / "desktop.sqlite3", book)
    wal = desktop.path.with_name(desktop.path.name + "-wal")
    started = time.monotonic()
    kill_when(start_sync(desktop.path), lambda: wal.exists() and wal.stat().st_size > 50_000)
    kill_when(start_sync(desktop.path), lambda: time.monotonic() - started > 3)
    assert integrity(desktop.path) == "ok"
    done = subprocess.run(
        [sys.executable, "-m", "netdesk", "sync", "--db", str(desktop.path)],
        capture_output=True, text=True, env=run_netdesk_env(loopback=True), cwd=REPO_ROOT,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert local_state(desktop.path)[:3] == (PEOPLE, PEOPLE, 0)
    assert len(uids_on(book)) == PEOPLE
    assert laptop.sync().summary() == "nothing to sync: everything is up to date"
    assert desktop.sync().summary() == "nothing to sync: everything is up to date"
