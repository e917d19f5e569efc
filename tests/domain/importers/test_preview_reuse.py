"""An import written right after its preview writes that preview, unless anything at all
was committed in between: then it is planned again on the database as it is."""

import threading
from pathlib import Path

import pytest

from netdesk.domain.importers import CREATE, UPDATE, apply_import, plan_import, read_import_file
from netdesk.domain.importers import apply as applying
from netdesk.domain.importers.plan import Planner
from netdesk.domain.workspace import close_thread_connection
from netdesk.storage.models import Contact
from tests.helpers import make_contact

SAMPLES = Path(__file__).parent / "samples"
FILES = ("google_contacts.vcf", "Connections.csv")


def read():
    return [read_import_file(SAMPLES / name, region="CA") for name in FILES]


@pytest.fixture
def plannings(monkeypatch) -> list[int]:
    """One item per batch the planner compares with the database from now on."""
    runs: list[int] = []
    real = Planner.add

    def counted(self, parsed, records, problems):
        runs.append(len(records))
        return real(self, parsed, records, problems)

    monkeypatch.setattr(Planner, "add", counted)
    return runs


def rows(plan):
    return [(e.action, e.where, e.name) for e in plan.entries]


def in_a_thread(job) -> None:
    """Run ``job`` on a thread of its own (its own connection), as the dialog's jobs run."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            job()
        except BaseException as exc:  # (reported on the test's thread)
            failures.append(exc)
        finally:
            close_thread_connection()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_a_preview_written_right_after_is_not_planned_again(db, plannings):
    existing = make_contact("Priya", "Natarajan", emails=["priya@brightledger.ca"])
    files = read()
    preview = plan_import(files, region="CA")
    assert plannings
    plannings.clear()
    written = apply_import(files, region="CA")
    assert plannings == []
    assert rows(written) == rows(preview)
    assert written.counts() == preview.counts()
    assert Contact.select().count() == 6
    assert written.entries[0].action == UPDATE and written.entries[0].contact_id == existing
    created = [e.contact_id for e in written.entries if e.action == CREATE]
    assert len(created) == 5
    assert Contact.select().where(Contact.id.in_(created)).count() == 5


def test_a_contact_added_after_the_preview_is_matched_when_writing(db, plannings):
    files = read()
    preview = plan_import(files, region="CA")
    assert rows(preview)[0] == (CREATE, "google_contacts.vcf:1", "Priya Natarajan")
    plannings.clear()
    existing = make_contact("Priya", "Natarajan", emails=["priya@brightledger.ca"])
    written = apply_import(files, region="CA")
    assert plannings  # planned again, on the database as it is now
    assert rows(written)[0] == (UPDATE, "google_contacts.vcf:1", "Priya Natarajan")
    assert written.entries[0].contact_id == existing
    assert Contact.select().count() == 6  # and no second Priya


def test_a_commit_from_another_thread_plans_again(db, plannings):
    files = read()
    plan_import(files, region="CA")
    plannings.clear()
    in_a_thread(lambda: make_contact("Priya", "Natarajan", emails=["priya@brightledger.ca"]))
    written = apply_import(files, region="CA")
    assert plannings
    assert rows(written)[0][0] == UPDATE


def test_a_preview_made_on_one_thread_is_written_on_another(db, plannings):
    files = read()
    made = []
    in_a_thread(lambda: made.append(plan_import(files, region="CA")))
    plannings.clear()
    written = []
    in_a_thread(lambda: written.append(apply_import(files, region="CA")))
    assert plannings == []
    assert rows(written[0]) == rows(made[0])
    assert Contact.select().count() == 6


@pytest.mark.parametrize("change", ["files read again", "another region"])
def test_other_files_or_another_region_plan_again(db, plannings, change):
    files = read()
    plan_import(files, region="CA")
    plannings.clear()
    if change == "files read again":
        apply_import(read(), region="CA")
    else:
        apply_import(files, region="US")
    assert plannings


def test_a_write_that_failed_plans_afresh_the_next_time(db, plannings, monkeypatch):
    files = read()
    plan_import(files, region="CA")
    plannings.clear()
    real = applying.write_plan

    def failing(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(applying, "write_plan", failing)
    with pytest.raises(OSError):
        apply_import(files, region="CA")
    assert plannings == []  # (the preview's plan was the one being written)
    assert Contact.select().count() == 0
    monkeypatch.setattr(applying, "write_plan", real)
    written = apply_import(files, region="CA")
    assert plannings
    assert written.counts()[CREATE] == 6
    assert Contact.select().count() == 6
