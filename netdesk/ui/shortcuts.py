"""netdesk's keyboard, written down once: every key, what it does and where it works.

``KEYS`` is the one table. Actions take their keys from it by name
(``shortcut("contact.new")``); Help ▸ Keyboard Shortcuts (F1) shows all of it, and
the README's keyboard table is made from it (``markdown_table``, compared by
``tests/ui/test_shortcuts.py``). A key with no ``where`` works anywhere in the
window, so no two of those may be the same key; a key with a ``where`` works only
there (Del in a list, C in the follow-ups) and may repeat from place to place.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class KeyBinding:
    keys: str  # as QKeySequence reads it ("Ctrl+Shift+F"); several separated by ", "
    does: str
    name: str = ""  # how an action looks its key up
    where: str = ""  # "" for the whole window, else the place where the key works


K = KeyBinding
LIST = "in the contact list"
SEARCH = "in the search box"
TIMELINE = "in the timeline"

KEYS: tuple[tuple[str, tuple[KeyBinding, ...]], ...] = (
    (
        "Contacts",
        (
            K(
                "Ctrl+F",
                "search contacts as you type (names, offers, needs, tags, notes; accents optional)",
                "contact.find",
            ),
            K("Up, Down", "move through the list", where=f"{LIST} or {SEARCH}"),
            K("Enter", "edit the contact, as Ctrl+E does", where=f"{LIST} or {SEARCH}"),
            K("Esc", "back to the contact list", "window.focus_list"),
            K("Ctrl+N", "new contact", "contact.new"),
            K("Ctrl+E", "edit the contact", "contact.edit"),
            K(
                "Ctrl+Alt+C",
                "copy the contact as a vCard, to paste into a mail or a chat",
                "contact.copy_vcard",
            ),
            K("Del", "delete the contact (undoable)", "contact.delete", LIST),
            K("Ctrl+Z", "undo", "edit.undo"),
            K("Ctrl+Shift+Z, Ctrl+Y", "redo", "edit.redo"),
            K("Ctrl+S, Ctrl+Return", "save", "editor.save", "in the contact editor"),
        ),
    ),
    (
        "Timeline",
        (
            K("Ctrl+L", "log an interaction", "timeline.log"),
            K("Ctrl+T", "go to the timeline", "timeline.focus"),
            K("Ctrl+Shift+E", "edit the interaction", "timeline.edit"),
            K("Enter", "edit the interaction", where=TIMELINE),
            K("Del", "delete the interaction (undoable)", "timeline.delete", TIMELINE),
        ),
    ),
    (
        "Referrals",
        (
            K("Ctrl+Shift+F", "match a need", "referrals.match"),
            K("Ctrl+Shift+I", "introduce", "referrals.introduce"),
            K("Enter", "introduce the person", where="in the match results"),
            K("Ctrl+Shift+S", "move a referral along", "referrals.move_along"),
            K(
                "Ctrl+Shift+C",
                "for the selected contact: who needs what they offer, who can help them",
                "referrals.for_contact",
            ),
            K("Ctrl+Shift+L", "givers-gain ledger", "referrals.ledger"),
            K("Ctrl+Shift+A", "needs attention", "referrals.attention"),
            K("Ctrl+Shift+O", "mark done (needs attention)", "attention.done"),
            K("Ctrl+Shift+W", "snooze a week (needs attention)", "attention.snooze_week"),
            K("Ctrl+Shift+G", "log an interaction (needs attention)", "attention.log"),
        ),
    ),
    (
        "Meetup",
        (
            K("Ctrl+Shift+M", "quick capture at an event, from anywhere", "meetup.capture"),
            K("Enter", "save the entry, ready for the next person", where="in quick capture"),
            K("Ctrl+Enter", "add the entry to the contact suggested", where="in quick capture"),
            K("Ctrl+Up, Ctrl+Down", "correct an earlier entry", where="in quick capture"),
            K("Ctrl+Del", "remove the entry being corrected", where="in quick capture"),
            K("Esc", "clear the form; on an empty form, close", where="in quick capture"),
            K("Ctrl+Shift+V", "events", "meetup.events"),
            K("Ctrl+Shift+U", "follow-ups after an event", "meetup.followups"),
            K("Ctrl+Shift+N", "new event", "meetup.new_event"),
            K("Ctrl+Shift+T", "edit the event", "meetup.edit_event"),
            K("Ctrl+Shift+K", "check someone in", "meetup.check_in"),
            K("C", "logged a call", "followups.call", "in the follow-ups"),
            K("E", "logged an email", "followups.email", "in the follow-ups"),
            K("O", "booked a one-to-one", "followups.one_to_one", "in the follow-ups"),
            K("Del", "dismiss", "followups.dismiss", "in the follow-ups"),
        ),
    ),
    (
        "Files",
        (
            K("Ctrl+Alt+O", "open another database", "file.open_database"),
            K("Ctrl+O", "import contacts", "file.import"),
            K("Ctrl+Shift+X", "export contacts", "file.export"),
            K("Ctrl+Shift+D", "find duplicates", "file.duplicates"),
            K("Enter", "merge the pair", where="in the duplicates"),
            K("Ctrl+Shift+B", "back up now", "file.backup"),
            K("Ctrl+Shift+R", "restore from a backup", "file.restore"),
            K("Ctrl+Q", "quit", "file.quit"),
        ),
    ),
    (
        "Sync",
        (
            K("F5", "sync now", "sync.now"),
            K("Ctrl+Shift+Y", "sync conflicts", "sync.conflicts"),
        ),
    ),
    (
        "Window",
        (
            K("Ctrl+,", "preferences", "edit.preferences"),
            K("F9", "show or hide the side panel", "window.side_panel"),
            K("Shift+F9", "the side panel in its own window", "window.detach_side_panel"),
            K("Ctrl+Tab, Ctrl+Shift+Tab", "next, previous view", where="in the side panel"),
            K("Ctrl+Alt+R", "reset the layout", "window.reset_layout"),
            K("Tab, Shift+Tab", "next, previous field (in a list the arrows move between rows)"),
            K(
                "Down, Up, Enter, Esc",
                "highlight a suggestion, take it, close the list",
                where="in a list of suggestions",
            ),
            K("F1", "keyboard shortcuts", "window.shortcuts"),
        ),
    ),
)

_BY_NAME = {binding.name: binding for _, bindings in KEYS for binding in bindings if binding.name}
# the keys bound by name, as actions use them
SHORTCUTS: dict[str, str] = {name: binding.keys for name, binding in _BY_NAME.items()}


def bindings() -> list[KeyBinding]:
    return [binding for _, section in KEYS for binding in section]


def shortcut(name: str) -> QKeySequence:
    return QKeySequence(SHORTCUTS[name].split(", ")[0])


def shortcuts(name: str) -> list[QKeySequence]:
    """Every key bound to ``name`` (redo has two)."""
    return [QKeySequence(keys) for keys in SHORTCUTS[name].split(", ")]


def text(name: str) -> str:
    """The key as a person reads it in a hint ("Ctrl+Shift+N")."""
    return shortcut(name).toString(QKeySequence.SequenceFormat.NativeText)


def markdown_table() -> str:
    """The README's keyboard table (the same rows as F1 shows)."""
    lines = ["| key | does |", "|---|---|"]
    for section, section_bindings in KEYS:
        lines.append(f"| **{section}** | |")
        for binding in section_bindings:
            where = f" ({binding.where})" if binding.where else ""
            lines.append(f"| {binding.keys} | {binding.does}{where} |")
    return "\n".join(lines) + "\n"
