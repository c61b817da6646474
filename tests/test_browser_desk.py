"""A fact-checker's desk in headless Chromium: what changes in place (htmx), the keys, the view, and the pages
still working without JavaScript. Each flow asserts what the person sees, and keeps a screenshot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimStatus, EvidenceMark, EvidenceStatus, Verdict
from tests.browsing import chromium, login, shot, stay_marker, still_same_page, submit, until_idle, wait_for
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    DocumentFactory,
    EvidenceCandidateFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.browser

CLAIM = "Exports rose 12% to $4.5 billion in March, the trade ministry said."
# The claim sits far down a long article, as it does in real ones: the excerpt has to open at it.
ARTICLE = "\n\n".join(
    [f"Background paragraph {n} about the trade talks and the port strike." * 3 for n in range(12)]
)
ARTICLE += "\n\n" + CLAIM + "\n\n" + "The ministry expects more growth next year."


@pytest.fixture(scope="module")
def driver():
    with chromium() as browser:
        yield browser


@pytest.fixture
def desk(transactional_db):
    checker = UserFactory(username="checker", role="Fact-checker")
    article = ArticleFactory(title="Ministry reports record exports", text=ARTICLE)
    start = ARTICLE.index(CLAIM)
    claim = ClaimFactory(
        article=article,
        text=CLAIM,
        start=start,
        end=start + len(CLAIM),
        score=0.95,
        assignee=checker,
        status=ClaimStatus.IN_PROGRESS,
        evidence_status=EvidenceStatus.DONE,
    )
    for n, body in enumerate(
        [
            "Exports rose 12 percent in March to 4.5 billion dollars, the statistics office said.",
            "Exports fell in April after the port strike, the chamber of commerce said.",
            "The trade ministry publishes monthly figures on the first Tuesday of each month.",
        ]
    ):
        EvidenceCandidateFactory(
            claim=claim, rank=n + 1, document=DocumentFactory(title=f"Trade release {n + 1}", body=body)
        )
    following = ClaimFactory(text="Imports fell 3% in March.", score=0.5, evidence_status=EvidenceStatus.DONE)
    return {"checker": checker, "claim": claim, "next": following}


def _open(driver, live_server, claim):
    driver.get(live_server.url + reverse("claims:claim", args=[claim.id]))
    wait_for(driver, lambda d: d.execute_script("return !!window.htmx"))
    stay_marker(driver)


def _candidate(driver, n):
    return driver.find_elements("css selector", "#candidates > li.candidate")[n]


def _mark_of(claim, n):
    document = claim.candidates.order_by("rank")[n].document
    return EvidenceMark.objects.filter(claim=claim, document=document).first()


def test_a_stance_click_updates_its_candidate_in_place_and_the_page_does_not_move(driver, live_server, desk):
    login(driver, live_server, "checker")
    _open(driver, live_server, desk["claim"])
    driver.execute_script("window.scrollTo(0, 300)")
    stay_marker(driver)
    _candidate(driver, 1).find_element("css selector", "button.stance-refutes").click()
    wait_for(driver, lambda d: "Marked refutes by checker" in _candidate(d, 1).text)
    until_idle(driver)
    shot(driver, "desk-01-marked-in-place")
    assert still_same_page(driver)
    assert driver.execute_script("return window.scrollY") == driver.execute_script(
        "return window.__scrolledTo"
    )
    assert "marked evidence as “refutes”" in driver.find_element("id", "history").text
    assert _mark_of(desk["claim"], 1).stance == "refutes"


def test_the_keys_move_between_candidates_mark_them_and_cite(driver, live_server, desk):
    login(driver, live_server, "checker")
    _open(driver, live_server, desk["claim"])
    keys = driver.find_element("id", "workspace-keys").text
    assert "s supports" in keys and "q cite its passage" in keys and "n next claim" in keys
    body = driver.find_element("tag name", "body")
    body.send_keys("j")
    body.send_keys("j")
    assert "current" in _candidate(driver, 1).get_attribute("class")
    body.send_keys("s")
    wait_for(driver, lambda d: "Marked supports" in _candidate(d, 1).text)
    until_idle(driver)
    driver.find_element("tag name", "body").send_keys("k")
    driver.find_element("tag name", "body").send_keys("c")
    wait_for(driver, lambda d: "Marked context" in _candidate(d, 0).text)
    until_idle(driver)
    driver.find_element("tag name", "body").send_keys("q")
    wait_for(driver, lambda d: "Trade release 1" in d.find_element("id", "citations").text)
    shot(driver, "desk-02-keys")
    assert still_same_page(driver)
    assert (_mark_of(desk["claim"], 0).stance, _mark_of(desk["claim"], 1).stance) == ("context", "supports")


def test_enter_in_a_note_saves_the_note_and_never_a_stance(driver, live_server, desk):
    from selenium.webdriver.common.keys import Keys

    login(driver, live_server, "checker")
    _open(driver, live_server, desk["claim"])
    _candidate(driver, 0).find_element("css selector", "button.stance-context").click()
    wait_for(driver, lambda d: "Marked context" in _candidate(d, 0).text)
    until_idle(driver)
    note = _candidate(driver, 0).find_element("name", "note")
    note.send_keys("Same figure as the ministry's.", Keys.ENTER)
    wait_for(
        driver,
        lambda d: (
            "Same figure as the ministry's."
            in _candidate(d, 0).find_element("css selector", ".marked-by").text
        ),
    )
    shot(driver, "desk-03-note-saved")
    mark = _mark_of(desk["claim"], 0)
    assert (mark.stance, mark.note) == ("context", "Same figure as the ministry's.")
    assert still_same_page(driver)


def test_ctrl_s_saves_the_draft_in_place_again_and_again(driver, live_server, desk):
    from selenium.webdriver.common.keys import Keys

    login(driver, live_server, "checker")
    _open(driver, live_server, desk["claim"])
    explanation = driver.find_element("name", "explanation")
    explanation.send_keys("The statistics office says 12%.")
    explanation.send_keys(Keys.CONTROL, "s")
    wait_for(driver, lambda d: "Draft saved (version 1)." in d.find_element("id", "messages").text)
    until_idle(driver)
    explanation = driver.find_element("name", "explanation")
    explanation.send_keys(" The release is dated 4 April.")
    explanation.send_keys(Keys.CONTROL, "s")
    wait_for(driver, lambda d: "Draft saved (version 2)." in d.find_element("id", "messages").text)
    shot(driver, "desk-04-draft-saved")
    assert still_same_page(driver)
    assert Verdict.objects.get(claim=desk["claim"]).explanation.endswith("dated 4 April.")


def test_citing_while_writing_the_verdict_then_saving_is_no_conflict(driver, live_server, desk):
    from selenium.webdriver.common.keys import Keys

    login(driver, live_server, "checker")
    _open(driver, live_server, desk["claim"])
    driver.find_element("name", "explanation").send_keys("Half-written explanation")
    _candidate(driver, 0).find_element("css selector", "button[data-key=cite]").click()
    wait_for(driver, lambda d: "Citation added." in d.find_element("id", "messages").text)
    until_idle(driver)
    explanation = driver.find_element("name", "explanation")
    assert explanation.get_attribute("value") == "Half-written explanation"  # the swap left it alone
    explanation.send_keys(", finished.", Keys.CONTROL, "s")
    wait_for(driver, lambda d: "Draft saved" in d.find_element("id", "messages").text)
    shot(driver, "desk-05-cite-then-save")
    assert Verdict.objects.get(claim=desk["claim"]).explanation == "Half-written explanation, finished."


def test_a_conflicting_save_says_so_and_keeps_what_was_typed(driver, live_server, desk):
    from selenium.webdriver.common.keys import Keys

    VerdictFactory(claim=desk["claim"], author=desk["checker"], explanation="Saved in another tab.")
    login(driver, live_server, "checker")
    _open(driver, live_server, desk["claim"])
    Verdict.objects.filter(claim=desk["claim"]).update(version=5, explanation="Saved later in another tab.")
    explanation = driver.find_element("name", "explanation")
    explanation.send_keys(" And typed here.", Keys.CONTROL, "s")
    wait_for(
        driver,
        lambda d: (
            "Someone saved this verdict after you opened it" in d.find_element("id", "verdict-box").text
        ),
    )
    shot(driver, "desk-06-conflict")
    assert driver.find_element("name", "explanation").get_attribute("value").endswith("And typed here.")
    assert Verdict.objects.get(claim=desk["claim"]).explanation == "Saved later in another tab."


def test_the_excerpt_opens_scrolled_to_the_highlighted_claim(driver, live_server, desk):
    login(driver, live_server, "checker")
    _open(driver, live_server, desk["claim"])
    wait_for(driver, lambda d: d.execute_script("return document.getElementById('excerpt').scrollTop > 0"))
    inside = driver.execute_script(
        "const box = document.getElementById('excerpt').getBoundingClientRect();"
        "const mark = document.querySelector('#excerpt mark.claim').getBoundingClientRect();"
        "return mark.top >= box.top && mark.bottom <= box.bottom;"
    )
    shot(driver, "desk-07-excerpt-at-claim")
    assert inside


def test_evidence_appears_when_the_search_ends_without_a_reload(driver, live_server, desk):
    claim = desk["claim"]
    claim.candidates.all().delete()
    Claim.objects.filter(id=claim.id).update(evidence_status=EvidenceStatus.SEARCHING)
    login(driver, live_server, "checker")
    _open(driver, live_server, claim)
    assert "Waiting for the search to finish" in driver.find_element("id", "candidates").text
    EvidenceCandidateFactory(
        claim=claim, document=DocumentFactory(title="Late release", body="Exports rose 12%.")
    )
    Claim.objects.filter(id=claim.id).update(evidence_status=EvidenceStatus.DONE)
    wait_for(driver, lambda d: "Late release" in d.find_element("id", "candidates").text, seconds=20)
    shot(driver, "desk-08-evidence-arrived")
    assert still_same_page(driver)
    assert driver.find_element("id", "evidence-status").get_attribute("data-status") == "done"


def test_assign_to_me_brings_the_controls_in_place(driver, live_server, desk):
    claim = desk["next"]
    EvidenceCandidateFactory(claim=claim)
    login(driver, live_server, "checker")
    _open(driver, live_server, claim)
    driver.find_element("xpath", "//button[text()='Assign to me']").click()
    wait_for(driver, lambda d: d.find_elements("id", "verdict-form"))
    wait_for(driver, lambda d: "The claim is yours." in d.find_element("id", "messages").text)
    shot(driver, "desk-09-assigned")
    assert still_same_page(driver)
    assert Claim.objects.get(id=claim.id).assignee == desk["checker"]


def test_n_opens_the_next_claim_to_work(driver, live_server, desk):
    login(driver, live_server, "checker")
    _open(driver, live_server, desk["claim"])
    driver.find_element("tag name", "body").send_keys("n")
    wait_for(driver, lambda d: d.current_url.endswith(reverse("claims:claim", args=[desk["next"].id])))
    assert "Imports fell 3% in March." in driver.find_element("css selector", "blockquote.claimtext").text


def test_the_queue_assigns_and_dismisses_in_place(driver, live_server, desk):
    Claim.objects.filter(id=desk["claim"].id).update(assignee=None)
    login(driver, live_server, "checker")
    driver.get(live_server.url + reverse("claims:queue"))
    wait_for(driver, lambda d: d.execute_script("return !!window.htmx"))
    stay_marker(driver)
    body = driver.find_element("tag name", "body")
    body.send_keys("j")
    body.send_keys("a")
    wait_for(
        driver, lambda d: f"Claim #{desk['claim'].id} is yours." in d.find_element("id", "messages").text
    )
    until_idle(driver)
    assert "You" in driver.find_element("css selector", f"tr[data-href='/claims/{desk['claim'].id}/']").text
    # Tick the other claim, give a reason, dismiss: its row goes, the page stays.
    driver.find_element("css selector", f"input[name=claim_ids][value='{desk['next'].id}']").click()
    driver.find_element("name", "reason").send_keys("Opinion, not a checkable claim")
    driver.find_element("css selector", "button[value=dismiss]").click()
    wait_for(driver, lambda d: "1 claim dismissed." in d.find_element("id", "messages").text)
    shot(driver, "desk-10-queue-in-place")
    assert not driver.find_elements("css selector", f"tr[data-href='/claims/{desk['next'].id}/']")
    assert driver.find_element("id", "selected-count").text == "0 selected"
    assert still_same_page(driver)
    assert Claim.objects.get(id=desk["next"].id).status == ClaimStatus.DISMISSED


def test_at_1024_pixels_the_verdict_sits_beside_the_evidence(live_server, desk):
    with chromium(width=1024, height=768) as narrow:
        login(narrow, live_server, "checker")
        narrow.get(live_server.url + reverse("claims:claim", args=[desk["claim"].id]))
        form = narrow.find_element("id", "verdict-form").rect
        evidence = narrow.find_element("css selector", ".col.evidence").rect
        shot(narrow, "desk-11-1024px")
        assert form["x"] > evidence["x"] + evidence["width"] - 1  # to its right, not below it
        assert form["y"] < 768  # in the first screen


def test_without_javascript_marking_and_saving_still_work(live_server, desk):
    with chromium(javascript=False) as plain:
        login(plain, live_server, "checker")
        plain.get(live_server.url + reverse("claims:claim", args=[desk["claim"].id]))
        submit(plain, "css selector", "#candidates > li.candidate button.stance-supports")
        assert "Marked supports by checker" in plain.page_source
        plain.find_element("name", "explanation").send_keys("Saved without scripts.")
        submit(plain, "css selector", "button[name=save]")
        assert "Draft saved (version 1)." in plain.page_source
        shot(plain, "desk-12-no-javascript")
    assert Verdict.objects.get(claim=desk["claim"]).explanation == "Saved without scripts."


def test_a_comment_with_a_mention_appears_in_place_and_counts_in_the_editors_inbox(driver, live_server, desk):
    UserFactory(username="dana", role="Editor")
    login(driver, live_server, "checker")
    _open(driver, live_server, desk["claim"])
    box = driver.find_element("css selector", "#comments textarea[name=body]")
    box.send_keys("@dana is the March figure seasonally adjusted?")
    driver.find_element("xpath", "//button[text()='Send comment']").click()
    wait_for(
        driver,
        lambda d: "seasonally adjusted?" in d.find_element("css selector", "#comments .comment-list").text,
    )
    shot(driver, "desk-13-comment")
    assert still_same_page(driver)
    assert driver.find_element("css selector", "#comments textarea[name=body]").get_attribute("value") == ""

    login(driver, live_server, "dana")
    assert driver.find_element("css selector", "#inbox .count").text == "1"
    driver.find_element("id", "inbox").click()
    wait_for(driver, lambda d: "mentioned you on claim" in d.page_source)


def test_the_header_search_finds_claims_articles_and_documents(driver, live_server, desk):
    from selenium.webdriver.common.keys import Keys

    login(driver, live_server, "checker")
    driver.get(live_server.url + reverse("claims:articles"))
    assert "Ministry reports record exports" in driver.find_element("id", "articles").text
    box = driver.find_element("css selector", ".topsearch input[name=q]")
    box.send_keys("exports", Keys.ENTER)
    wait_for(driver, lambda d: "found for “exports”" in d.page_source)
    shot(driver, "desk-14-search")
    assert CLAIM in driver.find_element("id", "found-claims").text
    assert "Ministry reports record exports" in driver.find_element("id", "found-articles").text


def test_an_editor_fixes_a_word_previews_the_public_page_and_may_no_longer_approve(driver, live_server, desk):
    from claims.services.records import revision_record

    claim = desk["claim"]
    verdict = VerdictFactory(
        claim=claim,
        author=desk["checker"],
        rating="true",
        explanation="Exports rose 12 percnt.",
        status="submitted",
    )
    Claim.objects.filter(id=claim.id).update(status=ClaimStatus.SUBMITTED)
    revision_record(verdict, desk["checker"], "submitted for review")
    UserFactory(username="dana", role="Editor")
    login(driver, live_server, "dana")
    driver.get(live_server.url + reverse("claims:review_detail", args=[verdict.id]))
    assert "In the article" in driver.page_source and CLAIM in driver.find_element("id", "excerpt").text
    driver.find_element("xpath", "//summary[text()='Fix a typo or a word']").click()
    field = driver.find_element("css selector", "#small-edit textarea[name=explanation]")
    field.clear()
    field.send_keys("Exports rose 12 percent.")
    submit(driver, "xpath", "//button[text()='Save the edit']")
    assert "You wrote part of this verdict" in driver.page_source
    assert not driver.find_elements("xpath", "//button[text()='Approve and publish']")
    submit(driver, "id", "preview-link")
    shot(driver, "desk-15-preview")
    assert "Preview" in driver.find_element("css selector", ".preview").text
    assert "Exports rose 12 percent." in driver.page_source
