"""Undo: every undoable action is a ``QUndoCommand`` pushed on the window's one stack.

``ActionCommand`` wraps a pair of domain calls (each its own transaction) and
tells the rest of the window what changed through a callback, so panes refresh
after redo and undo alike.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand


class ActionCommand(QUndoCommand):
    """Runs ``do`` on push and on redo, ``undo`` on undo, then ``after`` each time."""

    def __init__(
        self,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        after: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._after = after

    def redo(self) -> None:
        self._do()
        if self._after is not None:
            self._after()

    def undo(self) -> None:
        self._undo()
        if self._after is not None:
            self._after()
