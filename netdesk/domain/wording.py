"""How the domain's messages name a day: the edge that shows them decides.

A refusal or an import's preview names days ("… is in the future"). The domain has
no locale of its own: the window tells it to name days the locale's way
(``name_days_with``, at start), and a terminal keeps ISO 8601, which reads the same
everywhere. Files never go through here: what is stored or exported stays ISO.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

_namer: Callable[[dt.date], str] = dt.date.isoformat


def name_days_with(namer: Callable[[dt.date], str] | None) -> None:
    """Name days with ``namer`` from now on (None: ISO 8601 again)."""
    global _namer
    _namer = namer or dt.date.isoformat


def day(value: dt.date) -> str:
    """``value`` as the messages of this run name a day."""
    return _namer(value)


def days(count: int) -> str:
    """ "1 day", "14 days"."""
    return f"{count} day{'' if count == 1 else 's'}"
