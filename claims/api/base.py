"""What every API endpoint shares: errors as answers, throttles, the base view, tokens, the JSON 404."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, NotAuthenticated, ParseError
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from claims import services
from claims.api.serializers import (
    ErrorSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from search import services as search_services
from search.models import Document, Source
from search.selectors.documents import document_get_for_user
from search.selectors.sources import source_get_for_user
from workbench.signin import lockout_message, lockout_seconds


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


def _too_big(exc):
    """A body past DATA_UPLOAD_MAX_MEMORY_SIZE: Django's refusal, said as the API's other 400s are."""
    if isinstance(exc, RequestDataTooBig):
        return ParseError(f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")
    return exc


class WorkbenchMixin:
    # Turns the services' errors into API answers: a workflow error is 400, a stale version 409.
    throttle_classes = [WriteThrottle]

    def handle_exception(self, exc):
        exc = _too_big(exc)
        if isinstance(exc, (services.VerdictConflict, services.ClaimHeld)):
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


def validated(serializer_class, data, **kwargs):
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token.

    Rate-limited per address (AuthThrottle), and under the same sign-in lockout as the login page (django-axes,
    through authenticate()): too many failures for the username or from the address answer 429.
    """

    authentication_classes: list = []
    throttle_classes = [AuthThrottle]
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # ObtainAuthToken names DRF's own JSONParser
    serializer_class = TokenRequestSerializer

    @extend_schema(
        auth=[],
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **errors(400, 415, 429)},
        summary="Exchange a username and password for an API token",
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes flags the request it was handed, which here is DRF's Request, not Django's.
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(wait=lockout_seconds(), detail=lockout_message())
            raise exceptions.ValidationError(serializer.errors)
        token = services.api_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    def handle_exception(self, exc):
        return super().handle_exception(_too_big(exc))


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other path under /api/ answers a JSON 404, as the API's own 404s do, not the HTML page."""
    return JsonResponse({"detail": "Not found."}, status=404)


def document_for(request, document_id, *, missing=BadRequest) -> Document:
    """The document a request names (in its body: 400 when there is none; in its path: pass missing=NotFound)."""
    try:
        return document_get_for_user(user=request.user, document_id=document_id)
    except Http404:
        raise missing("No such document.") from None


def document_source(request, source_id) -> Source:
    """The source an article is submitted under: 400 when there is no such source."""
    try:
        return source_get_for_user(user=request.user, source_id=source_id)
    except Http404:
        raise BadRequest("No such source.") from None
