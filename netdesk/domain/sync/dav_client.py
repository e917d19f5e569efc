"""A small WebDAV client on httpx: what CardDAV and CalDAV sync need, and nothing more.

One ``DavClient`` per account and sync: one connection kept alive, Basic
authentication (Digest when the server asks for it), HTTPS unless the server is
this computer or the person allowed plain HTTP. Every failure becomes one of
the ``DavError`` kinds below, so the sync engine (and the CalDAV one after it)
handles faults in one place: ``Offline`` is normal and quiet, ``AuthFailed``
asks for the password again, ``PreconditionFailed`` is a lost race (refetch,
merge, retry), ``InvalidSyncToken`` falls back to a full listing.

Nothing here logs a password, a header or a card: only the method, the host's
answer code and the time taken.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import ssl
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from netdesk import __version__
from netdesk.domain.sync import dav_xml
from netdesk.domain.sync.dav_xml import MultiStatus, Response

log = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(60.0, connect=15.0)
USER_AGENT = f"netdesk/{__version__}"
MAX_BODY_BYTES = 64 * 1024 * 1024


class DavError(Exception):
    """A request to the sync server failed; ``str()`` says why in a person's words."""

    def __init__(self, message: str, *, status: int | None = None, url: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.url = url


class Offline(DavError):
    """The server cannot be reached (no network, name not found, refused, timed out)."""


class AuthFailed(DavError):
    """The server refused the user name or password."""


class PreconditionFailed(DavError):
    """412: the resource changed on the server since netdesk last saw it (or exists)."""


class NotFound(DavError):
    """404 or 410."""


class InvalidSyncToken(DavError):
    """The server no longer knows the sync token (expired, or the collection was reset)."""


class InsecureUrl(DavError):
    """Plain HTTP to another computer, not allowed for this account."""


class ServerRefused(DavError):
    """Any other error status from the server."""


def is_loopback_host(host: str) -> bool:
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, *, allow_http: bool) -> str:
    """The URL, if netdesk may send a password to it; else ``InsecureUrl``."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureUrl(f"{url!r} is not a web address (https://…)", url=url)
    if parts.scheme == "http" and not (allow_http or is_loopback_host(parts.hostname)):
        raise InsecureUrl(
            f"{parts.hostname} is reached over plain HTTP, which would send your password "
            "unencrypted; use https:// (or allow plain HTTP for this account)",
            url=url,
        )
    return url


def host_of(url: str) -> str:
    return urllib.parse.urlsplit(url).hostname or "?"


@dataclass
class Fetched:
    """A resource's text and ETag as the server has it."""

    href: str
    etag: str | None
    text: str


