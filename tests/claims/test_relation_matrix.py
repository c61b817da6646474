"""The permission matrix's second axis: who the person is to the claim (holder or not, writer or not) and
whether the claim is open or published, through the API and the pages; a refused request changes nothing."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Verdict
from tests.claims.acting import act
from tests.claims.api.clients import client_for
from tests.factories import ClaimFactory, DocumentFactory, UserFactory

pytestmark = [pytest.mark.permissions, pytest.mark.django_db]


@pytest.fixture
def desk(embedded_backend):
    """A claim held by one fact-checker, a submitted verdict an editor rewrote part of, a published claim."""
    holder, other, writer_editor, fresh_editor = (
        UserFactory(role="Fact-checker"),
        UserFactory(role="Fact-checker"),
        UserFactory(role="Editor"),
        UserFactory(role="Editor"),
    )
    held = ClaimFactory()
    draft = services.verdict_save(
        claim=held, user=holder, rating="false", explanation="Holder's text.", version=None
    )
    rewritten = ClaimFactory()
    verdict = services.verdict_save(
        claim=rewritten, user=holder, rating="false", explanation="One.", version=None
    )
    services.citation_add(verdict=verdict, user=holder, url="https://stats.example.org/a")
    services.claim_assign(claim=rewritten, user=writer_editor, assignee=writer_editor)
    verdict = services.verdict_save(
        claim=rewritten, user=writer_editor, rating="true", explanation="Editor's.", version=verdict.version
    )
    services.verdict_submit(verdict=verdict, user=writer_editor)
    published = ClaimFactory()
    done = services.verdict_save(
        claim=published, user=holder, rating="false", explanation="Done.", version=None
    )
    services.citation_add(verdict=done, user=holder, url="https://stats.example.org/b")
    services.verdict_submit(verdict=done, user=holder)
    services.verdict_approve(verdict=done, editor=fresh_editor)
    return {
        "holder": holder,
        "other": other,
        "writer_editor": writer_editor,
        "fresh_editor": fresh_editor,
        "held": held,
        "draft": Verdict.objects.get(id=draft.id),
        "submitted": Verdict.objects.get(id=verdict.id),
        "published": published,
        "document": DocumentFactory(),
    }


# (who, method, URL, payload, expected status); URLs and payloads take "{name.attr}" from the desk
CASES = {
    "the holder saves their draft": (
        "holder",
        "put",
        "/api/claims/{held.id}/verdict/",
        {"rating": "true", "explanation": "Revised.", "version": "{draft.version}"},
        200,
    ),
    "another fact-checker saves the held claim's verdict": (
        "other",
        "put",
        "/api/claims/{held.id}/verdict/",
        {"rating": "true", "explanation": "Mine now.", "version": "{draft.version}"},
        409,
    ),
    "another fact-checker marks evidence on the held claim": (
        "other",
        "post",
        "/api/claims/{held.id}/marks/",
        {"document_id": "{document.id}", "stance": "refutes"},
        409,
    ),
    "another fact-checker cites for the held claim": (
        "other",
        "post",
        "/api/claims/{held.id}/citations/",
        {"url": "https://c.example.org/"},
        409,
    ),
    "the holder marks evidence": (
        "holder",
        "post",
        "/api/claims/{held.id}/marks/",
        {"document_id": "{document.id}", "stance": "refutes"},
        201,
    ),
    "an editor approves a verdict they rewrote": (
        "writer_editor",
        "post",
        "/api/verdicts/{submitted.id}/approve/",
        {},
        403,
    ),
    "an editor returns a verdict they rewrote": (
        "writer_editor",
        "post",
        "/api/verdicts/{submitted.id}/return/",
        {"comment": "Fine by me."},
        403,
    ),
    "an editor who wrote none of it approves": (
        "fresh_editor",
        "post",
        "/api/verdicts/{submitted.id}/approve/",
        {},
        200,
    ),
    "the holder marks evidence on a published claim": (
        "holder",
        "post",
        "/api/claims/{published.id}/marks/",
        {"document_id": "{document.id}", "stance": "supports"},
        400,
    ),
    "the holder cites for a published claim": (
        "holder",
        "post",
        "/api/claims/{published.id}/citations/",
        {"url": "https://d.example.org/"},
        400,
    ),
}


def _fill(value, desk):
    if isinstance(value, str):
        return value.format_map(desk)
    if isinstance(value, dict):
        return {k: _fill(v, desk) for k, v in value.items()}
    return value


@pytest.mark.parametrize("case", list(CASES))
def test_relation_matrix(desk, case):
    who, method, url, payload, expected = CASES[case]
    response, changed = act(
        client_for(desk[who]), method, _fill(url, desk), _fill(payload, desk), format="json"
    )
    assert response.status_code == expected, (case, response.content[:300])
    assert changed == (expected < 300), case


@pytest.mark.parametrize(
    "path, data",
    [
        ("/claims/{published.id}/evidence/refresh/", {}),
        ("/claims/{published.id}/edit/", {"text": "Reworded after publication."}),
        ("/claims/{published.id}/marks/", {"document_id": "{document.id}", "stance": "supports"}),
        ("/claims/{held.id}/edit/", {"text": "Reworded by someone who does not hold it."}),
    ],
)
def test_pages_refuse_changes_to_published_claims_and_to_claims_someone_else_holds(desk, client, path, data):
    client.force_login(desk["other"] if "held" in path else desk["holder"])
    response, changed = act(client, "post", _fill(path, desk), _fill(data, desk))
    assert response.status_code == 302 and not changed
