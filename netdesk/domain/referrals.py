"""Referrals: recording one, moving it along, and the interactions each step adds.

A referral has a direction:

- ``given``: I sent business to the *provider* (the client may be a contact,
  the recipient, or someone outside netdesk);
- ``received``: the *referrer* sent business to me (the recipient, when set,
  is the client they sent);
- ``connected``: I introduced two contacts, the *provider* to the *recipient*
  who needed them.

Its status moves forward: suggested → introduced → met → won or lost (with the
value of the business when won). Each step adds interactions to the timeline
of the person the referral is about (its *main contact*: the provider, or the
referrer for a received one), so trust and attention follow the referrals:

| step        | given / connected                         | received                         |
|-------------|-------------------------------------------|----------------------------------|
| introduced  | provider: referral given to them;         | referrer: referral received      |
|             | recipient (connected): favour given       |   from them                      |
| met         | provider: note                            | referrer: note                   |
| won         | provider: referral closed business        | referrer: referral closed        |
| lost        | provider: note                            | referrer: note                   |

A *suggested* referral is only an idea: it adds nothing until it is introduced.
Every write is one transaction and returns what its inverse needs, so the
interface can undo it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from netdesk.domain import score_cache, wording
from netdesk.domain.contacts import is_live, sort_key_for
from netdesk.domain.user_errors import NotFound
from netdesk.domain.validation import Problem, ValidationError
from netdesk.storage.models import Contact, Interaction, Referral, as_date, database

DIRECTIONS: dict[str, str] = {
    "given": "I referred them",
    "received": "They referred me",
    "connected": "I connected two contacts",
}
STATUSES: dict[str, str] = {
    "suggested": "Suggested",
    "introduced": "Introduced",
    "met": "Met",
    "won": "Won",
    "lost": "Lost",
}
OPEN_STATUSES = ("suggested", "introduced", "met")
_RANK = {"suggested": 0, "introduced": 1, "met": 2, "won": 3, "lost": 3}
# the steps a referral passes through on its way to a status
_STEPS = {
    "suggested": (),
    "introduced": ("introduced",),
    "met": ("introduced", "met"),
    "won": ("introduced", "met", "won"),
    "lost": ("introduced", "met", "lost"),
}


@dataclass(frozen=True)
class ReferralDraft:
    """A referral as a person fills it in; ids of contacts, None for "me / outside"."""

    direction: str
    provider_id: int | None = None
    recipient_id: int | None = None
    referrer_id: int | None = None
    need: str = ""
    note: str = ""
    referred_on: dt.date | None = None
    status: str = "introduced"
    value: float | None = None


@dataclass(frozen=True)
class ReferralRow:
    id: int
    direction: str
    provider_id: int | None
    provider_name: str
    recipient_id: int | None
    recipient_name: str
    referrer_id: int | None
    referrer_name: str
    need: str
    note: str
    referred_on: dt.date
    status: str
    status_changed_on: dt.date | None
    value: float | None

    @property
    def main_contact_id(self) -> int | None:
        return self.referrer_id if self.direction == "received" else self.provider_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def summary(self) -> str:
        """One line: who was referred to whom, and the need."""
        need = f" — {self.need}" if self.need else ""
        client = self.recipient_name or "a client"
        if self.direction == "received":
            return f"{self.referrer_name or 'Someone'} referred {client} to you{need}"
        provider = self.provider_name or "someone"
        if self.direction == "connected":
            return f"You introduced {client} to {provider}{need}"
        return f"You referred {client} to {provider}{need}"


@dataclass(frozen=True)
class StatusChange:
    """What ``move_status`` did, so ``undo_status_change`` can take it back."""

    referral_id: int
    old_status: str
    old_changed_on: dt.date | None
    old_value: float | None
    new_status: str
    new_changed_on: dt.date
    new_value: float | None
    interaction_ids: tuple[int, ...]
    contact_ids: tuple[int, ...]


@dataclass(frozen=True)
class RecordedReferral:
    referral_id: int
    contact_ids: tuple[int, ...]


def next_statuses(status: str) -> list[str]:
    """The statuses a referral in ``status`` can move to (forward only)."""
    rank = _RANK[status]
    return [s for s in STATUSES if _RANK[s] > rank]


def validate(draft: ReferralDraft, today: dt.date | None = None) -> None:
    """Raise ``ValidationError`` naming every problem with the draft."""
    today = today or dt.date.today()
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(field, None, message))

    if draft.direction not in DIRECTIONS:
        problem("direction", f"unknown direction {draft.direction!r}")
    if draft.status not in STATUSES:
        problem("status", f"unknown status {draft.status!r}")
    if draft.direction in ("given", "connected"):
        if draft.provider_id is None:
            problem("provider", "who is being recommended? Pick a contact")
        if draft.referrer_id is not None:
            problem("referrer", "a referral I make has no other referrer")
    if draft.direction == "connected" and draft.recipient_id is None:
        problem("recipient", "connecting two contacts needs the one with the need")
    if draft.direction == "received":
        if draft.referrer_id is None:
            problem("referrer", "who sent the referral? Pick a contact")
        if draft.provider_id is not None:
            problem("provider", "a referral I receive is for me, not for another contact")
    if draft.provider_id is not None and draft.provider_id == draft.recipient_id:
        problem("recipient", "a contact cannot be referred to themselves")
    if draft.referrer_id is not None and draft.referrer_id == draft.recipient_id:
        problem("recipient", "the referrer and the client are the same contact")
    for field, contact_id in (
        ("provider", draft.provider_id),
        ("recipient", draft.recipient_id),
        ("referrer", draft.referrer_id),
    ):
        if contact_id is not None and not is_live(contact_id):
            problem(field, "that contact no longer exists")
    if draft.referred_on is not None and draft.referred_on > today:
        problem("referred_on", f"{wording.day(draft.referred_on)} is in the future")
    problems.extend(_value_problems(draft.status, draft.value))
    if problems:
        raise ValidationError(problems)


def _value_problems(status: str, value: float | None) -> list[Problem]:
    if value is None:
        return []
    if status != "won":
        return [Problem("value", None, "only a won referral has a value")]
    if not value >= 0:
        return [Problem("value", None, "the value of closed business cannot be negative")]
    return []


def _name(contact_id: int | None) -> str:
    if contact_id is None:
        return ""
    row = Contact.select(Contact.display_name).where(Contact.id == contact_id).first()
    return row.display_name if row else ""


def _step_interactions(row: ReferralRow, step: str, on: dt.date) -> list[tuple[int, str, str]]:
    """(contact id, kind, note) for the interactions one step adds."""
    need = f" for {row.need}" if row.need else ""
    main = row.main_contact_id
    if step == "introduced":
        if row.direction == "received":
            client = row.recipient_name or "a client"
            return [(main, "referral_received", f"Referred {client} to me{need}")] if main else []
        added = []
        if main:
            client = row.recipient_name or "a client"
            added.append((main, "referral_given", f"Referred {client} to them{need}"))
        if row.direction == "connected" and row.recipient_id:
            added.append(
                (
                    row.recipient_id,
                    "favour_given",
                    f"Introduced them to {row.provider_name or 'a contact'}{need}",
                )
            )
        return added
    if main is None:
        return []
    if step == "met":
        return [(main, "note", f"Referral{need}: they have met")]
    if step == "won":
        value = f" ({format_value(row.value)})" if row.value else ""
        return [(main, "referral_closed", f"Referral closed business{need}{value}")]
    if step == "lost":
        return [(main, "note", f"Referral{need} did not close")]
    return []


def _add_interactions(
    row: ReferralRow, steps: tuple[str, ...], on_for_step: Callable[[str], dt.date]
) -> list[int]:
    ids = []
    for step in steps:
        for contact_id, kind, note in _step_interactions(row, step, on_for_step(step)):
            ids.append(
                Interaction.insert(
                    contact=contact_id,
                    kind=kind,
                    occurred_on=on_for_step(step),
                    note=note,
                    referral=row.id,
                ).execute()
            )
    return ids


def _involved(row: ReferralRow) -> tuple[int, ...]:
    ids = {row.provider_id, row.recipient_id, row.referrer_id}
    return tuple(sorted(i for i in ids if i is not None))


def record_referral(
    draft: ReferralDraft, *, referral_id: int | None = None, today: dt.date | None = None
) -> RecordedReferral:
    """Check and save a referral with the interactions of its status, in one transaction.

    ``referral_id`` recreates a referral under a known id (redo after undo).
    """
    today = today or dt.date.today()
    validate(draft, today)
    referred_on = draft.referred_on or today
    status_on = referred_on if draft.status in ("suggested", "introduced") else today
    with database.atomic():
        values = dict(
            direction=draft.direction,
            provider=draft.provider_id,
            recipient=draft.recipient_id,
            referrer=draft.referrer_id,
            need=draft.need.strip(),
            note=draft.note.strip(),
            referred_on=referred_on,
            status=draft.status,
            status_changed_on=status_on,
            value=draft.value,
        )
        if referral_id is not None:
            values["id"] = referral_id
        new_id = Referral.insert(**values).execute()
        row = get_referral(new_id)
        _add_interactions(
            row,
            _STEPS[draft.status],
            lambda step: referred_on if step == "introduced" else status_on,
        )
        involved = _involved(row)
        score_cache.refresh_contacts(involved)
    return RecordedReferral(new_id, involved)


def delete_referral(referral_id: int) -> tuple[int, ...]:
    """Remove a referral and the interactions it added; returns the contacts involved."""
    with database.atomic():
        row = get_referral(referral_id)
        touched = {
            cid
            for (cid,) in Interaction.select(Interaction.contact_id)
            .where(Interaction.referral == referral_id)
            .tuples()
        }
        Interaction.delete().where(Interaction.referral == referral_id).execute()
        Referral.delete().where(Referral.id == referral_id).execute()
        involved = tuple(sorted(touched | set(_involved(row))))
        score_cache.refresh_contacts(involved)
    return involved


def move_status(
    referral_id: int,
    status: str,
    *,
    on: dt.date | None = None,
    value: float | None = None,
    today: dt.date | None = None,
) -> StatusChange:
    """Move a referral forward to ``status`` on ``on``, adding the steps' interactions."""
    today = today or dt.date.today()
    on = on or today
    with database.atomic():
        row = get_referral(referral_id)
        problems: list[Problem] = []
        if status not in STATUSES:
            problems.append(Problem("status", None, f"unknown status {status!r}"))
        elif status not in next_statuses(row.status):
            problems.append(
                Problem(
                    "status",
                    None,
                    f"a referral that is {row.status} cannot move to {status}",
                )
            )
        else:
            problems.extend(_value_problems(status, value))
        if on > today:
            problems.append(Problem("on", None, f"{wording.day(on)} is in the future"))
        if on < row.referred_on:
            problems.append(
                Problem(
                    "on",
                    None,
                    f"{wording.day(on)} is before the referral ({wording.day(row.referred_on)})",
                )
            )
        if problems:
            raise ValidationError(problems)
        Referral.update(status=status, status_changed_on=on, value=value).where(
            Referral.id == referral_id
        ).execute()
        done = set(_STEPS[row.status])
        steps = tuple(step for step in _STEPS[status] if step not in done)
        moved = replace(row, status=status, status_changed_on=on, value=value)
        added = _add_interactions(moved, steps, lambda step: on)
        touched = tuple(
            sorted(
                {
                    cid
                    for (cid,) in Interaction.select(Interaction.contact_id)
                    .where(Interaction.id.in_(added))
                    .tuples()
                }
            )
        )
        score_cache.refresh_contacts(touched)
    return StatusChange(
        referral_id,
        row.status,
        row.status_changed_on,
        row.value,
        status,
        on,
        value,
        tuple(added),
        touched,
    )


