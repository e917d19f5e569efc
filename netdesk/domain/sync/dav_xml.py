"""WebDAV XML: the request bodies netdesk sends and the multistatus answers it reads.

Names are Clark notation (``{DAV:}getetag``). Only what CardDAV (RFC 6352) and
CalDAV (RFC 4791) sync needs: PROPFIND, sync-collection (RFC 6578), the
multiget REPORTs, and extended MKCOL (RFC 5689).
"""

from __future__ import annotations

import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

DAV = "DAV:"
CARDDAV = "urn:ietf:params:xml:ns:carddav"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CALSERVER = "http://calendarserver.org/ns/"
_PREFIXES = {DAV: "d", CARDDAV: "card", CALDAV: "cal", CALSERVER: "cs"}
# the XML answers netdesk reads are small; a larger one is not a DAV server's
MAX_XML_BYTES = 64 * 1024 * 1024


def clark(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


GETETAG = clark(DAV, "getetag")
RESOURCETYPE = clark(DAV, "resourcetype")
DISPLAYNAME = clark(DAV, "displayname")
SYNC_TOKEN = clark(DAV, "sync-token")
CURRENT_USER_PRINCIPAL = clark(DAV, "current-user-principal")
SUPPORTED_REPORT_SET = clark(DAV, "supported-report-set")
GETCTAG = clark(CALSERVER, "getctag")
ADDRESSBOOK_HOME_SET = clark(CARDDAV, "addressbook-home-set")
ADDRESS_DATA = clark(CARDDAV, "address-data")
ADDRESSBOOK = clark(CARDDAV, "addressbook")
COLLECTION = clark(DAV, "collection")
CALENDAR_HOME_SET = clark(CALDAV, "calendar-home-set")
CALENDAR_DATA = clark(CALDAV, "calendar-data")
CALENDAR = clark(CALDAV, "calendar")
SUPPORTED_COMPONENTS = clark(CALDAV, "supported-calendar-component-set")


class DavXmlError(ValueError):
    """The server's answer is not the WebDAV XML it should be."""


def _tag(name: str) -> str:
    """``{DAV:}getetag`` → ``d:getetag``."""
    namespace, _, local = name[1:].partition("}")
    return f"{_PREFIXES[namespace]}:{local}"


def _namespaces(names: Iterable[str]) -> str:
    used = {name[1:].partition("}")[0] for name in names} | {DAV}
    return " ".join(f'xmlns:{_PREFIXES[ns]}="{ns}"' for ns in sorted(used))


def _document(root: str, inner: str, names: Iterable[str]) -> bytes:
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<{_tag(root)} {_namespaces(names)}>'
    return f"{head}{inner}</{_tag(root)}>".encode()


def _prop(props: Iterable[str]) -> str:
    return "<d:prop>" + "".join(f"<{_tag(p)}/>" for p in props) + "</d:prop>"


def propfind_body(props: list[str]) -> bytes:
    return _document(clark(DAV, "propfind"), _prop(props), [*props, clark(DAV, "propfind")])


def sync_collection_body(token: str | None, props: list[str]) -> bytes:
    inner = (
        f"<d:sync-token>{escape(token or '')}</d:sync-token>"
        "<d:sync-level>1</d:sync-level>" + _prop(props)
    )
    return _document(clark(DAV, "sync-collection"), inner, props)


def multiget_body(report: str, hrefs: Iterable[str], props: list[str]) -> bytes:
    inner = _prop(props) + "".join(f"<d:href>{escape(quote_path(h))}</d:href>" for h in hrefs)
    return _document(report, inner, [report, *props])


def mkcol_body(resource_types: list[str], display_name: str) -> bytes:
    types = "".join(f"<{_tag(t)}/>" for t in resource_types)
    inner = (
        "<d:set><d:prop>"
        f"<d:resourcetype>{types}</d:resourcetype>"
        f"<d:displayname>{escape(display_name)}</d:displayname>"
        "</d:prop></d:set>"
    )
    return _document(clark(DAV, "mkcol"), inner, [*resource_types, clark(DAV, "mkcol")])


def calendar_mkcol_body(display_name: str, components: Iterable[str], *, root: str) -> bytes:
    """An extended MKCOL (RFC 5689) or MKCALENDAR (RFC 4791) body for a calendar that
    holds ``components`` ("VEVENT", "VTODO", "VJOURNAL")."""
    comps = "".join(f'<cal:comp name="{escape(c)}"/>' for c in components)
    resource = "<d:resourcetype><d:collection/><cal:calendar/></d:resourcetype>"
    inner = (
        "<d:set><d:prop>"
        + (resource if root == clark(DAV, "mkcol") else "")
        + f"<d:displayname>{escape(display_name)}</d:displayname>"
        f"<cal:supported-calendar-component-set>{comps}</cal:supported-calendar-component-set>"
        "</d:prop></d:set>"
    )
    return _document(root, inner, [root, CALENDAR])


def component_names(element: ET.Element | None) -> set[str]:
    """The ``name`` of each ``<cal:comp>`` in a supported-calendar-component-set."""
    if element is None:
        return set()
    return {
        (comp.get("name") or "").upper()
        for comp in element.iter(clark(CALDAV, "comp"))
        if comp.get("name")
    }


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote_path(path: str) -> str:
    """A path as it goes on the wire (percent-encoded once)."""
    return urllib.parse.quote(path, safe="/@:+,;=!$&'()*~")


def href_key(base_url: str, href: str) -> str:
    """The server-absolute path an href names, percent-decoded: one key per resource,
    however the server spelled it (absolute URL or path, encoded or not)."""
    path = urllib.parse.urlsplit(urllib.parse.urljoin(base_url, href.strip())).path
    return urllib.parse.unquote(path)


@dataclass
class Response:
    """One ``<d:response>`` of a multistatus: a resource and what was found about it."""

    href: str  # href_key form
    status: int | None  # the response's own status (a removed member in sync-collection)
    props: dict[str, ET.Element] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)  # props asked for and not found

    def text(self, name: str) -> str | None:
        element = self.props.get(name)
        if element is None:
            return None
        return "".join(element.itertext()).strip()

    def hrefs(self, name: str) -> list[str]:
        """The ``<d:href>`` values inside a property (a principal, a home set)."""
        element = self.props.get(name)
        if element is None:
            return []
        return [(h.text or "").strip() for h in element.iter(clark(DAV, "href")) if h.text]

    def resource_types(self) -> set[str]:
        element = self.props.get(RESOURCETYPE)
        return set() if element is None else {child.tag for child in element}


