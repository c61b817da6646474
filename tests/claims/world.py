"""The world the permission matrix acts on: one of everything, each made the first time a case names it.

Everything is written by the world's author, never by the person acting. Claims with work on them are released
after it, so whoever may work on a claim can: the matrix is about roles, and the holder rule has its own tests
(tests/claims/services/test_record_holds.py).
"""

from __future__ import annotations

from claims import services
from claims.models import ClaimCluster, ClusterMembership, FactCheckMatch, MatchStatus
from tests.claims.publishing import publish
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    DocumentFactory,
    EvidenceCandidateFactory,
    SourceFactory,
    UserFactory,
)

SPLITTABLE = "Unemployment fell to 3.5% in March, and exports rose 12% to $4.5 billion in May."
TWO_SENTENCES = ("Exports rose 5% in May.", "Imports fell 2% in June.")


class World(dict):
    """A dict whose missing entries are made on first use (str.format_map reads it too)."""

    def __init__(self, *, author, editor):
        super().__init__(author=author, editor=editor)

    def __missing__(self, name: str):
        MAKERS[name](self)
        return self[name]


def _claim(w: World) -> None:
    w["claim"] = claim = ClaimFactory(article__text=SPLITTABLE)
    w["split_at"] = services.split_points(claim)[0]
    w["document"] = EvidenceCandidateFactory(claim=claim).document
    fact_check = DocumentFactory(source=SourceFactory(name="Earlier checks", kind="fact_checker"))
    w["match"] = FactCheckMatch.objects.create(
        claim=claim, document=fact_check, similarity=0.9, status=MatchStatus.SUGGESTED
    )


def _article(w: World) -> None:
    # Fetching it again is refused (a loopback address) before any connection: nothing changes, whoever asks.
    w["article"] = article = ArticleFactory(text=" ".join(TWO_SENTENCES), url="http://127.0.0.1:9/refused")
    first, second = TWO_SENTENCES
    w["adjacent"] = [
        ClaimFactory(article=article, text=first, start=0, end=len(first)).id,
        ClaimFactory(article=article, text=second, start=len(first) + 1, end=len(article.text)).id,
    ]


def _draft(w: World) -> None:
    author = w["author"]
    draft = services.verdict_save(
        claim=ClaimFactory(), user=author, rating="false", explanation="Wrong.", version=None
    )
    w["citation"] = services.citation_add(verdict=draft, user=author, url="https://stats.example.org/draft")
    services.citation_add(verdict=draft, user=author, url="https://stats.example.org/keep")
    services.evidence_mark(claim=draft.claim, user=author, document=w["document"], stance="supports")
    w["draft"] = draft = services.verdict_save(
        claim=draft.claim, user=author, rating="true", explanation="Right.", version=draft.version
    )
    services.claim_release(claim=draft.claim, user=author)
    w["first_revision"] = draft.revisions.earliest("id").id
    w["last_revision"] = draft.revisions.latest("id").id


def _submitted(w: World) -> None:
    w["submitted"] = publish(ClaimFactory(), w["author"], None)


def _published(w: World) -> None:
    w["published"] = publish(ClaimFactory(), w["author"], w["editor"])


def _held(w: World) -> None:
    w["held"] = ClaimFactory()
    services.claim_take(claim=w["held"], user=w["author"])


def _clusters(w: World) -> None:
    """A cluster whose first claim is published, a repeat of it in the cluster, and a second cluster to merge."""
    w["cluster"] = cluster = ClaimCluster.objects.create()
    ClusterMembership.objects.create(claim=w["published"].claim, cluster=cluster, reason="started")
    w["repeat"] = ClaimFactory(text=w["published"].claim.text)
    ClusterMembership.objects.create(claim=w["repeat"], cluster=cluster, reason="matched", score=0.9)
    w["other_cluster"] = other = ClaimCluster.objects.create()
    ClusterMembership.objects.create(claim=ClaimFactory(), cluster=other, reason="started")


def _proposal(w: World) -> None:
    w["proposal"] = services.verdict_correct(
        verdict=publish(ClaimFactory(), w["author"], w["editor"]),
        editor=UserFactory(role="Editor"),
        explanation="The office revised March.",
        rating="mostly-false",
    )


def _sources(w: World) -> None:
    w["source"] = SourceFactory(name="Wire with documents", feed_url="http://127.0.0.1:9/feed.xml")
    w["empty_source"] = SourceFactory(name="Empty source")


MAKERS = {
    **dict.fromkeys(["claim", "split_at", "document", "match"], _claim),
    **dict.fromkeys(["article", "adjacent"], _article),
    **dict.fromkeys(["draft", "citation", "first_revision", "last_revision"], _draft),
    "submitted": _submitted,
    "published": _published,
    "held": _held,
    "proposal": _proposal,
    **dict.fromkeys(["cluster", "repeat", "other_cluster"], _clusters),
    **dict.fromkeys(["source", "empty_source"], _sources),
}
