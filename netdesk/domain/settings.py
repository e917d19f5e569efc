"""User settings kept in the database: every key declared once, with its default."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from netdesk.domain import interaction_kinds as ik
from netdesk.storage.models import Setting, database


def _region_code(value: Any) -> str | None:
    """A country code phone numbers can be read for ("DE", "MG"), or None; else why not."""
    from netdesk.domain.phone_numbers import is_region

    if value is None or is_region(value):
        return None
    return f'{value!r} is not a country code (two letters, e.g. "DE" or "MG")'


class SettingSpec(NamedTuple):
    default: Any
    doc: str
    # why a value cannot be stored (None: it can); None: any JSON value
    check: Callable[[Any], str | None] | None = None


SETTINGS: dict[str, SettingSpec] = {
    "backup.keep": SettingSpec(10, "how many rolling automatic backups to keep"),
    "phone.default_region": SettingSpec(
        None,
        "country code used to read a phone number written without +country when the "
        "contact and its file do not show the country (None: the system's locale)",
        _region_code,
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
    check = SETTINGS[key].check
    if check is not None and (problem := check(value)) is not None:
        raise ValueError(f"setting {key}: {problem}")
    Setting.insert(key=key, value=json.dumps(value)).on_conflict_replace().execute()


def score_parameters() -> ik.ScoreParameters:
    return ik.ScoreParameters(
        attention_half_life_days=float(get("score.attention_half_life_days")),
        trust_half_life_days=float(get("score.trust_half_life_days")),
        attention_scale=float(get("score.attention_scale")),
        trust_scale=float(get("score.trust_scale")),
    )


def phone_region() -> str | None:
    """The country to read a number written without +country when nothing closer says:
    the setting when it holds a valid code, else the system's locale, else None."""
    from netdesk.domain.phone_numbers import locale_region

    value = get("phone.default_region")
    if isinstance(value, str) and _region_code(value) is None:
        return value.upper()
    return locale_region()
