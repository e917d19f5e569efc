"""Shared fixtures: a headless Qt, a private data folder and a fresh database per test."""

from __future__ import annotations

import os
import socket
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest  # noqa: E402

from netdesk.domain.workspace import open_workspace  # noqa: E402
from netdesk.storage.database import close_database  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; NETDESK_DB never leaks in from outside."""
    folder = tmp_path / "data"
    monkeypatch.setenv("NETDESK_DATA_DIR", str(folder))
    monkeypatch.delenv("NETDESK_DB", raising=False)
    return folder


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """netdesk is offline: any attempt to open a network connection fails the test."""

    def refuse(self, address, *args, **kwargs):
        family = getattr(self, "family", None)
        if family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"netdesk tried to connect to {address!r}")
        return real_connect(self, address, *args, **kwargs)

    real_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "netdesk.sqlite3"


@pytest.fixture
def db(db_path: Path):
    """A new, empty netdesk database, open and bound for the test."""
    database = open_workspace(db_path, create=True)
    yield database
    close_database()


def run_netdesk_env(**extra: str) -> dict[str, str]:
    """Environment for running ``python -m netdesk`` in a child process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env
