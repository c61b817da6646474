"""API endpoints for sources (admins manage them; fact-checkers may read them)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from claims.api.base import WorkbenchAPIView, WorkbenchMixin, errors, validated
from claims.api.pagination import Pages
from claims.api.serializers import (
    SourceSerializer,
)
from search import services as search_services
from search.models import Source
from search.selectors.sources import source_get_for_user, sources_with_stats


def _source_for(request, source_id: int) -> Source:
    return source_get_for_user(user=request.user, source_id=source_id, with_stats=True)


class SourceListView(WorkbenchMixin, generics.ListAPIView):
    serializer_class = SourceSerializer
    pagination_class = Pages

    def get_queryset(self):
        return sources_with_stats().order_by("name")

    @extend_schema(
        responses={200: SourceSerializer(many=True), **errors(401, 403, 404)},
        summary="Sources, with document counts",
    )
    def get(self, request, *args, **kwargs):
        self.require("search.view_source", "Your role cannot see sources.")
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=SourceSerializer,
        responses={201: SourceSerializer, **errors(400, 401, 403, 415, 429)},
        summary="Add a source (admins)",
    )
    def post(self, request):
        self.require("search.add_source", "Only admins manage sources.")
        data = validated(SourceSerializer, request.data)
        source = search_services.source_save(user=request.user, **data)
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
        responses={200: SourceSerializer, **errors(400, 401, 403, 404, 415, 429)},
        summary="Change a source (admins)",
    )
    def patch(self, request, source_id: int):
        self.require("search.change_source", "Only admins manage sources.")
        source = _source_for(request, source_id)
        data = validated(SourceSerializer, request.data, instance=source, partial=True)
        search_services.source_save(user=request.user, source=source, **data)
        return Response(SourceSerializer(_source_for(request, source_id)).data)

    @extend_schema(
        responses={204: None, **errors(401, 403, 404, 409, 429)},
        summary="Delete a source without documents (admins)",
    )
    def delete(self, request, source_id: int):
        self.require("search.delete_source", "Only admins manage sources.")
        search_services.source_delete(user=request.user, source=_source_for(request, source_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
