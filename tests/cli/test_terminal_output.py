"""What netdesk prints reaches a terminal as text: escape sequences in data never act on it."""

from netdesk.cli import main


def test_import_output_shows_escape_sequences_instead_of_sending_them(tmp_path, capsys):
    source = tmp_path / "evil\x1b[2J.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana \x1b[31mRed\u202e\r\n"
        "TEL:\x1b]0;owned\x07\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    code = main(["import", str(source), "--db", str(tmp_path / "x.sqlite3")])
    out = capsys.readouterr().out
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert out.splitlines()[0] == (
        "evil\\u001b[2J.vcf: vCard, UTF-8, 1 contacts read: 1 created, 0 updated, 0 merged, "
        "0 skipped"
    )
    assert "“\\u001b]0;owned\\u0007” is not a phone number" in out


def test_an_error_quoting_a_file_name_is_escaped(tmp_path, capsys):
    code = main(["import", str(tmp_path / "gone\x1b[8m.vcf"), "--db", str(tmp_path / "x.sqlite3")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().endswith("gone\\u001b[8m.vcf: no such file")
    assert "\x1b" not in err
