"""A sync running off the UI thread: progress by signal, Cancel by flag, the outcome back."""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from netdesk.domain.sync import accounts, outcome
from netdesk.domain.sync.outcome import SyncCancelled, SyncOutcome
from netdesk.domain.sync.runner import sync_account
from netdesk.domain.user_errors import StorageError
from netdesk.domain.workspace import close_thread_connection
from netdesk.logging_setup import describe_failure

log = logging.getLogger(__name__)


class SyncRun(QThread):
    """One sync of one account; ``result`` holds the outcome once ``finished`` fired."""

    progressed = Signal(int, int, str)

    def __init__(self, account_id: int, options: dict[str, Any], parent: QObject | None = None):
        super().__init__(parent)
        self.account_id = account_id
        self.options = options
        self.result = SyncOutcome(outcome.FAILED, "the sync did not run")
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int, text: str) -> None:
        if self._cancel.is_set():
            raise SyncCancelled()
        self.progressed.emit(done, total, text)

    def run(self) -> None:
        try:
            account = next(a for a in accounts.list_accounts() if a.id == self.account_id)
            self.result = sync_account(account, progress=self._progress, **self.options)
        except StorageError as exc:
            self.result = SyncOutcome(outcome.FAILED, f"sync stopped: {exc}")
        except Exception as exc:  # reported on the status bar, never a crash of the window
            log.error("sync crashed: %s", describe_failure(exc))
            self.result = SyncOutcome(outcome.FAILED, f"sync failed ({type(exc).__name__})")
        finally:
            close_thread_connection()
