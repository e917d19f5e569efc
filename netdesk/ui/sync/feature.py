"""Sync in the main window: File ▸ Sync, the status bar, the periodic sync, conflicts.

Nothing here reaches the network until a sync account exists. A sync runs off
the UI thread (``SyncRun``) with its progress and a Cancel button in the
status bar; how it ended is one quiet line there (offline is normal and never
a dialog). Only a sync the person started asks questions: the first-sync pairs
and the mass-delete guard. A periodic sync that meets either says so in the
status bar and waits for Sync Now.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from netdesk.domain import contacts, settings
from netdesk.domain.sync import accounts
from netdesk.ui.shortcuts import shortcut
from netdesk.ui.sync.status_widget import SyncStatusWidget
from netdesk.ui.undo import ActionCommand

if TYPE_CHECKING:
    from netdesk.domain.sync import conflicts, discovery
    from netdesk.domain.sync.outcome import SyncOutcome
    from netdesk.ui.sync.worker import SyncRun

# The sync machinery (vCards, the address-book client, the merge, the conflicts) loads
# when a sync account is there or being made: a window without one opens without it.

log = logging.getLogger(__name__)

FIRST_SYNC_DELAY_MS = 4000
MINUTE_MS = 60_000


def discover(typed: str, user: str, password: str, allow_http: bool) -> discovery.Discovery:
    from netdesk.domain.sync import discovery
    from netdesk.domain.sync.dav_client import DavClient

    with DavClient(discovery.start_url(typed), user, password, allow_http=allow_http) as client:
        return discovery.discover(client, typed)


class SyncFeature(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.run: SyncRun | None = None
        self.conflicts_dialog: Any = None
        self._manual = False
        # whether an account exists, as the last status refresh found (every change to the
        # accounts, the contacts or the file refreshes it): selecting a contact asks it
        self._has_account = False
        self.status_widget = SyncStatusWidget(window)
        window.statusBar().addPermanentWidget(self.status_widget)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_quietly)
        self._build_menu()
        window.contact_list.contact_selected.connect(self.on_contact_selected)
        window.events.contacts_changed.connect(self.refresh_status)
        window.events.database_replaced.connect(self.refresh_status)
        window.installEventFilter(self)
        self.refresh_status()
        self.on_contact_selected(window.contact_list.current_contact_id())
        if self._has_account and self._interval():
            QTimer.singleShot(FIRST_SYNC_DELAY_MS, self.sync_quietly)

    # -- menu ---------------------------------------------------------------------------

    def _build_menu(self) -> None:
        window = self.window
        self.menu = QMenu("S&ync", window)
        self.add_action = QAction("&Add Account…", window)
        self.sync_action = QAction("&Sync Now", window)
        self.sync_action.setShortcut(shortcut("sync.now"))
        self.conflicts_action = QAction("Sync &Conflicts…", window)
        self.conflicts_action.setShortcut(shortcut("sync.conflicts"))
        self.periodic_action = QAction("Sync &Every 15 Minutes While Open", window)
        self.periodic_action.setCheckable(True)
        self.remove_action = QAction("&Remove Account…", window)
        for action in (self.add_action, self.sync_action, self.conflicts_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.periodic_action)
        self.menu.addAction(self.remove_action)
        window.file_menu.insertMenu(window.quit_action, self.menu)
        window.file_menu.insertSeparator(window.quit_action)
        for action in (self.sync_action, self.conflicts_action):
            window.addAction(action)  # the keys work wherever the focus is
        self.add_action.triggered.connect(self.on_add_account)
        self.sync_action.triggered.connect(self.sync_now)
        self.conflicts_action.triggered.connect(self.show_conflicts)
        self.periodic_action.toggled.connect(self.on_periodic_toggled)
        self.remove_action.triggered.connect(self.on_remove_account)
        self.status_widget.cancel_requested.connect(self.cancel)

    def _accounts(self) -> list[accounts.Account]:
        try:
            return accounts.list_accounts()
        except Exception:  # a database being replaced: the status refreshes after
            return []

    def _interval(self) -> int:
        return int(settings.get("sync.interval_minutes") or 0)

    # -- status --------------------------------------------------------------------------

    def refresh_status(self, *args: object) -> None:
        has = self._has_account = bool(self._accounts())
        self.sync_action.setEnabled(has and self.run is None)
        self.remove_action.setEnabled(has)
        self.add_action.setEnabled(not has)  # the window syncs one account (the CLI, more)
        self.periodic_action.blockSignals(True)
        self.periodic_action.setChecked(has and self._interval() > 0)
        self.periodic_action.blockSignals(False)
        self.periodic_action.setEnabled(has)
        self._arm_timer()
        if self.run is not None:
            return
        if not has:
            self.status_widget.show_idle("")
            self.status_widget.setVisible(False)
            return
        self.status_widget.setVisible(True)
        self.status_widget.show_idle(*self.status_text())
        self.on_contact_selected(self.window.contact_list.current_contact_id())

    def status_text(self) -> tuple[str, str]:
        """(the status bar's words, the tooltip): the address book and the calendar."""
        from netdesk.domain.sync import outcome, record_kinds, status

        parts = []
        tips = []
        for item in status.statuses():
            shown = item.last_status
            if shown == outcome.DONE and item.history_status not in (outcome.DONE, "never"):
                shown = item.history_status  # the contacts synced, the history did not
            if shown == "never":
                parts.append("Not synced yet")
            elif shown == outcome.OFFLINE:
                parts.append("Offline: syncs when the server is back")
            elif shown == outcome.DONE and item.last_sync_at is not None:
                parts.append(f"Synced {_local_time(item.last_sync_at)}")
            else:
                parts.append(_short_status(shown))
            waiting = item.pending + item.pending_records
            if waiting:
                parts.append(f"{waiting} waiting")
            if item.conflicts:
                parts.append(f"{item.conflicts} conflict{'s' if item.conflicts != 1 else ''}")
            if item.local_only:
                whole = len(item.local_only) == len(record_kinds.ORDER)
                parts.append("history local only" if whole else "part of the history local only")
            tips.append(f"{item.account}: contacts: {item.last_message or item.last_status}")
            if item.calendar:
                tips.append(f"history: {item.history_message or item.history_status}")
            tips += [f"{line[0].upper()}{line[1:]}" for line in item.local_only]
            break  # one address book per account; the first account is what the bar shows
        return " · ".join(parts), "\n".join(tips)

    def on_contact_selected(self, contact_id: object) -> None:
        if not isinstance(contact_id, int) or not contact_id or not self._has_account:
            self.status_widget.show_contact_state("")
            return
        from netdesk.domain.sync import status

        state = status.contact_state(contact_id)
        name = contacts.contact_name(contact_id)
        self.status_widget.show_contact_state(f"{name}: {state}" if state and name else "")

    def _arm_timer(self) -> None:
        minutes = self._interval()
        # (as the last status refresh found: a sync started finds the accounts again)
        if self._has_account and minutes > 0:
            if not self.timer.isActive() or self.timer.interval() != minutes * MINUTE_MS:
                self.timer.start(minutes * MINUTE_MS)
        else:
            self.timer.stop()

    def on_periodic_toggled(self, on: bool) -> None:
        settings.put("sync.interval_minutes", 15 if on else 0)
        self._arm_timer()

    # -- running a sync ------------------------------------------------------------------

    def sync_now(self) -> None:
        self.start(manual=True)

    def sync_quietly(self) -> None:
        self.start(manual=False)

    def start(self, *, manual: bool, **options: Any) -> bool:
        found = self._accounts()
        if not found or self.run is not None:
            return False
        from netdesk.ui.sync.worker import SyncRun

        self._manual = manual
        self.run = SyncRun(found[0].id, options, self)
        self.run.progressed.connect(self.status_widget.show_running)
        self.run.finished.connect(self._on_finished)
        self.sync_action.setEnabled(False)
        self.status_widget.setVisible(True)
        self.status_widget.show_running(0, 0, "Syncing…")
        self.run.start()
        return True

    def cancel(self) -> None:
        if self.run is not None:
            self.run.cancel()

    def wait(self, ms: int = 60_000) -> bool:
        """Wait for a running sync to end (tests, closing the window)."""
        return self.run is None or self.run.wait(ms)

    def _on_finished(self) -> None:
        from netdesk.domain.sync import conflicts, outcome

        run, self.run = self.run, None
        if run is None:
            return
        run.wait()
        result = run.result
        run.deleteLater()
        manual = self._manual
        if result.archived_here:
            self._push_archive(result.archived_here)
        if result.changed_here:
            self.window.events.contacts_changed.emit([])
        if result.history is not None and result.history.changed_here:
            # the timeline, the events and the referrals came from the other device
            self.window.events.events_changed.emit()
            self.window.events.referrals_changed.emit()
        self.refresh_status()
        if result.all_conflicts:
            self.window.statusBar().showMessage(
                f"Sync: {result.all_conflicts} conflicts set aside (File ▸ Sync ▸ Sync Conflicts)",
                10_000,
            )
        if result.status == outcome.NEEDS_PAIRING:
            if manual and self._ask_pairs(result):
                self.start(manual=True, accept_pairs=True)
            else:
                self.status_widget.show_idle("Sync waits: check the first-sync pairs (F5)")
        elif result.status == outcome.BLOCKED:
            if manual and self._ask_deletes(result):
                self.start(manual=True, allow_deletes=True)
            else:
                what = result.guard.noun if result.guard is not None else "contacts"
                self.status_widget.show_idle(
                    f"Sync stopped: many {what} deleted (F5 to decide)", result.message
                )
        elif result.status == outcome.AUTH and manual:
            QMessageBox.warning(self.window, "Sync", result.message)
        elif result.status not in (outcome.DONE, outcome.OFFLINE, outcome.CANCELLED):
            self.status_widget.show_idle(_short_status(result.status), result.message)
        if self.conflicts_dialog is not None and self.conflicts_dialog.isVisible():
            self.conflicts_dialog.set_rows(conflicts.open_conflicts())

    def _ask_pairs(self, result: SyncOutcome) -> bool:
        """The first-sync pairs: the first few in the box, every one under Show Details."""
        import html

        shown = 10
        cell = "style='white-space:nowrap; padding-right:10px'"
        rows = "".join(
            f"<tr><td {cell}>{html.escape(p.server_name)}</td><td {cell}>=</td>"
            f"<td {cell}>{html.escape(p.local_name)}</td>"
            f"<td {cell}><i>{html.escape(p.reason)}</i></td></tr>"
            for p in result.pairs[:shown]
        )
        more = len(result.pairs) - shown
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "First Sync",
            f"<p>The address book already holds people: {len(result.pairs)} of its cards look "
            "like contacts you have. netdesk will merge each pair (nothing is lost: lists are "
            "joined, two different values go to Sync Conflicts) and add everyone else on the "
            "other side.</p>"
            f"<table><tr><th align=left>On the server</th><th></th><th align=left>Here</th>"
            f"<th></th></tr>{rows}</table>"
            + (f"<p>…and {more} more (Show Details lists them all).</p>" if more > 0 else "")
            + "<p>Go ahead?</p>",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.window,
        )
        box.setDetailedText(
            "\n".join(f"{p.server_name} = {p.local_name} ({p.reason})" for p in result.pairs)
        )
        answer = box.exec()
        box.deleteLater()
        return answer == QMessageBox.StandardButton.Yes

    def _ask_deletes(self, result: SyncOutcome) -> bool:
        import html

        if result.guard is not None and result.guard.noun == "records":
            title, after = (
                "Many Records Deleted",
                "Go ahead? (Records deleted on the server are removed here; records deleted "
                "here are removed from the server.)",
            )
        else:
            title, after = (
                "Many Contacts Deleted",
                "Go ahead? (Contacts archived here keep their timelines, and Edit ▸ Undo "
                "brings them back.)",
            )
        answer = QMessageBox.question(
            self.window, title, f"{html.escape(result.message)}.<br><br>{after}"
        )
        return answer == QMessageBox.StandardButton.Yes

    def _push_archive(self, contact_ids: list[int]) -> None:
        """A sync archived contacts deleted on the server: Undo brings them back (and the
        next sync sends them up again)."""
        first = [True]

        def redo() -> None:
            if first[0]:
                first[0] = False
                return
            for cid in contact_ids:
                contacts.trash_contact(cid)

        def undo() -> None:
            for cid in contact_ids:
                contacts.restore_contact(cid)

        count = len(contact_ids)
        self.window.undo_stack.push(
            ActionCommand(
                f"Archive {count} Contact{'s' if count != 1 else ''} Deleted on the Server",
                redo,
                undo,
                lambda: self.window.events.contacts_changed.emit(list(contact_ids)),
            )
        )

    # -- accounts ------------------------------------------------------------------------

    def on_add_account(self) -> None:
        from netdesk.domain.sync import credentials
        from netdesk.domain.sync.dav_client import DavError
        from netdesk.ui.sync.account_dialog import AddAccountDialog

        dialog = AddAccountDialog(discover, self.window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        choice = dialog.choice()
        dialog.deleteLater()
        if not accepted or choice is None:
            return
        found = choice.discovery
        try:
            book_url, book_name = choice.book_url, choice.book_name
            if book_url is None:
                made = self._create_book(choice)
                if made is None:
                    return
                book_url, book_name = made.url, made.display_name
            host = found.server_url.split("/")[2] if "//" in found.server_url else found.server_url
            accounts.add_account(
                f"{choice.user}@{host}",
                found.server_url,
                choice.user,
                principal_url=found.principal_url,
                collection_url=book_url,
                collection_name=book_name,
                allow_http=choice.allow_http,
            )
            credentials.store_password(choice.user, found.server_url, choice.password)
        except (DavError, accounts.AccountError, credentials.NoKeyring) as exc:
            QMessageBox.warning(self.window, "Add Sync Account", str(exc))
            return
        settings.put("sync.interval_minutes", 15 if choice.periodic else 0)
        self.refresh_status()
        self.sync_now()

    def _create_book(self, choice: Any) -> discovery.FoundCollection | None:
        """Make the new address book off the UI thread; None when it could not be made."""
        from netdesk.domain.sync import discovery
        from netdesk.domain.sync.dav_client import DavClient
        from netdesk.ui.jobs import run_job

        found = choice.discovery

        def job(progress: Any) -> discovery.FoundCollection:
            with DavClient(
                found.home_url, choice.user, choice.password, allow_http=choice.allow_http
            ) as client:
                return discovery.create_collection(client, found.home_url, choice.book_name)

        result = run_job(self.window, "Creating the address book", job)
        if result.error is not None or result.value is None:
            QMessageBox.warning(
                self.window, "Add Sync Account", f"The address book was not made: {result.error}"
            )
            return None
        made: discovery.FoundCollection = result.value
        return made

    def on_remove_account(self) -> None:
        found = self._accounts()
        if not found:
            return
        account = found[0]
        answer = QMessageBox.question(
            self.window,
            "Remove Sync Account",
            f"Stop syncing with {account.name}? Every contact stays, here and on the server.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        accounts.remove_account(account.name)
        self.refresh_status()

    # -- conflicts -----------------------------------------------------------------------

    def show_conflicts(self) -> Any:
        from netdesk.domain.sync import conflicts

        if self.conflicts_dialog is None:
            from netdesk.ui.sync.conflicts_dialog import ConflictsDialog

            self.conflicts_dialog = ConflictsDialog(self.window)
            self.conflicts_dialog.addAction(self.window.undo_action)
            self.conflicts_dialog.addAction(self.window.redo_action)
            self.conflicts_dialog.resolve_requested.connect(self.resolve)
        self.conflicts_dialog.set_rows(conflicts.open_conflicts())
        self.conflicts_dialog.show()
        self.conflicts_dialog.activateWindow()
        self.conflicts_dialog.view.setFocus()
        return self.conflicts_dialog

    def resolve(self, conflict_id: int, choice: str) -> None:
        from netdesk.domain.sync import conflicts

        state: dict[str, conflicts.Resolution] = {}

        def do() -> None:
            state["done"] = conflicts.resolve(conflict_id, choice)

        def undo() -> None:
            conflicts.undo(state["done"])

        def after() -> None:
            if self.conflicts_dialog is not None:
                self.conflicts_dialog.set_rows(conflicts.open_conflicts())
            self.window.events.contacts_changed.emit([])

        words = "Use My Value" if choice == conflicts.USE_LOCAL else "Keep the Server's Value"
        self.window.undo_stack.push(ActionCommand(f"Sync Conflict: {words}", do, undo, after))

    # -- the window closing ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.run is not None:
            self.run.cancel()
            self.run.wait(30_000)
        return False


def _local_time(when: dt.datetime) -> str:
    local = when.replace(tzinfo=dt.UTC).astimezone()
    today = dt.datetime.now().astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")


def _short_status(status_key: str) -> str:
    from netdesk.domain.sync import outcome

    return {
        outcome.AUTH: "Sync: the server refused the password",
        outcome.FAILED: "Sync failed",
        outcome.CANCELLED: "Sync cancelled",
        outcome.NEEDS_PAIRING: "Sync waits for the first-sync pairs",
        outcome.BLOCKED: "Sync stopped: many contacts deleted",
        outcome.OFFLINE: "Offline",
    }.get(status_key, str(status_key))
