"""The queue's table rows, drawn in Python: fifty rows through the template engine cost more than the SQL."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from ..extraction.context import truncate
from ..models import Claim, ClaimStatus, EvidenceStatus
from ..priority import priority_in_points
from ..selectors.clusters import Spread, claim_spread_for
from ..selectors.queue import OPEN_STATUSES, claim_type_label
from ..web.evidence import evidence_label

register = template.Library()

_STATUS = dict(ClaimStatus.choices)
_CLOSED = (ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED)


def _when(value) -> str:
    return timezone.localtime(value).strftime("%-d %b %H:%M") if value else ""


@register.simple_tag(takes_context=True)
def queue_rows(context, claims: list[Claim]) -> SafeString:
    """One <tr> per claim, as queue.html describes them; every piece of user text is escaped by format_html."""
    user = context["user"]
    stale_hours = context["stale_hours"]
    can_reassign = context["can_reassign"]
    take_url, release_url = reverse("claims:queue_take"), reverse("claims:queue_release")
    claim_url = reverse("claims:claim", args=[0])[: -len("0/")]
    cluster_url = reverse("claims:cluster", args=[0])[: -len("0/")]
    spreads = claim_spread_for(claim_ids=[claim.id for claim in claims])
    now = timezone.now()
    rows = []
    for claim in claims:
        href = f"{claim_url}{claim.id}/"
        article = claim.article
        notes = []
        if claim.attribution:
            notes.append(format_html('<div class="muted">— {}</div>', claim.attribution))
        spread = spreads.get(claim.id)
        if spread is not None and spread.times > 1:
            notes.append(_spread_note(spread, cluster_url, href_of=claim_url, own_id=claim.id))
        if claim.is_stale:
            notes.append(
                format_html(
                    '<span class="badge stale-flag" title="Open and unchanged for more than {} hours">Stale</span>',
                    stale_hours,
                )
            )
        if claim.status == ClaimStatus.DISMISSED and claim.dismissed_reason:
            notes.append(format_html('<div class="muted">Dismissed: {}</div>', claim.dismissed_reason))
        source = format_html("<strong>{}</strong> · ", article.source.name) if article.source else ""
        rows.append(
            format_html(
                '<tr data-href="{href}" tabindex="-1"{stale}>'
                '<td><input type="checkbox" name="claim_ids" value="{id}" form="bulk" aria-label="Select claim #{id}"></td>'
                '<td class="score" title="{why}">{score}%</td>'
                '<td><a href="{href}">{text}</a>{notes}</td>'
                "<td>{type}</td>"
                '<td class="muted">{source}{title}</td>'
                '<td class="muted">{entered}</td>'
                "<td>{evidence}</td>"
                '<td><span class="badge st-{st}">{st_label}</span></td>'
                '<td class="holder">{holder}</td></tr>\n',
                href=href,
                stale=mark_safe(' class="stale"') if claim.is_stale else "",
                id=claim.id,
                score=round(claim.score * 100),
                why=_priority_words(claim, now),
                text=standalone_claim(claim, limit=180),
                notes=mark_safe("".join(notes)),
                type=claim_type_label(claim.claim_type),
                source=source,
                title=Truncator(article.title).chars(60),
                entered=_when(claim.created_at),
                evidence=evidence_badge(claim),
                st=claim.status,
                st_label=_STATUS.get(claim.status, claim.status),
                holder=_holder(
                    claim, user=user, can_reassign=can_reassign, take_url=take_url, release_url=release_url
                ),
            )
        )
    return mark_safe("".join(rows))


@register.simple_tag
def priority_words(claim: Claim) -> str:
    """The claim's place in the queue in words, for the workspace (the queue's rows carry it in a title); ""
    for a claim the queue no longer shows (published, dismissed)."""
    if claim.status not in OPEN_STATUSES:
        return ""
    return _priority_words(claim, timezone.now())


def _priority_words(claim: Claim, now) -> str:
    """Why the row sits where it does: the score and each nudge of the queue's rule, in points."""
    source = claim.article.source
    points = priority_in_points(
        score=claim.score,
        created_at=claim.created_at,
        reliability=source.reliability if source else None,
        spread=claim.spread_points,
        now=now,
    )
    words = [
        f"Priority {points.total:.1f}: check-worthiness {points.score:.0f}",
        f"− {points.waiting:.1f} for {points.days:.1f} days in the queue",
        f"+ {points.source:.1f} for its source{'' if source else ' (none, counted as 50% reliable)'}",
    ]
    if points.spread:
        words.append(f"+ {points.spread:.1f} as said again")
    return " ".join(words)


