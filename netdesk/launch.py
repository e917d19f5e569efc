"""How to start another netdesk process, from source or from the desktop build."""

from __future__ import annotations

import sys


def netdesk_command(*arguments: str) -> tuple[str, list[str]]:
    """(program, arguments) that run ``netdesk ARGUMENTS`` the way this one was run."""
    if getattr(sys, "frozen", False):
        return sys.executable, list(arguments)
    return sys.executable, ["-m", "netdesk", *arguments]
