"""PySide's look at every module imported after it, made cheap.

For its opt-in ``from __feature__ import ...``, PySide6 looks once at every module
imported after Qt, to learn whether the module uses PySide: it reads the module's
whole source through ``inspect.getsource`` (the file decoded, split into lines and
joined again) and looks for "PySide6" in it. netdesk imports some two hundred
modules after Qt, and those reads were 20 to 40 ms of each start.

``make_cheap`` answers the same question from the file's bytes. A module without a
readable ``.py`` file is still asked of PySide's own check; where that check is not
found (another PySide may not have it), nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType


def make_cheap() -> bool:
    """Replace PySide's check with the cheap one, once; whether it is in place."""
    feature = sys.modules.get("shibokensupport.feature")
    own = getattr(feature, "_mod_uses_pyside", None)
    if own is None or not callable(own):
        return False
    if getattr(own, "reads_bytes", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(own(module))

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    uses_pyside.pyside_own = own  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True
