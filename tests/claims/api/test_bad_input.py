"""Bad input to the API gets a clear 4xx with a reason, never a server error, and changes nothing stored."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from claims import services
from claims.api.parsers import MAX_DEPTH, nesting_problem
from claims.models import Verdict
from tests.claims.acting import stored
from tests.claims.publishing import publish
from tests.factories import ClaimFactory, EvidenceCandidateFactory, SourceFactory

HUGE = 10**20  # past every integer column, and past SQLite's 64 bits
NUL = "fine until here\x00and then a NUL"


def _client(user) -> Client:
    """A raw client: it sends bodies exactly as given and answers a 500 instead of raising it."""
    return Client(
        raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}"
    )


@pytest.fixture
def desk(db, embedded_backend, fact_checker, editor, admin_user):
    """A claim with a draft, a submitted verdict, a source: something behind every endpoint that reads a body."""
    candidate = EvidenceCandidateFactory()
    draft = services.verdict_save(
        claim=candidate.claim, user=fact_checker, rating="false", explanation="Saved before.", version=None
    )
    submitted = publish(ClaimFactory(), fact_checker, None)
    return {
        "claim": candidate.claim,
        "document": candidate.document,
        "draft": draft,
        "submitted": submitted,
        "source": SourceFactory(),
        "checker": _client(fact_checker),
        "editor": _client(editor),
        "admin": _client(admin_user),
    }


def _body_endpoints(desk):
    """(who, method, path) of every endpoint that reads a JSON body, with rows that exist behind it."""
    claim, draft, submitted = desk["claim"].id, desk["draft"].id, desk["submitted"].id
    return [
        (None, "post", "/api/token/"),
        ("checker", "post", "/api/articles/"),
        ("checker", "put", f"/api/claims/{claim}/verdict/"),
        ("checker", "post", f"/api/claims/{claim}/citations/"),
        ("checker", "post", f"/api/claims/{claim}/marks/"),
        ("checker", "post", f"/api/verdicts/{draft}/citations/"),
        ("editor", "post", f"/api/verdicts/{submitted}/return/"),
        ("admin", "post", "/api/sources/"),
        ("admin", "patch", f"/api/sources/{desk['source'].id}/"),
    ]


def _send(desk, who, method, path, body, content_type="application/json"):
    client = desk[who] if who else Client(raise_request_exception=False)
    return getattr(client, method)(path, body, content_type=content_type)


DEEP_ARRAY = (
    "[" * 1000
)  # what the issue sent: a RecursionError inside json.loads, a 500 before authentication
MALFORMED = {
    "deep array": (DEEP_ARRAY, "brackets do not pair"),
    "deep and balanced": ("[" * 1000 + "]" * 1000, f"more than {MAX_DEPTH} levels"),
    "deep objects": ('{"a":' * 1000 + "1" + "}" * 1000, f"more than {MAX_DEPTH} levels"),
    "cut short": ('{"text": "Exports rose', "JSON parse error"),
    "not JSON": ("text=Exports rose 5%", "JSON parse error"),
    "NaN": ('{"reliability": NaN}', "JSON parse error"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_or_deeply_nested_json_is_a_400_with_its_reason_on_every_endpoint(desk, name):
    body, reason = MALFORMED[name]
    before = stored()
    for who, method, path in _body_endpoints(desk):
        response = _send(desk, who, method, path, body)
        assert response.status_code == 400, (name, method, path, response.status_code)
        assert response["Content-Type"] == "application/json", (path, response.content[:200])
        assert reason in response.json()["detail"], (path, response.json())
    assert stored() == before


def test_deep_json_to_the_token_endpoint_is_refused_before_any_password_is_checked(db):
    response = Client(raise_request_exception=False).post(
        "/api/token/", DEEP_ARRAY, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - its brackets do not pair up."}


def test_a_body_in_a_charset_it_is_not_is_a_400(desk):
    response = desk["checker"].generic(
        "POST", "/api/articles/", b'{"text": "\xff\xfe"}', content_type="application/json"
    )
    assert response.status_code == 400 and "not valid utf-8" in response.json()["detail"]


def test_a_body_over_the_size_limit_is_a_400_that_says_the_limit(desk, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"text": "Exports rose 5% in May. " * 100})
    for who, method, path in _body_endpoints(desk):
        response = _send(desk, who, method, path, body)
        assert response.status_code == 400, (path, response.status_code)
        assert "larger than 1000 bytes" in response.json()["detail"], path


def test_nesting_is_measured_without_recursion_and_strings_do_not_count():
    assert nesting_problem("[" * MAX_DEPTH + "]" * MAX_DEPTH) is None
    assert "more than 50" in nesting_problem("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert nesting_problem(json.dumps({"text": "[[[[{{{{" * 1000, "quote": 'say "[[["'})) is None
    assert nesting_problem("[" * 100_000) == "its brackets do not pair up"
    assert nesting_problem(json.dumps([[1, {"a": [2]}], {"b": {}}])) is None


PATH_IDS = [
    ("get", "/api/articles/{}/"),
    ("get", "/api/claims/{}/"),
    ("get", "/api/claims/{}/evidence/"),
    ("get", "/api/claims/{}/verdict/"),
    ("put", "/api/claims/{}/verdict/"),
    ("get", "/api/claims/{}/marks/"),
    ("post", "/api/claims/{}/citations/"),
    ("delete", "/api/claims/{}/marks/1/"),
    ("post", "/api/verdicts/{}/submit/"),
    ("post", "/api/verdicts/{}/approve/"),
    ("post", "/api/verdicts/{}/return/"),
    ("get", "/api/verdicts/{}/citations/"),
    ("delete", "/api/verdicts/{}/citations/1/"),
    ("get", "/api/sources/{}/"),
    ("patch", "/api/sources/{}/"),
    ("delete", "/api/sources/{}/"),
]


@pytest.mark.parametrize("method, path", PATH_IDS)
def test_a_path_id_past_every_integer_column_is_not_found(desk, method, path):
    response = getattr(desk["admin"], method)(path.format(HUGE), {}, content_type="application/json")
    assert response.status_code == 404, response.content[:300]
    assert response.json()["detail"].startswith("No such")


def test_second_path_ids_past_every_integer_column_are_not_found(desk):
    claim, draft = desk["claim"].id, desk["draft"].id
    assert desk["checker"].delete(f"/api/claims/{claim}/marks/{HUGE}/").status_code == 404
    assert desk["checker"].delete(f"/api/verdicts/{draft}/citations/{HUGE}/").status_code == 404


@pytest.mark.parametrize(
    "who, path, body",
    [
        ("checker", "/api/claims/{claim}/marks/", {"document_id": HUGE, "stance": "supports"}),
        ("checker", "/api/claims/{claim}/marks/", {"document_id": "abc", "stance": "supports"}),
        (
            "checker",
            "/api/claims/{claim}/marks/",
            {"document_id": 1, "stance": "supports", "passage_start": HUGE},
        ),
        ("checker", "/api/claims/{claim}/citations/", {"document_id": HUGE}),
        ("checker", "/api/articles/", {"text": "Exports rose 5% in May.", "source_id": HUGE}),
        ("admin", "/api/sources/", {"name": "Feed", "reliability": 1e308}),
    ],
)
def test_a_body_id_or_number_out_of_range_is_a_400_naming_the_field(desk, who, path, body):
    before = stored()
    response = desk[who].post(path.format(claim=desk["claim"].id), body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) & set(body), response.json()
    assert stored() == before


def test_a_version_out_of_range_is_a_400_and_the_draft_stands(desk):
    response = desk["checker"].put(
        f"/api/claims/{desk['claim'].id}/verdict/",
        {"rating": "true", "explanation": "Overwritten?", "version": HUGE},
        content_type="application/json",
    )
    assert response.status_code == 400 and "version" in response.json()
    assert Verdict.objects.get(id=desk["draft"].id).explanation == "Saved before."


@pytest.mark.parametrize(
    "query",
    [
        {"min_score": "nan"},
        {"min_score": "inf"},
        {"min_score": "-0.5"},
        {"min_score": "1.5"},
        {"min_score": ""},
        {"article": "0"},
        {"article": str(HUGE)},
        {"article": "abc"},
        {"article": ""},
        {"status": "nonsense"},
        {"type": "x" * 33},
    ],
)
def test_claim_list_parameters_out_of_range_are_a_400_naming_the_parameter(desk, query):
    response = desk["checker"].get("/api/claims/", query)
    assert response.status_code == 400, response.content[:300]
    assert set(response.json()) == set(query)


@pytest.mark.parametrize("query", [{"type": ""}, {"status": ""}, {"type": "", "status": ""}])
def test_an_empty_text_parameter_filters_nothing(desk, query):
    assert desk["checker"].get("/api/claims/", query).status_code == 200


@pytest.mark.parametrize("page", ["0", "-1", "abc", str(HUGE), "1e3", "", " "])
def test_a_page_that_is_no_page_is_a_404_that_says_so(desk, page):
    lists = (
        (desk["checker"], "/api/claims/"),
        (desk["admin"], "/api/sources/"),
        (Client(), "/api/claimreview/"),
    )
    for client, path in lists:
        response = client.get(path, {"page": page})
        assert response.status_code == 404 and response.json() == {"detail": "Invalid page."}, path


@pytest.mark.parametrize(
    "published_at", ["0001-01-01T00:00:00Z", "1799-12-31T23:00:00Z", "9999-12-31T23:59:59Z"]
)
def test_a_publication_date_off_the_calendar_of_news_is_a_400(desk, published_at):
    response = desk["checker"].post(
        "/api/articles/",
        {"text": "Exports rose 12% to $4.5 billion in March.", "published_at": published_at},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "from 1800 up to a week from now" in response.json()["published_at"][0]


@pytest.mark.parametrize("minutes", [0, 4, 43_201, 2**40])
def test_a_polling_interval_outside_5_minutes_to_30_days_is_a_400(desk, minutes):
    before = stored()
    created = desk["admin"].post(
        "/api/sources/",
        {"name": "Wire feed", "feed_url": "https://wire.example.org/rss", "poll_interval_minutes": minutes},
        content_type="application/json",
    )
    changed = desk["admin"].patch(
        f"/api/sources/{desk['source'].id}/",
        {"poll_interval_minutes": minutes},
        content_type="application/json",
    )
    for response in (created, changed):
        assert response.status_code == 400 and "poll_interval_minutes" in response.json()
    assert stored() == before


@pytest.mark.parametrize("minutes", [5, 43_200])
def test_the_polling_interval_bounds_themselves_are_accepted(desk, minutes):
    response = desk["admin"].patch(
        f"/api/sources/{desk['source'].id}/",
        {"poll_interval_minutes": minutes},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["poll_interval_minutes"] == minutes


def _nul_writes(desk):
    claim, draft, submitted = desk["claim"], desk["draft"], desk["submitted"]
    return [
        (
            "checker",
            "put",
            f"/api/claims/{claim.id}/verdict/",
            {"rating": "false", "explanation": NUL, "version": draft.version},
        ),
        (
            "checker",
            "post",
            f"/api/claims/{claim.id}/marks/",
            {"document_id": desk["document"].id, "stance": "supports", "note": NUL},
        ),
        (
            "checker",
            "post",
            f"/api/claims/{claim.id}/citations/",
            {"url": "https://stats.example.org/", "note": NUL},
        ),
        (
            "checker",
            "post",
            f"/api/verdicts/{draft.id}/citations/",
            {"url": "https://stats.example.org/", "quote": NUL},
        ),
        ("checker", "post", "/api/articles/", {"text": f"Exports rose 12% in March. {NUL}"}),
        ("editor", "post", f"/api/verdicts/{submitted.id}/return/", {"comment": NUL}),
        ("admin", "post", "/api/sources/", {"name": NUL}),
        ("admin", "patch", f"/api/sources/{desk['source'].id}/", {"notes": NUL}),
        (None, "post", "/api/token/", {"username": NUL, "password": NUL}),
    ]


def _nul_is_refused(desk):
    before = stored()
    for who, method, path, body in _nul_writes(desk):
        response = _send(desk, who, method, path, json.dumps(body))
        assert response.status_code == 400, (path, response.status_code, response.content[:300])
        assert "Null characters are not allowed." in json.dumps(response.json()), (path, response.json())
    assert stored() == before


def test_nul_characters_in_api_text_are_a_400_and_nothing_is_saved(desk):
    _nul_is_refused(desk)


@pytest.mark.postgres
def test_nul_characters_in_api_text_are_a_400_on_postgresql_which_cannot_store_them(desk):
    _nul_is_refused(desk)


@pytest.mark.parametrize(
    "who, method, path, body, field",
    [
        ("checker", "post", "/api/articles/", {"text": 0}, "text"),
        ("checker", "post", "/api/articles/", {"text": "Exports rose.", "html": 1}, "html"),
        (
            "checker",
            "post",
            "/api/claims/{claim}/citations/",
            {"url": "https://stats.example.org/", "note": 5},
            "note",
        ),
        ("admin", "post", "/api/sources/", {"name": "Wire", "active": 0}, "active"),
        ("admin", "patch", "/api/sources/{source}/", {"reliability": True}, "reliability"),
        ("admin", "patch", "/api/sources/{source}/", {"kind": 1}, "kind"),
        (None, "post", "/api/token/", {"username": 0, "password": 0}, "username"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_a_400_not_converted(desk, who, method, path, body, field):
    before = stored()
    url = path.format(claim=desk["claim"].id, source=desk["source"].id)
    response = _send(desk, who, method, url, json.dumps(body))
    assert response.status_code == 400 and field in response.json(), response.content[:300]
    assert stored() == before


def test_a_number_sent_as_a_string_is_still_taken(desk):
    response = desk["checker"].put(
        f"/api/claims/{desk['claim'].id}/verdict/",
        {"rating": "true", "explanation": "Revised.", "version": str(desk["draft"].version)},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["explanation"] == "Revised."
