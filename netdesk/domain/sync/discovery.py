"""Finding a person's address books and calendars on a server.

RFC 6764 as clients do it: from what the person typed (a server address, a
host name, or an email address whose domain is the server) netdesk asks the
address itself and ``/.well-known/carddav`` for the ``current-user-principal``,
asks the principal for its ``addressbook-home-set``, and lists the home's
collections of the right type. A typed URL that is itself an address book is
used as it is. (DNS SRV records are not looked up: netdesk asks no name server
for more than the address of the host.)
"""

from __future__ import annotations

import logging
import urllib.parse
from dataclasses import dataclass, field

from netdesk.domain.sync import dav_xml
from netdesk.domain.sync.dav_client import (
    AuthFailed,
    DavClient,
    DavError,
    NotFound,
    ServerRefused,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CollectionKind:
    """What differs between finding address books and finding calendars."""

    key: str  # the sync_collection.kind: "contacts" or "calendar"
    well_known: str
    home_set: str
    resource_type: str


CONTACTS = CollectionKind("contacts", "carddav", dav_xml.ADDRESSBOOK_HOME_SET, dav_xml.ADDRESSBOOK)
CALENDARS = CollectionKind("calendar", "caldav", dav_xml.CALENDAR_HOME_SET, dav_xml.CALENDAR)
# what netdesk's calendar asks to hold: meetups, referrals and follow-ups, the timeline
CALENDAR_COMPONENTS = ("VEVENT", "VTODO", "VJOURNAL")


@dataclass
class FoundCollection:
    url: str
    display_name: str


@dataclass
class Discovery:
    server_url: str  # where the principal was found
    principal_url: str
    home_url: str
    collections: list[FoundCollection] = field(default_factory=list)


class DiscoveryError(DavError):
    """The server answered, but no address book home could be found from it."""


def start_url(typed: str) -> str:
    """What the person typed as a URL: "ana@fastmail.com" → https://fastmail.com/,
    "dav.example.org" → https://dav.example.org/; a URL stays as it is."""
    text = typed.strip()
    if not text:
        raise DiscoveryError("type the server's address (or your email address)")
    if "://" not in text:
        if "@" in text and "/" not in text:
            text = text.rpartition("@")[2]
        text = "https://" + text
    parts = urllib.parse.urlsplit(text)
    if not parts.hostname:
        raise DiscoveryError(f"{typed!r} is not a server address")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))


def _principal_from(client: DavClient, url: str, kind: CollectionKind) -> tuple[str, str] | None:
    """(where it answered, principal URL) from one context URL, or None."""
    try:
        found = client.props_of(
            url,
            [dav_xml.CURRENT_USER_PRINCIPAL, dav_xml.RESOURCETYPE, kind.home_set],
            follow=True,
        )
    except (NotFound, ServerRefused):
        return None
    answered = urllib.parse.urljoin(url, found.href)
    principals = found.hrefs(dav_xml.CURRENT_USER_PRINCIPAL)
    if principals:
        return answered, urllib.parse.urljoin(answered, principals[0])
    if kind.resource_type in found.resource_types() or found.hrefs(kind.home_set):
        return answered, answered
    return None


def discover(client: DavClient, typed: str, kind: CollectionKind = CONTACTS) -> Discovery:
    """Find the collections of ``kind`` the account can use; a ``DavError`` says why not."""
    first = start_url(typed)
    parts = urllib.parse.urlsplit(first)
    well_known = urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, f"/.well-known/{kind.well_known}", "", "")
    )
    contexts = [first, well_known] if parts.path not in ("", "/") else [well_known, first]
    located = None
    for context in contexts:
        located = _principal_from(client, context, kind)
        if located is not None:
            break
    if located is None:
        raise DiscoveryError(
            f"{parts.hostname} answers, but shows no {kind.well_known.upper()} account "
            "there: check the address (your provider's help names it)"
        )
    server_url, principal_url = located
    # the typed URL may be a collection of this kind itself
    typed_props = client.props_of(server_url, [dav_xml.RESOURCETYPE, dav_xml.DISPLAYNAME])
    if kind.resource_type in typed_props.resource_types():
        name = typed_props.text(dav_xml.DISPLAYNAME) or _last_part(server_url)
        return Discovery(server_url, principal_url, server_url, [FoundCollection(server_url, name)])
    principal = client.props_of(principal_url, [kind.home_set])
    homes = principal.hrefs(kind.home_set)
    if not homes:
        raise DiscoveryError(f"{parts.hostname} names no {kind.well_known.upper()} home")
    home_url = urllib.parse.urljoin(principal_url, homes[0])
    return Discovery(server_url, principal_url, home_url, list_collections(client, home_url, kind))


