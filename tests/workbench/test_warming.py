"""A new web process compiles the workbench's templates and imports its views as it starts, so the first
people to sign in after a deploy or a worker's restart do not wait for it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.loaders.filesystem import Loader as FilesystemLoader

from tests.factories import ClaimFactory
from tests.paths import ROOT
from workbench.warming import warm_up_pages


def _compiled_templates_forgotten() -> None:
    for engine in (engines["django"].engine, get_default_renderer().engine.engine):
        for loader in engine.template_loaders:
            loader.reset()


@pytest.mark.django_db
def test_after_warming_the_queue_and_a_claim_render_without_reading_a_template_file(
    client, fact_checker, monkeypatch
):
    claim = ClaimFactory(assignee=fact_checker, status="in_progress")
    _compiled_templates_forgotten()
    assert warm_up_pages() >= 80  # every page and partial under templates/, and the form widgets

    def read_from_disk(*args, **kwargs):
        raise AssertionError(f"a template was read from disk after warming: {args[1:]}")

    monkeypatch.setattr(FilesystemLoader, "get_contents", read_from_disk)
    client.force_login(fact_checker)
    assert client.get("/").status_code == 200
    assert client.get(f"/claims/{claim.id}/").status_code == 200


@pytest.mark.django_db
def test_a_template_that_does_not_compile_is_logged_and_the_others_are_still_warmed(
    settings, tmp_path, caplog
):
    (tmp_path / "broken.html").write_text("{% if %}", encoding="utf-8")
    (tmp_path / "fine.html").write_text("<p>{{ claim }}</p>", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with caplog.at_level(logging.ERROR, logger="workbench.warming"):
        assert warm_up_pages() >= 1 + 40  # fine.html and the form widgets
    assert "broken.html does not compile" in caplog.text


@pytest.mark.parametrize("entry_point", ["workbench.wsgi", "workbench.asgi"])
def test_the_entry_points_warm_the_pages_as_they_are_imported(entry_point):
    """What gunicorn (or an ASGI server) imports in each worker before it accepts a request."""
    code = (
        f"import sys; import {entry_point}; "
        "from django.template import engines; "
        "loader = engines['django'].engine.template_loaders[0]; "
        "print(len(loader.get_template_cache), 'claims.web.queue' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings.test", "SEARCH_EMBEDDINGS": "0"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    count, views = out.stdout.split()
    assert int(count) >= 40 and views == "True"
