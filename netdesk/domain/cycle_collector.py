"""Pausing Python's cycle collector around bulk work.

Work that builds many small objects and no cycles (reading thousands of cards,
planning an import, scanning for duplicates) otherwise has the collector walk the
ever larger heap again and again, and takes longer the more it holds. Reference
counting still frees everything meanwhile; the collector runs again afterwards.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
