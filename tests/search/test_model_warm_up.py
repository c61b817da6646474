"""The search model loads in the background at start: /healthz says "starting" until it is ready, a person's
search meanwhile answers by words (saying so), and work that needs the model waits for that one load."""

import os
import subprocess
import sys
import threading

import numpy as np
import pytest
from django.urls import reverse

from search import embeddings
from tests.conftest import index_documents
from tests.factories import ClaimFactory, DocumentFactory
from tests.paths import ROOT


class SlowModel:
    """Stands in for the encoder: loading waits until the test lets it finish."""

    loads = 0

    def encode(self, texts, **_kwargs):
        vectors = np.zeros((len(texts), embeddings.DIMS), dtype=np.float32)
        vectors[:, 0] = 1.0
        return vectors


@pytest.fixture
def slow_load(monkeypatch, settings):
    settings.SEARCH_EMBEDDINGS = True
    release = threading.Event()

    def load():
        SlowModel.loads += 1
        assert release.wait(10), "the test never let the model finish loading"
        return embeddings.Encoder(SlowModel())

    SlowModel.loads = 0
    monkeypatch.setattr(embeddings, "_load", load)
    embeddings.reset()
    yield release
    release.set()
    embeddings.reset()


def test_the_model_loads_once_in_the_background_and_a_search_waits_for_that_load(slow_load):
    loading = embeddings.warm_up()

    assert embeddings.status() == "loading"
    assert embeddings.warm_up() is None  # a second start does not load it again
    got = []
    waiter = threading.Thread(target=lambda: got.append(embeddings.embed(["The mayor said crime fell."])))
    waiter.start()
    waiter.join(0.3)
    assert waiter.is_alive() and not got  # it waits for the model rather than searching without it

    slow_load.set()
    loading.join(5)
    waiter.join(5)
    assert embeddings.status() == "ready"
    assert len(got[0]) == 1 and len(got[0][0]) == embeddings.DIMS
    assert SlowModel.loads == 1


def test_healthz_says_starting_until_the_model_is_ready(slow_load, client, db):
    loading = embeddings.warm_up()

    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "starting"
    assert response.json()["search_model"] == {"ok": False, "state": "loading"}

    slow_load.set()
    loading.join(5)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["search_model"] == {"ok": True, "state": "ready"}


def test_healthz_is_ready_when_semantic_search_is_off(client, db, settings):
    settings.SEARCH_EMBEDDINGS = False

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["search_model"] == {"ok": True, "state": "off"}


def test_the_workspace_says_preparing_search_and_answers_by_words_meanwhile(
    slow_load, embedded_backend, client, fact_checker, settings
):
    document = DocumentFactory(title="Knife crime figures", body="Knife crime fell by 20 percent in London.")
    settings.SEARCH_EMBEDDINGS = False  # indexed before this process started (indexing would load the model)
    index_documents([document])
    settings.SEARCH_EMBEDDINGS = True
    claim = ClaimFactory(text="Knife crime fell by 20 percent.")
    client.force_login(fact_checker)
    loading = embeddings.warm_up()

    page = client.get(reverse("claims:claim", args=[claim.id]))
    assert "Preparing search: the search model is loading" in page.content.decode()
    search = client.get(reverse("claims:corpus_search", args=[claim.id]), {"q": "knife crime"})
    text = search.content.decode()
    assert search.status_code == 200
    assert "ranked by their words alone" in text
    assert "Knife crime figures" in text
    assert loading.is_alive()  # answered without waiting for the model

    slow_load.set()
    loading.join(5)
    search = client.get(reverse("claims:corpus_search", args=[claim.id]), {"q": "knife crime"})
    assert "Knife crime figures" in search.content.decode()
    assert "ranked by their words alone" not in search.content.decode()


def test_a_forked_process_loads_its_own_model(slow_load):
    loading = embeddings.warm_up()
    slow_load.set()
    loading.join(5)
    assert embeddings.status() == "ready"

    pid = os.fork()
    if pid == 0:  # the child: its parent's runtime threads did not come with it
        os._exit(0 if embeddings.status() == "unloaded" and embeddings._encoder is None else 1)
    _, code = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(code) == 0
    assert embeddings.status() == "ready"


def test_a_web_server_process_starts_loading_the_model_as_it_starts():
    script = (
        "import workbench.wsgi\n"
        "from search import embeddings\n"
        "print(embeddings.status())\n"
        "embeddings.get_encoder()\n"
        "print(embeddings.status())\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings.base", "SEARCH_EMBEDDINGS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    first, then = done.stdout.split()
    assert first in {"loading", "ready"}
    assert then in {"ready", "unavailable"}


def test_a_celery_worker_process_starts_loading_the_model(slow_load):
    from celery.signals import worker_process_init

    worker_process_init.send(sender=None)

    assert embeddings.status() == "loading"


def test_a_celery_worker_with_a_threads_pool_loads_the_model_and_a_prefork_main_process_does_not(slow_load):
    """A threads pool runs tasks in the worker's own process (no worker_process_init there); prefork's main
    process runs none, so only its children load the model."""
    from celery.concurrency.prefork import TaskPool as PreforkPool
    from celery.concurrency.thread import TaskPool as ThreadsPool
    from celery.signals import worker_ready

    class Consumer:  # what worker_ready is sent by: the worker's consumer, with its pool
        def __init__(self, pool_class):
            self.pool = object.__new__(pool_class)

    worker_ready.send(sender=Consumer(PreforkPool))
    assert embeddings.status() == "unloaded"

    worker_ready.send(sender=Consumer(ThreadsPool))
    assert embeddings.status() == "loading"
