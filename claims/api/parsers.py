"""The API's JSON parser: a body too large or nested too deep is a 400 with a reason, before json.loads recurses."""

from __future__ import annotations

import re

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json

# No request body of ours nests past 2 levels; Python's parser recurses once per level and fails near 1,000.
MAX_DEPTH = 50

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_EMPTY_PAIR = re.compile(r"\[\]|\{\}")


def nesting_problem(text: str, *, limit: int = MAX_DEPTH) -> str | None:
    """Why the JSON text's nesting is refused (deeper than `limit`, or brackets that do not pair), or None.

    Without recursing: strings are blanked, then every pass removes the innermost empty pairs, one level a
    pass, so a text that is not empty after `limit` passes nests deeper than that.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(limit):
        if not brackets:
            return None
        reduced = _EMPTY_PAIR.sub("", brackets)
        if reduced == brackets:
            return "its brackets do not pair up"
        brackets = reduced
    if brackets:
        return f"it nests more than {limit} levels deep (the API accepts at most {limit})"
    return None


def max_body_bytes() -> int | None:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser behind two limits: the body's size (DATA_UPLOAD_MAX_MEMORY_SIZE) and MAX_DEPTH."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        limit = max_body_bytes()
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise ParseError(f"The JSON body is larger than {limit} bytes; send less.")
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON parse error - the body is not valid {encoding}: {exc.reason}.") from None
        problem = nesting_problem(text)
        if problem:
            raise ParseError(f"JSON parse error - {problem}.")
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