class DavClient:
    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        allow_http: bool = False,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = check_url(base_url, allow_http=allow_http)
        self.allow_http = allow_http
        self._username = username
        self._password = password
        self._http = httpx.Client(
            auth=httpx.BasicAuth(username, password),
            verify=_tls_context(),
            timeout=TIMEOUT,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )
        self._digest = False
        self.requests = 0

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DavClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, href: str) -> str:
        """An absolute URL for an href (``href_key`` form or as the server wrote it)."""
        joined = urllib.parse.urljoin(self.base_url, dav_xml.quote_path(href))
        return check_url(joined, allow_http=self.allow_http)

    # -- the one place requests are made ---------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        ok: Iterable[int] = (200, 201, 204, 207),
        follow: bool = False,
    ) -> httpx.Response:
        check_url(url, allow_http=self.allow_http)
        sent = dict(headers or {})
        if body is not None and "Content-Type" not in sent:
            sent["Content-Type"] = "application/xml; charset=utf-8"
        started = time.perf_counter()
        for _ in range(5):  # redirects (discovery) and one switch to Digest
            try:
                response = self._http.request(method, url, content=body, headers=sent)
            except httpx.TimeoutException as exc:
                raise Offline(f"{host_of(url)} did not answer in time", url=url) from exc
            except (httpx.ConnectError, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                raise Offline(f"cannot reach {host_of(url)}", url=url) from exc
            except httpx.HTTPError as exc:
                raise Offline(f"cannot talk to {host_of(url)} ({type(exc).__name__})") from exc
            self.requests += 1
            if response.status_code == 401 and not self._digest and _asks_digest(response):
                self._digest = True
                self._http.auth = httpx.DigestAuth(self._username, self._password)
                continue
            if follow and response.is_redirect and "location" in response.headers:
                url = check_url(
                    urllib.parse.urljoin(url, response.headers["location"]),
                    allow_http=self.allow_http,
                )
                continue
            break
        log.debug(
            "%s %s: %d in %.0f ms",
            method,
            host_of(url),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        if response.status_code in ok:
            if len(response.content) > MAX_BODY_BYTES:
                raise ServerRefused(f"{host_of(url)} sent an answer too large to read", url=url)
            return response
        raise _error_for(method, url, response)

    # -- WebDAV ----------------------------------------------------------------------------

    def propfind(
        self, url: str, props: list[str], depth: str = "0", *, follow: bool = False
    ) -> MultiStatus:
        response = self.request(
            "PROPFIND",
            url,
            body=dav_xml.propfind_body(props),
            headers={"Depth": depth},
            ok=(207,),
            follow=follow,
        )
        return dav_xml.parse_multistatus(response.content, str(response.url))

    def props_of(self, url: str, props: list[str], *, follow: bool = False) -> Response:
        """The properties of one resource (PROPFIND depth 0)."""
        found = self.propfind(url, props, "0", follow=follow)
        target = dav_xml.href_key(url, url)
        for response in found.responses:
            if response.href.rstrip("/") == target.rstrip("/"):
                return response
        if found.responses:
            return found.responses[0]
        raise ServerRefused(f"{host_of(url)} said nothing about {target}", url=url)

    def report(self, url: str, body: bytes, depth: str = "1") -> MultiStatus:
        response = self.request("REPORT", url, body=body, headers={"Depth": depth}, ok=(207,))
        return dav_xml.parse_multistatus(response.content, str(response.url))

    def sync_collection(self, url: str, token: str | None, props: list[str]) -> MultiStatus:
        """RFC 6578: what changed in the collection since ``token`` (all of it for None)."""
        try:
            return self.report(url, dav_xml.sync_collection_body(token, props), depth="0")
        except ServerRefused as exc:
            # 403 or 409 with DAV:valid-sync-token, or a server that reports it as 400/404
            if token and exc.status in (400, 403, 404, 409, 410, 412):
                raise InvalidSyncToken(
                    f"{host_of(url)} no longer knows netdesk's sync token",
                    status=exc.status,
                    url=url,
                ) from exc
            raise

    def multiget(
        self, url: str, report: str, data_prop: str, hrefs: list[str]
    ) -> tuple[list[Fetched], set[str]]:
        """The text and ETag of each href (``addressbook-multiget``/``calendar-multiget``);
        and the hrefs the server no longer has."""
        found = self.report(
            url, dav_xml.multiget_body(report, hrefs, [dav_xml.GETETAG, data_prop]), depth="1"
        )
        fetched: list[Fetched] = []
        gone: set[str] = set()
        for response in found.responses:
            text = response.text(data_prop)
            if response.status in (404, 410) or (text is None and data_prop in response.missing):
                gone.add(response.href)
            elif text is not None:
                fetched.append(Fetched(response.href, _etag(response.text(dav_xml.GETETAG)), text))
        return fetched, gone

    def get(self, href: str) -> Fetched:
        response = self.request("GET", self.url(href), ok=(200,))
        return Fetched(href, _etag(response.headers.get("etag")), response.text)

    def put(
        self, href: str, text: str, content_type: str, *, etag: str | None, create: bool
    ) -> str | None:
        """Write a resource: ``create`` only if it does not exist (If-None-Match: *),
        else only if it is still at ``etag`` (If-Match). The new ETag, when the server
        says it (a server that rewrote the text may not)."""
        headers = {"Content-Type": content_type}
        if create:
            headers["If-None-Match"] = "*"
        elif etag is not None:
            headers["If-Match"] = etag
        response = self.request(
            "PUT", self.url(href), body=text.encode("utf-8"), headers=headers, ok=(200, 201, 204)
        )
        return _etag(response.headers.get("etag"))

    def delete(self, href: str, etag: str | None) -> None:
        headers = {"If-Match": etag} if etag else {}
        self.request("DELETE", self.url(href), headers=headers, ok=(200, 204))

    def mkcol(self, url: str, resource_types: list[str], display_name: str) -> None:
        self.request(
            "MKCOL", url, body=dav_xml.mkcol_body(resource_types, display_name), ok=(200, 201)
        )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The certificate authorities httpx trusts (certifi's, as on every platform, a frozen
    build included), read once per process: reading them takes a tenth of a second."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _asks_digest(response: httpx.Response) -> bool:
    return any(
        value.strip().lower().startswith("digest")
        for value in response.headers.get_list("www-authenticate")
    )


def _etag(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    # a weak ETag cannot be used in If-Match: treat it as none
    return None if value.startswith("W/") else value


def _error_for(method: str, url: str, response: httpx.Response) -> DavError:
    status = response.status_code
    host = host_of(url)
    if status == 401:
        return AuthFailed(f"{host} refused the user name or password", status=status, url=url)
    if status == 412:
        return PreconditionFailed(
            f"{host}: the record changed on the server meanwhile", status=status, url=url
        )
    if status in (404, 410):
        return NotFound(f"{host}: not found", status=status, url=url)
    if status in (403, 409) and dav_xml.clark(dav_xml.DAV, "valid-sync-token") in (
        dav_xml.error_conditions(response.content)
    ):
        return InvalidSyncToken(
            f"{host} no longer knows netdesk's sync token", status=status, url=url
        )
    if status == 403:
        return AuthFailed(f"{host} does not let this account do that", status=status, url=url)
    if status in (502, 503, 504):
        return Offline(f"{host} is unavailable ({status})", status=status, url=url)
    return ServerRefused(f"{host} refused {method} ({status})", status=status, url=url)
