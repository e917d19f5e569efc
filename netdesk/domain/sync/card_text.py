"""A vCard as a list of content lines that can be written back exactly as it came.

Sync edits a card the server holds line by line: a line netdesk did not change
keeps its text byte for byte (its group, its parameters, properties netdesk
does not know), and only the lines netdesk changes are written anew. The file
reading is the import's (``importers.vcard``: card splitting and linear-time
unfolding); vobject reads each line's name, parameters and group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from vobject.base import VObjectError, parseLine

from netdesk.domain.exporters import fold
from netdesk.domain.importers.vcard import CardText, logical_lines, split_cards


class CardError(ValueError):
    """The text is not a vCard netdesk can read."""


@dataclass
class Line:
    name: str  # upper-case: "EMAIL"
    value: str  # as written (escaped)
    group: str = ""  # "item1", as written
    params: list[tuple[str, list[str]]] = field(default_factory=list)
    raw: str | None = None  # the line as it came; None for a line netdesk wrote

    def param(self, name: str) -> list[str]:
        wanted = name.upper()
        return [v for key, values in self.params if key.upper() == wanted for v in values]

    def types(self) -> set[str]:
        """TYPE values (and vCard 2.1's bare ``;WORK;`` ones), case-free, split on commas."""
        found: set[str] = set()
        for key, values in self.params:
            if key.upper() == "TYPE" or not values:
                for value in values or [key]:
                    found.update(part.strip().strip('"').casefold() for part in value.split(","))
        return found - {""}

    def text(self) -> str:
        if self.raw is not None:
            return self.raw
        head = f"{self.group}.{self.name}" if self.group else self.name
        for key, values in self.params:
            head += f";{key}" + ("=" + ",".join(_param_value(v) for v in values) if values else "")
        return f"{head}:{self.value}"


def _param_value(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ':;,"') else value


@dataclass
class Card:
    lines: list[Line]

    def all(self, name: str) -> list[Line]:
        return [line for line in self.lines if line.name == name]

    def first(self, name: str) -> Line | None:
        return next((line for line in self.lines if line.name == name), None)

    def value(self, name: str) -> str | None:
        line = self.first(name)
        return None if line is None else line.value

    def group_lines(self, group: str) -> list[Line]:
        key = group.casefold()
        return [line for line in self.lines if line.group and line.group.casefold() == key]

    def remove(self, doomed: Iterable[Line]) -> None:
        ids = {id(line) for line in doomed}
        self.lines = [line for line in self.lines if id(line) not in ids]

    def set_single(self, name: str, value: str | None) -> None:
        """One line ``name:value`` (in place of the first), or none for None."""
        existing = self.all(name)
        if value is None:
            self.remove(existing)
            return
        if existing:
            first = existing[0]
            if first.value != value:
                first.value, first.raw = value, None
            self.remove(existing[1:])
        else:
            self.lines.append(Line(name, value))

    def free_group(self, pending: Iterable[Line] = ()) -> str:
        taken = {line.group.casefold() for line in [*self.lines, *pending] if line.group}
        number = 1
        while f"item{number}" in taken:
            number += 1
        return f"item{number}"

    def serialize(self) -> str:
        body = [fold(line.text()) for line in self.lines if line.name not in ("BEGIN", "END")]
        return "\r\n".join(["BEGIN:VCARD", *body, "END:VCARD"]) + "\r\n"


def parse_card(text: str) -> Card:
    """The first card of ``text``; ``CardError`` when there is none."""
    cards, _ = split_cards(text)
    if not cards:
        raise CardError("no BEGIN:VCARD … END:VCARD in the text")
    return Card(_lines(cards[0]))


def _lines(card: CardText) -> list[Line]:
    lines = []
    for text, number in logical_lines(card):
        try:
            name, params, value, group = parseLine(text, number)
        except VObjectError:
            # not NAME:value: no property netdesk knows, but the card's all the same
            lines.append(Line("", "", raw=text))
            continue
        lines.append(
            Line(
                name.upper(),
                value,
                group or "",
                [(item[0], list(item[1:])) for item in params],
                raw=text,
            )
        )
    return lines
