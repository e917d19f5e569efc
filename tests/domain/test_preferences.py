"""Preferences in the domain: made from the settings table, checked, changed in one step."""

import pytest

from netdesk.domain import preferences, score_cache, settings
from netdesk.domain.settings import SETTINGS, SettingSpec
from netdesk.domain.validation import ValidationError
from netdesk.storage.models import Contact
from tests.helpers import log, make_contact


def test_every_shown_setting_is_a_preference_of_its_defaults_kind(monkeypatch):
    monkeypatch.setitem(SETTINGS, "phone.import_region", SettingSpec("GB", "imported numbers"))
    found = {pref.key: pref for pref in preferences.preferences()}
    assert set(found) == {key for key, spec in SETTINGS.items() if spec.shown}
    assert found["backup.keep"].kind == preferences.WHOLE
    assert found["score.trust_scale"].kind == preferences.NUMBER
    assert found["ui.theme"].kind == preferences.CHOICE
    assert found["phone.import_region"].kind == preferences.TEXT
    assert found["phone.import_region"].label == "Import region"
    assert found["phone.import_region"].group == "Phone numbers"


@pytest.mark.parametrize(
    "key, value, problem",
    [
        ("backup.keep", 0, "at least 1"),
        ("backup.keep", "many", "not a number"),
        ("backup.keep", 2.5, "not a whole number"),
        ("followups.attention_threshold", 101, "at most 100"),
        ("ui.theme", "pink", "choose one of system, light, dark"),
        ("phone.default_region", "Canada", "not a country code"),
        ("phone.default_region", "C\x1bA", "plain characters"),
    ],
)
def test_a_value_out_of_bounds_is_refused_with_the_settings_name(key, value, problem):
    with pytest.raises(ValidationError) as refused:
        preferences.check(key, value)
    [found] = refused.value.problems
    assert found.field == key and problem in found.message
    assert found.message.startswith(preferences._label(key, SETTINGS[key]))


def test_change_writes_all_or_nothing_and_returns_what_it_replaced(db):
    before = preferences.change({"backup.keep": 4, "ui.theme": "dark"})
    assert before == {"backup.keep": 10, "ui.theme": "system"}
    assert settings.get("backup.keep") == 4
    with pytest.raises(ValidationError):
        preferences.change({"backup.keep": 5, "ui.theme": "pink"})
    assert settings.get("backup.keep") == 4  # nothing written
    assert preferences.change(before) == {"backup.keep": 4, "ui.theme": "dark"}
    assert settings.get("ui.theme") == "system"
    assert preferences.change({"backup.keep": 10}) == {}  # nothing changed


def test_new_score_parameters_recompute_every_contacts_scores(db):
    ana = make_contact("Ana")
    log(ana, "one_to_one", days_ago=20)
    norm = Contact.get_by_id(ana).attention_norm
    preferences.change({"score.attention_half_life_days": 10.0})
    assert Contact.get_by_id(ana).attention_norm != norm
    assert not settings.get("scores.stale")
    assert score_cache.epoch() is not None
