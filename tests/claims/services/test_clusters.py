"""A claim said again joins the cluster of the claim it repeats, as it arrives; on both search backends."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.models import Claim, ClaimCluster, ClusterMembership
from claims.selectors.claims import claims_waiting_for_cluster
from claims.services import dispatch
from claims.services.clusters import Neighbour, Thresholds, claims_cluster, cluster_decision
from search.backends import SearchUnavailable
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory

JOBS = "Unemployment in Wales fell to 3.5 percent in January, the lowest rate in fifty years."
JOBS_AGAIN = "Unemployment in Wales fell to 3.5 percent in January, the lowest in fifty years."
LIBRARIES = "The county council will close four village libraries next spring to save money."


def _claim(text, **article):
    return ClaimFactory(article=ArticleFactory(text=text, **article), text=text, start=0, end=len(text))


def _cluster(claim):
    return ClusterMembership.objects.get(claim=claim).cluster_id


def test_a_claim_said_again_joins_the_first_ones_cluster_and_another_claim_starts_its_own(backend):
    first = _claim(JOBS, source=SourceFactory(name="Western Mail"))
    assert claims_cluster(claim_ids=[first.id]) == {first.id: _cluster(first)}
    again = _claim(JOBS_AGAIN, source=SourceFactory(name="Daily Post"))
    other = _claim(LIBRARIES)

    placed = claims_cluster(claim_ids=[again.id, other.id])

    assert placed[again.id] == _cluster(first)
    assert placed[other.id] != _cluster(first)
    membership = ClusterMembership.objects.get(claim=again)
    assert membership.reason == ClusterMembership.Reason.MATCHED
    assert membership.matched_claim_id == first.id and membership.score >= Thresholds().member_words
    assert ClusterMembership.objects.get(claim=other).reason == ClusterMembership.Reason.STARTED


def test_claims_of_one_batch_are_compared_with_each_other(backend):
    first, again = _claim(JOBS), _claim(JOBS_AGAIN)

    placed = claims_cluster(claim_ids=[again.id, first.id])

    assert placed[first.id] == placed[again.id]
    assert (
        ClusterMembership.objects.get(claim=first).reason == ClusterMembership.Reason.STARTED
    )  # older first


def test_clustering_twice_changes_nothing(backend):
    first, again = _claim(JOBS), _claim(JOBS_AGAIN)
    claims_cluster(claim_ids=[first.id, again.id])
    before = list(ClusterMembership.objects.values_list("claim_id", "cluster_id").order_by("claim_id"))

    assert claims_cluster(claim_ids=[first.id, again.id]) == {}
    assert (
        list(ClusterMembership.objects.values_list("claim_id", "cluster_id").order_by("claim_id")) == before
    )
    assert ClaimCluster.objects.count() == 1


def test_a_dismissed_claim_is_not_a_cluster_for_new_ones(backend):
    first = _claim(JOBS)
    claims_cluster(claim_ids=[first.id])
    Claim.objects.filter(id=first.id).update(status="dismissed")
    again = _claim(JOBS_AGAIN)

    claims_cluster(claim_ids=[again.id])

    assert _cluster(again) != _cluster(first)


def test_when_search_is_down_claims_wait_unclustered_for_the_sweeper(backend, monkeypatch, settings):
    claim = _claim(JOBS)

    def down(*args, **kwargs):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(
        "search.services.claim_index.get_claim_backend", lambda: type("B", (), {"multi_search": down})()
    )
    with pytest.raises(SearchUnavailable):
        claims_cluster(claim_ids=[claim.id])
    assert not ClusterMembership.objects.filter(claim=claim).exists()

    settings.WORKBENCH = {**settings.WORKBENCH, "SWEEP_PENDING_AFTER_SECONDS": -60}
    assert claims_waiting_for_cluster() == [claim.id]
    monkeypatch.undo()
    claims_cluster(claim_ids=claims_waiting_for_cluster())
    assert ClusterMembership.objects.filter(claim=claim).exists()
    assert claims_waiting_for_cluster() == []


def test_a_new_article_queues_its_claims_for_clustering_after_commit(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(dispatch, "send_now", lambda name, payload: sent.append((name, payload)) or True)
    user = UserFactory(role="Fact-checker")
    with django_capture_on_commit_callbacks(execute=True):
        result = services.article_submit(
            submitted_by=user,
            text="The minister said unemployment fell to 3.5 percent in January, the lowest in 50 years. "
            "Officials said the council closed 14 libraries in 2023, saving £2 million a year.",
            title="Jobs",
        )
    clustered = [payload for name, payload in sent if name == dispatch.CLUSTER_CLAIMS]
    assert clustered == [[c.id for c in result.claims]]


def test_the_rule_prefers_a_close_member_then_the_clusters_fact_check_then_starts_a_cluster():
    thresholds = Thresholds(member_cosine=0.8, member_words=0.6, fact_check_score=0.7)
    close = Neighbour(claim_id=7, cluster_id=70, cosine=0.91, words=0.2)
    far = Neighbour(claim_id=8, cluster_id=80, cosine=0.55, words=0.9)  # cosine, when known, decides

    assert cluster_decision([far, close], (5, 0.75), {5: 50}, thresholds).cluster_id == 70
    by_fact_check = cluster_decision([far], (5, 0.75), {5: 50}, thresholds)
    assert (by_fact_check.cluster_id, by_fact_check.reason) == (50, ClusterMembership.Reason.FACT_CHECK)
    starts = cluster_decision([far], (6, 0.75), {5: 50}, thresholds)
    assert (starts.cluster_id, starts.fact_check_id) == (None, 6)  # and anchors the new cluster on it
    weak = cluster_decision([far], (5, 0.65), {5: 50}, thresholds)
    assert (weak.cluster_id, weak.fact_check_id) == (None, None)
    lexical = Neighbour(claim_id=9, cluster_id=90, cosine=None, words=0.7)
    assert cluster_decision([lexical], None, {}, thresholds).cluster_id == 90


def test_cluster_claims_prints_each_id_with_its_cluster_in_arrival_order(backend, tmp_path):
    path = tmp_path / "claims.tsv"
    path.write_text(f"id\ttext\nt1\t{JOBS}\nt2\t{LIBRARIES}\nt3\t{JOBS_AGAIN}\n", encoding="utf-8")
    out = StringIO()

    call_command("cluster_claims", str(path), stdout=out)

    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert [key for key, _ in rows] == ["t1", "t2", "t3"]
    clusters = {key: cluster for key, cluster in rows}
    assert clusters["t1"] == clusters["t3"] != clusters["t2"]
    assert Claim.objects.filter(provenance__id="t3").get().cluster_membership.cluster_id == int(
        clusters["t3"]
    )
    with pytest.raises(CommandError, match="imported already"):
        call_command("cluster_claims", str(path), stdout=StringIO())


def test_cluster_claims_refuses_a_malformed_line_and_creates_nothing(db, tmp_path):
    path = tmp_path / "claims.tsv"
    path.write_text(f"t1\t{JOBS}\nno tab here\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: expected id<TAB>text"):
        call_command("cluster_claims", str(path), stdout=StringIO())
    assert not Claim.objects.exists()


@pytest.mark.embeddings
def test_claims_matching_one_earlier_fact_check_join_one_cluster_and_a_deleted_one_is_ignored(
    embedded_backend,
):
    from search.models import Document
    from tests.conftest import index_documents
    from tests.factories import DocumentFactory

    checks = SourceFactory(name="Earlier checks", kind="fact_checker")
    fact_check = DocumentFactory(
        source=checks,
        title="Did unemployment in Wales fall to a fifty-year low?",
        body="Claim: unemployment in Wales fell to 3.5 percent, its lowest in fifty years. Rating: mostly true.",
    )
    index_documents()
    first = _claim("Welsh joblessness is at its lowest for half a century, at 3.5 percent.")
    second = _claim("Unemployment in Wales dropped to 3.5%, a fifty-year low, ministers say.")

    placed = claims_cluster(claim_ids=[first.id, second.id])

    assert placed[first.id] == placed[second.id]
    assert ClusterMembership.objects.get(claim=first).fact_check_id == fact_check.id

    Document.objects.filter(id=fact_check.id).delete()  # still in the index until its removal runs
    third = _claim("Wales's unemployment rate, 3.5 percent, is the lowest in fifty years, figures show.")
    assert third.id in claims_cluster(claim_ids=[third.id])
    assert (
        ClusterMembership.objects.get(claim=third).fact_check_id is None
    )  # no reference to a deleted document


def test_cluster_claims_refuses_a_line_too_long_to_be_a_claim_and_creates_nothing(db, tmp_path):
    path = tmp_path / "claims.tsv"
    path.write_text(f"t1\t{JOBS}\nt2\t{'word ' * 1000}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="at most 2,000 characters; 1 line"):
        call_command("cluster_claims", str(path), stdout=StringIO())
    assert not Claim.objects.exists()


def test_a_very_long_claim_is_still_clustered(backend):
    long_claim = _claim(" ".join(f"word{n}" for n in range(20000)))
    assert long_claim.id in claims_cluster(claim_ids=[long_claim.id])


@pytest.mark.embeddings
def test_with_vectors_a_claim_said_again_is_matched_by_its_meaning_on_both_backends(backend):
    first = _claim(JOBS)
    claims_cluster(claim_ids=[first.id])
    again = _claim(JOBS_AGAIN)

    assert claims_cluster(claim_ids=[again.id])[again.id] == _cluster(first)
    membership = ClusterMembership.objects.get(claim=again)
    assert membership.matched_claim_id == first.id
    assert membership.score >= Thresholds().member_cosine  # a cosine, not a share of words


@pytest.mark.embeddings
def test_a_fact_check_matches_by_meaning_and_words_whatever_its_sources_reliability(backend):
    from search.services.claim_index import claim_texts, claims_nearby
    from tests.conftest import index_documents
    from tests.factories import DocumentFactory

    DocumentFactory(
        source=SourceFactory(name="Trusted checks", kind="fact_checker", reliability=1.0),
        title="Did unemployment in Wales fall to a fifty-year low?",
        body="Claim: unemployment in Wales fell to 3.5 percent, its lowest in fifty years. Rating: mostly true.",
    )
    index_documents()

    (near,) = claims_nearby(claim_texts([(1, JOBS)]))

    match = near.fact_check
    assert match is not None and match.semantic is not None
    # cosine plus at most 0.2 for the words: a reliable source's boost would lift it past the rule's cut
    assert match.semantic <= match.score <= match.semantic + 0.2 + 1e-6
