"""An admin marks a source "monitor for claims" (the sources page or the Django admin) and sees what each poll brought."""

from django.urls import reverse

from search.models import Source, SourcePoll
from tests.factories import SourceFactory

FORM = {
    "name": "Daily Courier",
    "homepage": "https://courier.example.org/",
    "domain": "courier.example.org",
    "kind": "news",
    "reliability": "0.6",
    "language": "en",
    "feed_url": "https://courier.example.org/feed",
    "poll_interval_minutes": "30",
    "active": "on",
    "notes": "",
}


def test_admin_marks_a_source_monitored_with_a_daily_cap_on_the_sources_page(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("search:source_new"), {**FORM, "monitor_claims": "on", "daily_article_cap": "20"}
    )
    assert response.status_code == 302
    source = Source.objects.get(name="Daily Courier")
    assert source.monitor_claims and source.daily_article_cap == 20
    listing = client.get(reverse("search:sources"))
    assert b"up to 20 articles a day" in listing.content
    refused = client.post(reverse("search:source_edit", args=[source.id]), {**FORM, "daily_article_cap": "0"})
    assert refused.status_code == 400


def test_a_source_left_unmonitored_keeps_the_default_cap(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("search:source_new"), FORM)
    source = Source.objects.get(name="Daily Courier")
    assert not source.monitor_claims and source.daily_article_cap == 50


def test_the_source_page_shows_the_articles_and_claims_each_poll_brought(client, admin_user):
    source = SourceFactory(name="Courier", feed_url="https://courier.example.org/feed", monitor_claims=True)
    SourcePoll.objects.create(source=source, items=6, documents=6, articles=4, claims=11, duplicates=2)
    SourcePoll.objects.create(
        source=source, error="The site answered 500 Internal Server Error.", item_errors=[["u", "r"]]
    )
    client.force_login(admin_user)
    response = client.get(reverse("search:source_edit", args=[source.id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<td>4</td><td>11</td>" in page and "answered 500" in page


def test_the_django_admin_offers_the_monitoring_fields(client, admin_user):
    source = SourceFactory(name="Courier")
    client.force_login(admin_user)
    change = client.get(reverse("admin:search_source_change", args=[source.id]))
    assert b'name="monitor_claims"' in change.content and b'name="daily_article_cap"' in change.content
    assert client.get(reverse("admin:search_sourcepoll_changelist")).status_code == 200
