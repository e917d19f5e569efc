"""Panes that reload only when someone can see them."""

from __future__ import annotations


class ReloadWhenShown:
    """Mix into a pane (before its Qt class) that has ``reload()``.

    ``refresh()`` reloads at once when the pane is visible; otherwise it marks the
    pane stale and the next ``showEvent`` reloads it, so hidden tabs cost nothing
    while the data changes under them. The mixin alone sets and clears ``stale``.
    """

    stale = True

    def refresh(self) -> None:
        if self.isVisible():
            self.stale = False
            self.reload()
        else:
            self.stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale:
            self.stale = False
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError
