"""Notifications quote the claim in whole words: a long claim is cut between words, with an ellipsis."""

import pytest

from claims import services
from claims.models import Notification
from claims.services.records import shortened
from tests.factories import ClaimFactory, UserFactory


def test_shortened_cuts_between_words_never_inside_one():
    text = "Unemployment fell to 3.5% in March according to the statistics office's monthly labour release"
    cut = shortened(text, 40)
    assert len(cut) <= 40 and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "  # the next character was a space
    assert shortened("Short claim.", 40) == "Short claim."


@pytest.mark.django_db
def test_a_notification_about_a_long_claim_ends_on_a_whole_word():
    editor, checker = UserFactory(role="Editor"), UserFactory(role="Fact-checker")
    words = "Exports of refined petroleum products rose sharply " * 6
    claim = ClaimFactory(text=words.strip())
    services.claim_assign(claim=claim, user=editor, assignee=checker)
    message = Notification.objects.get(recipient=checker).message
    quoted = message.split("“", 1)[1].rstrip("”")
    assert quoted.endswith("…")
    assert quoted[:-1].split()[-1] in words.split()
