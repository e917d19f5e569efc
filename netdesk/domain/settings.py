"""User settings kept in the database: every key declared once, with its default."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from netdesk.domain import interaction_kinds as ik
from netdesk.storage.models import Setting, database


class SettingSpec(NamedTuple):
    default: Any
    doc: str


SETTINGS: dict[str, SettingSpec] = {
    "backup.keep": SettingSpec(10, "how many rolling automatic backups to keep"),
    "phone.default_region": SettingSpec(
        "CA", "ISO country code used to read phone numbers written without +country"
    ),
    "score.attention_half_life_days": SettingSpec(
        ik.ATTENTION_HALF_LIFE_DAYS, "days for an interaction's attention weight to halve"
    ),
    "score.trust_half_life_days": SettingSpec(
        ik.TRUST_HALF_LIFE_DAYS, "days for an interaction's trust effect to halve"
    ),
    "score.attention_scale": SettingSpec(ik.ATTENTION_SCALE, "attention's saturation scale"),
    "score.trust_scale": SettingSpec(ik.TRUST_SCALE, "trust's saturation scale"),
    "scores.epoch": SettingSpec(None, "reference date of the stored score norms (ISO date)"),
    "scores.stale": SettingSpec(False, "stored score norms must be recomputed"),
    "followups.attention_threshold": SettingSpec(
        20.0, "attention below which a contact with a cadence needs attention"
    ),
    "followups.referral_waiting_days": SettingSpec(
        14, "days an open referral may sit in one status before it asks for an update"
    ),
    "match.synonyms": SettingSpec(
        None,
        "the referral-match synonym table as edited by the user: a list of rules "
        "[[phrases to find], [phrases also looked for]] (None: netdesk's built-in table)",
    ),
}


def get(key: str) -> Any:
    spec = SETTINGS[key]
    # plain SQL: read on every ranking and list page, where a query builder's cost shows
    row = database.execute_sql("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return spec.default if row is None else json.loads(row[0])


def put(key: str, value: Any) -> None:
    if key not in SETTINGS:
        raise KeyError(f"unknown setting {key!r}")
    Setting.insert(key=key, value=json.dumps(value)).on_conflict_replace().execute()


def backups_to_keep() -> int:
    """How many rolling backups to keep (``backup.keep``), at least one."""
    return keep_count(get("backup.keep"))


def keep_count(value: Any) -> int:
    """A stored ``backup.keep`` as a count: a whole number of at least one, else the default
    (a value edited by hand or carried in by a restored file is never trusted as is)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    default: int = SETTINGS["backup.keep"].default
    return default


def score_parameters() -> ik.ScoreParameters:
    return ik.ScoreParameters(
        attention_half_life_days=float(get("score.attention_half_life_days")),
        trust_half_life_days=float(get("score.trust_half_life_days")),
        attention_scale=float(get("score.attention_scale")),
        trust_scale=float(get("score.trust_scale")),
    )
