"""A large CSV streams: planned and written a batch at a time, with the same result as a
file read whole (its memory is measured by the ``import_csv_1m_rss`` benchmark)."""

from netdesk.domain import contacts
from netdesk.domain.importers import MERGE, apply, apply_import, read_import_file, reading
from netdesk.domain.importers.plan import MAX_ENTRIES
from netdesk.storage.models import Contact


def _rows(tmp_path, count: int):
    path = tmp_path / "people.csv"
    lines = ["First Name,Last Name,E-mail Address,Mobile Phone,Company,Notes"]
    for n in range(count):
        lines.append(f"P{n},Person,p{n}@example.com,+1 519 555 {n:04d},Acme,row {n}")
    # the same person again, far from the first row: merged across batches
    lines.append("P1,Person,p1@example.com,+44 20 7946 0018,Acme,seen again")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _everyone() -> dict[str, contacts.ContactDraft]:
    ids = [c.id for c in Contact.select(Contact.id).where(Contact.deleted_at.is_null())]
    return {d.shown_name(): d for d in (contacts.load_contact(i) for i in ids)}


def test_a_streamed_file_is_written_as_the_same_file_read_whole(db, tmp_path, monkeypatch):
    path = _rows(tmp_path, 25)
    whole = read_import_file(path)
    assert whole.stream is None and len(whole.records) == 26

    monkeypatch.setattr(reading, "STREAM_BYTES", 100)
    monkeypatch.setattr(apply, "BATCH", 4)
    streamed = read_import_file(path, stream=True)
    assert streamed.stream is not None and streamed.records == []
    assert streamed.region == "CA"
    assert [cells[0] for cells in streamed.sample_rows[:2]] == ["P0", "P1"]
    plan = apply_import([streamed])
    assert plan.counts() == {"create": 25, "update": 0, "merge": 1, "skip": 0}
    assert plan.files[0].records == 26
    merged = plan.entries[-1]
    assert (merged.action, merged.line) == (MERGE, 27)
    assert merged.reason.startswith("same email p1@example.com as “P1 Person”")
    people = _everyone()
    assert len(people) == 25
    p1 = people["P1 Person"]
    assert [p.value for p in p1.phones] == ["+1 519 555 0001", "+44 20 7946 0018"]
    assert p1.notes == "row 1\n\nseen again"
    # indexed for search once the file was written
    from netdesk.domain import contact_list

    found = contact_list.count_contacts(contact_list.ContactListQuery(text="P24"))
    assert found == 1


def test_a_very_large_import_counts_every_row_and_keeps_the_first_ones_to_show(
    db, tmp_path, monkeypatch
):
    path = _rows(tmp_path, 30)
    monkeypatch.setattr(reading, "STREAM_BYTES", 100)
    monkeypatch.setattr(apply, "BATCH", 7)
    monkeypatch.setattr(apply, "MAX_ENTRIES", 10)
    plan = apply_import([read_import_file(path, stream=True)])
    assert len(plan.entries) == 10
    assert plan.counts() == {"create": 30, "update": 0, "merge": 1, "skip": 0}
    assert sum(plan.left_out.values()) == 21
    assert MAX_ENTRIES >= 10_000
