"""Fetching an article by URL without becoming a proxy into private networks.

Every connection, including each redirect hop, is checked at connect time: the host is resolved, and the
connection goes only to an address that is public (or explicitly allowlisted), which also defeats DNS rebinding.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
USER_AGENT = "ClaimWorkbench/0.1 (+fact-checking desk; article fetcher)"


class FetchRefused(Exception):
    """The URL was not fetched; the message says why in words a fact-checker understands."""


@dataclass(frozen=True)
class FetchedPage:
    url: str
    final_url: str
    content_type: str
    text: str
    status: int = 200
    headers: dict | None = None

    @property
    def is_html(self) -> bool:
        return "html" in self.content_type


def _allowed_networks() -> list[ipaddress._BaseNetwork]:
    return [
        ipaddress.ip_network(net, strict=False)
        for net in settings.WORKBENCH.get("FETCH_ALLOWED_NETWORKS", [])
    ]


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _carried(address: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The IPv4 address an IPv6 one wraps (mapped, 6to4, Teredo's client, NAT64), else the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return address.ipv4_mapped
        if address.sixtofour:
            return address.sixtofour
        if address.teredo:
            return address.teredo[1]
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def address_refusal(ip: str) -> str | None:
    """Why this address must not be fetched from, or None: only globally routable addresses are fetched."""
    outer = ipaddress.ip_address(ip.split("%", 1)[0])
    address = _carried(outer)
    if any(address in network or outer in network for network in _allowed_networks()):
        return None
    if address.is_loopback:
        return "it points at this machine (loopback)"
    if address.is_link_local:
        return "it points at a link-local address (such as cloud metadata)"
    if address.is_private:
        return "it points at a private network address"
    if address.is_multicast or address.is_reserved or address.is_unspecified:
        return "it points at a reserved address"
    if not address.is_global or getattr(outer, "is_site_local", False):
        return "it points at an address that is not on the public internet"
    return None


def _checked_connection(host: str, port: int, timeout, source_address=None, socket_options=None):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchRefused(f"The host {host!r} could not be found.") from exc
    last_error: OSError | None = None
    for family, socktype, proto, _, sockaddr in infos:
        why = address_refusal(sockaddr[0])
        if why:
            raise FetchRefused(f"Refused to fetch from {host} ({sockaddr[0]}): {why}.")
        sock = socket.socket(family, socktype, proto)
        try:
            for option in socket_options or []:
                sock.setsockopt(*option)
            if isinstance(timeout, (int, float)):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            if getattr(_opened, "sockets", None) is not None:
                _opened.sockets.append(sock)
            return sock
        except OSError as exc:
            last_error = exc
            sock.close()
    raise last_error or OSError(f"could not connect to {host}")


class _GuardedConnect:
    """Connect only to an address that passes the check (mixed into urllib3's HTTP and HTTPS connections)."""

    def _new_conn(self):
        try:
            return _checked_connection(
                self._dns_host, self.port, self.timeout, self.source_address, self.socket_options
            )
        except FetchRefused:
            raise
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc


class _GuardedHTTPConnection(_GuardedConnect, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_GuardedConnect, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}
        self.poolmanager.key_fn_by_scheme = dict(self.poolmanager.key_fn_by_scheme)


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = (
        False  # never route through an environment proxy, which would bypass the address check
    )
    adapter = _GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def _decode(body: bytes, content_type: str) -> str:
    """The declared charset if there is one; otherwise UTF-8, falling back to Windows-1252 (never ISO-8859-1 guesses)."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            try:
                return body.decode(value.strip('"'), errors="replace")
            except LookupError:
                break
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def fetch_article(url: str) -> FetchedPage:
    """Download an article page: http(s) only, every redirect re-checked, with a timeout and a size cap."""
    return fetch_url(url, accept=ACCEPTED_TYPES)


FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "application/ld+json",
    *ACCEPTED_TYPES,
)


def fetch_url(url: str, *, accept: tuple[str, ...], headers: dict | None = None) -> FetchedPage:
    """Fetch `url` through the address guard. A 304 answer (conditional GET) comes back with empty text."""
    workbench = settings.WORKBENCH
    timeout = workbench.get("FETCH_TIMEOUT_SECONDS", 10)
    deadline = workbench.get("FETCH_DEADLINE_SECONDS", 30)
    with _session() as session, _Watchdog(deadline) as watchdog:
        try:
            return _fetch(session, url.strip(), accept=accept, headers=headers, timeout=timeout)
        except FetchRefused:
            if watchdog.fired:
                raise FetchRefused(
                    f"The site took longer than {deadline:g} seconds to send the page."
                ) from None
            raise


class _Watchdog:
    """Closes the session's connections once the overall deadline passes, so a server trickling one byte at a time
    (each read within the per-read timeout) cannot hold a fetch, and the worker running it, open for ever."""

    def __init__(self, seconds: float):
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        for sock in list(self.sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)  # a read blocked on it returns at once
            except OSError:
                pass

    def __enter__(self):
        self.sockets = _opened.sockets = []
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()
        _opened.sockets = None


_opened = threading.local()
"""The sockets this thread's fetch has opened, for its watchdog."""


def _fetch(
    session, current: str, *, accept: tuple[str, ...], headers: dict | None, timeout: float
) -> FetchedPage:
    url = current
    max_bytes = settings.WORKBENCH["ARTICLE_MAX_BYTES"]
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused("Only http:// and https:// addresses can be fetched.")
        try:
            response = session.get(
                current, timeout=timeout, allow_redirects=False, stream=True, headers=headers or {}
            )
        except FetchRefused:
            raise
        except requests.exceptions.Timeout as exc:
            raise FetchRefused(f"The site did not answer within {timeout:g} seconds.") from exc
        except requests.exceptions.ConnectionError as exc:
            cause = exc.__context__
            while cause is not None:
                if isinstance(cause, FetchRefused):
                    raise cause from None
                cause = cause.__context__
            raise FetchRefused(f"Could not connect to {parts.hostname}.") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchRefused(f"The page could not be fetched ({exc.__class__.__name__}).") from exc
        with response:
            if response.is_redirect:
                current = urljoin(current, response.headers.get("Location", ""))
                continue
            if response.status_code == 304:
                return FetchedPage(url, current, "", "", status=304, headers=dict(response.headers))
            if response.status_code >= 400:
                raise FetchRefused(f"The site answered {response.status_code} {response.reason}.")
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type and not content_type.startswith(accept):
                raise FetchRefused(f"That address serves {content_type}, not an article page.")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchRefused(f"The page is larger than the limit of {max_bytes // 1024} KB.")
            body = bytearray()
            try:
                for chunk in response.iter_content(65536):
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchRefused(f"The page is larger than the limit of {max_bytes // 1024} KB.")
            except requests.exceptions.RequestException as exc:
                raise FetchRefused("The site stopped answering while sending the page.") from exc
            text = _decode(bytes(body), response.headers.get("Content-Type", ""))
            return FetchedPage(
                url=url,
                final_url=current,
                content_type=content_type or "text/html",
                text=text,
                status=response.status_code,
                headers=dict(response.headers),
            )
    raise FetchRefused(f"Too many redirects (more than {MAX_REDIRECTS}).")
