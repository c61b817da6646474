"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.base")
application = get_wsgi_application()

# The sentence encoder loads in the background as the server starts (each gunicorn worker does this after
# its fork), so the first search does not wait for it; /healthz says "starting" until it is ready.
from search import embeddings  # noqa: E402
from workbench.warming import warm_up_pages  # noqa: E402

embeddings.warm_up()
warm_up_pages()
