"""Interactions on a contact's timeline, and the curves they draw."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from netdesk.domain import score_cache, scoring, settings, wording
from netdesk.domain.interaction_kinds import KINDS
from netdesk.domain.user_errors import NotFound
from netdesk.domain.validation import Problem, ValidationError
from netdesk.storage.models import Interaction, database


class InteractionRow(NamedTuple):
    id: int
    contact_id: int
    kind: str
    occurred_on: dt.date
    note: str
    event_id: int | None
    referral_id: int | None

    @property
    def label(self) -> str:
        return KINDS[self.kind].label


def _check(kind: str, occurred_on: dt.date, today: dt.date | None = None) -> None:
    problems = []
    if kind not in KINDS:
        problems.append(Problem("kind", None, f"unknown interaction kind {kind!r}"))
    if occurred_on > (today or dt.date.today()):
        future = f"{wording.day(occurred_on)} is in the future"
        problems.append(Problem("occurred_on", None, future))
    if problems:
        raise ValidationError(problems)


def log_interaction(
    contact_id: int,
    kind: str,
    occurred_on: dt.date,
    note: str = "",
    *,
    event_id: int | None = None,
    referral_id: int | None = None,
    interaction_id: int | None = None,
) -> int:
    """Add one interaction and refresh the contact's scores, in one transaction."""
    _check(kind, occurred_on)
    with database.atomic():
        values = dict(
            contact=contact_id,
            kind=kind,
            occurred_on=occurred_on,
            note=note.strip(),
            event=event_id,
            referral=referral_id,
        )
        if interaction_id is not None:
            values["id"] = interaction_id
        new_id: int = Interaction.insert(**values).execute()
        score_cache.refresh_contacts([contact_id])
    return new_id


def update_interaction(interaction_id: int, kind: str, occurred_on: dt.date, note: str) -> None:
    _check(kind, occurred_on)
    with database.atomic():
        row = get_interaction(interaction_id)
        Interaction.update(kind=kind, occurred_on=occurred_on, note=note.strip()).where(
            Interaction.id == interaction_id
        ).execute()
        score_cache.refresh_contacts([row.contact_id])


def delete_interaction(interaction_id: int) -> InteractionRow:
    """Remove an interaction; returns it so an undo can put it back."""
    with database.atomic():
        row = get_interaction(interaction_id)
        Interaction.delete().where(Interaction.id == interaction_id).execute()
        score_cache.refresh_contacts([row.contact_id])
    return row


def restore_interaction(row: InteractionRow) -> None:
    log_interaction(
        row.contact_id,
        row.kind,
        row.occurred_on,
        row.note,
        event_id=row.event_id,
        referral_id=row.referral_id,
        interaction_id=row.id,
    )


def _row(values: tuple[Any, ...]) -> InteractionRow:
    iid, contact_id, kind, when, note, event_id, referral_id = values
    if isinstance(when, str):
        when = dt.date.fromisoformat(when)
    return InteractionRow(iid, contact_id, kind, when, note, event_id, referral_id)


_FIELDS = (
    Interaction.id,
    Interaction.contact_id,
    Interaction.kind,
    Interaction.occurred_on,
    Interaction.note,
    Interaction.event_id,
    Interaction.referral_id,
)


def get_interaction(interaction_id: int) -> InteractionRow:
    values = Interaction.select(*_FIELDS).where(Interaction.id == interaction_id).tuples().first()
    if values is None:
        raise NotFound(f"no interaction with id {interaction_id}")
    return _row(values)


def list_interactions(contact_id: int) -> list[InteractionRow]:
    """A contact's interactions, oldest first."""
    query = (
        Interaction.select(*_FIELDS)
        .where(Interaction.contact_id == contact_id)
        .order_by(Interaction.occurred_on, Interaction.id)
        .tuples()
    )
    return [_row(values) for values in query]


def curves_for(
    rows: list[InteractionRow],
    start: dt.date | None = None,
    end: dt.date | None = None,
    step_days: int = 1,
) -> list[scoring.CurvePoint]:
    """Trust and attention over time for these interactions (from the first to today)."""
    end = end or dt.date.today()
    if start is None:
        start = min((r.occurred_on for r in rows), default=end)
    return scoring.score_curves(
        [(r.occurred_on, r.kind) for r in rows],
        start,
        end,
        settings.score_parameters(),
        step_days,
    )
