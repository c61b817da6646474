"""Top-level URLs."""

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from .health import healthz

admin.site.site_header = "Claim workbench administration"


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the logo, not a 404 in every log. Resolved per
    request, as the static files' manifest exists only once collectstatic has run."""
    return HttpResponsePermanentRedirect(static("workbench/logo.png"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("claims.api.urls")),
    path("sources/", include("search.web.urls")),
    path("", include("claims.web.urls")),
]
