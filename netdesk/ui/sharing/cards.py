"""A contact as drag-and-drop and clipboard data: the vCard as text and as a file.

Mail programs and chats take a dragged or pasted *file* (a ``.vcf`` attached),
address books and text fields take the vCard's text: the data carries both,
as ``text/vcard`` (and the older ``text/x-vcard``), plain text, and the URL of
a ``.vcf`` written owner-only (``private_files``) in netdesk's cache folder
(``shared/``; each drag or copy replaces the file it wrote for that person, and
a new session clears the folder).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData

from netdesk.domain import contacts
from netdesk.paths import cache_dir
from netdesk.storage import private_files

VCARD_TYPES = ("text/vcard", "text/x-vcard")
# marks the data netdesk put on the clipboard (see ``SharingFeature.hand_over_clipboard``)
MARK = "application/x-netdesk-card"
SHARED_FOLDER = "shared"


def shared_folder() -> Path:
    return private_files.private_folder(cache_dir() / SHARED_FOLDER)


def clear_shared_folder() -> None:
    """Remove the cards an earlier session shared (safe: they are copies)."""
    folder = cache_dir() / SHARED_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return
    for path in folder.glob("*.vcf"):
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)


def card_mime_data(contact_ids: list[int]) -> QMimeData:
    """The data a drag or a copy of these contacts carries."""
    # (loaded with the first card shared: the vCard writer brings the importers with it,
    # which the window does not need to open)
    from netdesk.domain import sharing

    text = sharing.vcard_text(contact_ids)
    data = QMimeData()
    encoded = text.encode("utf-8")
    for kind in VCARD_TYPES:
        data.setData(kind, encoded)
    data.setText(text)
    data.setData(MARK, b"1")
    name = (
        sharing.file_name(contacts.contact_name(contact_ids[0]))
        if len(contact_ids) == 1
        else f"{len(contact_ids)} contacts.vcf"
    )
    target = shared_folder() / name
    private_files.write_bytes(target, encoded)
    from PySide6.QtCore import QUrl  # (named here: the window opens without its class)

    data.setUrls([QUrl.fromLocalFile(str(target))])
    return data
