"""After the event: everyone met or seen there that has not heard from us since.

A person is due a follow-up for their most recent event (held within the
last ``window_days``) until one of these happens:

- an interaction is logged with them that is not part of that event, dated
  after the event's day, or dated on that day and logged after the check-in
  (an email sent the same evening counts);
- the follow-up is closed in the ``follow_up`` table (reason ``"event"``):
  done, dismissed, or snoozed until a later day.

The oldest events come first: the longer someone waits, the colder they get.
``log_followup`` records the follow-up (a call, an email, a one-to-one
booked) and closes any open follow-up row for that event in one transaction;
both it and ``dismiss`` can be undone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain import score_cache
from netdesk.domain.followups import AttentionItem
from netdesk.domain.interactions import log_interaction
from netdesk.domain.validation import Problem, ValidationError
from netdesk.storage.models import Event, FollowUp, Interaction, as_date, database, utcnow

REASON = "event"
DEFAULT_WINDOW_DAYS = 90

# key -> (label, interaction kind, note); a one-to-one is booked by a message
ACTIONS: dict[str, tuple[str, str, str]] = {
    "call": ("Called", "call", "Called after {event}"),
    "email": ("Emailed", "message", "Emailed after {event}"),
    "one_to_one": ("Booked a one-to-one", "message", "Booked a one-to-one after {event}"),
}


@dataclass(frozen=True)
class FollowUpDone:
    """What closing a follow-up wrote, so it can be undone."""

    contact_id: int
    event_id: int
    interaction_id: int | None
    reopened: tuple[int, ...]  # follow-up rows closed by this action
    created_follow_up: int | None  # a row created to hold a dismissal


_PENDING = """
WITH latest AS (
    SELECT a.contact_id, a.event_id, a.is_new, a.checked_in_at, e.held_on, e.name,
           row_number() OVER (PARTITION BY a.contact_id
                              ORDER BY e.held_on DESC, a.checked_in_at DESC) AS rn
    FROM attendance a JOIN event e ON e.id = a.event_id
    WHERE e.held_on BETWEEN ? AND ?
)
SELECT l.contact_id, c.display_name, l.event_id, l.name, l.held_on, l.is_new,
       (SELECT f.id FROM follow_up f
        WHERE f.contact_id = l.contact_id AND f.event_id = l.event_id
          AND f.reason = 'event' AND f.done_at IS NULL
        ORDER BY f.id LIMIT 1)
FROM latest l JOIN contact c ON c.id = l.contact_id
WHERE l.rn = 1 AND c.deleted_at IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM interaction i
      WHERE i.contact_id = l.contact_id
        AND (i.event_id IS NULL OR i.event_id != l.event_id)
        AND (i.occurred_on > l.held_on
             OR (i.occurred_on = l.held_on AND i.created_at >= l.checked_in_at)))
  AND NOT EXISTS (
      SELECT 1 FROM follow_up f
      WHERE f.contact_id = l.contact_id AND f.event_id = l.event_id AND f.reason = 'event'
        AND (f.done_at IS NOT NULL OR f.snoozed_until > ?))
ORDER BY l.held_on, c.sort_key, c.id
"""


def pending(
    today: dt.date | None = None,
    *,
    window_days: int | None = DEFAULT_WINDOW_DAYS,
    event_id: int | None = None,
) -> list[AttentionItem]:
    """Everyone due a follow-up after an event, oldest event first.

    ``window_days=None`` looks at every event; ``event_id`` keeps one event's people.
    """
    today = today or dt.date.today()
    start = dt.date.min if window_days is None else today - dt.timedelta(days=window_days)
    rows = database.execute_sql(_PENDING, (start.isoformat(), today.isoformat(), today.isoformat()))
    items = []
    for contact_id, name, eid, event_name, held_on, is_new, follow_up_id in rows:
        if event_id is not None and eid != event_id:
            continue
        verb = "Met" if is_new else "Saw"
        items.append(
            AttentionItem(
                contact_id=contact_id,
                contact_name=name,
                reason=REASON,
                detail=f"{verb} at {event_name}",
                since=as_date(held_on),
                event_id=eid,
                follow_up_id=follow_up_id,
            )
        )
    return items


def _open_rows(contact_id: int, event_id: int) -> list[int]:
    query = FollowUp.select(FollowUp.id).where(
        (FollowUp.contact == contact_id)
        & (FollowUp.event == event_id)
        & (FollowUp.reason == REASON)
        & FollowUp.done_at.is_null()
    )
    return [fid for (fid,) in query.tuples()]


def log_followup(
    item: AttentionItem, action: str, note: str = "", on: dt.date | None = None
) -> FollowUpDone:
    """Log the follow-up (``ACTIONS`` key) and close the event's open follow-up rows."""
    if action not in ACTIONS:
        raise ValidationError([Problem("action", None, f"unknown follow-up {action!r}")])
    if item.event_id is None:
        raise ValidationError([Problem("event", None, "this is not an event follow-up")])
    _, kind, default_note = ACTIONS[action]
    event = Event.get_or_none(Event.id == item.event_id)
    event_name = event.name if event is not None else "the event"
    with database.atomic():
        interaction_id = log_interaction(
            item.contact_id,
            kind,
            on or dt.date.today(),
            note or default_note.format(event=event_name),
        )
        closed = _open_rows(item.contact_id, item.event_id)
        if closed:
            FollowUp.update(done_at=utcnow()).where(FollowUp.id.in_(closed)).execute()
    return FollowUpDone(item.contact_id, item.event_id, interaction_id, tuple(closed), None)


def dismiss(item: AttentionItem, note: str = "no follow-up needed") -> FollowUpDone:
    """Drop someone from the list without logging anything with them."""
    if item.event_id is None:
        raise ValidationError([Problem("event", None, "this is not an event follow-up")])
    # one statement either way: it needs no transaction of its own
    closed = _open_rows(item.contact_id, item.event_id)
    created = None
    if closed:
        FollowUp.update(done_at=utcnow()).where(FollowUp.id.in_(closed)).execute()
    else:
        created = FollowUp.insert(
            contact=item.contact_id,
            reason=REASON,
            event=item.event_id,
            due_on=item.since,
            note=note,
            done_at=utcnow(),
        ).execute()
    return FollowUpDone(item.contact_id, item.event_id, None, tuple(closed), created)


def undo(done: FollowUpDone) -> None:
    """Take back a logged follow-up or a dismissal."""
    with database.atomic():
        if done.interaction_id is not None:
            Interaction.delete().where(Interaction.id == done.interaction_id).execute()
            score_cache.refresh_contacts([done.contact_id])
        if done.reopened:
            FollowUp.update(done_at=None).where(FollowUp.id.in_(list(done.reopened))).execute()
        if done.created_follow_up is not None:
            FollowUp.delete().where(FollowUp.id == done.created_follow_up).execute()
