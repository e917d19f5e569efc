"""What a match returns: one result per contact, with its referral history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netdesk.domain.referrals import format_value
from netdesk.storage.models import database


@dataclass(frozen=True)
class ReferralHistory:
    """Past referrals to a contact (I recommended them) and from them (they sent me)."""

    won: int = 0
    lost: int = 0
    open: int = 0
    won_value: float = 0.0
    sent_me: int = 0

    @property
    def total(self) -> int:
        return self.won + self.lost + self.open

    def describe(self) -> str:
        if not self.total:
            text = "never referred before"
        else:
            times = "once" if self.total == 1 else f"{self.total} times"
            parts = []
            if self.won:
                value = f" ({format_value(self.won_value)})" if self.won_value else ""
                parts.append(f"{self.won} won{value}")
            if self.lost:
                parts.append(f"{self.lost} lost")
            if self.open:
                parts.append(f"{self.open} open")
            text = f"referred {times} before: " + ", ".join(parts)
        if self.sent_me:
            plural = "s" if self.sent_me != 1 else ""
            text += f"; has sent you {self.sent_me} referral{plural}"
        return text


PROVIDER = "provider"
NOTES = "notes"


@dataclass(frozen=True)
class MatchResult:
    contact_id: int
    name: str
    organisation: str
    title: str
    score: float
    relevance: float
    standing: float
    in_place: bool
    trust: float
    attention: float
    # what matched, by field: {"offers": ["Realtor"], "title": ["Broker"], ...}
    matched: dict[str, list[str]] = field(default_factory=dict)
    history: ReferralHistory = ReferralHistory()
    reasons: tuple[str, ...] = ()
    # PROVIDER, or NOTES for someone whose notes mention the need and nothing else does
    section: str = PROVIDER

    def as_json(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "section": self.section,
            "score": round(self.score, 6),
            "reasons": list(self.reasons),
            "trust": round(self.trust, 1),
            "attention": round(self.attention, 1),
        }


def referral_history(ids: list[int]) -> dict[int, ReferralHistory]:
    """Past referrals to and from each of these contacts, in two grouped queries."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    counts: dict[int, dict[str, Any]] = {cid: {} for cid in ids}
    for cid, status, count, value in database.execute_sql(
        f"SELECT provider_id, status, count(*), coalesce(sum(value), 0) FROM referral "
        f"WHERE provider_id IN ({marks}) AND direction IN ('given', 'connected') "
        f"GROUP BY provider_id, status",
        ids,
    ):
        entry = counts[cid]
        if status == "won":
            entry["won"] = entry.get("won", 0) + count
            entry["won_value"] = entry.get("won_value", 0.0) + value
        elif status == "lost":
            entry["lost"] = entry.get("lost", 0) + count
        else:
            entry["open"] = entry.get("open", 0) + count
    for cid, count in database.execute_sql(
        f"SELECT referrer_id, count(*) FROM referral "
        f"WHERE referrer_id IN ({marks}) AND direction = 'received' GROUP BY referrer_id",
        ids,
    ):
        counts[cid]["sent_me"] = count
    return {cid: ReferralHistory(**entry) for cid, entry in counts.items()}
