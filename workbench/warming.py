"""A web process's first pages as fast as its hundredth.

Django imports the URLconf, and with it every view, on a process's first request, builds each namespace's
URL names on its first {% url %}, and compiles each template the first time it is rendered: together
0.4-0.7 s of CPU for the first queue page of a new gunicorn worker.
Without this, the people who sign in just after a deploy or a worker's restart wait for it. Done as the
process starts instead, before it accepts a request.
"""

from __future__ import annotations

import logging
from pathlib import Path

import django.forms
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver

logger = logging.getLogger(__name__)


def warm_up_pages() -> int:
    """Import the URLconf and compile the workbench's templates and the form widgets' (a separate engine,
    the forms renderer's); returns how many templates were compiled."""
    _reverse_lookups(get_resolver())  # the first read imports the URLconf, and with it every view
    compiled = 0
    for directory in settings.TEMPLATES[0]["DIRS"]:
        compiled += _compile(Path(directory), engines["django"].get_template)
    widgets = Path(django.forms.__file__).parent / "templates"
    return compiled + _compile(widgets, get_default_renderer().get_template)


def _reverse_lookups(resolver) -> None:
    """Build what {% url %} looks names up in, for each namespace (each is built on its first use)."""
    resolver.reverse_dict  # noqa: B018
    for _prefix, namespaced in resolver.namespace_dict.values():
        _reverse_lookups(namespaced)


def _compile(directory: Path, get_template) -> int:
    compiled = 0
    for path in sorted(directory.rglob("*.html")):
        name = path.relative_to(directory).as_posix()
        try:
            get_template(name)
        except TemplateSyntaxError:
            logger.exception("Template %s does not compile; its page will fail", name)
            continue
        compiled += 1
    return compiled
