"""What the command line prints reaches the terminal as text, never as commands.

A name, a file name or a line of an imported file can hold an escape
sequence (ESC [ … m recolours a terminal, others retitle the window or worse)
or a bidi override that makes text read backwards. While a subcommand runs,
standard output and standard error escape every such character
(``validation.printable``: ESC is shown as ``\\u001b``), whatever prints it.
A carriage return that starts a write is kept: that is how a progress line
redraws itself.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from netdesk.domain.validation import printable


class EscapingStream:
    """A text stream that escapes what a terminal would act on, then writes it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if text.startswith("\r"):
            return self._stream.write("\r" + printable(text[1:]))
        return self._stream.write(printable(text))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """Escape standard output and standard error for as long as the block runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(out), EscapingStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
