"""API representations of articles, claims, evidence, verdicts and sources, and the input each write accepts."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from claims.api.fields import ClaimTypeLabelField, JSONTyped, JSONTypedModelSerializer, WebURLField
from claims.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    EvidenceMark,
    Stance,
    Verdict,
)
from search.models import POLL_INTERVAL_MINUTES, Source, SourceKind

MAX_ID = 2**53  # ids beyond what JSON numbers hold exactly are never ours
EARLIEST_PUBLISHED = datetime(1800, 1, 1, tzinfo=UTC)


def _rating_choices():
    return [("", "unrated"), *settings.WORKBENCH["VERDICT_RATINGS"]]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class TokenRequestSerializer(JSONTyped, AuthTokenSerializer):
    """A username and a password, as JSON strings."""


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


class ArticleSubmitSerializer(JSONTyped, serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    url = WebURLField(required=False, allow_blank=True, max_length=1000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    html = serializers.BooleanField(required=False, allow_null=True, default=None)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    source_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)

    def validate_published_at(self, value):
        if value is not None and not EARLIEST_PUBLISHED <= value <= timezone.now() + timedelta(days=7):
            raise serializers.ValidationError(
                "Give the date the article was published: from 1800 up to a week from now."
            )
        return value

    def validate(self, data):
        if not (data.get("text") or "").strip() and not data.get("url"):
            raise serializers.ValidationError(
                "Give the article's text, or its URL to fetch it: the article is empty."
            )
        return data


class ClaimSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="claim_type")
    type_label = ClaimTypeLabelField()
    article_id = serializers.IntegerField(read_only=True)
    assignee_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article_id",
            "text",
            "original_text",
            "start",
            "end",
            "score",
            "type",
            "type_label",
            "reasons",
            "attribution",
            "status",
            "evidence_status",
            "evidence_strength",
            "evidence_error",
            "assignee_id",
            "created_at",
        ]


class ClaimFilterSerializer(serializers.Serializer):
    """Query parameters of the claim list. A parameter given empty (`?type=`) filters nothing, as if left out;
    a number given empty is refused, as the schema says a number is expected."""

    status = serializers.ChoiceField(
        choices=ClaimStatus.choices,
        required=False,
        allow_blank=True,
        help_text="Default (or empty): every open status.",
    )
    type = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text="Claim type, e.g. quantity or laws_rules; empty: any.",
    )
    min_score = serializers.FloatField(
        required=False, min_value=0, max_value=1, help_text="Lowest check-worthiness."
    )
    article = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Only this article's claims."
    )

    def to_internal_value(self, data):
        # DRF reads an empty query parameter as one left out; for a number that hides a mistake.
        empty = [name for name in ("min_score", "article") if name in data and data[name] == ""]
        if empty:
            raise serializers.ValidationError({name: ["A valid number is required."] for name in empty})
        return super().to_internal_value(data)


class ArticleSerializer(serializers.ModelSerializer):
    claims = ClaimSerializer(many=True, read_only=True)
    source_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "text",
            "url",
            "source_id",
            "published_at",
            "language",
            "created_at",
            "claims",
        ]


class CitationSerializer(serializers.ModelSerializer):
    document_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Citation
        fields = ["id", "url", "title", "quote", "note", "document_id", "added_at"]


class VerdictSerializer(serializers.ModelSerializer):
    claim_id = serializers.IntegerField(read_only=True)
    author_id = serializers.IntegerField(read_only=True)
    reviewer_id = serializers.IntegerField(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim_id",
            "rating",
            "explanation",
            "status",
            "version",
            "author_id",
            "reviewer_id",
            "review_comment",
            "submitted_at",
            "published_at",
            "modified_at",
            "citations",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context.get("user")
        if user is not None and instance.hidden_from(user):
            # Whoever may rate it blind must not read it first (BLIND_SECOND_REVIEW).
            data["rating"], data["explanation"], data["citations"] = "", "", []
        return data


class EvidenceMarkSerializer(serializers.ModelSerializer):
    claim_id = serializers.IntegerField(read_only=True)
    document_id = serializers.IntegerField(read_only=True)
    reviewer_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = EvidenceMark
        fields = [
            "id",
            "claim_id",
            "document_id",
            "stance",
            "passage",
            "passage_start",
            "passage_end",
            "note",
            "reviewer_id",
            "marked_at",
        ]


class ClaimDetailSerializer(ClaimSerializer):
    verdict = VerdictSerializer(read_only=True, allow_null=True)
    evidence_marks = EvidenceMarkSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "verdict", "evidence_marks"]


class VerdictWriteSerializer(JSONTyped, serializers.Serializer):
    rating = serializers.ChoiceField(choices=[], allow_blank=True)
    explanation = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=50_000)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="The version you loaded; required once the verdict exists. A stale one answers 409.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = _rating_choices()


class CitationWriteSerializer(JSONTyped, serializers.Serializer):
    url = WebURLField(required=False, allow_blank=True, max_length=1000)
    document_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    quote = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    note = serializers.CharField(required=False, allow_blank=True, max_length=10_000)

    def validate(self, data):
        if not data.get("url") and not data.get("document_id"):
            raise serializers.ValidationError("Cite a document (document_id) or give a URL.")
        return data


class EvidenceMarkWriteSerializer(JSONTyped, serializers.Serializer):
    document_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    stance = serializers.ChoiceField(choices=Stance.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    passage_start = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_ID)
    passage_end = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_ID)


class ReturnSerializer(JSONTyped, serializers.Serializer):
    comment = serializers.CharField(max_length=10_000, help_text="What needs to change; the author sees it.")


class SourceSerializer(JSONTypedModelSerializer):
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    reliability = serializers.FloatField(min_value=0, max_value=1, required=False)
    poll_interval_minutes = serializers.IntegerField(
        min_value=POLL_INTERVAL_MINUTES[0],
        max_value=POLL_INTERVAL_MINUTES[1],
        required=False,
        help_text="How often the feed is polled: from 5 minutes to 43,200 (30 days).",
    )
    document_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "homepage",
            "domain",
            "kind",
            "reliability",
            "language",
            "feed_url",
            "poll_interval_minutes",
            "active",
            "monitor_claims",
            "daily_article_cap",
            "notes",
            "last_fetched_at",
            "last_error",
            "created_at",
            "document_count",
        ]
        read_only_fields = ["last_fetched_at", "last_error", "created_at"]


_THING = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {"@type": {"type": "string"}, "name": {"type": "string"}},
}

CLAIMREVIEW_SCHEMA = {
    "type": "object",
    "description": "A schema.org ClaimReview (https://schema.org/ClaimReview) of one published fact-check.",
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "itemReviewed",
        "reviewRating",
    ],
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string"},
        "datePublished": {"type": "string", "format": "date-time"},
        "dateModified": {
            "type": "string",
            "format": "date-time",
            "description": "When it was last corrected.",
        },
        "reviewBody": {"type": "string"},
        "author": {
            "type": "object",
            "required": ["@type", "name", "url"],
            "properties": {
                "@type": {"type": "string", "enum": ["Organization"]},
                "name": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "logo": {"type": "string", "format": "uri"},
            },
        },
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "appearance"],
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "author": _THING,
                "datePublished": {"type": "string", "format": "date-time"},
                "appearance": {
                    "type": "object",
                    "required": ["@type", "headline"],
                    "properties": {
                        "@type": {"type": "string", "enum": ["CreativeWork"]},
                        "headline": {"type": "string"},
                        "url": {"type": "string"},
                        "datePublished": {"type": "string", "format": "date-time"},
                        "publisher": _THING,
                    },
                },
            },
        },
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "description": "ratingValue, bestRating and worstRating are absent for ratings off the true-false scale.",
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "alternateName": {"type": "string"},
                "name": {"type": "string"},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
            },
        },
    },
}

CLAIMREVIEW_PAGE_SCHEMA = {
    "type": "object",
    "required": ["count", "results"],
    "properties": {
        "count": {"type": "integer"},
        "next": {"type": "string", "format": "uri", "nullable": True},
        "previous": {"type": "string", "format": "uri", "nullable": True},
        "results": {"type": "array", "items": CLAIMREVIEW_SCHEMA},
    },
}
