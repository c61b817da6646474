"""Poll records are kept a month: older ones go daily, today's (which the daily cap counts) stay."""

from datetime import timedelta

from django.utils import timezone

from search import tasks
from search.models import SourcePoll
from tests.factories import SourceFactory


def test_poll_records_older_than_a_month_are_pruned_and_recent_ones_kept(db):
    source = SourceFactory(monitor_claims=True)
    now = timezone.now()
    old = SourcePoll.objects.create(source=source, polled_at=now - timedelta(days=31), articles=3)
    recent = SourcePoll.objects.create(source=source, polled_at=now - timedelta(days=29), articles=2)
    today = SourcePoll.objects.create(source=source, polled_at=now, articles=1)
    assert tasks.prune_source_polls() == 1
    assert set(SourcePoll.objects.values_list("id", flat=True)) == {recent.id, today.id}
    assert not SourcePoll.objects.filter(id=old.id).exists()
