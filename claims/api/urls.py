"""URLs of the JSON API, its OpenAPI schema and interactive docs."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from . import base, claims, sources, verdicts

# /api/docs/ (Swagger UI, from drf-spectacular-sidecar) sets three rules in a <style> and draws its icons as
# data: images; only that page gets these on top of the site's policy (workbench/settings/csp.py).
API_DOCS_CSP = {"style-src": ["'unsafe-inline'"], "img-src": ["data:"]}

urlpatterns = [
    path("token/", base.TokenView.as_view(), name="api-token"),
    path("articles/", claims.ArticleSubmitView.as_view(), name="api-article-submit"),
    path("articles/<int:article_id>/", claims.ArticleDetailView.as_view(), name="api-article"),
    path("claims/", claims.ClaimListView.as_view(), name="api-claims"),
    path("claims/<int:claim_id>/", claims.ClaimDetailView.as_view(), name="api-claim"),
    path("claims/<int:claim_id>/evidence/", claims.ClaimEvidenceView.as_view(), name="api-claim-evidence"),
    path("claims/<int:claim_id>/verdict/", verdicts.ClaimVerdictView.as_view(), name="api-claim-verdict"),
    path(
        "claims/<int:claim_id>/citations/", verdicts.ClaimCitationsView.as_view(), name="api-claim-citations"
    ),
    path("claims/<int:claim_id>/marks/", claims.ClaimMarksView.as_view(), name="api-claim-marks"),
    path(
        "claims/<int:claim_id>/marks/<int:document_id>/",
        claims.ClaimMarkDetailView.as_view(),
        name="api-claim-mark",
    ),
    path(
        "verdicts/<int:verdict_id>/submit/", verdicts.VerdictSubmitView.as_view(), name="api-verdict-submit"
    ),
    path(
        "verdicts/<int:verdict_id>/approve/",
        verdicts.VerdictApproveView.as_view(),
        name="api-verdict-approve",
    ),
    path(
        "verdicts/<int:verdict_id>/return/", verdicts.VerdictReturnView.as_view(), name="api-verdict-return"
    ),
    path(
        "verdicts/<int:verdict_id>/citations/",
        verdicts.VerdictCitationsView.as_view(),
        name="api-verdict-citations",
    ),
    path(
        "verdicts/<int:verdict_id>/citations/<int:citation_id>/",
        verdicts.VerdictCitationDetailView.as_view(),
        name="api-verdict-citation",
    ),
    path("sources/", sources.SourceListView.as_view(), name="api-sources"),
    path("sources/<int:source_id>/", sources.SourceDetailView.as_view(), name="api-source"),
    path("claimreview/", verdicts.ClaimReviewListView.as_view(), name="api-claimreview"),
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="api-schema",
    ),
    path(
        "docs/",
        # The split view serves its start-up script from this URL (?script), not inline: CSP allows it.
        csp_update(API_DOCS_CSP)(
            SpectacularSwaggerSplitView.as_view(
                url_name="api-schema", permission_classes=[AllowAny], authentication_classes=[]
            )
        ),
        name="api-docs",
    ),
    # Last: unknown paths ending in "/" get a JSON 404 (without the slash, APPEND_SLASH redirects first).
    re_path(r"^(?:[\s\S]*/)?$", base.not_found),
]