def undo_status_change(change: StatusChange) -> None:
    """Take a status move back: the old status and value, without the interactions it added."""
    with database.atomic():
        Interaction.delete().where(Interaction.id.in_(change.interaction_ids)).execute()
        Referral.update(
            status=change.old_status,
            status_changed_on=change.old_changed_on,
            value=change.old_value,
        ).where(Referral.id == change.referral_id).execute()
        score_cache.refresh_contacts(change.contact_ids)


# -- reading ----------------------------------------------------------------------

_SELECT = """
SELECT r.id, r.direction, r.provider_id, coalesce(p.display_name, ''),
       r.recipient_id, coalesce(q.display_name, ''),
       r.referrer_id, coalesce(f.display_name, ''),
       r.need, r.note, r.referred_on, r.status, r.status_changed_on, r.value
FROM referral r
LEFT JOIN contact p ON p.id = r.provider_id
LEFT JOIN contact q ON q.id = r.recipient_id
LEFT JOIN contact f ON f.id = r.referrer_id
"""


def _row(values: tuple[Any, ...]) -> ReferralRow:
    fields = list(values)
    fields[10] = as_date(fields[10])
    fields[12] = as_date(fields[12])
    return ReferralRow(*fields)


def get_referral(referral_id: int) -> ReferralRow:
    found = database.execute_sql(_SELECT + " WHERE r.id = ?", (referral_id,)).fetchone()
    if found is None:
        raise NotFound(f"no referral with id {referral_id}")
    return _row(found)