@register.filter
def times_said(times: int) -> str:
    return {1: "once", 2: "twice"}.get(times, f"{times} times")


@register.filter
def spread_words(spread: Spread) -> str:
    """'Said 3 times by 2 sources since 3 Jan 2026': sources are left unsaid when none is known (pasted text)."""
    since = f" since {timezone.localtime(spread.since).strftime('%-d %b %Y')}" if spread.since else ""
    sources = f" by {spread.sources} source{'s' if spread.sources != 1 else ''}" if spread.sources else ""
    return f"Said {times_said(spread.times)}{sources}{since}"


def _spread_note(spread: Spread, cluster_url: str, *, href_of: str, own_id: int) -> SafeString:
    """'Said N times by M sources since DATE', linking to the cluster of the claim's repeats, and the claim
    of the cluster that carries the work when it is another one (work the cluster once)."""
    worked = ""
    if spread.worked_claim_id and spread.worked_claim_id != own_id:
        worked = format_html(
            ' · <a href="{}{}/" title="Another claim of this cluster is being checked or published">worked as #{}</a>',
            href_of,
            spread.worked_claim_id,
            spread.worked_claim_id,
        )
    return format_html(
        '<div class="muted spread"><a href="{}{}/" title="The same claim, said again elsewhere">'
        "{}</a>{}</div>",
        cluster_url,
        spread.cluster_id,
        spread_words(spread),
        worked,
    )


@register.simple_tag
def evidence_badge(claim: Claim, status_url: str = "") -> SafeString:
    """The claim's evidence badge: its search's state, or once searched how strong its evidence is. With
    `status_url`, the workspace's badge, which workspace.js follows until the search ends."""
    shown = evidence_label(claim.evidence_status, claim.evidence_strength)
    if status_url:
        # While the search runs the badge asks (htmx) every two seconds; the answer is nothing (204) until the
        # state it shows has changed, then the whole evidence panel.
        running = claim.evidence_status not in (EvidenceStatus.DONE, EvidenceStatus.FAILED)
        polling = (
            format_html(
                ' hx-get="{}?shown={}" hx-trigger="every 2s" hx-target="#evidence-panel" hx-swap="outerHTML"',
                status_url,
                claim.evidence_status,
            )
            if running
            else ""
        )
        return format_html(
            '<span id="evidence-status" class="badge ev-{}" title="{}" data-url="{}" data-status="{}"{}>{}</span>',
            shown.key,
            shown.title,
            status_url,
            claim.evidence_status,
            polling,
            shown.label,
        )
    return format_html('<span class="badge ev-{}" title="{}">{}</span>', shown.key, shown.title, shown.label)


@register.simple_tag
def standalone_claim(claim: Claim, limit: int | None = None) -> SafeString | str:
    """The claim as it stands alone, what it refers to filled in and marked (escaped), cut to `limit` characters
    if given; else its text. The queue's rows and the workspace show it so."""
    segments = claim.standalone_segments
    if not segments:
        return Truncator(claim.text).chars(limit) if limit else claim.text
    pieces = (
        format_html(
            '<ins class="claim-insertion" title="Filled in from the article; the claim says “{}”">[{}]</ins>',
            part["replaces"],
            part["text"],
        )
        if "replaces" in part
        else part["text"]
        for part in (truncate(segments, limit) if limit else segments)
    )
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _holder(claim: Claim, *, user, can_reassign: bool, take_url: str, release_url: str) -> SafeString:
    """Who holds the claim (the lock), and the buttons this user may press: assign to me, release, take over."""
    parts = []
    mine = claim.assignee_id == user.id
    if claim.assignee_id:
        parts.append(
            format_html(
                '<span class="lock{}" title="Held since {}">{}</span> ',
                " mine" if mine else "",
                _when(claim.assigned_at or claim.updated_at),
                "You" if mine else claim.assignee,
            )
        )
    if claim.status not in _CLOSED:
        buttons = []
        if not claim.assignee_id:
            buttons.append((take_url, "assign", "Assign to me"))
        elif mine or can_reassign:
            buttons.append((release_url, "", "Release"))
            if not mine:
                buttons.append((take_url, "assign", "Take over"))
        parts.append(
            format_html_join(
                " ",
                '<button form="bulk" formaction="{}" hx-post="{}" hx-include="#bulk" hx-target="#queue-area" '
                'hx-swap="outerHTML" name="claim_id" value="{}" data-key="{}" class="small">{}</button>',
                ((url, url, claim.id, key, label) for url, key, label in buttons),
            )
        )
    return mark_safe("".join(parts))
