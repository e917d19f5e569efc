"""Bytes to text: UTF-8 with or without BOM, UTF-16 (with or without BOM), Windows-1252.

Address books write all of these: Google's legacy CSV is UTF-16, Outlook
writes the Windows code page, phones and LinkedIn write UTF-8 (sometimes with
a BOM). Text that no encoding reads cleanly is decoded with replacement
characters and the first damaged line is named.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from netdesk.domain.importers.records import RowProblem

_SAMPLE = 4096


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    problem: RowProblem | None = None


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
        return DecodedText(data.decode(encoding, errors="replace"), label, problem)


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a whole file; never raises on damaged bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict_or_replaced(data[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict_or_replaced(data, "utf-16", "UTF-16")
    guessed = _utf16_without_bom(data)
    if guessed:
        return _strict_or_replaced(data, guessed, "UTF-16")
    try:
        return DecodedText(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return DecodedText(data.decode("cp1252"), "Windows-1252")
    except UnicodeDecodeError:
        # the five bytes Windows-1252 leaves undefined: read them as Latin-1
        return DecodedText(data.decode("latin-1"), "Windows-1252")
