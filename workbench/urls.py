"""Top-level URLs."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from .health import healthz

admin.site.site_header = "Claim workbench administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says: the logo, not a 404 in every log.
    path("favicon.ico", RedirectView.as_view(url=static("workbench/logo.png"), permanent=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("claims.api.urls")),
    path("sources/", include("search.web.urls")),
    path("", include("claims.web.urls")),
]
