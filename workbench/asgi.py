"""ASGI entry point. Like wsgi.py, a new process loads the sentence encoder in the background and warms its
pages as it starts."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.base")
application = get_asgi_application()

from search import embeddings  # noqa: E402
from workbench.warming import warm_up_pages  # noqa: E402

embeddings.warm_up()
warm_up_pages()