def list_collections(
    client: DavClient, home_url: str, kind: CollectionKind = CONTACTS
) -> list[FoundCollection]:
    listing = client.propfind(home_url, [dav_xml.RESOURCETYPE, dav_xml.DISPLAYNAME], "1")
    found = []
    for response in listing.responses:
        if kind.resource_type in response.resource_types():
            url = urllib.parse.urljoin(home_url, dav_xml.quote_path(response.href))
            found.append(
                FoundCollection(url, response.text(dav_xml.DISPLAYNAME) or _last_part(url))
            )
    return sorted(found, key=lambda c: (c.display_name.casefold(), c.url))


def create_collection(
    client: DavClient, home_url: str, name: str = "netdesk", kind: CollectionKind = CONTACTS
) -> FoundCollection:
    """Make a new collection ``name`` in the home (extended MKCOL, RFC 5689); one of that
    name already there is used as it is."""
    existing = {c.display_name: c for c in list_collections(client, home_url, kind)}
    if name in existing:
        return existing[name]
    slug = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.lower()) or "netdesk"
    url = urllib.parse.urljoin(home_url.rstrip("/") + "/", slug + "/")
    client.mkcol(url, [dav_xml.COLLECTION, kind.resource_type], name)
    log.info("created a %s collection on %s", kind.key, urllib.parse.urlsplit(url).hostname)
    return FoundCollection(url, name)


def _last_part(url: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path.rstrip("/").rpartition("/")[2])


# -- calendars (RFC 4791) ----------------------------------------------------------------


def calendar_home(client: DavClient, principal_url: str, server_url: str) -> str:
    """The account's ``calendar-home-set``: asked of its principal when netdesk knows it,
    else found from the server's address as for address books."""
    if principal_url:
        try:
            homes = client.props_of(principal_url, [dav_xml.CALENDAR_HOME_SET]).hrefs(
                dav_xml.CALENDAR_HOME_SET
            )
        except (NotFound, ServerRefused):
            homes = []
        if homes:
            return urllib.parse.urljoin(principal_url, homes[0])
    found = discover(client, server_url, CALENDARS)
    return found.home_url


def supported_components(client: DavClient, url: str) -> set[str]:
    """The components a calendar holds (``supported-calendar-component-set``); a server
    that does not say holds any (RFC 4791, 5.2.3)."""
    found = client.props_of(url, [dav_xml.SUPPORTED_COMPONENTS])
    named = dav_xml.component_names(found.props.get(dav_xml.SUPPORTED_COMPONENTS))
    return named or set(CALENDAR_COMPONENTS)


def create_calendar(client: DavClient, home_url: str, name: str = "netdesk") -> FoundCollection:
    """The calendar ``name`` in the home, made when missing (extended MKCOL, else
    MKCALENDAR) to hold events, tasks and journals."""
    existing = {c.display_name: c for c in list_collections(client, home_url, CALENDARS)}
    if name in existing:
        return existing[name]
    # (a slug of its own: Radicale keeps address books and calendars in one home)
    slug = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.lower()) or "netdesk"
    url = urllib.parse.urljoin(home_url.rstrip("/") + "/", slug + "-calendar/")
    try:
        client.request(
            "MKCOL",
            url,
            body=dav_xml.calendar_mkcol_body(
                name, CALENDAR_COMPONENTS, root=dav_xml.clark(dav_xml.DAV, "mkcol")
            ),
            ok=(200, 201),
        )
    except (ServerRefused, AuthFailed) as exc:
        if exc.status not in (400, 403, 405, 415, 501):
            raise
        client.request(
            "MKCALENDAR",
            url,
            body=dav_xml.calendar_mkcol_body(
                name, CALENDAR_COMPONENTS, root=dav_xml.clark(dav_xml.CALDAV, "mkcalendar")
            ),
            ok=(200, 201),
        )
    log.info("created a calendar on %s", urllib.parse.urlsplit(url).hostname)
    return FoundCollection(url, name)
