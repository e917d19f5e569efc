"""Many contacts as ``ContactDraft``s in a handful of queries (for imports, exports, merges)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.storage.models import database

_CHUNK = 500

_SCALARS = (
    "id, given_name, family_name, display_name, organisation, title, city, nickname, department, "
    "notes, how_we_met, introduced_by_id, networking_style, cadence_days, photo"
)


def load_drafts(contact_ids: Iterable[int]) -> dict[int, ContactDraft]:
    """The drafts of these contacts (as ``contacts.load_contact`` gives them), by id."""
    ids = sorted(set(contact_ids))
    drafts: dict[int, ContactDraft] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))

        def rows(sql: str, chunk: list[int] = chunk, marks: str = marks) -> Any:
            return database.execute_sql(sql.format(marks=marks), chunk)

        for row in rows(f"SELECT {_SCALARS} FROM contact WHERE id IN ({{marks}})"):
            cid, given, family, display, org, title, city, nick, dept = row[:9]
            notes, how, intro, style, cad, pic = row[9:]
            drafts[cid] = ContactDraft(
                given_name=given,
                family_name=family,
                display_name=display,
                organisation=org,
                title=title,
                city=city,
                nickname=nick,
                department=dept,
                notes=notes,
                how_we_met=how,
                introduced_by_id=intro,
                networking_style=style,
                cadence_days=cad,
                photo=bytes(pic) if pic is not None else None,
            )
        for table, value, attr in (
            ("contact_email", "address", "emails"),
            ("contact_phone", "number", "phones"),
            ("contact_url", "url", "urls"),
        ):
            for cid, text, label in rows(
                f"SELECT contact_id, {value}, label FROM {table} WHERE contact_id IN ({{marks}}) "
                "ORDER BY contact_id, position, id"
            ):
                getattr(drafts[cid], attr).append(Labelled(text, label))
        for cid, name in rows(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE ct.contact_id IN ({marks}) ORDER BY ct.contact_id, t.name"
        ):
            drafts[cid].tags.append(name)
        for table, attr in (("offer", "offers"), ("need", "needs")):
            for cid, text in rows(
                f"SELECT contact_id, text FROM {table} WHERE contact_id IN ({{marks}}) "
                "ORDER BY contact_id, position, id"
            ):
                getattr(drafts[cid], attr).append(text)
    return drafts


def phone_keys(contact_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Each contact's numbers (as written) with the key netdesk stored for them."""
    ids = sorted(set(contact_ids))
    found: dict[int, dict[str, str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = database.execute_sql(
            "SELECT contact_id, number, normalized FROM contact_phone "
            f"WHERE contact_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        for cid, number, key in rows:
            found.setdefault(cid, {})[number] = key
    return found


def live_contact_ids() -> list[int]:
    """Every contact not in the trash, in list order (by name)."""
    rows = database.execute_sql(
        "SELECT id FROM contact WHERE deleted_at IS NULL ORDER BY sort_key, id"
    )
    return [row[0] for row in rows]