@dataclass
class MultiStatus:
    responses: list[Response]
    sync_token: str | None


def _status_code(text: str | None) -> int | None:
    # "HTTP/1.1 200 OK"
    parts = (text or "").split()
    if len(parts) >= 2 and parts[1].isdigit():
        return int(parts[1])
    return None


def parse_multistatus(body: bytes, base_url: str) -> MultiStatus:
    if len(body) > MAX_XML_BYTES:
        raise DavXmlError("the server's answer is too large")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise DavXmlError(f"the server's answer is not XML ({exc})") from exc
    if root.tag != clark(DAV, "multistatus"):
        raise DavXmlError(f"expected a WebDAV multistatus, got {root.tag}")
    responses = []
    for node in root.findall(clark(DAV, "response")):
        href_node = node.find(clark(DAV, "href"))
        if href_node is None or not (href_node.text or "").strip():
            continue
        response = Response(
            href_key(base_url, href_node.text or ""),
            _status_code(node.findtext(clark(DAV, "status"))),
        )
        for propstat in node.findall(clark(DAV, "propstat")):
            code = _status_code(propstat.findtext(clark(DAV, "status")))
            prop = propstat.find(clark(DAV, "prop"))
            if prop is None:
                continue
            for child in prop:
                if code is not None and 200 <= code < 300:
                    response.props[child.tag] = child
                else:
                    response.missing.add(child.tag)
        responses.append(response)
    token = root.findtext(SYNC_TOKEN)
    return MultiStatus(responses, token.strip() if token else None)


def error_conditions(body: bytes) -> set[str]:
    """The precondition names of a ``<d:error>`` body (``{DAV:}valid-sync-token``)."""
    try:
        root = ET.fromstring(body[:MAX_XML_BYTES])
    except ET.ParseError:
        return set()
    if root.tag != clark(DAV, "error"):
        return set()
    return {child.tag for child in root}
