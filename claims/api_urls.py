"""URLs of the JSON API and its OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from . import api

urlpatterns = [
    path("token/", obtain_auth_token, name="api-token"),
    path("articles/", api.article_submit, name="api-article-submit"),
    path("articles/<int:article_id>/", api.article_detail, name="api-article"),
    path("claims/", api.claim_list, name="api-claims"),
    path("claims/<int:claim_id>/evidence/", api.claim_evidence, name="api-claim-evidence"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
