"""Partial page updates (htmx): a click that changes one part of a page gets back that part alone.

A request with the HX-Request header (request.htmx, django-htmx) is answered with the fragment its element
swaps, then, out of band (hx-swap-oob), whatever else the action changed and the messages it said. The same
URL without the header keeps answering as before: the action, then a redirect to the whole page; so pages
work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.template.loader import render_to_string


def fragment(
    request, template: str, context: dict, *, status: int = 200, oob: Iterable[str] = ()
) -> HttpResponse:
    """`template` rendered for its swap target, then each of `oob` and the page's messages out of band."""
    parts = [render_to_string(template, context, request)]
    parts += [render_to_string(name, {**context, "oob": True}, request) for name in oob]
    # Last: rendering the messages consumes them, so they are not shown again on the next whole page.
    parts.append(render_to_string("_messages.html", {"oob": True}, request))
    return HttpResponse("".join(parts), status=status)


def whole_instead(response: HttpResponse, target: str) -> HttpResponse:
    """Swap `target` (a CSS selector) whole with this answer instead of the element's own target."""
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "outerHTML"
    return response
