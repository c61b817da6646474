"""Top-level URLs."""

from django.contrib import admin
from django.urls import include, path

from .health import healthz

admin.site.site_header = "Claim workbench administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("claims.api.urls")),
    path("sources/", include("search.web.urls")),
    path("", include("claims.web.urls")),
]
