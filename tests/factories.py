"""factory_boy factories for the workbench's models."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import Article, Citation, Claim, EvidenceCandidate, Verdict
from search.models import Document, Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            from claims.roles import sync_roles

            if not Group.objects.filter(name=extracted).exists():
                sync_roles()
            self.groups.add(Group.objects.get(name=extracted))
            if extracted == "Admin":
                self.is_staff = True
                self.save(update_fields=["is_staff"])


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Source {n}")
    kind = "news"
    reliability = 0.7


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    source = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    body = "A document body."
    url = factory.Sequence(lambda n: f"https://news.example.org/{n}")
    published_at = factory.LazyFunction(timezone.now)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    text = "Unemployment fell to 3.5% in March, the statistics office said."
    content_hash = factory.Sequence(lambda n: f"{n:064d}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    text = factory.LazyAttribute(lambda c: c.article.text)
    original_text = factory.LazyAttribute(lambda c: c.text)
    start = 0
    end = factory.LazyAttribute(lambda c: len(c.text))
    score = 0.8
    claim_type = "quantity"
    reasons = factory.LazyFunction(
        lambda: [{"code": "quantity", "label": "States a quantity", "match": "3.5%", "weight": 0.3}]
    )


class EvidenceCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceCandidate

    claim = factory.SubFactory(ClaimFactory)
    document = factory.SubFactory(DocumentFactory)
    rank = factory.Sequence(lambda n: n + 1)
    score = 1.0
    passage = factory.LazyAttribute(lambda c: c.document.body[:200])
    passage_start = 0
    passage_end = factory.LazyAttribute(lambda c: len(c.passage))


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    author = factory.SubFactory(UserFactory, role="Fact-checker")
    rating = "false"
    explanation = "The statistics office's figure for March was 3.9%, not 3.5%."


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    verdict = factory.SubFactory(VerdictFactory)
    url = factory.Sequence(lambda n: f"https://stats.example.org/release/{n}")
    title = "Labour market release"
    added_by = factory.LazyAttribute(lambda c: c.verdict.author)


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.AuditEvent"

    claim = factory.SubFactory(ClaimFactory)
    actor = factory.SubFactory(UserFactory, role="Fact-checker")
    action = "claim.assigned"
    data = factory.LazyFunction(dict)


class BlindReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.BlindReview"

    verdict = factory.SubFactory(VerdictFactory)
    reviewer = factory.SubFactory(UserFactory, role="Fact-checker")
    rating = "false"
