"""Real CardDAV servers for the sync tests, started on a free 127.0.0.1 port.

Radicale (GPLv3, a test dependency only, never bundled) runs as a child process
with htpasswd authentication and a storage folder of the test's own; Xandikos
(a second implementation, to catch what only one server does) the same way.
Each can be stopped and started again on the same port and storage (a server
going away in the middle of a sync).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

USER = "ana"
PASSWORD = "s3cret-pass"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_env() -> dict[str, str]:
    """The server is not netdesk: no network guard in it (it only listens on loopback)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.pop("NETDESK_TEST_ALLOW_LOOPBACK", None)
    return env


class DavServer:
    name = "server"
    home = f"{USER}/"  # where the user's address books are, below the root

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> None:
        log = (self.folder / "server.log").open("ab")
        self.proc = subprocess.Popen(
            self.command(), stdout=log, stderr=log, env=_server_env(), cwd=self.folder
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} ended: {self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not start: {self.log_tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                # (Radicale waits for open connections to close: a client's kept-alive one)
                self.proc.wait(2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def log_tail(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""


class Radicale(DavServer):
    name = "Radicale"

    def __init__(self, folder: Path, *, max_sync_token_age: int | None = None) -> None:
        super().__init__(folder)
        (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
        self.storage = folder / "collections"
        config = [
            "[server]",
            f"hosts = 127.0.0.1:{self.port}",
            "[auth]",
            "type = htpasswd",
            f"htpasswd_filename = {folder / 'users'}",
            "htpasswd_encryption = plain",
            "[rights]",
            "type = owner_only",
            "[storage]",
            f"filesystem_folder = {self.storage}",
            "[web]",
            "type = none",
            "[logging]",
            "level = warning",
        ]
        if max_sync_token_age is not None:
            config[config.index("[web]") : config.index("[web]")] = [
                f"max_sync_token_age = {max_sync_token_age}"
            ]
        (folder / "config").write_text("\n".join(config) + "\n")

    def command(self) -> list[str]:
        # (radicale_main.py: Radicale without fsync)
        return [
            sys.executable,
            str(Path(__file__).with_name("radicale_main.py")),
            str(self.folder / "config"),
        ]

    def forget_sync_tokens(self) -> None:
        """What Radicale does to a token older than ``max_sync_token_age`` (30 days)."""
        for cache in self.storage.rglob(".Radicale.cache"):
            shutil.rmtree(cache / "sync-token", ignore_errors=True)


class Xandikos(DavServer):
    """Xandikos has no authentication of its own (it sits behind a proxy that has):
    netdesk's Basic credentials are sent and ignored."""

    name = "Xandikos"
    home = f"{USER}/contacts/"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "xandikos.web",
            "--listen-address",
            "127.0.0.1",
            "--port",
            str(self.port),
            "-d",
            str(self.folder / "data"),
            "--state-dir",
            str(self.folder / "state"),
            "--defaults",
            "--current-user-principal",
            f"/{USER}",
        ]
