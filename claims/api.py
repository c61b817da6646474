"""The JSON API: token or session auth, the same services and permissions as the workbench pages.

Reads go through the selectors and writes through the services; this module never writes to the ORM.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, NotAuthenticated, NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from search import services as search_services
from search import sources as search_sources
from search.models import Document, Source

from . import claimreview, selectors, services
from .serializers import (
    CLAIMREVIEW_PAGE_SCHEMA,
    ArticleSerializer,
    ArticleSubmitSerializer,
    CitationSerializer,
    CitationWriteSerializer,
    ClaimDetailSerializer,
    ClaimFilterSerializer,
    ClaimSerializer,
    ErrorSerializer,
    EvidenceMarkSerializer,
    EvidenceMarkWriteSerializer,
    EvidenceSerializer,
    ReturnSerializer,
    SourceSerializer,
    TokenSerializer,
    VerdictSerializer,
    VerdictWriteSerializer,
)

# -- errors, throttles, the base view ---------------------------------------------------------------------


class BadRequest(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The request cannot be carried out."
    default_code = "invalid"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone changed this since you loaded it."
    default_code = "conflict"


def errors(*codes: int) -> dict:
    """OpenAPI responses for the error codes an endpoint can answer; 400 carries field errors, the rest a detail."""
    return {code: (OpenApiTypes.OBJECT if code == 400 else ErrorSerializer) for code in codes}


class _SettingsRateThrottle(SimpleRateThrottle):
    """A scoped throttle whose rate is read from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] on every request."""

    def get_rate(self):
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope)


class WriteThrottle(_SettingsRateThrottle):
    """Writes per user (or per address for anonymous requests); reads are not counted."""

    scope = "writes"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AuthThrottle(_SettingsRateThrottle):
    """Token requests per client address, whoever they claim to be: slows password guessing."""

    scope = "auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class WorkbenchMixin:
    # Turns the services' errors into API answers: a workflow error is 400, a stale version 409.
    throttle_classes = [WriteThrottle]

    def handle_exception(self, exc):
        if isinstance(exc, services.VerdictConflict):
            exc = Conflict(str(exc))
        elif isinstance(exc, services.ArticleRejected):
            exc = BadRequest(exc.message)
        elif isinstance(exc, services.WorkflowError):
            exc = BadRequest(str(exc))
        elif isinstance(exc, search_services.SourceInUse):
            exc = Conflict(str(exc))
        elif isinstance(exc, DjangoValidationError):
            exc = BadRequest("; ".join(exc.messages))
        elif isinstance(exc, PermissionDenied) and not self.request.user.is_authenticated:
            exc = NotAuthenticated()
        return super().handle_exception(exc)

    def require(self, perm: str, message: str) -> None:
        if not self.request.user.has_perm(perm):
            raise ApiPermissionDenied(message)


class WorkbenchAPIView(WorkbenchMixin, APIView):
    pass


def _validated(serializer_class, data, **kwargs):
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# -- authentication -----------------------------------------------------------------------------------------


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (rate-limited per address)."""

    authentication_classes: list = []
    throttle_classes = [AuthThrottle]

    @extend_schema(
        auth=[],
        request=AuthTokenSerializer,
        responses={200: TokenSerializer, **errors(400, 429)},
        summary="Exchange a username and password for an API token",
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


# -- articles -------------------------------------------------------------------------------------------------


class ArticleSubmitView(WorkbenchAPIView):
    @extend_schema(
        request=ArticleSubmitSerializer,
        responses={201: ArticleSerializer, 200: ArticleSerializer, **errors(400, 401, 403, 429)},
        summary="Submit an article as text or as a URL to fetch",
    )
    def post(self, request):
        """The same article twice answers 200 with the first one; its check-worthy claims enter the queue."""
        self.require("claims.add_article", "Your role cannot submit articles.")
        data = _validated(ArticleSubmitSerializer, request.data)
        source = Source.objects.filter(id=data["source_id"]).first() if data.get("source_id") else None
        common = {
            "title": data.get("title") or "",
            "source": source,
            "published_at": data.get("published_at"),
            "submitted_by": request.user,
        }
        if (data.get("text") or "").strip():
            result = services.article_ingest(
                text=data["text"], url=data.get("url") or "", html=data.get("html"), **common
            )
        else:
            result = services.article_ingest_url(url=data["url"], **common)
        article = selectors.article_get_for_user(user=request.user, article_id=result.article.id)
        return Response(
            ArticleSerializer(article).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class ArticleDetailView(WorkbenchAPIView):
    @extend_schema(
        responses={200: ArticleSerializer, **errors(401, 404)}, summary="An article with its claims"
    )
    def get(self, request, article_id: int):
        article = selectors.article_get_for_user(user=request.user, article_id=article_id)
        return Response(ArticleSerializer(article).data)


# -- claims and evidence ----------------------------------------------------------------------------------------


class ClaimListView(WorkbenchMixin, generics.ListAPIView):
    serializer_class = ClaimSerializer

    def get_queryset(self):
        filters = _validated(ClaimFilterSerializer, self.request.query_params)
        return selectors.claims_for_user(
            user=self.request.user,
            status=filters.get("status"),
            claim_type=filters.get("type"),
            min_score=filters.get("min_score"),
            article_id=filters.get("article"),
        )

    @extend_schema(
        parameters=[ClaimFilterSerializer],
        responses={200: ClaimSerializer(many=True), **errors(400, 401, 404)},
        summary="List and filter claims",
    )
    def get(self, request, *args, **kwargs):
        """Open claims by check-worthiness (every status but published and dismissed, unless `status` asks)."""
        return super().get(request, *args, **kwargs)


class ClaimDetailView(WorkbenchAPIView):
    @extend_schema(
        responses={200: ClaimDetailSerializer, **errors(401, 404)},
        summary="A claim with its verdict and marks",
    )
    def get(self, request, claim_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        return Response(ClaimDetailSerializer(claim).data)


class ClaimEvidenceView(WorkbenchAPIView):
    @extend_schema(
        responses={200: EvidenceSerializer(many=True), **errors(401, 404)},
        summary="A claim's evidence candidates",
    )
    def get(self, request, claim_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        return Response(EvidenceSerializer(claim.candidates.all(), many=True).data)


class ClaimMarksView(WorkbenchAPIView):
    @extend_schema(
        responses={200: EvidenceMarkSerializer(many=True), **errors(401, 404)},
        summary="A claim's evidence marks",
    )
    def get(self, request, claim_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        return Response(EvidenceMarkSerializer(claim.evidence_marks.all(), many=True).data)

    @extend_schema(
        request=EvidenceMarkWriteSerializer,
        responses={201: EvidenceMarkSerializer, **errors(400, 401, 403, 404, 429)},
        summary="Mark a document as supporting, refuting, context or irrelevant (fact-checkers)",
    )
    def post(self, request, claim_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        data = _validated(EvidenceMarkWriteSerializer, request.data)
        document = _document(data["document_id"])
        mark = services.evidence_mark(
            claim=claim,
            user=request.user,
            document=document,
            stance=data["stance"],
            note=data.get("note") or "",
            passage_start=data.get("passage_start"),
            passage_end=data.get("passage_end"),
        )
        return Response(EvidenceMarkSerializer(mark).data, status=status.HTTP_201_CREATED)


class ClaimMarkDetailView(WorkbenchAPIView):
    @extend_schema(responses={204: None, **errors(401, 403, 404, 429)}, summary="Clear a document's mark")
    def delete(self, request, claim_id: int, document_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        services.evidence_unmark(
            claim=claim, user=request.user, document=_document(document_id, missing=NotFound)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _document(document_id: int, *, missing=BadRequest) -> Document:
    document = Document.objects.filter(id=document_id).first()
    if document is None:
        raise missing("No such document.")
    return document


# -- verdicts and citations -----------------------------------------------------------------------------------


class ClaimVerdictView(WorkbenchAPIView):
    @extend_schema(responses={200: VerdictSerializer, **errors(401, 404)}, summary="A claim's verdict")
    def get(self, request, claim_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        verdict = getattr(claim, "verdict", None)
        if verdict is None:
            raise Http404("This claim has no verdict yet.")
        return Response(VerdictSerializer(verdict).data)

    @extend_schema(
        request=VerdictWriteSerializer,
        responses={200: VerdictSerializer, 201: VerdictSerializer, **errors(400, 401, 403, 404, 409, 429)},
        summary="Create or update the claim's draft verdict (fact-checkers)",
    )
    def put(self, request, claim_id: int):
        """Send the `version` you loaded; if someone saved since, the answer is 409 and nothing is overwritten."""
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        data = _validated(VerdictWriteSerializer, request.data)
        existing = getattr(claim, "verdict", None)
        if existing is not None and data.get("version") is None:
            raise BadRequest(
                "This claim has a verdict: send the version you loaded, so no one's work is overwritten."
            )
        verdict = services.verdict_save(
            claim=claim,
            user=request.user,
            rating=data["rating"],
            explanation=data["explanation"],
            version=data.get("version"),
        )
        verdict = selectors.verdict_get_for_user(user=request.user, verdict_id=verdict.id)
        return Response(
            VerdictSerializer(verdict).data,
            status=status.HTTP_200_OK if existing else status.HTTP_201_CREATED,
        )


class VerdictSubmitView(WorkbenchAPIView):
    @extend_schema(
        request=None,
        responses={200: VerdictSerializer, **errors(400, 401, 403, 404, 429)},
        summary="Send a verdict to the editors",
    )
    def post(self, request, verdict_id: int):
        verdict = selectors.verdict_get_for_user(user=request.user, verdict_id=verdict_id)
        services.verdict_submit(verdict=verdict, user=request.user)
        return Response(
            VerdictSerializer(selectors.verdict_get_for_user(user=request.user, verdict_id=verdict_id)).data
        )


class VerdictCitationsView(WorkbenchAPIView):
    @extend_schema(
        responses={200: CitationSerializer(many=True), **errors(401, 404)}, summary="A verdict's citations"
    )
    def get(self, request, verdict_id: int):
        verdict = selectors.verdict_get_for_user(user=request.user, verdict_id=verdict_id)
        return Response(CitationSerializer(verdict.citations.all(), many=True).data)

    @extend_schema(
        request=CitationWriteSerializer,
        responses={201: CitationSerializer, **errors(400, 401, 403, 404, 429)},
        summary="Cite a document or a URL (fact-checkers)",
    )
    def post(self, request, verdict_id: int):
        verdict = selectors.verdict_get_for_user(user=request.user, verdict_id=verdict_id)
        data = _validated(CitationWriteSerializer, request.data)
        document = _document(data["document_id"]) if data.get("document_id") else None
        citation = services.citation_add(
            verdict=verdict,
            user=request.user,
            url=data.get("url") or "",
            title=data.get("title") or "",
            quote=data.get("quote") or "",
            note=data.get("note") or "",
            document=document,
        )
        return Response(CitationSerializer(citation).data, status=status.HTTP_201_CREATED)


class VerdictCitationDetailView(WorkbenchAPIView):
    @extend_schema(
        responses={204: None, **errors(400, 401, 403, 404, 429)}, summary="Remove a citation (fact-checkers)"
    )
    def delete(self, request, verdict_id: int, citation_id: int):
        verdict = selectors.verdict_get_for_user(user=request.user, verdict_id=verdict_id)
        citation = next((c for c in verdict.citations.all() if c.id == citation_id), None)
        if citation is None:
            raise Http404("No such citation.")
        services.citation_remove(citation=citation, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class _ReviewView(WorkbenchAPIView):
    def reviewable(self, verdict_id: int):
        self.require("claims.review_verdict", "Only editors approve or return verdicts.")
        return selectors.verdict_get_for_review(user=self.request.user, verdict_id=verdict_id)


class VerdictApproveView(_ReviewView):
    @extend_schema(
        request=None,
        responses={200: VerdictSerializer, **errors(400, 401, 403, 404, 429)},
        summary="Approve and publish a submitted verdict (editors; never their own)",
    )
    def post(self, request, verdict_id: int):
        verdict = services.verdict_approve(verdict=self.reviewable(verdict_id), editor=request.user)
        return Response(
            VerdictSerializer(selectors.verdict_get_for_review(user=request.user, verdict_id=verdict.id)).data
        )


class VerdictReturnView(_ReviewView):
    @extend_schema(
        request=ReturnSerializer,
        responses={200: VerdictSerializer, **errors(400, 401, 403, 404, 429)},
        summary="Return a submitted verdict to its author with a comment (editors; never their own)",
    )
    def post(self, request, verdict_id: int):
        verdict = self.reviewable(verdict_id)
        data = _validated(ReturnSerializer, request.data)
        verdict = services.verdict_return(verdict=verdict, editor=request.user, comment=data["comment"])
        return Response(
            VerdictSerializer(selectors.verdict_get_for_review(user=request.user, verdict_id=verdict.id)).data
        )


# -- sources (admins) -------------------------------------------------------------------------------------------


def _source_for(request, source_id: int) -> Source:
    source = search_sources.sources_with_stats().filter(id=source_id).first()
    if source is None:
        raise Http404("No such source.")
    return source


class SourceListView(WorkbenchMixin, generics.ListAPIView):
    serializer_class = SourceSerializer

    def get_queryset(self):
        return search_sources.sources_with_stats().order_by("name")

    @extend_schema(
        responses={200: SourceSerializer(many=True), **errors(401, 403, 404)},
        summary="Sources, with document counts",
    )
    def get(self, request, *args, **kwargs):
        self.require("search.view_source", "Your role cannot see sources.")
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=SourceSerializer,
        responses={201: SourceSerializer, **errors(400, 401, 403, 429)},
        summary="Add a source (admins)",
    )
    def post(self, request):
        self.require("search.add_source", "Only admins manage sources.")
        data = _validated(SourceSerializer, request.data)
        source = search_sources.source_save(user=request.user, **data)
        return Response(
            SourceSerializer(_source_for(request, source.id)).data, status=status.HTTP_201_CREATED
        )


class SourceDetailView(WorkbenchAPIView):
    @extend_schema(responses={200: SourceSerializer, **errors(401, 403, 404)}, summary="A source")
    def get(self, request, source_id: int):
        self.require("search.view_source", "Your role cannot see sources.")
        return Response(SourceSerializer(_source_for(request, source_id)).data)

    @extend_schema(
        request=SourceSerializer(partial=True),
        responses={200: SourceSerializer, **errors(400, 401, 403, 404, 429)},
        summary="Change a source (admins)",
    )
    def patch(self, request, source_id: int):
        self.require("search.change_source", "Only admins manage sources.")
        source = _source_for(request, source_id)
        data = _validated(SourceSerializer, request.data, instance=source, partial=True)
        search_sources.source_save(user=request.user, source=source, **data)
        return Response(SourceSerializer(_source_for(request, source_id)).data)

    @extend_schema(
        responses={204: None, **errors(401, 403, 404, 409, 429)},
        summary="Delete a source without documents (admins)",
    )
    def delete(self, request, source_id: int):
        self.require("search.delete_source", "Only admins manage sources.")
        search_services.source_delete(user=request.user, source=_source_for(request, source_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- ClaimReview (public) -----------------------------------------------------------------------------------------


class ClaimReviewPagination(PageNumberPagination):
    page_size = 50


class ClaimReviewListView(APIView):
    """Every published fact-check as schema.org ClaimReview, newest first; retracted ones are not listed."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        auth=[],
        parameters=[
            OpenApiParameter("page", int, description="A page number within the paginated result set.")
        ],
        responses={200: CLAIMREVIEW_PAGE_SCHEMA, **errors(404)},
        summary="Published fact-checks as ClaimReview",
    )
    def get(self, request):
        paginator = ClaimReviewPagination()
        page = paginator.paginate_queryset(selectors.public_verdicts(), request, view=self)
        return paginator.get_paginated_response([claimreview.claimreview(v) for v in page])


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other path under /api/ answers a JSON 404, as the API's own 404s do, not the HTML page."""
    return JsonResponse({"detail": "Not found."}, status=404)
