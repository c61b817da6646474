"""API representations of a claim's evidence candidates: relevance, every passage shown, and the stance hint."""

from rest_framework import serializers

from claims.models import EvidenceCandidate

_SUGGESTED_STANCE = "Suggested stance: supports, refutes or neither; empty when none was suggested."


class EvidenceReasonSerializer(serializers.Serializer):
    """Why a stance was suggested: a stance cue, or figures compared (`Figures agree`, `Different period`)."""

    label = serializers.CharField(read_only=True)
    match = serializers.CharField(
        read_only=True, default="", help_text="The words as they appear in the text."
    )


class EvidencePassageSerializer(serializers.Serializer):
    """One passage shown for a document, with its offsets in the document and its own stance hint."""

    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    highlights = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        read_only=True,
        default=list,
        help_text="[start, end] offsets into `text` of the words that matched.",
    )
    score = serializers.FloatField(read_only=True, allow_null=True, default=None)
    stance = serializers.CharField(read_only=True, default="", help_text=_SUGGESTED_STANCE)
    stance_confidence = serializers.FloatField(read_only=True, allow_null=True, default=None)
    stance_shown = serializers.BooleanField(
        read_only=True, default=False, help_text="Confident enough to show the stance as a suggestion."
    )
    reasons = EvidenceReasonSerializer(many=True, read_only=True, default=list)


class EvidenceSerializer(serializers.ModelSerializer):
    document_id = serializers.IntegerField(read_only=True)
    stance = serializers.CharField(read_only=True, help_text=_SUGGESTED_STANCE)
    reasons = EvidenceReasonSerializer(many=True, read_only=True)
    passages = EvidencePassageSerializer(
        many=True, read_only=True, help_text="Every passage shown for this document, best first."
    )
    document_title = serializers.CharField(source="document.title")
    document_url = serializers.CharField(source="document.url")
    source = serializers.CharField(source="document.source.name")
    reliability = serializers.FloatField(source="document.source.reliability")

    class Meta:
        model = EvidenceCandidate
        fields = [
            "rank",
            "score",
            "document_id",
            "document_title",
            "document_url",
            "source",
            "reliability",
            "passage",
            "passage_start",
            "passage_end",
            "highlights",
            "relevance",
            "stance",
            "stance_confidence",
            "stance_shown",
            "reasons",
            "passages",
            "query",
        ]
