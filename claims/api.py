"""The JSON API: token or session auth, the same services and permissions as the workbench pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from search.models import Source

from . import selectors, services
from .serializers import ArticleSerializer, ArticleSubmitSerializer, ClaimSerializer, EvidenceSerializer


class WriteThrottle(ScopedRateThrottle):
    scope_attr = "throttle_scope"

    def get_cache_key(self, request, view):
        self.scope = "writes"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


@extend_schema(request=ArticleSubmitSerializer, responses={201: ArticleSerializer, 200: ArticleSerializer})
@api_view(["POST"])
@throttle_classes([WriteThrottle])
def article_submit(request):
    """Submit an article as text or as a URL to fetch; the same article twice answers 200 with the first one."""
    if not request.user.has_perm("claims.add_article"):
        raise ApiPermissionDenied("Your role cannot submit articles.")
    serializer = ArticleSubmitSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    source = Source.objects.filter(id=data["source_id"]).first() if data.get("source_id") else None
    common = {"title": data.get("title") or "", "source": source, "published_at": data.get("published_at"), "submitted_by": request.user}
    try:
        if (data.get("text") or "").strip():
            result = services.article_ingest(text=data["text"], url=data.get("url") or "", html=data.get("html"), **common)
        else:
            result = services.article_ingest_url(url=data["url"], **common)
    except services.ArticleRejected as exc:
        return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
    except PermissionDenied as exc:
        raise ApiPermissionDenied(str(exc)) from exc
    article = selectors.article_get_for_user(user=request.user, article_id=result.article.id)
    return Response(ArticleSerializer(article).data, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


@extend_schema(responses=ArticleSerializer)
@api_view(["GET"])
def article_detail(request, article_id: int):
    try:
        article = selectors.article_get_for_user(user=request.user, article_id=article_id)
    except Http404 as exc:
        raise NotFound("No such article.") from exc
    return Response(ArticleSerializer(article).data)


@extend_schema(responses=ClaimSerializer(many=True))
@api_view(["GET"])
def claim_list(request):
    claims = selectors.claim_queue_for_user(user=request.user, status=request.query_params.get("status"), limit=None)
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(claims, request)
    return paginator.get_paginated_response(ClaimSerializer(page, many=True).data)


@extend_schema(responses=EvidenceSerializer(many=True))
@api_view(["GET"])
def claim_evidence(request, claim_id: int):
    try:
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
    except Http404 as exc:
        raise NotFound("No such claim.") from exc
    return Response(EvidenceSerializer(claim.candidates.all(), many=True).data)
