"""The preview dialogs read their files one way: each in turn, said to the progress, and a
file that cannot be read refused with the reason while the others are read."""

from pathlib import Path

from netdesk.domain import calendar_import, importers
from netdesk.ui.import_export.preview_dialog import read_each

CALENDARS = Path(__file__).parents[1] / "domain" / "calendar_import" / "samples"
CONTACTS = Path(__file__).parents[1] / "domain" / "importers" / "samples"


def test_files_are_read_in_turn_and_an_unreadable_one_is_refused_with_its_reason(tmp_path):
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"\x00\x01 not a calendar")
    good = sorted(CALENDARS.glob("*.ics"))[0]
    said = []
    read, refused = read_each(
        [broken, good],
        calendar_import.read_calendar_file,
        lambda done, total, text: said.append((done, total, text)),
    )
    assert [r.path for r in read] == [good]
    assert [path for path, _ in refused] == [broken] and refused[0][1]
    assert said == [(0, 2, "Reading broken.ics"), (1, 2, f"Reading {good.name}")]


def test_contacts_are_read_the_same_way(tmp_path):
    missing = tmp_path / "gone.vcf"
    good = CONTACTS / "apple_contacts.vcf"
    read, refused = read_each([good, missing], importers.read_import_file, lambda *_: None)
    assert len(read) == 1 and read[0].records
    assert [path for path, _ in refused] == [missing]
