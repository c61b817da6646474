"""One page, however its address is spelled: canonical URLs, and the spellings a stored copy may carry."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

# Query parameters that track a click and never change the page.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "cmpid"}
)


def _parts(url: str) -> tuple[str, str, str] | None:
    """(host without www., path without trailing slash, query without tracking parameters), or None."""
    try:
        split = urlsplit(url.strip())
        host = (split.hostname or "").lower()
        port = split.port
    except ValueError:
        return None
    if split.scheme.lower() not in ("http", "https") or not host:
        return None
    host = host.removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(split.query, keep_blank_values=True)
            if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
        ]
    )
    return host, split.path.rstrip("/"), query


def canonical_url(url: str) -> str:
    """The page's identity: no scheme, no www., no default port, no trailing slash, fragment or tracking
    parameters; "" for anything that is not an http(s) address."""
    parts = _parts(url)
    if parts is None:
        return ""
    host, path, query = parts
    return f"{host}{path}" + (f"?{query}" if query else "")


def url_spellings(url: str) -> tuple[str, ...]:
    """The address as given, and its spellings with either scheme, with or without www. and a trailing slash."""
    parts = _parts(url)
    if parts is None:
        return (url,) if url else ()
    host, path, query = parts
    tail = f"?{query}" if query else ""
    spellings = [url]
    for scheme in ("https", "http"):
        for prefix in ("", "www."):
            for slash in ("", "/"):
                spellings.append(f"{scheme}://{prefix}{host}{path}{slash}{tail}")
    return tuple(dict.fromkeys(spellings))
