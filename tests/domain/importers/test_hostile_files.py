"""Files an import must refuse or read with care: pipes, devices, huge files, mixed encodings."""

import os
import stat

import pytest

from netdesk.domain.importers import ImportFileError, read_import_file, reading

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{email}\r\nEND:VCARD\r\n"


def refused(path) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_import_file(path, region="CA")
    return caught.value.problem


def test_a_fifo_is_refused_before_anything_is_read(tmp_path):
    pipe = tmp_path / "contacts.vcf"
    os.mkfifo(pipe)
    # nobody writes to it: opening or reading it would wait forever
    assert refused(pipe) == ("it is a pipe (FIFO), not a regular file; netdesk imports files only")


def test_a_symlink_to_a_fifo_is_refused_too(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "contacts.vcf"
    link.symlink_to(pipe)
    assert "a pipe (FIFO)" in refused(link)


@pytest.mark.parametrize(
    ("name", "kind", "device"),
    [
        ("zero", stat.S_IFCHR, (1, 5)),  # what /dev/zero is: endless zero bytes
        ("urandom", stat.S_IFCHR, (1, 9)),  # endless random bytes
        ("loop", stat.S_IFBLK, (7, 200)),  # a block device
    ],
)
def test_device_nodes_are_refused_without_reading_them(tmp_path, name, kind, device):
    node = tmp_path / f"{name}.csv"
    try:
        os.mknod(node, kind | 0o600, os.makedev(*device))
    except PermissionError:
        pytest.skip("this test cannot make device nodes here (needs root or CAP_MKNOD)")
    problem = refused(node)
    expected = "a character device" if kind == stat.S_IFCHR else "a block device"
    assert problem == f"it is {expected}, not a regular file; netdesk imports files only"


def test_a_file_larger_than_netdesk_reads_is_refused_with_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 2_000_000)
    big = tmp_path / "big.vcf"
    card = CARD.format(name="Ana Silva", email="ana@example.com")
    big.write_text(card * (2_000_000 // len(card) + 1))
    assert refused(big) == (
        "the file is larger than 2 MB, more than netdesk reads from one file "
        "(split it into smaller files)"
    )
    fits = tmp_path / "fits.vcf"
    fits.write_text(card * (2_000_000 // len(card)))
    assert len(read_import_file(fits, region="CA").records) == 2_000_000 // len(card)


def test_a_folder_is_named_as_a_folder(tmp_path):
    assert refused(tmp_path) == "it is a folder, not a file"


def test_read_bytes_never_reads_more_than_its_limit(tmp_path):
    path = tmp_path / "grows.csv"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(ImportFileError, match="larger than"):
        reading.read_bytes(path, limit=4999)
    assert reading.read_bytes(path, limit=5000) == b"x" * 5000


# -- encodings ---------------------------------------------------------------------------


def _mixed_file(tmp_path):
    """A UTF-8 export with one card pasted in from a Windows program (Windows-1252)."""
    utf8 = CARD.format(name="José Álvarez", email="jose@example.com").encode("utf-8")
    pasted = CARD.format(name="Amélie Lefèvre", email="amelie@example.com").encode("cp1252")
    last = CARD.format(name="Jürgen Müller", email="juergen@example.de").encode("utf-8")
    path = tmp_path / "mixed.vcf"
    path.write_bytes(utf8 + pasted + last)
    return path


def test_one_card_in_another_encoding_does_not_turn_the_whole_file(tmp_path):
    parsed = read_import_file(_mixed_file(tmp_path), region="CA")
    assert parsed.encoding == "UTF-8"
    assert [r.draft.display_name for r in parsed.records] == [
        "José Álvarez",
        "Amélie Lefèvre",
        "Jürgen Müller",
    ]
    # named with the contact it belongs to, which the preview shows
    assert parsed.problems == []
    assert [r.warnings for r in parsed.records] == [
        [],
        [
            "line 8: this line is not valid UTF-8 like the rest of the file; read as "
            "Windows-1252, check its accents"
        ],
        [],
    ]


def test_a_file_that_is_not_utf8_as_a_whole_is_read_as_windows_1252(tmp_path):
    path = tmp_path / "outlook.vcf"
    path.write_bytes(
        (
            CARD.format(name="Amélie Lefèvre", email="amelie@example.com")
            + CARD.format(name="Café Crème", email="cafe@example.com")
        ).encode("cp1252")
    )
    parsed = read_import_file(path, region="CA")
    assert parsed.encoding == "Windows-1252" and parsed.problems == []
    assert [r.draft.display_name for r in parsed.records] == ["Amélie Lefèvre", "Café Crème"]


def test_a_bad_line_outside_any_card_is_a_problem_of_the_file(tmp_path):
    path = tmp_path / "stray.vcf"
    path.write_bytes(
        b"Exported by Caf\xe9 Contacts\r\n"
        + CARD.format(name="José Álvarez", email="jose@example.com").encode("utf-8")
    )
    parsed = read_import_file(path, region="CA")
    assert parsed.encoding == "UTF-8" and parsed.records[0].warnings == []
    assert [str(p) for p in parsed.problems] == [
        "line 1: this line is not valid UTF-8 like the rest of the file; read as Windows-1252, "
        "check its accents",
        "line 1: text outside any vCard; ignored",
    ]


def test_bad_bytes_in_a_file_with_a_utf8_bom_are_named_by_line(tmp_path):
    lines = [f"BEGIN:VCARD\nFN:Person {n}\nNOTE:caf\xe9\nEND:VCARD\n" for n in range(30)]
    data = b"\xef\xbb\xbf" + "".join(lines).encode("cp1252")
    path = tmp_path / "bom.vcf"
    path.write_bytes(data)
    parsed = read_import_file(path, region="CA")
    assert parsed.encoding == "UTF-8"
    assert [r.draft.notes for r in parsed.records] == ["café"] * 30
    warnings = [w for r in parsed.records for w in r.warnings]
    assert len(warnings) == 21 and parsed.problems == []
    assert warnings[0].startswith("line 3: this line is not valid UTF-8")
    assert warnings[19].startswith("line 79: this line is not valid UTF-8")
    assert warnings[20] == (
        "line 83: 10 more lines from here on are not valid UTF-8; read as Windows-1252"
    )


# -- text the file holds -------------------------------------------------------------------


def test_control_characters_are_removed_and_overlong_values_left_out_each_named(tmp_path):
    path = tmp_path / "hostile.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        "N:Okafor\x1b[2J;Leah\u202e\x00;;;\r\n"
        f"ORG:{'O' * 300}\r\n"
        "TITLE:Lawyer\r\n"
        "NOTE:line one\\nline two\x07\r\n"
        f"CATEGORIES:BNI,{'t' * 101}\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\x1b\x1b\u202e\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    parsed = read_import_file(path, region="CA")
    (leah,) = parsed.records
    d = leah.draft
    assert (d.given_name, d.family_name, d.organisation, d.title) == (
        "Leah",
        "Okafor[2J",
        "",
        "Lawyer",
    )
    assert d.notes == "line one\nline two" and d.tags == ["BNI"]
    assert leah.warnings == [
        "line 1: control characters removed from given name, family name, notes",
        "line 1: the organisation is 300 characters long; netdesk keeps at most 200; left out",
        "line 1: a value of tags is 101 characters long; netdesk keeps at most 100; left out",
    ]
    # a name made of nothing but control characters is no name
    assert [str(p) for p in parsed.problems] == [
        "line 9: no name or organisation left to keep; skipped"
    ]
