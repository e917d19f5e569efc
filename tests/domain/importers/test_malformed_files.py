"""Malformed and random files: the importer never crashes, always says what is wrong and
where, and never leaves half an import behind."""

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.domain import json_backup
from netdesk.domain.importers import CREATE, ImportFileError, apply_import, read_import_file
from netdesk.storage.models import Contact

SAMPLES = Path(__file__).parent / "samples"
SAMPLE_BYTES = [p.read_bytes() for p in sorted(SAMPLES.iterdir())]
WHERE = re.compile(r"^line (\d+): \S")

vcard_lines = st.one_of(
    st.sampled_from(
        [
            "BEGIN:VCARD",
            "END:VCARD",
            "VERSION:2.1",
            "VERSION:4.0",
            "FN:Ana Silva",
            "N:Silva;Ana;;;",
            "ORG:Acme\\, Inc.;Sales",
            "EMAIL;TYPE=work:ana@example.com",
            "EMAIL:not an email",
            "TEL;CELL:+1 519 555 0123",
            "TEL:12",
            "item1.EMAIL:x@y.org",
            "item1.X-ABLabel:_$!<Other>!$_",
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ",
            "PHOTO;ENCODING=BASE64:@@@@",
            "PHOTO:data:image/png;base64,%%%",
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=klingon:caf=E9=",
            "NOTE;ENCODING=QUOTED-PRINTABLE:=FF=FE=",
            "BDAY:1980-02-31",
            "X-NETDESK-CADENCE:forever",
            "X-NETDESK-STYLE:pushy",
            "CATEGORIES:a,b\\,c",
            " folded continuation",
            "",
            "no colon here",
            ";;;:::",
        ]
    ),
    st.text(max_size=40),
)
csv_lines = st.one_of(
    st.sampled_from(
        [
            "Notes:",
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
            "First Name,Middle Name,Last Name,Organization Name,Labels,E-mail 1 - Value",
            "Ana,Silva,https://x,,Acme,CEO,05 Mar 2024",
            "Ben,,,,,,31 Feb 2024",
            ",,,,,,",
            '"unterminated,quote',
            "a,b,c,d,e,f,g,h,i,j",
        ]
    ),
    st.text(max_size=60),
)


def mutate(data: bytes, cut: int, size: int, insert: bytes) -> bytes:
    cut %= max(len(data), 1)
    return data[:cut] + insert + data[cut + size :]


files = st.one_of(
    st.binary(max_size=2000),
    st.lists(vcard_lines, max_size=40).map(lambda lines: "\r\n".join(lines).encode("utf-8")),
    st.lists(csv_lines, max_size=20).map(lambda lines: "\n".join(lines).encode("utf-8")),
    st.tuples(
        st.sampled_from(SAMPLE_BYTES),
        st.integers(0, 10_000),
        st.integers(0, 200),
        st.binary(max_size=50),
    ).map(lambda t: mutate(*t)),
    st.tuples(st.sampled_from(SAMPLE_BYTES), st.integers(1, 3000)).map(lambda t: t[0][: t[1]]),
)


def check_named(parsed, text_lines: int) -> None:
    for problem in parsed.problems:
        assert problem.reason.strip()
        assert 1 <= problem.line <= text_lines + 1, problem
    for record in parsed.records:
        assert 1 <= record.line <= text_lines + 1
        assert record.draft.shown_name()
        for warning in record.warnings:
            match = WHERE.match(warning)
            assert match, warning
            assert 1 <= int(match.group(1)) <= text_lines + 1


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=files)
def test_any_file_is_read_or_refused_with_a_reason(tmp_path, data):
    path = tmp_path / "contacts.vcf"
    path.write_bytes(data)
    try:
        parsed = read_import_file(path, region="CA")
    except ImportFileError as exc:
        assert str(exc).startswith(f"{path}: ")
        assert exc.problem.strip()
        return
    # a lone CR, a lone LF and a CRLF each end a line (files mix them: "\n\r\r" is three)
    breaks = len(re.findall(rb"\r\n|\r|\n", data))
    lines = max(breaks, data.count(b"\n\x00")) + 1
    check_named(parsed, lines)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=files, stop_at=st.integers(1, 6))
def test_an_import_is_all_or_nothing(db, tmp_path, data, stop_at):
    path = tmp_path / "contacts.csv"
    path.write_bytes(data)
    try:
        parsed = read_import_file(path, region="CA")
    except ImportFileError:
        return
    before = json_backup.backup_document()["tables"]
    contacts_before = Contact.select().count()
    calls = []

    class Cancelled(Exception):
        pass

    def progress(done, total, text=""):
        calls.append(text)
        if len(calls) == stop_at:
            raise Cancelled()

    try:
        plan = apply_import([parsed], region="CA", progress=progress)
    except Cancelled:
        assert json_backup.backup_document()["tables"] == before
    else:
        created = plan.counts()[CREATE]
        assert Contact.select().count() == contacts_before + created
        for entry in plan.entries:
            if entry.action == CREATE:
                assert Contact.get_by_id(entry.contact_id).display_name == entry.name
