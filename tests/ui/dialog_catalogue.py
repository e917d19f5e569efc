"""Every dialog and window netdesk opens, made with real data, for the tests that check
them all alike (Tab order, Alt+letters, lists' keys, buttons, layout on every screen).

``DIALOGS`` maps a name to a function ``(window, people) -> QWidget`` that makes the
dialog over the main window (not yet shown). ``sample_network`` fills the test
database with what the dialogs need to show something.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from netdesk.domain import contacts, events, matching, referrals
from netdesk.domain.events import EventDraft
from netdesk.domain.referrals import ReferralDraft
from tests.helpers import log, make_contact

SAMPLES = Path(__file__).parents[1] / "domain" / "importers" / "samples"
CALENDARS = Path(__file__).parents[1] / "domain" / "calendar_import" / "samples"
LONG = "a name long enough to need more room than a narrow window has to give it"


def sample_network(db_path: Path) -> dict[str, int]:
    """A few people with everything a dialog shows: a duplicate pair, an event, a
    referral, long values and a backup."""
    from netdesk.storage import backups

    ana = make_contact(
        "Ana",
        "Bennett",
        organisation="Maple Tech Support and Network Consulting of Waterloo Region",
        title="Owner",
        city="Waterloo",
        emails=["ana@example.com"],
        phones=["+1 519 555 0100"],
        offers=["IT support", "networks"],
        needs=["a realtor in Waterloo"],
        notes="Met at the March breakfast.\nHer sister is a realtor.",
    )
    twin = make_contact("Ana", "Benett", emails=["ana@example.com"])
    ben = make_contact("Ben", "Reid", organisation="Reid Realty", offers=["Realtor"])
    cleo = make_contact("Cleo", "Long " + LONG, organisation="Cleo Co")
    for days, kind in ((200, "met"), (40, "one_to_one"), (3, "call")):
        log(ana, kind, days_ago=days, note="coffee at Vincenzo's")
    event = events.create_event(
        EventDraft(name="Waterloo Business Breakfast", held_on=dt.date.today(), tags=["WBB"])
    )
    events.check_in(event, ben)
    recorded = referrals.record_referral(
        ReferralDraft("connected", provider_id=ben, recipient_id=ana, need="a realtor")
    )
    backups.rolling_backup(db_path, reason="manual", keep=5)
    return {
        "ana": ana,
        "twin": twin,
        "ben": ben,
        "cleo": cleo,
        "event": event,
        "referral": recorded.referral_id,
    }


def _editor(window, people):
    from netdesk.ui.contact_actions import find_contacts
    from netdesk.ui.dialogs.contact_editor import ContactEditorDialog

    draft = contacts.load_contact(people["ana"])
    return ContactEditorDialog(
        draft,
        validate=contacts.validate,
        find_contacts=find_contacts,
        known_tags=contacts.all_tags(),
        title=f"Edit {draft.shown_name()}",
        parent=window,
    )


def _interaction(window, people):
    from netdesk.ui.dialogs.interaction_dialog import InteractionDialog

    return InteractionDialog("Log an interaction with Ana Bennett", parent=window)


def _introduce(window, people):
    from netdesk.ui.referrals.feature import search_contacts
    from netdesk.ui.referrals.introduce_dialog import IntroduceDialog

    return IntroduceDialog(
        people["ben"],
        "Ben Reid (Reid Realty)",
        search_contacts,
        referrals.validate,
        need="a realtor",
        parent=window,
    )


def _introduction_email(window, people):
    from netdesk.domain import introductions
    from netdesk.ui.introductions.email_dialog import IntroductionEmailDialog

    email = introductions.draft_introduction(people["ana"], people["ben"], "a realtor")
    return IntroductionEmailDialog(email, window)


def _status(window, people):
    from netdesk.ui.referrals.status_dialog import StatusDialog

    return StatusDialog(referrals.get_referral(people["referral"]), window)


def _synonyms(window, people):
    from netdesk.ui.referrals.synonyms_dialog import SynonymsDialog

    return SynonymsDialog(matching.synonym_rules(), window)


def _discard_question(window, people):
    """What a form closed with changes asks first (here over the contact editor, shown as
    it is when asked, and closed with the question)."""
    editor = _editor(window, people)
    editor.show()
    question = editor.discard_question()
    question.finished.connect(editor.discard)
    return question


def _event(window, people):
    from netdesk.ui.meetup.event_dialog import EventDialog

    return EventDialog("Edit Event", events.load_event(people["event"]), lambda d: None, window)


def _export(window, people):
    from netdesk.ui.import_export.export_dialog import ExportDialog

    return ExportDialog(window)


def _import(window, people):
    from netdesk.ui.import_export.import_dialog import ImportDialog

    dialog = ImportDialog([SAMPLES / "apple_contacts.vcf"], window.db_path, window)
    dialog.load_preview()
    return dialog


def _import_csv(window, people):
    """The import of a CSV: its columns, and what each became, above the preview."""
    from netdesk.ui.import_export.import_dialog import ImportDialog

    dialog = ImportDialog([SAMPLES / "phone_list_mac.csv"], window.db_path, window)
    dialog.load_preview()
    return dialog


def _calendar_import(window, people):
    from netdesk.ui.calendar_import.dialog import CalendarImportDialog

    dialog = CalendarImportDialog([CALENDARS / "google.ics"], window.db_path, window)
    dialog.load_preview()
    return dialog


def _duplicates(window, people):
    from netdesk.ui.import_export.duplicates_dialog import DuplicatesDialog

    dialog = DuplicatesDialog(window)
    dialog.scan()
    return dialog


def _merge(window, people):
    from netdesk.ui.import_export.merge_dialog import MergeDialog

    keep = contacts.load_contact(people["ana"])
    other = contacts.load_contact(people["twin"])
    return MergeDialog(keep, other, {}, window)


def _restore(window, people):
    from netdesk.ui.backup_menu.restore_dialog import RestoreDialog

    rows = window.backup_actions.backup_rows()
    return RestoreDialog(rows, window.db_path.parent, window)


def _open_problem(window, people):
    from netdesk.storage.errors import DatabaseDamaged
    from netdesk.ui.open_problem_dialog import OpenProblemDialog

    problem = DatabaseDamaged(window.db_path, "it is damaged")
    return OpenProblemDialog(window.db_path, problem, parent=window)


def _shortcuts(window, people):
    from netdesk.ui.shortcuts_dialog import ShortcutsDialog

    return ShortcutsDialog(window)


def _preferences(window, people):
    from netdesk.domain import preferences
    from netdesk.ui.preferences.dialog import PreferencesDialog

    return PreferencesDialog(preferences.current(), window)


def _capture(window, people):
    window.meetup.open_capture()
    capture = window.meetup.capture_window()
    capture.hide()
    return capture


def _sync_account(window, people):
    from netdesk.ui.sync.account_dialog import AddAccountDialog

    def discover(*args, **kwargs):  # the dialog is only shown: nothing is looked up
        raise AssertionError("no discovery while the dialog is only looked at")

    return AddAccountDialog(discover, window)


def _sync_conflicts(window, people):
    import datetime as dt

    from netdesk.domain.sync.conflicts import ConflictRow
    from netdesk.ui.sync.conflicts_dialog import ConflictsDialog

    dialog = ConflictsDialog(window)
    # as a sync that could not merge Ana's title leaves it (see netdesk.ui.sync.feature)
    row = ConflictRow(
        1, 1, people["ana"], "Ana Bennett", "title", "Broker", "Realtor", dt.datetime(2026, 3, 2)
    )
    dialog.set_rows([row])
    return dialog


DIALOGS: dict[str, Callable[[QWidget, dict[str, int]], QWidget]] = {
    "contact editor": _editor,
    "interaction": _interaction,
    "introduce": _introduce,
    "introduction email": _introduction_email,
    "move referral along": _status,
    "match synonyms": _synonyms,
    "event": _event,
    "discard changes": _discard_question,
    "export": _export,
    "import": _import,
    "import of a CSV": _import_csv,
    "calendar import": _calendar_import,
    "duplicates": _duplicates,
    "merge": _merge,
    "restore": _restore,
    "open problem": _open_problem,
    "keyboard shortcuts": _shortcuts,
    "preferences": _preferences,
    "quick capture": _capture,
    "sync account": _sync_account,
    "sync conflicts": _sync_conflicts,
}
