"""manage.py import_claimreview: files, pages and feeds of other fact-checkers become searchable fact-check documents."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from claims import services
from search.backends import EvidenceQuery, get_backend
from search.claimreview import map_rating
from search.models import Document, Source
from tests.factories import ClaimFactory


def claimreview(n: int, *, rating: str = "False", value=None, best=None, worst=None, **extra) -> dict:
    rating_block = {"@type": "Rating", "alternateName": rating}
    for key, number in (("ratingValue", value), ("bestRating", best), ("worstRating", worst)):
        if number is not None:
            rating_block[key] = number
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checkers.example.org/fact-checks/{n}",
        "claimReviewed": f"Claim number {n}: wind farms kill {n} million birds a year",
        "datePublished": f"2025-05-0{1 + n % 9}",
        "author": {
            "@type": "Organization",
            "name": "Example Checkers",
            "url": "https://checkers.example.org/",
        },
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A Senator"}},
        "reviewRating": rating_block,
        "reviewBody": f"Ornithologists estimate far fewer deaths (review {n}).",
        **extra,
    }


def run(location, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_claimreview", str(location), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def site(tmp_path, settings):
    """A local web server on 127.0.0.1 serving tmp_path, allowlisted for the address guard."""
    settings.WORKBENCH = {**settings.WORKBENCH, "FETCH_ALLOWED_NETWORKS": ["127.0.0.1/32"]}
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    server.RequestHandlerClass.log_message = lambda *a, **k: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# -- rating mapping -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "best", "worst", "expected"),
    [
        ("Pants on Fire!", None, None, None, "false"),
        ("FOUR PINOCCHIOS", None, None, None, "false"),
        ("  Half   True ", None, None, None, "half-true"),
        ("Mostly true", None, None, None, "mostly-true"),
        ("Missing context", None, None, None, "misleading"),
        ("Wobbly", 2, 5, 1, "mostly-false"),
        ("", 6, 7, 1, "mostly-true"),
        ("", 0, 10, 0, "false"),
        ("", 10, 10, 0, "true"),
        ("", 4, None, None, "mostly-true"),
        ("Satire", None, None, None, ""),
        ("", 3, 3, 3, ""),
    ],
)
def test_ratings_map_by_text_then_by_number(text, value, best, worst, expected):
    assert map_rating(text=text, value=value, best=best, worst=worst) == expected


def test_the_rating_map_is_a_setting(settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "CLAIMREVIEW_RATING_MAP": {"Baloney": "false"}}
    assert map_rating(text="baloney") == "false"


# -- files -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["object", "list", "graph"])
def test_a_jsonld_file_becomes_fact_check_documents(tmp_path, embedded_backend, shape):
    reviews = [claimreview(1, rating="Pants on Fire"), claimreview(2, rating="Mostly True")]
    data = {
        "object": reviews[0],
        "list": reviews,
        "graph": {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, *reviews]},
    }[shape]
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(data))
    out = run(path, "--source", "Example Checkers")
    assert "searchable" in out
    documents = Document.objects.order_by("url")
    assert documents.count() == (1 if shape == "object" else 2)
    first = documents[0]
    assert first.source.name == "Example Checkers" and first.source.kind == "fact_checker"
    assert first.url == first.external_key == "https://checkers.example.org/fact-checks/1"
    assert "wind farms kill 1 million birds" in first.body
    assert "Rating: Pants on Fire (False on this workbench's scale)" in first.body
    assert "Ornithologists estimate" in first.body and first.published_at.year == 2025
    hits = get_backend().search(EvidenceQuery(text="wind farms kill birds", size=5))
    assert first.id in [h.document_id for h in hits], "searchable as soon as the command returns"


def test_reimport_creates_no_duplicates_and_updates_a_changed_review(tmp_path, embedded_backend):
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([claimreview(1), claimreview(2)]))
    run(path)
    assert "0 created, 0 updated, 2 unchanged" in run(path)
    assert Document.objects.count() == 2
    path.write_text(json.dumps([claimreview(1, rating="Half true"), claimreview(2), claimreview(2)]))
    out = run(path)
    assert "0 created, 1 updated, 1 unchanged, 1 repeated" in out
    assert Document.objects.count() == 2
    assert "Half true on this workbench's scale" in Document.objects.get(url__endswith="/1").body


def test_without_source_option_each_publisher_becomes_a_fact_checker_source(tmp_path, embedded_backend):
    other = claimreview(
        3, author={"@type": "Organization", "name": "Other Desk", "url": "https://other.example.org/"}
    )
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([claimreview(1), other]))
    run(path)
    assert set(Source.objects.filter(kind="fact_checker").values_list("name", flat=True)) >= {
        "Example Checkers",
        "Other Desk",
    }
    assert Source.objects.get(name="Other Desk").homepage == "https://other.example.org/"


def test_malformed_items_are_reported_and_the_rest_imported(tmp_path, embedded_backend):
    broken = [
        claimreview(1),
        {**claimreview(2), "url": "not a url"},
        {**claimreview(3), "claimReviewed": ""},
        {**claimreview(4), "reviewRating": {"@type": "Rating"}},
        {**claimreview(5), "datePublished": "sometime"},
        "just a string",
        {"@type": "ClaimReview"},
    ]
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(broken))
    out = run(path)
    assert Document.objects.count() == 2, out  # 1, and 5 (an unreadable date is left out, not fatal)
    assert "no usable url" in out and "no claimReviewed" in out and "no reviewRating" in out
    assert "4 not imported" in out


def test_unreadable_files_fail_clearly(tmp_path, db):
    with pytest.raises(CommandError, match="could not be read"):
        run(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert "not valid JSON" in run(bad)
    assert Document.objects.count() == 0


def test_nul_characters_in_a_review_are_dropped_not_a_database_error(tmp_path, embedded_backend):
    path = tmp_path / "nul.json"
    path.write_text(json.dumps(claimreview(1, claimReviewed="Wind farms kill\u0000 birds")), encoding="utf-8")

    run(path)

    assert (
        Document.objects.get(url="https://checkers.example.org/fact-checks/1").title
        == "Wind farms kill birds"
    )


def test_an_unmapped_rating_is_imported_and_says_so(tmp_path, embedded_backend):
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([claimreview(1, rating="Satire")]))
    assert "unmapped 1" in run(path)
    assert "Rating: Satire (not mapped to this workbench's scale)" in Document.objects.get().body


# -- pages and feeds over HTTP (a local server, allowlisted) ------------------------------------------------------------


PAGE = """<!doctype html><html><head><title>Fact-check</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Not a review"}</script>
<script type="application/ld+json">%s</script>
<script type="application/ld+json">{broken</script>
</head><body><h1>Wind farms</h1><script>var x = "<script type='application/ld+json'>";</script></body></html>"""


def test_an_html_page_with_jsonld_is_imported_over_http(tmp_path, site, embedded_backend):
    (tmp_path / "page.html").write_text(
        PAGE
        % json.dumps({"@context": "https://schema.org", "@graph": [claimreview(7, rating="Four Pinocchios")]})
    )
    out = run(f"{site}/page.html")
    document = Document.objects.get()
    assert (
        document.url == "https://checkers.example.org/fact-checks/7"
        and "False on this workbench's scale" in document.body
    )
    assert "JSON-LD block 3: not valid JSON" in out


def test_a_json_feed_is_imported_with_its_linked_pages(tmp_path, site, embedded_backend):
    (tmp_path / "page.html").write_text(PAGE % json.dumps(claimreview(9, rating="Mostly False")))
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Example Checkers",
        "items": [
            {"id": "1", "url": "https://checkers.example.org/fact-checks/1", "_claim_review": claimreview(1)},
            {"id": "9", "url": f"{site}/page.html", "content_text": "See the page."},
            {"id": "x", "url": f"{site}/missing.html"},
        ],
    }
    (tmp_path / "feed.json").write_text(json.dumps(feed))
    out = run(f"{site}/feed.json", "--source", "Example Checkers")
    assert sorted(Document.objects.values_list("external_key", flat=True)) == [
        "https://checkers.example.org/fact-checks/1",
        "https://checkers.example.org/fact-checks/9",
    ]
    assert "2 linked pages fetched" in out and "missing.html" in out and "404" in out
    assert "not fetched" in run(f"{site}/feed.json", "--no-follow")


def test_our_own_json_feed_round_trips(tmp_path, fact_checker, editor, embedded_backend):
    claim = ClaimFactory(attribution="the labour minister")
    verdict = services.verdict_save(
        claim=claim, user=fact_checker, rating="mostly-false", explanation="It was 3.9%.", version=None
    )
    services.citation_add(verdict=verdict, user=fact_checker, url="https://stats.example.org/a")
    services.verdict_submit(verdict=verdict, user=fact_checker)
    services.verdict_approve(verdict=verdict, editor=editor)
    path = tmp_path / "ours.json"
    path.write_bytes(Client().get(reverse("claims:factcheck_feed_json")).content)
    run(path, "--source", "Peer desk", "--no-follow")
    imported = Document.objects.get(source__name="Peer desk")
    assert imported.external_key == verdict.public_url
    assert "Rating: Mostly false (Mostly false on this workbench's scale)" in imported.body
    assert "Claimed by the labour minister" in imported.body


def test_a_private_address_is_refused(db, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "FETCH_ALLOWED_NETWORKS": []}
    with pytest.raises(CommandError, match="loopback"):
        run("http://127.0.0.1:9/feed.json")
    with pytest.raises(CommandError, match="link-local"):
        run("http://169.254.169.254/latest/meta-data/")
    assert Document.objects.count() == 0


def test_a_feed_cannot_lead_the_fetcher_to_a_private_address(tmp_path, site, settings, embedded_backend):
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "m", "url": "http://169.254.169.254/latest/"}],
    }
    (tmp_path / "feed.json").write_text(json.dumps(feed))
    out = run(f"{site}/feed.json")
    assert "link-local" in out and Document.objects.count() == 0
