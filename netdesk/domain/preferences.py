"""Edit ▸ Preferences, below the dialog: which settings a person sets, how a value is
checked, and changing several at once.

Everything comes from ``settings.SETTINGS``: a setting declared there with
``shown`` (the default) is a preference, edited as its default's type says (a
yes/no, a whole number, a number, a choice, a line of text). ``change`` writes
in one transaction and returns what it replaced, so the change can be undone;
when a score parameter changes, every contact's cached scores are recomputed in
the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netdesk.domain import score_cache, settings
from netdesk.domain.settings import SETTINGS, SettingSpec
from netdesk.domain.validation import Problem, ValidationError, clean_text, has_controls
from netdesk.storage.models import database

BOOL, WHOLE, NUMBER, CHOICE, TEXT, LONG_TEXT = (
    "bool",
    "whole",
    "number",
    "choice",
    "text",
    "long_text",
)
TEXT_MAX = 200
LONG_TEXT_MAX = 2000


@dataclass(frozen=True)
class Preference:
    key: str
    spec: SettingSpec
    group: str
    label: str
    kind: str

    @property
    def default(self) -> Any:
        return self.spec.default


def kind_of(spec: SettingSpec) -> str | None:
    """How a value of this setting is edited; None when no person sets it this way."""
    if spec.choices:
        return CHOICE
    if isinstance(spec.default, bool):
        return BOOL
    if isinstance(spec.default, int):
        return WHOLE
    if isinstance(spec.default, float):
        return NUMBER
    if isinstance(spec.default, str):
        return LONG_TEXT if spec.multiline else TEXT
    return None


def _label(key: str, spec: SettingSpec) -> str:
    if spec.label:
        return spec.label
    return key.split(".", 1)[-1].replace("_", " ").replace(".", " ").capitalize()


def _group(key: str) -> str:
    prefix = key.split(".", 1)[0]
    return settings.GROUPS.get(prefix, prefix.replace("_", " ").capitalize())


def preferences() -> list[Preference]:
    """Every setting a person sets, section by section (as ``GROUPS`` orders them)."""
    found = [
        Preference(key, spec, _group(key), _label(key, spec), kind)
        for key, spec in SETTINGS.items()
        if spec.shown and (kind := kind_of(spec)) is not None
    ]
    order = list(settings.GROUPS.values())
    return sorted(found, key=lambda p: order.index(p.group) if p.group in order else len(order))


def current() -> dict[str, Any]:
    return {pref.key: settings.get(pref.key) for pref in preferences()}


def check(key: str, value: Any) -> Any:
    """``value`` as the setting stores it; ValidationError naming the setting if it cannot be."""
    spec = SETTINGS[key]
    kind = kind_of(spec)
    label = _label(key, spec)

    def refuse(message: str) -> ValidationError:
        return ValidationError([Problem(key, None, f"{label}: {message}")])

    if kind == CHOICE:
        allowed = [choice for choice, _ in spec.choices]
        if value not in allowed:
            raise refuse(f"choose one of {', '.join(allowed)}")
        return value
    if kind == BOOL:
        return bool(value)
    if kind in (WHOLE, NUMBER):
        try:
            number = int(value) if kind == WHOLE else float(value)
        except (TypeError, ValueError):
            raise refuse(f"“{value}” is not a number") from None
        if kind == WHOLE and isinstance(value, float) and not value.is_integer():
            raise refuse(f"{value:g} is not a whole number")
        if spec.minimum is not None and number < spec.minimum:
            raise refuse(f"at least {spec.minimum:g}")
        if spec.maximum is not None and number > spec.maximum:
            raise refuse(f"at most {spec.maximum:g}")
        return number
    if kind == TEXT:
        text = str(value).strip()
        if has_controls(text) or len(text) > TEXT_MAX:
            raise refuse(f"at most {TEXT_MAX} plain characters")
        if not text and spec.default:
            raise refuse("cannot be empty")
        if spec.check is not None and (problem := spec.check(text)) is not None:
            raise refuse(problem)
        return text
    if kind == LONG_TEXT:
        lines = clean_text(str(value)).split("\n")
        text = "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
        if len(text) > LONG_TEXT_MAX:
            raise refuse(f"at most {LONG_TEXT_MAX} characters")
        if not text.strip() and spec.default:
            raise refuse("cannot be empty")
        if spec.check is not None and (problem := spec.check(text)) is not None:
            raise refuse(problem)
        return text
    raise refuse("is not set in Preferences")


def check_all(values: dict[str, Any]) -> dict[str, Any]:
    """Every value checked; one ValidationError naming each one that is not acceptable."""
    checked: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in values.items():
        try:
            checked[key] = check(key, value)
        except ValidationError as error:
            problems.extend(error.problems)
    if problems:
        raise ValidationError(problems)
    return checked


def change(values: dict[str, Any]) -> dict[str, Any]:
    """Store these settings (all checked first) in one transaction; returns the values they
    had, to undo the change with. Scores are recomputed when their parameters change."""
    checked = check_all(values)
    before = {key: settings.get(key) for key in checked}
    changed = {key: value for key, value in checked.items() if value != before[key]}
    if not changed:
        return {}
    with database.atomic():
        for key, value in changed.items():
            if value == SETTINGS[key].default:
                settings.reset(key)
            else:
                settings.put(key, value)
        if any(key.startswith("score.") for key in changed):
            score_cache.refresh_all()
    return {key: before[key] for key in changed}
