"""The per-contact score cache (norms and last interaction date) in the database.

Every write that adds, edits or removes interactions calls ``refresh_contacts``
for the contacts involved, inside the same transaction. ``refresh_if_needed``
runs after opening: it recomputes everything when a migration or a change of
parameters left the cache stale, or when the epoch is so old that the norms
would grow past what a float holds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from netdesk.domain import scoring, settings
from netdesk.domain.interaction_kinds import ScoreParameters
from netdesk.storage.models import Contact, Interaction, as_date, database

# Norms grow as 2 ** (days since epoch / half-life); rebase well before 2 ** 1024.
_MAX_EXPONENT = 400.0
_CHUNK = 500


def epoch() -> dt.date:
    value = settings.get("scores.epoch")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def _needs_rebase(current: dt.date, today: dt.date, params: ScoreParameters) -> bool:
    shortest = min(params.attention_half_life_days, params.trust_half_life_days)
    return abs((today - current).days) / shortest > _MAX_EXPONENT


def refresh_contacts(contact_ids: Iterable[int], today: dt.date | None = None) -> None:
    """Recompute the cached norms and last interaction date of these contacts."""
    params = settings.score_parameters()
    base = epoch()
    if settings.get("scores.epoch") is None:
        settings.put("scores.epoch", base.isoformat())
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        totals = {cid: scoring.Norms() for cid in chunk}
        rows = (
            Interaction.select(Interaction.contact_id, Interaction.kind, Interaction.occurred_on)
            .where(Interaction.contact_id.in_(chunk))
            .tuples()
        )
        for contact_id, key, when in rows:
            totals[contact_id].add(key, as_date(when), base, params)
        for contact_id, norms in totals.items():
            _store(contact_id, norms)


def refresh_all(
    today: dt.date | None = None, progress: Callable[[int, int], None] | None = None
) -> None:
    """Recompute every contact's norms against a fresh epoch (today)."""
    today = today or dt.date.today()
    params = settings.score_parameters()
    with database.atomic():
        settings.put("scores.epoch", today.isoformat())
        totals: dict[int, scoring.Norms] = defaultdict(scoring.Norms)
        query = Interaction.select(
            Interaction.contact_id, Interaction.kind, Interaction.occurred_on
        ).tuples()
        for contact_id, key, when in query.iterator():
            totals[contact_id].add(key, as_date(when), today, params)
        Contact.update(attention_norm=0.0, trust_norm=0.0, last_interaction_on=None).execute()
        items = list(totals.items())
        for done, (contact_id, norms) in enumerate(items, 1):
            _store(contact_id, norms)
            if progress is not None and done % 1000 == 0:
                progress(done, len(items))
        settings.put("scores.stale", False)


def _store(contact_id: int, norms: scoring.Norms) -> None:
    Contact.update(
        attention_norm=norms.attention, trust_norm=norms.trust, last_interaction_on=norms.last
    ).where(Contact.id == contact_id).execute()


def refresh_if_needed(today: dt.date | None = None) -> bool:
    """Bring the cache up to date after opening; True when it recomputed."""
    today = today or dt.date.today()
    stale = bool(settings.get("scores.stale"))
    stored = settings.get("scores.epoch")
    params = settings.score_parameters()
    if stale or (stored and _needs_rebase(dt.date.fromisoformat(stored), today, params)):
        refresh_all(today)
        return True
    return False


class ScoreView:
    """Turns cached norms into scores on one day; read the settings once, use many times."""

    __slots__ = ("on", "epoch", "params", "_attention_decay", "_trust_decay")

    def __init__(self, on: dt.date, epoch: dt.date, params: ScoreParameters) -> None:
        self.on = on
        self.epoch = epoch
        self.params = params
        # the decay from the epoch to the day, the same for every contact
        self._attention_decay, self._trust_decay = scoring.decay_since_epoch(on, epoch, params)

    def __repr__(self) -> str:
        return f"ScoreView(on={self.on}, epoch={self.epoch}, params={self.params})"

    def scores(self, attention_norm: float, trust_norm: float) -> scoring.Scores:
        return scoring.Scores(self.attention(attention_norm), self.trust(trust_norm))

    def trust(self, trust_norm: float) -> float:
        """The trust score on the view's day: ``scores`` one at a time, for long lists."""
        return scoring.score_from_sum(trust_norm * self._trust_decay, self.params.trust_scale)

    def attention(self, attention_norm: float) -> float:
        """The attention score on the view's day."""
        return scoring.score_from_sum(
            attention_norm * self._attention_decay, self.params.attention_scale
        )


def score_view(on: dt.date | None = None) -> ScoreView:
    return ScoreView(on or dt.date.today(), epoch(), settings.score_parameters())
