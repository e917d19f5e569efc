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
import time
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


class ProgressLine:
    """``progress(done, total, text)`` for long command-line work: one line on a terminal,
    redrawn in place at most every ``interval`` seconds; nothing when not a terminal."""

    def __init__(self, stream: TextIO, interval: float = 0.2) -> None:
        self._stream = stream
        self._interval = interval
        self._last = 0.0
        self._shown = 0
        self._on = stream.isatty()

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if not self._on:
            return
        now = time.monotonic()
        if now - self._last < self._interval:
            return
        self._last = now
        share = f" {100 * done // total}%" if total > 0 else ""
        line = f"{text}{share}"[:78]
        self._stream.write("\r" + line + " " * max(0, self._shown - len(line)))
        self._stream.flush()
        self._shown = len(line)

    def clear(self) -> None:
        """Take the line away (before the summary is printed)."""
        if self._on and self._shown:
            # two writes: a carriage return is kept only where a write starts
            self._stream.write("\r" + " " * self._shown)
            self._stream.write("\r")
            self._stream.flush()
            self._shown = 0
