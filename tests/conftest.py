"""Shared fixtures: a headless Qt, a private data folder and a fresh database per test."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

# headless, on virtual screens: a 1920 × 1080 one where windows open (a common laptop's, not
# the default 800 × 800), and beside it 1024 × 700, 1440 × 900 and a 1920 × 1080 one scaled
# by 1.5 (1280 × 720 of Qt's pixels) for tests/ui/test_layout_on_every_screen.py
os.environ["QT_QPA_PLATFORM"] = (
    f"offscreen:configfile={Path(__file__).resolve().parent / 'offscreen-screen.json'}"
)
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest  # noqa: E402

from netdesk import logging_setup  # noqa: E402
from netdesk.domain.workspace import open_workspace  # noqa: E402
from netdesk.storage.database import close_database  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
CHILD_GUARD = Path(__file__).resolve().parent / "child_guard"
CHILD_NETWORK_EXIT = 97
# set for a child process that may reach servers on this computer (tests/child_guard)
CHILD_LOOPBACK_ENV = "NETDESK_TEST_ALLOW_LOOPBACK"

pytest_plugins = ("pytester",)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; NETDESK_DB never leaks in from outside."""
    folder = tmp_path / "data"
    monkeypatch.setenv("NETDESK_DATA_DIR", str(folder))
    monkeypatch.delenv("NETDESK_DB", raising=False)
    return folder


class NetworkGuard:
    """Refuses, and remembers, every attempt to reach the network.

    A test marked ``loopback`` (the sync tests, talking to a server they started)
    may reach this computer's own addresses (127.0.0.0/8, ::1, "localhost"), and
    nothing else.

    Covers name lookups (``getaddrinfo``, ``gethostbyname``), the usual way in
    (``create_connection``) and the raw socket calls under everything else
    (``connect``, ``connect_ex``, ``sendto`` on internet sockets). Local
    (AF_UNIX) sockets are not the network and stay allowed. An attempt raises
    at once and is remembered, so code that swallows the exception still
    fails the test when the fixture finishes.
    """

    INTERNET = (socket.AF_INET, socket.AF_INET6)

    def __init__(self, *, loopback: bool = False) -> None:
        self.attempts: list[str] = []
        self.loopback = loopback

    def allows(self, host: object) -> bool:
        """Whether ``host`` (a name or an address) may be reached in this test."""
        return self.loopback and is_loopback(host)

    def refuse(self, what: str) -> None:
        self.attempts.append(what)
        raise AssertionError(f"netdesk tried to {what}: netdesk works offline")

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        guard = self
        real = {name: getattr(socket.socket, name) for name in ("connect", "connect_ex", "sendto")}

        def wrap(name: str):
            def checked(sock, *args, **kwargs):
                address = args[-1]
                if sock.family in guard.INTERNET and not guard.allows(address[0]):
                    guard.refuse(f"{name} to {address!r}")
                return real[name](sock, *args, **kwargs)

            return checked

        def lookup(name: str):
            found = getattr(socket, name)

            def refused(host, *args, **kwargs):
                if guard.allows(host):
                    return found(host, *args, **kwargs)
                guard.refuse(f"look up {host!r} ({name})")

            return refused

        real_create_connection = socket.create_connection

        def create_connection(address, *args, **kwargs):
            if guard.allows(address[0]):
                return real_create_connection(address, *args, **kwargs)
            guard.refuse(f"open a connection to {address!r}")

        for name in real:
            monkeypatch.setattr(socket.socket, name, wrap(name))
        for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
            monkeypatch.setattr(socket, name, lookup(name))
        monkeypatch.setattr(socket, "create_connection", create_connection)


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    """netdesk is offline: any attempt to reach the network fails the test. A test marked
    ``loopback`` may reach servers on this computer only (``NetworkGuard``)."""
    guard = NetworkGuard(loopback=request.node.get_closest_marker("loopback") is not None)
    guard.install(monkeypatch)
    yield guard
    assert not guard.attempts, f"netdesk tried to reach the network: {guard.attempts}"


@pytest.fixture(autouse=True)
def private_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Passwords go to a file of the test's own (tests/keyring_backend.py), in this process
    and in every child it starts: never to the system keyring."""
    import keyring

    from tests import keyring_backend

    monkeypatch.setenv(keyring_backend.FILE_ENV, str(tmp_path / "keyring.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.keyring_backend.TestKeyring")
    keyring.set_keyring(keyring_backend.TestKeyring())


@pytest.fixture(autouse=True)
def days_named_in_iso():
    """A window names the domain's days the locale's way; the next test starts in ISO."""
    yield
    from netdesk.domain import wording

    wording.name_days_with(None)


@pytest.fixture(autouse=True)
def log_file_closed():
    """A command run in-process opens the log file in its data folder: close it after."""
    yield
    for handler in list(logging_setup.log.handlers):
        if isinstance(handler, logging_setup.PrivateRotatingFileHandler):
            logging_setup.log.removeHandler(handler)
            handler.close()


@pytest.fixture(autouse=True)
def no_database_after_the_test():
    """Whatever a test opened is closed and unbound after it: a later test that uses the
    database without the ``db`` fixture fails instead of reading this one's file."""
    yield
    close_database()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "netdesk.sqlite3"


@pytest.fixture
def db(db_path: Path):
    """A new, empty netdesk database, open and bound for the test."""
    database = open_workspace(db_path, create=True)
    yield database
    close_database()


def run_netdesk_env(*, loopback: bool = False, **extra: str) -> dict[str, str]:
    """Environment for running ``python -m netdesk`` in a child process.

    The child gets the same network guard (``tests/child_guard/sitecustomize.py``):
    an attempt to reach the network ends it at once with ``CHILD_NETWORK_EXIT``;
    ``loopback``: except to this computer's own addresses.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(CHILD_GUARD), str(REPO_ROOT), env.get("PYTHONPATH", "")]
    )
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop(CHILD_LOOPBACK_ENV, None)
    if loopback:
        env[CHILD_LOOPBACK_ENV] = "1"
    env.update(extra)
    return env
