"""User settings kept in the database: every key declared once, with its default.

A setting's declaration says all there is to know about it: its default (whose
type is the setting's type), what it is for, and for Edit ▸ Preferences its
label, its bounds or choices. The Preferences dialog is made from this table
alone (``netdesk.domain.preferences``), so a setting declared here appears there
with no other change; ``shown=False`` keeps netdesk's own bookkeeping out of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from netdesk.domain import interaction_kinds as ik
from netdesk.domain import introductions
from netdesk.storage.models import Setting, database


def _region_code(value: Any) -> str | None:
    """A country code phone numbers can be read for ("DE", "MG"), or None; else why not."""
    from netdesk.domain.phone_numbers import is_region

    if value is None or value == "" or is_region(value):
        return None
    return f'{value!r} is not a country code (two letters, e.g. "DE" or "MG")'


class SettingSpec(NamedTuple):
    default: Any
    doc: str
    # the Preferences dialog's name for it ("" : made from the key)
    label: str = ""
    # for a number: the least and largest value accepted
    minimum: float | None = None
    maximum: float | None = None
    # for a choice: (value, what a person reads), in the order offered
    choices: tuple[tuple[str, str], ...] = ()
    # False for what netdesk keeps for itself (not a preference a person sets)
    shown: bool = True
    # why a value cannot be stored (None: it can); None: any JSON value
    check: Callable[[Any], str | None] | None = None
    # for text: several lines (a template) rather than one
    multiline: bool = False


# the Preferences dialog's sections, by the first part of a key (else that part, capitalised)
GROUPS = {
    "ui": "Appearance",
    "score": "Trust and attention",
    "followups": "Needs attention",
    "backup": "Backups",
    "phone": "Phone numbers",
    "reminders": "Reminders",
    "introduction": "Introduction email",
}


def _template(value: Any) -> str | None:
    from netdesk.domain.introductions import template_problem

    return template_problem(value)


SETTINGS: dict[str, SettingSpec] = {
    "backup.keep": SettingSpec(
        10, "how many rolling automatic backups to keep", "Backups kept", 1, 1000
    ),
    "phone.default_region": SettingSpec(
        "",
        "country code used to read a phone number written without +country when the "
        "contact and its file do not show the country (empty: the system's locale)",
        "Default phone country",
        check=_region_code,
    ),
    "score.attention_half_life_days": SettingSpec(
        ik.ATTENTION_HALF_LIFE_DAYS,
        "days for an interaction's attention weight to halve",
        "Attention half-life (days)",
        1,
        3650,
    ),
    "score.trust_half_life_days": SettingSpec(
        ik.TRUST_HALF_LIFE_DAYS,
        "days for an interaction's trust effect to halve",
        "Trust half-life (days)",
        1,
        36500,
    ),
    "score.attention_scale": SettingSpec(
        ik.ATTENTION_SCALE, "attention's saturation scale", "Attention scale", 0.1, 1000
    ),
    "score.trust_scale": SettingSpec(
        ik.TRUST_SCALE, "trust's saturation scale", "Trust scale", 0.1, 1000
    ),
    "scores.epoch": SettingSpec(
        None, "reference date of the stored score norms (ISO date)", shown=False
    ),
    "scores.stale": SettingSpec(False, "stored score norms must be recomputed", shown=False),
    "followups.attention_threshold": SettingSpec(
        20.0,
        "attention below which a contact with a cadence needs attention",
        "Attention threshold",
        0,
        100,
    ),
    "followups.referral_waiting_days": SettingSpec(
        14,
        "days an open referral may sit in one status before it asks for an update",
        "Referral waiting (days)",
        1,
        3650,
    ),
    "sync.interval_minutes": SettingSpec(
        15,
        "while the window is open and a sync account is set up, sync this often "
        "(minutes; 0: only on Sync Now)",
    ),
    "match.synonyms": SettingSpec(
        None,
        "the referral-match synonym table as edited by the user: a list of rules "
        "[[phrases to find], [phrases also looked for]] (None: netdesk's built-in table)",
        shown=False,  # (Referrals ▸ Match Synonyms edits it)
    ),
    "introduction.subject": SettingSpec(
        introductions.DEFAULT_SUBJECT,
        "the subject of an introduction email; placeholders: "
        + ", ".join(f"{{{name}}}" for name in introductions.PLACEHOLDERS),
        "Subject",
        check=_template,
    ),
    "introduction.body": SettingSpec(
        introductions.DEFAULT_BODY,
        "the text of an introduction email: {recipient} and {provider} are the full names, "
        "{recipient_first} and {provider_first} the first names, {need} what is needed and "
        "{reasons} why this provider",
        "Text",
        check=_template,
        multiline=True,
    ),
    "reminders.in_app": SettingSpec(
        True,
        "while netdesk is open, say in its window when someone falls due (a keep-in-touch "
        "cadence or a follow-up), at most once a day per person",
        "Remind me in the window",
    ),
    "reminders.tray": SettingSpec(
        False,
        "show netdesk in the system tray with the count due, send a desktop notification "
        "when someone falls due, and keep running there when the window is minimised",
        "Remind me from the system tray",
    ),
    "reminders.notified": SettingSpec(
        None,
        "the day each person was last reminded of: {contact id: ISO date}",
        shown=False,
    ),
    "ui.theme": SettingSpec(
        "system",
        "light or dark colours, or those the desktop uses",
        "Theme",
        choices=(("system", "as the desktop"), ("light", "light"), ("dark", "dark")),
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


def reset(key: str) -> None:
    """Back to the declared default (nothing stored)."""
    if key not in SETTINGS:
        raise KeyError(f"unknown setting {key!r}")
    Setting.delete().where(Setting.key == key).execute()


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


def phone_region() -> str | None:
    """The country to read a number written without +country when nothing closer says:
    the setting when it holds a valid code, else the system's locale, else None."""
    from netdesk.domain.phone_numbers import locale_region

    value = get("phone.default_region")
    if isinstance(value, str) and value and _region_code(value) is None:
        return value.upper()
    return locale_region()
