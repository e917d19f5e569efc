"""Qt's own command-line options (``-platform xcb``, ``-style Fusion``, ``-reverse``…), taken
out of netdesk's arguments and handed to Qt when the window opens."""

from __future__ import annotations

from collections.abc import Sequence

# options Qt reads (QGuiApplication, QApplication) that take a value …
WITH_VALUE = frozenset(
    {
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qwindowgeometry",
        "qwindowicon",
        "qwindowtitle",
        "style",
        "stylesheet",
        "session",
        "display",
        "geometry",
        "title",
        "name",
        "qmljsdebugger",
    }
)
# … and that take none
FLAGS = frozenset({"reverse", "nograb", "dograb", "sync", "widgetcount", "visual"})


def _name(arg: str) -> str:
    return arg.lstrip("-").split("=", 1)[0]


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(netdesk's arguments, Qt's): ``-platform xcb``, ``--style=Fusion`` and the like
    go to Qt; everything after ``--`` stays netdesk's."""
    ours: list[str] = []
    qt: list[str] = []
    args = list(argv)
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            ours.extend(args[index:])
            break
        name = _name(arg) if arg.startswith("-") and arg not in ("-", "--") else ""
        if name in FLAGS and "=" not in arg or name in WITH_VALUE and "=" in arg:
            qt.append(arg)
        elif name in WITH_VALUE and index + 1 < len(args):
            qt.extend(args[index : index + 2])
            index += 1
        else:
            ours.append(arg)
        index += 1
    return ours, qt
