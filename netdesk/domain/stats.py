"""Counts of what a database holds."""

from __future__ import annotations

from netdesk.storage.models import Contact, Event, Interaction, Referral


def counts() -> dict[str, int]:
    return {
        "contacts": Contact.select().where(Contact.deleted_at.is_null()).count(),
        "interactions": Interaction.select().count(),
        "referrals": Referral.select().count(),
        "events": Event.select().count(),
    }
