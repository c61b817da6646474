"""Stance hints follow the evidence: candidates are stored and shown first, the hint task fills in the first
candidates' stance a moment later, never twice, and the sweeper catches up when the broker was down."""

from datetime import timedelta

from django.utils import timezone

from claims import services, tasks
from claims.models import EvidenceCandidate
from claims.services.evidence_assessment import STANCE_HINTS
from claims.services.stance_hints import stance_hints_suggest
from tests.conftest import index_documents
from tests.factories import ArticleFactory, ClaimFactory, DocumentFactory, SourceFactory

CLAIM = "Knife crime offences in Greater Manchester rose by 12% to 9,204 in the year to March."


def _corpus():
    stats = SourceFactory(name="Office for Statistics", kind="statistics")
    for n in range(5):
        DocumentFactory(
            source=stats,
            title=f"Crime bulletin {n}",
            body=f"Police recorded 9,204 knife crime offences in Greater Manchester, bulletin {n}, "
            "a rise of 12% in the year to March.",
        )
    index_documents()


def _claim():
    return ClaimFactory(article=ArticleFactory(text=CLAIM), text=CLAIM, start=0, end=len(CLAIM))


def test_candidates_are_stored_before_their_hints_and_the_hint_task_fills_the_first(
    backend, django_capture_on_commit_callbacks
):
    _corpus()
    claim = _claim()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.evidence_find(claim_ids=[claim.id])
    candidates = list(EvidenceCandidate.objects.filter(claim=claim).order_by("rank"))
    assert len(candidates) > STANCE_HINTS
    assert all(c.stance == "" and not c.stance_shown for c in candidates)  # shown at once, hints to follow
    assert queued, "the stance hints' task is queued once the candidates commit"

    for callback in queued:
        callback()
    hinted = list(EvidenceCandidate.objects.filter(claim=claim).order_by("rank"))
    assert all(c.stance in {"supports", "refutes", "neither"} for c in hinted[:STANCE_HINTS])
    assert all(c.passages[0]["stance"] == c.stance for c in hinted[:STANCE_HINTS])
    assert all(c.stance == "" for c in hinted[STANCE_HINTS:])
    assert stance_hints_suggest(claim_ids=[claim.id]) == 0  # a second run changes nothing


def test_the_sweeper_queues_hints_that_never_ran(backend, django_capture_on_commit_callbacks, settings):
    _corpus()
    claim = _claim()
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down: the hint task was lost
        services.evidence_find(claim_ids=[claim.id])
    claim.__class__.objects.filter(id=claim.id).update(
        evidence_searched_at=timezone.now()
        - timedelta(seconds=settings.WORKBENCH["SWEEP_PENDING_AFTER_SECONDS"] + 5)
    )
    tasks.sweep_claims_waiting_for_evidence()  # in-process tasks run at once
    first = EvidenceCandidate.objects.filter(claim=claim, rank=1).get()
    assert first.stance in {"supports", "refutes", "neither"}


def test_a_claim_searched_again_keeps_the_hints_of_the_passages_it_finds_again(
    backend, django_capture_on_commit_callbacks, monkeypatch
):
    _corpus()
    claim = _claim()
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_find(claim_ids=[claim.id])
    before = {
        c.document_id: (c.stance, c.stance_confidence, c.passages[0]["stance"])
        for c in EvidenceCandidate.objects.filter(claim=claim, rank__lte=STANCE_HINTS)
    }
    assert all(stance for stance, _, _ in before.values())
    encoded = []
    monkeypatch.setattr(
        "claims.services.stance_hints.suggest_stances", lambda pairs: encoded.append(pairs) or []
    )

    with django_capture_on_commit_callbacks(execute=True) as queued:
        services.evidence_find(
            claim_ids=[claim.id]
        )  # a new document matched it, say: the same passages again

    after = {
        c.document_id: (c.stance, c.stance_confidence, c.passages[0]["stance"])
        for c in EvidenceCandidate.objects.filter(claim=claim, rank__lte=STANCE_HINTS)
    }
    assert after == before, "each passage found again shows the hint it had"
    assert encoded == [], "no hint computed again"
    assert len(queued) == 0, "no hint task queued: nothing is left to hint"


def test_a_reworded_claim_gets_new_hints(backend, django_capture_on_commit_callbacks):
    _corpus()
    claim = _claim()
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_find(claim_ids=[claim.id])
    claim.text = "Knife crime offences in Greater Manchester fell by 12% to 9,204 in the year to March."
    claim.save(update_fields=["text"])

    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.evidence_find(claim_ids=[claim.id])

    first = EvidenceCandidate.objects.filter(claim=claim, rank=1).get()
    assert first.stance == "", "the old hint was for other words: it is not carried over"
    assert queued, "the hints are computed again for the new wording"
