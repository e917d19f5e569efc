"""The netdesk process's entry point: the command line, with the collector paused
while the program loads.

Opening the window imports some hundred modules and builds the window: on the
order of a hundred thousand objects that live as long as the process. Python's
cyclic garbage collector would walk them about seventy times before the window
is first painted and find nothing to free: 9 ms of a 0.22 s start, measured on
a 50,000-contact database. So the ``netdesk`` command pauses the collector from
its first line until the window is about to show (or a subcommand is about to
run, or a dialog must be asked first), then freezes what was made so far
(``gc.freeze``: later collections skip those objects too) and lets the collector
run again. The start's own garbage is frozen with it, never freed: about 500
objects, 90 KB, once (function objects and classes that enum and dataclass
creation leave behind).

Code that calls ``netdesk.cli.main`` itself (the tests) never pauses it, and
``resume_collector`` does nothing then.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence

_paused = False


def pause_collector() -> None:
    """Pause the cyclic collector until ``resume_collector`` (unless it already is off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Freeze what the start made and let the collector run again, if it was paused here."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


# what the process creates, netdesk's own files and those of the libraries it uses (Qt's
# settings file, SQLite's side files), is its owner's alone whatever the umask it inherited
PRIVATE_UMASK = 0o077


def main(argv: Sequence[str] | None = None) -> int:
    """The ``netdesk`` command (``python -m netdesk`` and the desktop build too)."""
    os.umask(PRIVATE_UMASK)
    pause_collector()
    try:
        from netdesk.cli import main as command_line

        return command_line(argv)
    finally:
        resume_collector()
