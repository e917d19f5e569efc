"""How the main window shares its width, and how any window is kept on its screen.

Each of the three panes (the contact list, the contact, the side panel) has a
least width it never goes below, whoever asks: a side view brought forward, a
layout remembered from a larger screen, a window made narrower. ``fit_sizes``
shares a width out as close to what was asked as those least widths allow.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

# the contact list, the contact's details, the side panel
PANE_MIN_WIDTHS = (280, 360, 300)
# parts of the width each pane gets in the layout netdesk starts with (and Reset Layout)
DEFAULT_SHARES = (0.46, 0.34, 0.2)
# the largest part of the screen a window takes when it opens
SCREEN_SHARE = 0.92


def fit_sizes(wanted: Sequence[int], minimums: Sequence[int], total: int) -> list[int]:
    """Sizes adding up to ``total`` (when the minimums allow it), none below its minimum,
    each as close to ``wanted`` as that leaves: a shortfall is taken from the sizes that
    are above their minimum, in proportion to what they have above it; room to spare is
    shared in proportion to the sizes."""
    sizes = [max(int(want), low) for want, low in zip(wanted, minimums, strict=True)]
    excess = sum(sizes) - total
    if excess > 0:
        room = [size - low for size, low in zip(sizes, minimums, strict=True)]
        spare = sum(room)
        if spare <= excess:
            return list(minimums)
        sizes = [size - excess * part // spare for size, part in zip(sizes, room, strict=True)]
    elif excess < 0 and sum(sizes):
        whole = sum(sizes)
        sizes = [size + (-excess) * size // whole for size in sizes]
    # whatever rounding left over goes to the largest
    largest = sizes.index(max(sizes))
    sizes[largest] += total - sum(sizes)
    if sizes[largest] < minimums[largest]:
        sizes[largest] = minimums[largest]
    return sizes


def shares_to_sizes(shares: Sequence[float], minimums: Sequence[int], total: int) -> list[int]:
    return fit_sizes([round(total * share) for share in shares], minimums, total)


def available_rect(widget: QWidget) -> QRect:
    """The part of the screen the widget is on (or would open on) that windows may use."""
    screen = widget.screen()
    if screen is None:
        from PySide6.QtGui import QGuiApplication

        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def keep_on_screen(window: QWidget, *, share: float = 1.0) -> None:
    """Shrink ``window`` to ``share`` of its screen's free area if it is larger, and move it
    so that all of it (frame included, where the platform says how large that is) is on
    that screen."""
    area = available_rect(window)
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    width = min(window.width(), int(area.width() * share) - extra_w)
    height = min(window.height(), int(area.height() * share) - extra_h)
    width = max(width, window.minimumWidth())
    height = max(height, window.minimumHeight())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    x, y = max(x, area.left()), max(y, area.top())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def place_over(window: QWidget, anchor: QWidget | None) -> None:
    """Open ``window`` centred over ``anchor`` (a window of netdesk), wholly on screen."""
    if anchor is not None and anchor.isVisible():
        centre = anchor.frameGeometry().center()
        frame = window.frameGeometry()
        window.move(centre.x() - frame.width() // 2, centre.y() - frame.height() // 2)
    keep_on_screen(window, share=SCREEN_SHARE)


def fit_wrapped_text(window: QWidget) -> None:
    """Make ``window`` tall enough for its wrapped text at its width (a window's size
    comes from its layout's hint, which does not know how many lines a text wraps to)."""
    layout = window.layout()
    if layout is not None and layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(window.width())
        if needed > window.height():
            window.resize(window.width(), needed)
            keep_on_screen(window)
