"""Undo for meetup actions that already happened.

The pane runs the domain call first, so a refusal (``netdesk.domain.user_errors``)
reaches the person as a message instead of disappearing inside
``QUndoStack.push``; the command pushed afterwards skips its first redo. Later undo and redo run the
domain calls again; if one fails (the contact was deleted meanwhile, say) the
message goes to ``on_error`` and the stack stays usable.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from netdesk.domain.user_errors import USER_ERRORS


class DoneCommand(QUndoCommand):
    def __init__(
        self,
        text: str,
        undo: Callable[[], object],
        redo: Callable[[], object],
        after: Callable[[], object],
        on_error: Callable[[str], object],
    ) -> None:
        super().__init__(text)
        self._undo = undo
        self._redo = redo
        self._after = after
        self._on_error = on_error
        self._done_already = True

    def redo(self) -> None:
        if self._done_already:
            self._done_already = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, action: Callable[[], object]) -> None:
        try:
            action()
        except USER_ERRORS as exc:
            self._on_error(f"{self.text()}: {exc}")
        self._after()


def push_done(
    stack: QUndoStack,
    text: str,
    undo: Callable[[], object],
    redo: Callable[[], object],
    after: Callable[[], object],
    on_error: Callable[[str], object],
) -> None:
    """Put an action that already ran on the undo stack."""
    stack.push(DoneCommand(text, undo, redo, after, on_error))
