"""What a person would call a broken layout, found in a window as it is drawn."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from netdesk.ui.widgets.elided_label import ElidedLabel


def _shown_in(widget: QWidget, window: QWidget) -> bool:
    return widget.window() is window and widget.isVisible() and widget.width() > 0


def clipped_texts(window: QWidget) -> list[str]:
    """Labels and buttons too small for their text (an ElidedLabel elides on purpose,
    with the whole text in its tooltip, and is fine)."""
    found = []
    for label in window.findChildren(QLabel):
        if not _shown_in(label, window) or not label.text() or isinstance(label, ElidedLabel):
            continue
        if label.wordWrap():
            need = label.heightForWidth(label.width())
            if need > label.height() + 1:
                found.append(f"label {label.text()[:40]!r}: {label.height()} high of {need}")
        elif label.sizeHint().width() > label.width() + 1:
            found.append(
                f"label {label.text()[:40]!r}: {label.width()} wide of {label.sizeHint().width()}"
            )
    for button in window.findChildren(QAbstractButton):
        if _shown_in(button, window) and button.text():
            need = button.minimumSizeHint().width()
            if need > button.width() + 1:
                found.append(f"button {button.text()!r}: {button.width()} wide of {need}")
    return found


def placeholder_fits(edit: QLineEdit) -> bool:
    """The whole placeholder text is in view (Qt cuts it with "…" when it is not)."""
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 8
    if edit.isClearButtonEnabled():
        room -= edit.height()  # (room kept for the clear button)
    return edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room


def off_screen(window: QWidget) -> str:
    """ "" when the whole window, frame included, is on the screen it is on."""
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if frame.width() > area.width() or frame.height() > area.height():
        return f"{window.objectName()} is {frame.size()} on a screen of {area.size()}"
    if not area.contains(frame):
        return f"{window.objectName()} at {frame} runs off {area}"
    return ""
