"""One contact as a vCard to share: the text of a ``.vcf`` and the file's name.

The card is netdesk's own vCard 4.0 (``exporters.vcard_lines``), so netdesk reads
it back as the same contact (offers, needs and the rest in ``X-NETDESK-*``
properties that other address books keep and ignore).
"""

from __future__ import annotations

import re

from netdesk.domain.exporters import fold, vcard_lines
from netdesk.domain.importers.drafts import load_drafts, phone_keys
from netdesk.domain.user_errors import NotFound

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_NAME_MAX = 80


def vcard_text(contact_ids: list[int]) -> str:
    """The vCards of these contacts, folded, CRLF line ends (as RFC 6350 writes them)."""
    drafts = load_drafts(contact_ids)
    missing = [cid for cid in contact_ids if cid not in drafts]
    if missing:
        raise NotFound(f"no contact with id {missing[0]}")
    keys = phone_keys(contact_ids)
    return "".join(
        fold(line) + "\r\n"
        for cid in contact_ids
        for line in vcard_lines(cid, drafts[cid], keys.get(cid, {}))
    )


def file_name(name: str) -> str:
    """A file name for a person's card that any file system takes ("Ana Bennett.vcf")."""
    cleaned = _UNSAFE.sub(" ", name).strip().strip(".")
    cleaned = " ".join(cleaned.split())[:_NAME_MAX].strip() or "contact"
    return f"{cleaned}.vcf"
