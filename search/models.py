"""Sources that admins manage, the documents they publish, and the embedded backend's index rows."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class SourceKind(models.TextChoices):
    NEWS_OUTLET = "news", "News outlet"
    WIRE = "wire", "Wire service"
    STATISTICS = "statistics", "Government / statistics office"
    FACT_CHECKER = "fact_checker", "Fact-checker"
    RESEARCH = "research", "Research / NGO"
    REFERENCE = "reference", "Reference"


# How often a feed may be polled: not more than every 5 minutes, and at least once a month.
POLL_INTERVAL_MINUTES = (5, 30 * 24 * 60)
# How many articles a monitored source may bring in one day.
DAILY_ARTICLE_CAP = (1, 1000)


class Source(models.Model):
    name = models.CharField(max_length=200, unique=True)
    homepage = models.URLField(blank=True)
    domain = models.CharField(max_length=253, blank=True, db_index=True)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS_OUTLET)
    reliability = models.FloatField(
        default=0.5, help_text="0 (unreliable) to 1 (highly reliable); boosts this source's documents."
    )
    language = models.CharField(max_length=8, default="en")
    feed_url = models.URLField(blank=True)
    poll_interval_minutes = models.PositiveIntegerField(
        default=60,
        validators=[MinValueValidator(POLL_INTERVAL_MINUTES[0]), MaxValueValidator(POLL_INTERVAL_MINUTES[1])],
        help_text="From 5 minutes to 43,200 (30 days).",
    )
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    feed_etag = models.CharField(
        max_length=500, blank=True, help_text="From the feed's last answer, for a conditional GET."
    )
    feed_last_modified = models.CharField(max_length=100, blank=True)
    monitor_claims = models.BooleanField(
        "Monitor for claims",
        default=False,
        help_text="The feed's items also become articles, and their check-worthy claims go to the queue.",
    )
    daily_article_cap = models.PositiveIntegerField(
        default=50,
        validators=[MinValueValidator(DAILY_ARTICLE_CAP[0]), MaxValueValidator(DAILY_ARTICLE_CAP[1])],
        help_text="Most articles a monitored feed brings in one day (1 to 1,000); later items wait for the next day.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__gte=0) & Q(reliability__lte=1), name="source_reliability_0_1"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SourcePoll(models.Model):
    """One poll of a source's feed: what it brought (documents; for a monitored source articles and claims), or why not."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="polls")
    polled_at = models.DateTimeField(default=timezone.now)
    not_modified = models.BooleanField(default=False)
    items = models.PositiveIntegerField(default=0, help_text="Items read from the feed.")
    documents = models.PositiveIntegerField(default=0, help_text="New documents for the evidence corpus.")
    articles = models.PositiveIntegerField(default=0, help_text="New articles (monitored sources).")
    claims = models.PositiveIntegerField(default=0, help_text="Their claims that went to the queue.")
    duplicates = models.PositiveIntegerField(
        default=0, help_text="Items whose URL or text is an article already."
    )
    capped = models.PositiveIntegerField(default=0, help_text="Items left for tomorrow by the daily cap.")
    error = models.TextField(blank=True, help_text="Why the feed was not read, or what was wrong with it.")
    item_errors = models.JSONField(
        default=list, blank=True, help_text="[url, reason] of each item that did not become an article."
    )

    class Meta:
        ordering = ["-polled_at", "-id"]
        indexes = [models.Index(fields=["source", "polled_at"])]

    def __str__(self) -> str:
        return f"{self.source_id} at {self.polled_at:%Y-%m-%d %H:%M}"


class DocumentQuerySet(models.QuerySet):
    def needing_index(self):
        return self.filter(Q(indexed_at__isnull=True) | Q(indexed_at__lt=F("updated_at")))


class Document(models.Model):
    # Only the indexes reads need: every one is rewritten when a document is saved or marked indexed, and
    # imports write tens of thousands. (source, external_key) also serves lookups by source alone, and a
    # unique constraint on url adds no second, pattern-matching index as unique=True does on PostgreSQL.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="documents", db_index=False)
    title = models.CharField(max_length=500)
    body = models.TextField()
    url = models.URLField(max_length=1000)
    external_key = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=8, default="en")
    fetched_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["source", "external_key"])]
        constraints = [models.UniqueConstraint(fields=["url"], name="document_unique_url")]

    def __str__(self) -> str:
        return self.title


class EmbeddedIndexEntry(models.Model):
    """One document in one index of the embedded search backend (the database is the search engine)."""

    index_name = models.CharField(max_length=200)
    document_id = models.BigIntegerField()
    title = models.TextField()
    body = models.TextField()
    url = models.TextField(blank=True)
    source_id = models.BigIntegerField(null=True)
    source_name = models.CharField(max_length=200, blank=True)
    source_kind = models.CharField(max_length=20, blank=True)
    reliability = models.FloatField(default=0.5)
    published_at = models.DateTimeField(null=True)
    language = models.CharField(max_length=8, blank=True)
    external_key = models.CharField(max_length=200, blank=True)
    search_text = models.TextField(
        blank=True, help_text="Stemmed title and body, for the database's full-text search."
    )
    passages = models.JSONField(
        default=list, blank=True, help_text="[start, end] of each passage of the body (search/passages.py)."
    )
    vectors = models.BinaryField(
        default=b"",
        blank=True,
        help_text="float32 sentence vectors written at indexing: the document's, then each passage's in order "
        "(search/backends/embedded_vectors.py); empty when embeddings were off.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["index_name", "document_id"], name="embedded_entry_unique_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.index_name}/{self.document_id}"


class EmbeddedIndexAlias(models.Model):
    """Which physical embedded index an alias points at, so a rebuild can swap with no downtime."""

    alias = models.CharField(max_length=200, unique=True)
    index_name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.alias} -> {self.index_name}"


class EmbeddedStoredQuery(models.Model):
    """A query new documents are checked against on the embedded backend (search/stored_queries.py's rule)."""

    registry = models.CharField(max_length=200)
    key = models.CharField(max_length=200)
    terms = models.TextField(help_text="The query's distinct analysed terms, space-separated.")
    minimum = models.PositiveSmallIntegerField(help_text="How many of the terms a document must contain.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registry", "key"], name="embedded_stored_query_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.registry}/{self.key}"
