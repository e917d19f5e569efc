"""Bytes to text: UTF-8 with or without BOM, UTF-16 (with or without BOM), Windows code pages.

Address books write all of these: Google's legacy CSV is UTF-16, Outlook
writes the Windows code page of its language (Windows-1252 in Western Europe
and the Americas, 1251 for Cyrillic, 1250 for Central Europe), phones and
LinkedIn write UTF-8 (sometimes with a BOM). A UTF-8 file with a few damaged
lines (a card pasted in from another program) stays UTF-8: only those lines
are read another way, and each is named. Only a file that is not UTF-8 as a
whole is read in a code page: the one whose reading looks like words
(``_code_page``), Windows-1252 when they look alike (the preview names the
encoding each file was read in). UTF-16 text that does not
decode cleanly is decoded with replacement characters and the first damaged
line is named.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from netdesk.domain.importers.records import RowProblem

_SAMPLE = 4096
_LINE_BREAKS = re.compile(rb"(\r\n|\r|\n)")
# bad lines named one by one; past this, one problem says how many more there are
_NAMED_BAD_LINES = 20


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    problems: tuple[RowProblem, ...] = field(default=())


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when the bytes look like UTF-16 text with no BOM."""
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.4 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.4 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _line_of(data: bytes, offset: int, encoding: str) -> int:
    before = data[: offset - offset % 2] if encoding.startswith("utf-16") else data[:offset]
    return before.decode(encoding, errors="replace").count("\n") + 1


def _strict_or_replaced(data: bytes, encoding: str, label: str) -> DecodedText:
    try:
        return DecodedText(data.decode(encoding), label)
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start, encoding)
        problem = RowProblem(
            line, f"bytes that are not valid {label} text were replaced (from line {line} on)"
        )
        return DecodedText(data.decode(encoding, errors="replace"), label, (problem,))


def _windows_1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # the five bytes Windows-1252 leaves undefined: read them as Latin-1
        return data.decode("latin-1")


# the code pages tried for a file that is not UTF-8, the default first
_CODE_PAGES = (("cp1252", "Windows-1252"), ("cp1251", "Windows-1251"), ("cp1250", "Windows-1250"))
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_BYTES = 1_000_000


def _oddity(text: str) -> int:
    """How little ``text`` looks like words: symbols where letters were meant, words that
    mix Latin and Cyrillic, Latin words of accented letters only ("Èìÿ" is "Имя" read in
    the wrong code page)."""
    odd = 0
    for char in text:
        if ord(char) > 0x7F and not char.isalpha() and unicodedata.category(char)[0] == "S":
            odd += 1
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        cyrillic = sum(1 for c in word if "\u0400" <= c <= "\u04ff")
        if (
            cyrillic
            and cyrillic < len(word)
            or not cyrillic
            and len(word) >= 3
            and not any(c.isascii() for c in word)
        ):
            odd += 2
    return odd


def _code_page(data: bytes) -> DecodedText:
    """A file that is not UTF-8, in the Windows code page whose reading looks most like
    words; Windows-1252 unless another looks clearly better."""
    sample = data[:_SAMPLE_BYTES]
    best_codec, best_label, best_odd = "cp1252", "Windows-1252", -1
    for codec, label in _CODE_PAGES:
        try:
            odd = _oddity(sample.decode(codec, errors="strict"))
        except UnicodeDecodeError:
            continue
        if best_odd < 0 or odd < best_odd:
            best_codec, best_label, best_odd = codec, label, odd
    if best_codec == "cp1252":
        return DecodedText(_windows_1252(data), "Windows-1252")
    return DecodedText(data.decode(best_codec, errors="replace"), best_label)


def _utf8_by_line(data: bytes, *, declared: bool) -> DecodedText:
    """UTF-8 line by line: a line that is not UTF-8 is read as Windows-1252 and named.

    Unless the file declares UTF-8 (a BOM), it is read as Windows-1252 as a
    whole when more of its lines fail as UTF-8 than read as UTF-8 with
    something beyond ASCII in them.
    """
    pieces = _LINE_BREAKS.split(data)
    texts: list[str] = []
    bad_lines: list[int] = []
    good_non_ascii = 0
    for index, piece in enumerate(pieces):
        if index % 2:  # a line break
            texts.append(piece.decode("ascii"))
            continue
        try:
            texts.append(piece.decode("utf-8"))
            good_non_ascii += not piece.isascii()
        except UnicodeDecodeError:
            bad_lines.append(index // 2 + 1)
            texts.append(_windows_1252(piece))
    if not declared and len(bad_lines) > good_non_ascii:
        return _code_page(data)
    problems = [
        RowProblem(
            line,
            "this line is not valid UTF-8 like the rest of the file; read as "
            "Windows-1252, check its accents",
        )
        for line in bad_lines[:_NAMED_BAD_LINES]
    ]
    if len(bad_lines) > _NAMED_BAD_LINES:
        problems.append(
            RowProblem(
                bad_lines[_NAMED_BAD_LINES],
                f"{len(bad_lines) - _NAMED_BAD_LINES:,} more lines from here on are not valid "
                "UTF-8; read as Windows-1252",
            )
        )
    return DecodedText("".join(texts), "UTF-8", tuple(problems))


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a whole file; never raises on damaged bytes."""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return DecodedText(body.decode("utf-8"), "UTF-8")
        except UnicodeDecodeError:
            return _utf8_by_line(body, declared=True)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict_or_replaced(data, "utf-16", "UTF-16")
    guessed = _utf16_without_bom(data)
    if guessed:
        return _strict_or_replaced(data, guessed, "UTF-16")
    try:
        return DecodedText(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        return _utf8_by_line(data, declared=False)
