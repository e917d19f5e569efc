"""Answering modal dialogs in tests the way a person would, once they are on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_modal(kind: type[QWidget], answer: Callable[[QWidget], None], seen: list) -> None:
    """Call ``answer(dialog)`` as soon as a modal ``kind`` is showing; record it in ``seen``."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            answer(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
