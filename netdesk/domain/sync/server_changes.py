"""What changed in a collection on the server since the last sync.

RFC 6578 ``sync-collection`` when the server offers it (one REPORT names the
changed and removed members since netdesk's token); a token the server no
longer knows (Radicale forgets them after 30 days) falls back to a full
listing. A server without it is asked for its ctag (``getctag``) first and,
only when that changed, for every member's ETag (PROPFIND depth 1), compared
with the ETags netdesk has. Shared by every kind of collection (contacts now,
the calendar next).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from netdesk.domain.sync import dav_xml
from netdesk.domain.sync.dav_client import DavClient, InvalidSyncToken, ServerRefused

log = logging.getLogger(__name__)


@dataclass
class ServerChanges:
    changed: dict[str, str | None] = field(default_factory=dict)  # href → ETag
    removed: set[str] = field(default_factory=set)
    sync_token: str | None = None
    ctag: str | None = None
    full: bool = False  # a complete listing (not a delta)
    listed: int = 0  # members on the server (complete listings only)


def _member(collection_path: str, href: str) -> bool:
    return href.rstrip("/") != collection_path.rstrip("/") and not href.endswith("/")


def _from_listing(
    collection_path: str, members: dict[str, str | None], known: dict[str, str | None]
) -> tuple[dict[str, str | None], set[str]]:
    changed = {
        href: etag
        for href, etag in members.items()
        if href not in known or etag is None or known[href] != etag
    }
    # an href netdesk has no ETag for was never seen on the server (an upload under way)
    removed = {href for href, etag in known.items() if etag is not None and href not in members}
    return changed, removed


def list_changes(
    client: DavClient,
    url: str,
    known: dict[str, str | None],
    *,
    sync_token: str | None,
    ctag: str | None,
) -> ServerChanges:
    """``known``: href → ETag as netdesk last saw them."""
    path = dav_xml.href_key(url, url)
    delta = sync_token is not None
    found: dav_xml.MultiStatus | None
    try:
        found = client.sync_collection(url, sync_token, [dav_xml.GETETAG])
    except InvalidSyncToken:
        log.info("the sync token was refused: comparing every ETag")
        delta = False
        found = client.sync_collection(url, None, [dav_xml.GETETAG])
    except ServerRefused as exc:
        if exc.status not in (400, 403, 405, 415, 501):
            raise
        found = None  # no sync-collection here
    if found is not None:
        members: dict[str, str | None] = {}
        removed: set[str] = set()
        for response in found.responses:
            if not _member(path, response.href):
                continue
            if response.status in (404, 410):
                removed.add(response.href)
            else:
                etag = response.text(dav_xml.GETETAG)
                members[response.href] = etag.strip() if etag else None
        if delta:
            changed = {
                href: etag
                for href, etag in members.items()
                if href not in known or etag is None or known[href] != etag
            }
            return ServerChanges(changed, removed & set(known), found.sync_token)
        changed, gone = _from_listing(path, members, known)
        return ServerChanges(changed, gone, found.sync_token, full=True, listed=len(members))
    return _by_ctag(client, url, path, known, ctag)


def _by_ctag(
    client: DavClient, url: str, path: str, known: dict[str, str | None], ctag: str | None
) -> ServerChanges:
    now = client.props_of(url, [dav_xml.GETCTAG]).text(dav_xml.GETCTAG)
    if ctag is not None and now is not None and now == ctag:
        return ServerChanges(ctag=now)
    listing = client.propfind(url, [dav_xml.GETETAG, dav_xml.RESOURCETYPE], "1")
    members = {
        r.href: (r.text(dav_xml.GETETAG) or None)
        for r in listing.responses
        if _member(path, r.href) and dav_xml.COLLECTION not in r.resource_types()
    }
    changed, removed = _from_listing(path, members, known)
    return ServerChanges(changed, removed, ctag=now, full=True, listed=len(members))
