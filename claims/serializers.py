"""API representations of articles, claims, evidence and verdicts."""

from rest_framework import serializers

from .models import Article, Citation, Claim, EvidenceCandidate, Verdict


class ArticleSubmitSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    html = serializers.BooleanField(required=False, allow_null=True, default=None)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    source_id = serializers.IntegerField(required=False, allow_null=True)

    def validate(self, data):
        if not (data.get("text") or "").strip() and not data.get("url"):
            raise serializers.ValidationError("Give the article's text, or its URL to fetch it: the article is empty.")
        return data


class ClaimSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="claim_type")

    class Meta:
        model = Claim
        fields = [
            "id", "article_id", "text", "original_text", "start", "end", "score", "type", "reasons", "attribution",
            "status", "evidence_status", "evidence_error", "assignee_id", "created_at",
        ]


class ArticleSerializer(serializers.ModelSerializer):
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "text", "url", "source_id", "published_at", "language", "created_at", "claims"]


class EvidenceSerializer(serializers.ModelSerializer):
    document_title = serializers.CharField(source="document.title")
    document_url = serializers.CharField(source="document.url")
    source = serializers.CharField(source="document.source.name")
    reliability = serializers.FloatField(source="document.source.reliability")

    class Meta:
        model = EvidenceCandidate
        fields = [
            "rank", "score", "document_id", "document_title", "document_url", "source", "reliability", "passage",
            "passage_start", "passage_end", "highlights", "query",
        ]


class CitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Citation
        fields = ["id", "url", "title", "quote", "note", "document_id", "added_at"]


class VerdictSerializer(serializers.ModelSerializer):
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = ["id", "claim_id", "rating", "explanation", "status", "version", "author_id", "reviewer_id",
                  "review_comment", "submitted_at", "published_at", "citations"]
