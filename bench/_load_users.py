"""The reviewers bench/load.py simulates (a locust file): fact-checkers working their own claims, editors
approving what was submitted. Each user signs in through the login page, as a person does.

LOAD_PLAN names the JSON file bench/load.py wrote: {"password": ..., "checkers": {username: [claim ids]},
"editors": [usernames]}. LOAD_THINK is "MIN,MAX", the seconds a reviewer reads between two actions.

FastHttpUser (geventhttpclient) rather than HttpUser (requests): the load generator shares the two cores
with what it measures, and this client costs it several times less CPU per request.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_RE = re.compile(r'name="version" value="(\d+)"')  # the verdict form's: the first on the page
DOCUMENT_RE = re.compile(r'name="document_id" value="(\d+)"')
RATING_SELECT_RE = re.compile(r'name="rating"[^>]*>(.*?)</select>', re.S)
RATING_RE = re.compile(r'<option value="([a-z_-]+)"')
REVIEW_RE = re.compile(r'href="/review/(\d+)/"')
DECIDED_FIRST = "This verdict no longer waits for review"
THINK = tuple(float(value) for value in os.environ.get("LOAD_THINK", "5,15").split(","))
_checkers = itertools.cycle(sorted(PLAN["checkers"]))
_editors = itertools.cycle(PLAN["editors"])


def _ratings(page: str) -> list[str]:
    select = RATING_SELECT_RE.search(page)
    return RATING_RE.findall(select.group(1)) if select else []


class Reviewer(FastHttpUser):
    abstract = True
    wait_time = between(*THINK)  # a person reads between clicks

    def sign_in(self, username: str) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF_RE.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": username, "password": PLAN["password"], "csrfmiddlewaretoken": token},
            name="sign in",
        )
        # Then reads the queue it lands on, as between any two actions. Without this, locust runs a user's
        # first task the moment it has signed in, and every arrival's first action piles into the ramp.
        self.wait()

    def post(
        self,
        url: str,
        data: dict,
        *,
        name: str,
        page_text: str,
        in_place: bool = False,
        decision: bool = False,
    ):
        """The form's POST. `in_place`: as the workspace's htmx sends it (HX-Request), answered with the part
        of the page it changes, where the browser without htmx follows a redirect to the whole page.

        `decision`: an editor's approve. When another editor decided on the same verdict a moment before, the
        workbench refuses it (409) and says so in the panel: the right answer, not an error, so it counts as
        answered; bench/load.py reports these refusals from the server's access log."""
        token = CSRF_RE.search(page_text)
        if token is None:
            raise RuntimeError(f"no CSRF token on the page before {name}")
        headers = {"HX-Request": "true"} if in_place else {}
        form = {**data, "csrfmiddlewaretoken": token.group(1)}
        if not decision:
            return self.client.post(url, form, name=name, headers=headers)
        with self.client.post(url, form, name=name, headers=headers, catch_response=True) as response:
            if response.status_code == 409 and DECIDED_FIRST in (response.text or ""):
                response.success()
        return response


class FactChecker(Reviewer):
    weight = 9

    def on_start(self) -> None:
        self.username = next(_checkers)
        self.claims = list(PLAN["checkers"][self.username])
        self.sign_in(self.username)
        self.done: set[int] = set()

    def _workspace(self, claim_id: int):
        return self.client.get(f"/claims/{claim_id}/", name="claim workspace")

    def _save_verdict(self, claim_id: int, explanation: str, *, submit: bool) -> None:
        """The verdict form as loaded: its rating choices, and the version it carries back."""
        page = self._workspace(claim_id)
        version = VERSION_RE.search(page.text)
        ratings = _ratings(page.text)
        data = {"rating": ratings[0] if ratings else "", "explanation": explanation}
        data["version"] = version.group(1) if version else ""
        if submit:
            data["submit"] = "1"
        self.post(
            f"/claims/{claim_id}/verdict/",
            data,
            name="submit verdict" if submit else "save draft",
            page_text=page.text,
            in_place=True,
        )

    @task(4)
    def open_queue(self) -> None:
        self.client.get("/", name="queue")

    @task(6)
    def open_claim(self) -> None:
        self._workspace(random.choice(self.claims))

    @task(4)
    def mark_evidence(self) -> None:
        claim_id = random.choice([c for c in self.claims if c not in self.done] or self.claims)
        page = self._workspace(claim_id)
        documents = DOCUMENT_RE.findall(page.text)
        if claim_id in self.done or not documents:
            return
        self.post(
            f"/claims/{claim_id}/marks/",
            {"document_id": random.choice(documents), "stance": random.choice(["supports", "refutes", "context"]),
             "note": "Checked against the figures."},
            name="mark evidence",
            page_text=page.text,
            in_place=True,
        )  # fmt: skip

    @task(3)
    def save_draft(self) -> None:
        claim_id = random.choice([c for c in self.claims if c not in self.done] or self.claims)
        if claim_id in self.done:
            return
        self._save_verdict(claim_id, "Draft: the figures say otherwise.", submit=False)

    @task(1)
    def submit(self) -> None:
        """Cite a document, save and submit one of this checker's claims (then it is the editors')."""
        left = [c for c in self.claims if c not in self.done]
        if not left:
            return
        claim_id = left[0]
        page = self._workspace(claim_id)
        documents = DOCUMENT_RE.findall(page.text)
        if not documents:
            self.done.add(claim_id)
            return
        self.post(
            f"/claims/{claim_id}/citations/",
            {"document_id": documents[0], "quote": "The figures", "note": "Primary source."},
            name="cite",
            page_text=page.text,
            in_place=True,
        )
        self._save_verdict(claim_id, "The official figures show otherwise.", submit=True)
        self.done.add(claim_id)


class Editor(Reviewer):
    fixed_count = 5

    def on_start(self) -> None:
        self.sign_in(next(_editors))

    @task(3)
    def open_review_queue(self) -> None:
        self.client.get("/review/", name="review queue")

    @task(2)
    def approve(self) -> None:
        queue = self.client.get("/review/", name="review queue")
        waiting = REVIEW_RE.findall(queue.text)
        if not waiting:
            return
        verdict_id = random.choice(waiting)
        page = self.client.get(f"/review/{verdict_id}/", name="review page")
        if "Approve and publish" in page.text:
            self.post(
                f"/review/{verdict_id}/",
                {"decision": "approve"},
                name="approve",
                page_text=page.text,
                in_place=True,
                decision=True,
            )
