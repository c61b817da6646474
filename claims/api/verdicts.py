"""API endpoints for verdicts: drafts, citations, submission, the editors' decisions, and the public ClaimReview list."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.api.base import BadRequest, WorkbenchAPIView, document_for, errors, validated
from claims.api.pagination import ClaimReviewPages
from claims.api.serializers import (
    CLAIMREVIEW_PAGE_SCHEMA,
    CitationSerializer,
    CitationWriteSerializer,
    ReturnSerializer,
    VerdictSerializer,
    VerdictWriteSerializer,
)
from claims.selectors import claimreview


class ClaimVerdictView(WorkbenchAPIView):
    @extend_schema(responses={200: VerdictSerializer, **errors(401, 404)}, summary="A claim's verdict")
    def get(self, request, claim_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        verdict = getattr(claim, "verdict", None)
        if verdict is None:
            raise Http404("This claim has no verdict yet.")
        return Response(VerdictSerializer(verdict, context={"user": request.user}).data)

    @extend_schema(
        request=VerdictWriteSerializer,
        responses={
            200: VerdictSerializer,
            201: VerdictSerializer,
            **errors(400, 401, 403, 404, 409, 415, 429),
        },
        summary="Create or update the claim's draft verdict (fact-checkers)",
    )
    def put(self, request, claim_id: int):
        """Send the `version` you loaded; if someone saved since, the answer is 409 and nothing is overwritten."""
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        data = validated(VerdictWriteSerializer, request.data)
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
            VerdictSerializer(verdict, context={"user": request.user}).data,
            status=status.HTTP_200_OK if existing else status.HTTP_201_CREATED,
        )


class VerdictSubmitView(WorkbenchAPIView):
    @extend_schema(
        request=None,
        responses={200: VerdictSerializer, **errors(400, 401, 403, 404, 409, 429)},
        summary="Send a verdict to the editors",
    )
    def post(self, request, verdict_id: int):
        verdict = selectors.verdict_get_for_user(user=request.user, verdict_id=verdict_id)
        services.verdict_submit(verdict=verdict, user=request.user)
        return Response(
            VerdictSerializer(
                selectors.verdict_get_for_user(user=request.user, verdict_id=verdict_id),
                context={"user": request.user},
            ).data
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
        responses={201: CitationSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
        summary="Cite a document or a URL (fact-checkers)",
    )
    def post(self, request, verdict_id: int):
        verdict = selectors.verdict_get_for_user(user=request.user, verdict_id=verdict_id)
        return _cite(request, verdict=verdict)


class ClaimCitationsView(WorkbenchAPIView):
    @extend_schema(
        request=CitationWriteSerializer,
        responses={201: CitationSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
        summary="Cite a document or a URL for a claim; its verdict is begun as a draft if it has none",
    )
    def post(self, request, claim_id: int):
        claim = selectors.claim_get_for_user(user=request.user, claim_id=claim_id)
        return _cite(request, claim=claim)


def _cite(request, **target) -> Response:
    """The web's citing rule, for both API routes: the service begins the draft when the claim has none."""
    data = validated(CitationWriteSerializer, request.data)
    document = document_for(request, data["document_id"]) if data.get("document_id") else None
    citation = services.citation_add(
        **target,
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
        responses={204: None, **errors(400, 401, 403, 404, 409, 429)},
        summary="Remove a citation (fact-checkers)",
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
        responses={200: VerdictSerializer, **errors(400, 401, 403, 404, 415, 429)},
        summary="Return a submitted verdict to its author with a comment (editors; never their own)",
    )
    def post(self, request, verdict_id: int):
        verdict = self.reviewable(verdict_id)
        data = validated(ReturnSerializer, request.data)
        verdict = services.verdict_return(verdict=verdict, editor=request.user, comment=data["comment"])
        return Response(
            VerdictSerializer(selectors.verdict_get_for_review(user=request.user, verdict_id=verdict.id)).data
        )


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
        paginator = ClaimReviewPages()
        page = paginator.paginate_queryset(selectors.public_verdicts(), request, view=self)
        return paginator.get_paginated_response([claimreview.claimreview(v) for v in page])
