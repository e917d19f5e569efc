"""Who needs attention, and why: the follow-up list.

``needs_attention(today)`` combines the item sources in ``SOURCES`` (each a
function ``today -> list[AttentionItem]``), oldest first. The sources today:

- ``cadence_overdue``: a contact with a keep-in-touch cadence whose last
  interaction is more than the cadence ago;
- ``attention_low``: a contact with a cadence whose attention has fallen
  below the ``followups.attention_threshold`` setting (and whose cadence is
  not overdue, which already says so);
- ``referrals_waiting``: an open referral (suggested, introduced, met) whose
  status has not changed for ``followups.referral_waiting_days``;
- ``open_follow_ups``: follow-up rows (after an event, a reminder) that are
  due, not done and not snoozed.

*Done* and *snooze* persist as ``FollowUp`` rows. A follow-up row is marked
done or snoozed itself. For the items the sources work out (the first three),
a row with the item's reason records the dismissal: *done* counts as a touch
(a cadence or a waiting referral starts a new period from that day; a low
attention stays quiet until it recovers and falls again), *snoozed* hides the
item until the day given. Each of these writes is a single statement (a
transaction of its own) and returns the change, so the interface can undo it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from netdesk.domain import interactions, score_cache, settings, wording
from netdesk.domain.referrals import STATUSES, get_referral
from netdesk.domain.user_errors import NotFound
from netdesk.domain.validation import Problem, ValidationError
from netdesk.storage.models import FollowUp, as_date, database, utcnow

CADENCE = "cadence_overdue"
ATTENTION = "attention_low"
REFERRAL = "referral_waiting"
FOLLOW_UP = "follow_up"
EVENT = "event"
# reasons worked out from the data; a FollowUp row with one of them is a dismissal
DERIVED_REASONS = (CADENCE, ATTENTION, REFERRAL)

REASON_LABELS: dict[str, str] = {
    CADENCE: "Keep in touch",
    ATTENTION: "Fading",
    REFERRAL: "Referral waiting",
    FOLLOW_UP: "Follow up",
    EVENT: "After the event",
}


def reason_label(reason: str) -> str:
    return REASON_LABELS.get(reason, reason.replace("_", " ").capitalize())


@dataclass(frozen=True)
class AttentionItem:
    contact_id: int
    contact_name: str
    reason: str
    detail: str
    since: dt.date
    referral_id: int | None = None
    event_id: int | None = None
    follow_up_id: int | None = None

    @property
    def label(self) -> str:
        return reason_label(self.reason)


Source = Callable[[dt.date], list[AttentionItem]]


# a derived item of one reason: (contact id, referral id or None)
ItemKey = tuple[int, int | None]


@dataclass(frozen=True)
class _Dismissals:
    """The latest done and snooze of each derived item of one reason, by ``ItemKey``."""

    done: dict[ItemKey, dt.date]
    snoozed: dict[ItemKey, dt.date]

    def hidden(self, key: ItemKey, today: dt.date) -> bool:
        until = self.snoozed.get(key)
        return until is not None and until > today


def _dismissals(reason: str) -> _Dismissals:
    done: dict[ItemKey, dt.date] = {}
    snoozed: dict[ItemKey, dt.date] = {}
    rows = (
        FollowUp.select(
            FollowUp.contact_id, FollowUp.referral_id, FollowUp.done_at, FollowUp.snoozed_until
        )
        .where(FollowUp.reason == reason)
        .tuples()
    )
    for contact_id, referral_id, done_at, snoozed_until in rows:
        key = (contact_id, referral_id)
        if done_at is not None:
            day = as_date(done_at)
            done[key] = max(day, done.get(key, day))
        if snoozed_until is not None:
            day = as_date(snoozed_until)
            snoozed[key] = max(day, snoozed.get(key, day))
    return _Dismissals(done, snoozed)


def cadence_overdue(today: dt.date) -> list[AttentionItem]:
    dismissed = _dismissals(CADENCE)
    cursor = database.execute_sql(
        "SELECT id, display_name, cadence_days, last_interaction_on, date(created_at) "
        "FROM contact WHERE deleted_at IS NULL AND cadence_days IS NOT NULL "
        "AND (last_interaction_on IS NULL OR date(last_interaction_on, '+' || cadence_days "
        "|| ' days') < ?)",
        (today.isoformat(),),
    )
    items = []
    for cid, name, cadence, last, created in cursor:
        key = (cid, None)
        last = as_date(last)
        # a contact never met yet counts from the day it was added
        touched = max(d for d in (last or as_date(created), dismissed.done.get(key)) if d)
        due = touched + dt.timedelta(days=cadence)
        if due >= today or dismissed.hidden(key, today):
            continue
        seen = f"last contact {wording.days((today - last).days)} ago" if last else "no contact yet"
        items.append(
            AttentionItem(
                cid, name, CADENCE, f"Keep in touch every {wording.days(cadence)}; {seen}", due
            )
        )
    return items


def _fell_below_on(
    attention_norm: float, last: dt.date | None, view: score_cache.ScoreView, threshold: float
) -> dt.date:
    """The day attention went under the threshold: solve norm · 2^(−days/hl) = total."""
    params = view.params
    total = -params.attention_scale * math.log(1.0 - threshold / 100.0)
    if attention_norm <= 0 or total <= 0:
        return last or view.on
    days = params.attention_half_life_days * math.log2(attention_norm / total)
    fell = view.epoch + dt.timedelta(days=math.ceil(days))
    return max(fell, last) if last else fell


def attention_low(today: dt.date) -> list[AttentionItem]:
    threshold = float(settings.get("followups.attention_threshold"))
    if not 0 < threshold < 100:
        return []
    view = score_cache.score_view(today)
    params = view.params
    limit_norm = (
        -params.attention_scale
        * math.log(1.0 - threshold / 100.0)
        * 2.0 ** ((today - view.epoch).days / params.attention_half_life_days)
    )
    dismissed = _dismissals(ATTENTION)
    cursor = database.execute_sql(
        "SELECT id, display_name, attention_norm, last_interaction_on FROM contact "
        "WHERE deleted_at IS NULL AND cadence_days IS NOT NULL AND attention_norm < ? "
        "AND last_interaction_on IS NOT NULL "
        "AND date(last_interaction_on, '+' || cadence_days || ' days') >= ?",
        (limit_norm, today.isoformat()),
    )
    items = []
    for cid, name, norm, last in cursor:
        key = (cid, None)
        since = _fell_below_on(norm, as_date(last), view, threshold)
        done = dismissed.done.get(key)
        if (done is not None and done >= since) or dismissed.hidden(key, today):
            continue
        attention = view.scores(norm, 0.0).attention
        items.append(
            AttentionItem(
                cid,
                name,
                ATTENTION,
                f"Attention {math.floor(attention)}, below {threshold:g}",
                since,
            )
        )
    return items


def referrals_waiting(today: dt.date) -> list[AttentionItem]:
    waiting = int(settings.get("followups.referral_waiting_days"))
    dismissed = _dismissals(REFERRAL)
    cursor = database.execute_sql(
        "SELECT r.id, coalesce(r.status_changed_on, r.referred_on) FROM referral r "
        "WHERE r.status IN ('suggested', 'introduced', 'met') "
        "AND coalesce(r.status_changed_on, r.referred_on) < ?",
        ((today - dt.timedelta(days=waiting)).isoformat(),),
    )
    items = []
    for referral_id, changed in cursor:
        row = get_referral(referral_id)
        contact_id = row.main_contact_id or row.recipient_id
        if contact_id is None:
            continue
        key = (contact_id, referral_id)
        start = max(d for d in (as_date(changed), dismissed.done.get(key)) if d)
        due = start + dt.timedelta(days=waiting)
        if due >= today or dismissed.hidden(key, today):
            continue
        name = row.referrer_name if row.direction == "received" else row.provider_name
        if row.main_contact_id is None:
            name = row.recipient_name
        status = STATUSES[row.status].lower()
        items.append(
            AttentionItem(
                contact_id,
                name,
                REFERRAL,
                f"{row.summary()}: {status} {wording.days((today - as_date(changed)).days)} ago, "
                "what happened since?",
                due,
                referral_id=referral_id,
            )
        )
    return items


def open_follow_ups(today: dt.date) -> list[AttentionItem]:
    marks = ", ".join("?" * len(DERIVED_REASONS))
    cursor = database.execute_sql(
        "SELECT f.id, f.contact_id, c.display_name, f.reason, f.note, f.due_on, "
        "f.event_id, f.referral_id, e.name FROM follow_up f "
        "JOIN contact c ON c.id = f.contact_id "
        "LEFT JOIN event e ON e.id = f.event_id "
        f"WHERE f.done_at IS NULL AND f.reason NOT IN ({marks}) AND c.deleted_at IS NULL "
        # an event's own follow-ups come from netdesk.domain.event_followups (after_events)
        "AND NOT (f.reason = 'event' AND f.event_id IS NOT NULL) "
        "AND f.due_on <= ? AND (f.snoozed_until IS NULL OR f.snoozed_until <= ?)",
        (*DERIVED_REASONS, today.isoformat(), today.isoformat()),
    )
    items = []
    for fid, cid, name, reason, note, due, event_id, referral_id, event_name in cursor:
        detail = note or (f"Follow up after {event_name}" if event_name else "Follow up")
        items.append(
            AttentionItem(
                cid,
                name,
                reason or FOLLOW_UP,
                detail,
                as_date(due),
                referral_id=referral_id,
                event_id=event_id,
                follow_up_id=fid,
            )
        )
    return items


def after_events(today: dt.date) -> list[AttentionItem]:
    """Everyone met or seen at a recent event with nothing logged since."""
    from netdesk.domain import event_followups  # it builds on this module's AttentionItem

    return event_followups.pending(today)


SOURCES: list[Source] = [
    cadence_overdue,
    attention_low,
    referrals_waiting,
    open_follow_ups,
    after_events,
]


def needs_attention(today: dt.date | None = None) -> list[AttentionItem]:
    """Everything that needs attention today, oldest first."""
    today = today or dt.date.today()
    items = [item for source in SOURCES for item in source(today)]
    items.sort(key=lambda i: (i.since, i.contact_name.casefold(), i.reason, i.referral_id or 0))
    return items


# -- done, snooze, log ------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpChange:
    """What ``mark_done`` or ``snooze`` wrote, so ``undo_change`` can take it back."""

    follow_up_id: int
    created: bool
    old_done_at: dt.datetime | None = None
    old_snoozed_until: dt.date | None = None


def _dismissal(item: AttentionItem, **values: object) -> FollowUpChange:
    new_id = FollowUp.insert(
        contact=item.contact_id,
        reason=item.reason,
        due_on=item.since,
        referral=item.referral_id,
        event=item.event_id,
        note=item.detail,
        **values,
    ).execute()
    return FollowUpChange(new_id, created=True)


def _update_row(follow_up_id: int, **values: object) -> FollowUpChange:
    row = FollowUp.get_or_none(FollowUp.id == follow_up_id)
    if row is None:
        raise NotFound(f"no follow-up with id {follow_up_id}")
    FollowUp.update(**values).where(FollowUp.id == follow_up_id).execute()
    return FollowUpChange(
        follow_up_id,
        created=False,
        old_done_at=row.done_at,
        old_snoozed_until=as_date(row.snoozed_until),
    )


def mark_done(item: AttentionItem, when: dt.datetime | None = None) -> FollowUpChange:
    """The item is handled: it leaves the list (see the module notes for when it comes back)."""
    when = when or utcnow()
    if item.follow_up_id is not None:
        return _update_row(item.follow_up_id, done_at=when)
    return _dismissal(item, done_at=when)


def snooze(item: AttentionItem, until: dt.date, today: dt.date | None = None) -> FollowUpChange:
    """Hide the item until ``until`` (a later day)."""
    today = today or dt.date.today()
    if until <= today:
        raise ValidationError([Problem("snoozed_until", None, "snooze until a later day")])
    if item.follow_up_id is not None:
        return _update_row(item.follow_up_id, snoozed_until=until)
    return _dismissal(item, snoozed_until=until)


def undo_change(change: FollowUpChange) -> None:
    if change.created:
        FollowUp.delete().where(FollowUp.id == change.follow_up_id).execute()
    else:
        FollowUp.update(done_at=change.old_done_at, snoozed_until=change.old_snoozed_until).where(
            FollowUp.id == change.follow_up_id
        ).execute()


@dataclass(frozen=True)
class LoggedForItem:
    interaction_id: int
    done: FollowUpChange | None


def log_for_item(
    item: AttentionItem, kind: str, on: dt.date | None = None, note: str = ""
) -> LoggedForItem:
    """Log an interaction with the item's contact; a follow-up row is done by it.

    A cadence or fading item needs nothing more: the interaction itself
    refreshes the contact's last contact and attention.
    """
    on = on or dt.date.today()
    with database.atomic():
        interaction_id = interactions.log_interaction(
            item.contact_id, kind, on, note, event_id=item.event_id
        )
        done = None
        if item.follow_up_id is not None or item.reason == REFERRAL:
            done = mark_done(item)
    return LoggedForItem(interaction_id, done)


def undo_log_for_item(logged: LoggedForItem) -> None:
    with database.atomic():
        interactions.delete_interaction(logged.interaction_id)
        if logged.done is not None:
            undo_change(logged.done)
