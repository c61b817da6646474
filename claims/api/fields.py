"""What the API's serializers share: a JSON body's values have the JSON types the schema gives them (and
a claim's type goes out as its label too, ClaimTypeLabelField).

DRF is lenient as HTML forms need: it takes 0 for false, 1.5 for "1.5" and true for 1.0. A form has only
strings, so that is right for forms; in a JSON body a text given as a number, or a yes/no given as 0, is more
likely a mistake than a wish, and is a 400 like any other. A number given as a string ("5") is still taken,
as it always was: scripts send ids they read from URLs. NUL characters are refused by DRF's CharField itself
("Null characters are not allowed."): PostgreSQL cannot store them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.selectors.queue import claim_type_label

# DRF's URLField takes what Django's URLValidator takes: these schemes, and a host.
WEB_URL_PATTERN = r"^(?:https?|ftps?)://"

# (field class, the JSON values it takes, what to say otherwise); the first class the field is an instance of.
_JSON_TYPES = [
    (serializers.BooleanField, (bool,), "Must be true or false."),
    (serializers.IntegerField, (int, str), "Must be a whole number."),
    (serializers.FloatField, (int, float, str), "Must be a number."),
    (serializers.CharField, (str,), "Must be a string."),
    (serializers.ChoiceField, (str,), "Must be one of the listed strings."),
    (serializers.DateTimeField, (str,), "Must be a date and time as a string (ISO 8601)."),
]


def _type_problem(field, value) -> str | None:
    for kind, types, said in _JSON_TYPES:
        if isinstance(field, kind):
            wrong = not isinstance(value, types) or (isinstance(value, bool) and bool not in types)
            return said if wrong else None
    return None


class JSONTyped:
    """Serializer mixin: in a JSON body, each value given is of its field's JSON type (null where allowed)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and not isinstance(data, QueryDict):
            errors = {
                name: [problem]
                for name, field in self.fields.items()
                if not field.read_only and name in data and data[name] is not None
                if (problem := _type_problem(field, data[name]))
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "format": "uri", "pattern": WEB_URL_PATTERN})
class WebURLField(serializers.URLField):
    """A URLField whose schema says the schemes it takes."""


class JSONTypedModelSerializer(JSONTyped, serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: WebURLField,
    }


class ClaimTypeLabelField(serializers.CharField):
    """A claim's type (read-only) as its one label, the one the workspace and the queue show."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The claim type's label, as the workbench's pages show it.")
        super().__init__(source="claim_type", read_only=True, **kwargs)

    def to_representation(self, value: str) -> str:
        return claim_type_label(value)