def list_referrals() -> list[ReferralRow]:
    """Every referral, newest first."""
    cursor = database.execute_sql(_SELECT + " ORDER BY r.referred_on DESC, r.id DESC")
    return [_row(values) for values in cursor]


def referrals_of_contact(contact_id: int) -> list[ReferralRow]:
    """The referrals a contact takes part in (any role), newest first."""
    cursor = database.execute_sql(
        _SELECT + " WHERE ? IN (r.provider_id, r.recipient_id, r.referrer_id)"
        " ORDER BY r.referred_on DESC, r.id DESC",
        (contact_id,),
    )
    return [_row(values) for values in cursor]


def format_value(value: float | None) -> str:
    if value is None:
        return ""
    return f"${value:,.0f}" if value == int(value) else f"${value:,.2f}"


def contact_name(contact_id: int | None) -> str:
    return _name(contact_id)


def find_contact(text: str) -> int:
    """A live contact by id ("12") or by name (case and accents ignored).

    Raises ``NotFound`` when nobody, or more than one person, answers to it.
    """
    text = text.strip()
    if text.isdigit():
        found = (
            Contact.select(Contact.id)
            .where((Contact.id == int(text)) & Contact.deleted_at.is_null())
            .first()
        )
        if found is None:
            raise NotFound(f"no contact with id {text}")
        return int(found.id)
    rows = list(
        Contact.select(Contact.id, Contact.display_name)
        .where((Contact.sort_key == sort_key_for(text)) & Contact.deleted_at.is_null())
        .order_by(Contact.id)
        .limit(6)
    )
    if not rows:
        raise NotFound(f"no contact named “{text}”")
    if len(rows) > 1:
        ids = ", ".join(str(r.id) for r in rows[:5])
        raise NotFound(f"{len(rows)} contacts are named “{text}”; give an id ({ids})")
    return int(rows[0].id)
