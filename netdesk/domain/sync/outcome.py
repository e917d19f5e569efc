"""How a sync ended, in words and numbers, for the status bar, the command line and JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from netdesk.domain.sync.pairing import Pair

# how a sync ended
DONE = "done"
OFFLINE = "offline"  # the server could not be reached: normal, quiet
AUTH = "auth"  # the password was refused (or is missing)
NEEDS_PAIRING = "needs_pairing"  # first sync: the proposed pairs wait for a yes
BLOCKED = "blocked"  # the mass-delete guard stopped it
CANCELLED = "cancelled"
FAILED = "failed"
DRY_RUN = "dry_run"


# the mass-delete guard stops a sync that would lose more than this share of what is
# synced, on either side...
GUARD_SHARE = 0.2
# ...or all of it, but not this many or fewer (losing one or two of a small book is ordinary)
GUARD_MIN = 2


class SyncCancelled(Exception):
    """Raised by a progress callback to stop a sync (Cancel); what was done stays done."""


@dataclass
class Guard:
    """The mass-delete guard's finding: ``side`` would lose ``losing`` of ``total``."""

    side: str  # "here" (cards deleted on the server) or "server" (contacts deleted here)
    losing: int
    total: int
    noun: str = "contacts"  # or "records" (the calendar's)

    def message(self) -> str:
        where = "deleted on the server" if self.side == "here" else "deleted in netdesk"
        archived = "archived" if self.noun == "contacts" else "deleted"
        effect = (
            f"would be {archived} here" if self.side == "here" else "would be deleted on the server"
        )
        return (
            f"{self.losing} of {self.total} synced {self.noun} were {where} and {effect}; "
            "sync stopped to ask first"
        )


def mass_delete_guard(
    lost_here: int, lost_there: int, total: int, noun: str = "contacts"
) -> Guard | None:
    """The guard's finding when a sync would lose too much of the ``total`` synced: what
    the server deleted (``lost_here``) or what was deleted here (``lost_there``)."""
    for side, losing in (("here", lost_here), ("server", lost_there)):
        if losing and (losing == total or (losing > total * GUARD_SHARE and losing > GUARD_MIN)):
            return Guard(side, losing, total, noun)
    return None


@dataclass
class HistoryOutcome:
    """How the calendar's part of a sync ended: interactions, events, referrals, follow-ups
    and the synonym table."""

    status: str = DONE
    message: str = ""
    calendar: str = ""  # the calendar's URL
    added_here: int = 0
    updated_here: int = 0
    deleted_here: int = 0
    uploaded_new: int = 0
    uploaded_changes: int = 0
    deleted_on_server: int = 0
    # records of a contact deleted here for good: kept on the server, never dropped
    archived: int = 0
    # records from the server naming a contact netdesk does not know (yet): they wait
    waiting: int = 0
    # records here whose contact is not on the server (never synced: in the trash since, or
    # refused by the address book): they stay here with it, and go up after it if it does
    unnamed: int = 0
    conflicts: int = 0
    retries: int = 0
    skipped: list[str] = field(default_factory=list)
    # the kinds of record the server's calendar cannot hold, and why, in words
    local_only: list[str] = field(default_factory=list)
    guard: Guard | None = None
    planned: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    seconds: float = 0.0

    @property
    def changed_here(self) -> bool:
        return bool(self.added_here or self.updated_here or self.deleted_here)

    def parts(self) -> list[str]:
        found = []
        for count, words in (
            (self.added_here, "records added here"),
            (self.updated_here, "records updated here"),
            (self.deleted_here, "records deleted here (deleted on the server)"),
            (self.uploaded_new, "records uploaded"),
            (self.uploaded_changes, "records changed on the server"),
            (self.deleted_on_server, "records deleted on the server"),
            (self.archived, "records kept on the server (their contact was deleted here)"),
            (self.waiting, "records waiting for a contact netdesk does not know yet"),
            (self.conflicts, "record conflicts to resolve"),
            (len(self.skipped), "records skipped"),
        ):
            if count == 1:
                words = words.replace("records", "record").replace("conflicts", "conflict")
            if count:
                found.append(f"{count} {words}")
        return found


@dataclass
class SyncOutcome:
    status: str = DONE
    message: str = ""
    added_here: int = 0  # new contacts from the server
    updated_here: int = 0
    archived_here: list[int] = field(default_factory=list)  # deleted on the server
    restored_here: int = 0  # deleted here, edited on the server: the edit won
    uploaded_new: int = 0
    uploaded_changes: int = 0
    deleted_on_server: int = 0
    conflicts: int = 0
    retries: int = 0  # writes that lost a race (412) and were merged again
    skipped: list[str] = field(default_factory=list)  # cards netdesk could not take
    pairs: list[Pair] = field(default_factory=list)
    guard: Guard | None = None
    # for a dry run: what a sync would do
    planned: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    seconds: float = 0.0
    # the calendar's part (None: not run: the contacts did not finish, or a dry run's)
    history: HistoryOutcome | None = None

    @property
    def ok(self) -> bool:
        return self.status in (DONE, DRY_RUN)

    @property
    def changed_here(self) -> bool:
        return bool(
            self.added_here or self.updated_here or self.archived_here or self.restored_here
        ) or (self.history is not None and self.history.changed_here)

    @property
    def all_conflicts(self) -> int:
        return self.conflicts + (self.history.conflicts if self.history is not None else 0)

    def summary(self) -> str:
        if self.status != DONE:
            return self.message
        parts = []
        for count, words in (
            (self.added_here, "added here"),
            (self.updated_here, "updated here"),
            (len(self.archived_here), "archived here (deleted on the server)"),
            (self.restored_here, "kept (edited on the server, deleted here)"),
            (self.uploaded_new, "uploaded"),
            (self.uploaded_changes, "changed on the server"),
            (self.deleted_on_server, "deleted on the server"),
            (self.conflicts, "conflicts to resolve"),
            (len(self.skipped), "cards skipped"),
        ):
            if count == 1:
                words = words.replace("conflicts", "conflict").replace("cards", "card")
            if count:
                parts.append(f"{count} {words}")
        if self.history is not None:
            parts += self.history.parts()
            parts += self.history.local_only
        return ", ".join(parts) if parts else "nothing to sync: everything is up to date"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["pairs"] = [pair.as_json() for pair in self.pairs]
        data["summary"] = self.summary()
        return data
