"""URLs of the JSON API, its OpenAPI schema and interactive docs."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from . import api

urlpatterns = [
    path("token/", api.TokenView.as_view(), name="api-token"),
    path("articles/", api.ArticleSubmitView.as_view(), name="api-article-submit"),
    path("articles/<int:article_id>/", api.ArticleDetailView.as_view(), name="api-article"),
    path("claims/", api.ClaimListView.as_view(), name="api-claims"),
    path("claims/<int:claim_id>/", api.ClaimDetailView.as_view(), name="api-claim"),
    path("claims/<int:claim_id>/evidence/", api.ClaimEvidenceView.as_view(), name="api-claim-evidence"),
    path("claims/<int:claim_id>/verdict/", api.ClaimVerdictView.as_view(), name="api-claim-verdict"),
    path("claims/<int:claim_id>/marks/", api.ClaimMarksView.as_view(), name="api-claim-marks"),
    path(
        "claims/<int:claim_id>/marks/<int:document_id>/",
        api.ClaimMarkDetailView.as_view(),
        name="api-claim-mark",
    ),
    path("verdicts/<int:verdict_id>/submit/", api.VerdictSubmitView.as_view(), name="api-verdict-submit"),
    path("verdicts/<int:verdict_id>/approve/", api.VerdictApproveView.as_view(), name="api-verdict-approve"),
    path("verdicts/<int:verdict_id>/return/", api.VerdictReturnView.as_view(), name="api-verdict-return"),
    path(
        "verdicts/<int:verdict_id>/citations/",
        api.VerdictCitationsView.as_view(),
        name="api-verdict-citations",
    ),
    path(
        "verdicts/<int:verdict_id>/citations/<int:citation_id>/",
        api.VerdictCitationDetailView.as_view(),
        name="api-verdict-citation",
    ),
    path("sources/", api.SourceListView.as_view(), name="api-sources"),
    path("sources/<int:source_id>/", api.SourceDetailView.as_view(), name="api-source"),
    path("claimreview/", api.ClaimReviewListView.as_view(), name="api-claimreview"),
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="api-schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(
            url_name="api-schema", permission_classes=[AllowAny], authentication_classes=[]
        ),
        name="api-docs",
    ),
    # Last: unknown paths ending in "/" get a JSON 404 (without the slash, APPEND_SLASH redirects first).
    re_path(r"^(?:[\s\S]*/)?$", api.not_found),
]
