"""The Content-Security-Policy every page is sent with (django-csp), and why each source is allowed."""

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF


def content_security_policy(*, logo_url: str = "") -> dict:
    """Everything from this site only: no inline script or style, no plugins, no framing, forms post here.

    Pages load their scripts from static/ (queue.js, workspace.js); an inline script would need the
    request's nonce (`<script nonce="{{ request.csp_nonce }}">`), which django-csp adds to the header only
    on pages that use it. ClaimReview's `<script type="application/ld+json">` is data, never run, so CSP
    leaves it alone. A logo configured on another host (ORGANIZATION_LOGO_URL) is the one outside image.
    """
    logo = urlsplit(logo_url)
    images = [SELF, f"{logo.scheme}://{logo.netloc}"] if logo.scheme in ("http", "https") else [SELF]
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF],
            "img-src": images,
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }
