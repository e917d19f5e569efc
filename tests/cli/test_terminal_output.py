"""What netdesk prints reaches a terminal as text: escape sequences in data never act on it."""

import io

from netdesk.cli import import_, main
from netdesk.cli import terminal as terminal_module


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


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_import_shows_a_progress_line_on_a_terminal_only(tmp_path, monkeypatch):
    source = tmp_path / "many.csv"
    source.write_text(
        "Name,Email\n" + "".join(f"P{n} Person,p{n}@example.com\n" for n in range(1200)),
        encoding="utf-8",
    )
    terminal = _Terminal()
    monkeypatch.setattr(import_.sys, "stderr", terminal)
    monkeypatch.setattr(terminal_module.time, "monotonic", iter(range(0, 10_000, 1)).__next__)
    assert main(["import", str(source), "--db", str(tmp_path / "x.sqlite3")]) == 0
    shown = terminal.getvalue()
    redraws = [part for part in shown.split("\r") if part.strip()]
    assert any(part.startswith("Reading many.csv: line") for part in redraws)
    assert any(part.startswith("Importing: ") and part.rstrip().endswith("%") for part in redraws)
    # the line is cleared before the summary, so nothing of it is left on the screen
    assert shown.endswith("\r")
    assert "\n" not in shown

    piped = io.StringIO()
    monkeypatch.setattr(import_.sys, "stderr", piped)
    assert main(["import", str(source), "--db", str(tmp_path / "y.sqlite3")]) == 0
    assert piped.getvalue() == ""
