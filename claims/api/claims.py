"""API endpoints for articles, claims, their evidence and evidence marks."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from claims import selectors, services
from claims.api.base import (
    WorkbenchAPIView,
    WorkbenchMixin,
    document_for,
    document_source,
    errors,
    validated,
)
from claims.api.evidence_serializers import EvidenceSerializer
from claims.api.pagination import Pages
from claims.api.serializers import (
    ArticleSerializer,
    ArticleSubmitSerializer,
    ClaimDetailSerializer,
    ClaimFilterSerializer,
    ClaimSerializer,
    EvidenceMarkSerializer,
    EvidenceMarkWriteSerializer,
)


class ArticleSubmitView(WorkbenchAPIView):
    @extend_schema(
        request=ArticleSubmitSerializer,
        responses={201: ArticleSerializer, 200: ArticleSerializer, **errors(400, 401, 403, 415, 429)},
        summary="Submit an article as text or as a URL to fetch",
    )
    def post(self, request):
        """The same article twice answers 200 with the first one; its check-worthy claims enter the queue."""
        self.require("claims.add_article", "Your role cannot submit articles.")
        data = validated(ArticleSubmitSerializer, request.data)
        source = None
        if data.get("source_id"):
            source = document_source(request, data["source_id"])
        result = services.article_submit(
            submitted_by=request.user,
            text=data.get("text") or "",
            url=data.get("url") or "",
            title=data.get("title") or "",
            source=source,
            published_at=data.get("published_at"),
            html=data.get("html"),
        )
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


class ClaimListView(WorkbenchMixin, generics.ListAPIView):
    serializer_class = ClaimSerializer
    pagination_class = Pages

    def get_queryset(self):
        filters = validated(ClaimFilterSerializer, self.request.query_params)
        return selectors.claims_for_user(
            user=self.request.user,
            status=filters.get("status") or None,
            claim_type=filters.get("type") or None,
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
        return Response(ClaimDetailSerializer(claim, context={"user": request.user}).data)


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
        responses={201: EvidenceMarkSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
        summary="Mark a document as supporting, refuting, context or irrelevant (fact-checkers)",
    )
    def post(self, request, claim_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        data = validated(EvidenceMarkWriteSerializer, request.data)
        document = document_for(request, data["document_id"])
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
    @extend_schema(
        responses={204: None, **errors(400, 401, 403, 404, 409, 429)}, summary="Clear a document's mark"
    )
    def delete(self, request, claim_id: int, document_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        services.evidence_unmark(
            claim=claim, user=request.user, document=document_for(request, document_id, missing=NotFound)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
