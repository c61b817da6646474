"""Template filters: matched spans marked safely (every piece of user text escaped first), percentages, labels."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from claims.selectors.queue import claim_type_label as _claim_type_label

register = template.Library()


@register.filter
def mark_spans(text: str, spans) -> str:
    """Wrap each (start, end) span of `text` in <mark>, escaping everything."""
    out, cursor = [], 0
    for start, end in sorted(spans or []):
        if start < cursor or end > len(text):
            continue
        out.append(escape(text[cursor:start]))
        out.append(format_html("<mark>{}</mark>", text[start:end]))
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))


@register.filter
def percent(value) -> str:
    try:
        return f"{round(float(value) * 100)}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def next_item(sequence, index):
    """The item after position `index` (revisions are newest first, so this is the older one)."""
    items = list(sequence)
    return items[index + 1] if index + 1 < len(items) else None


@register.filter
def claim_type_label(value: str) -> str:
    """A claim type's one label, as the queue, its filter and the API show it."""
    return _claim_type_label(value or "")


# What each recorded action reads as in a claim's history: the fact-checker's words, not the audit log's codes.
_HISTORY_WORDS = {
    "article.ingested": "added the article",
    "article.reextracted": "extracted the article's claims again",
    "citation.added": "added a citation",
    "citation.removed": "removed a citation",
    "claim.answered_as_repeat": "answered it with an earlier fact-check",
    "claim.assigned": "assigned it",
    "claim.dismissed": "dismissed it",
    "claim.duplicates_linked": "linked duplicates to it",
    "claim.edited": "reworded it",
    "claim.marked_duplicate": "marked it a duplicate",
    "claim.merged": "merged claims into it",
    "claim.released": "released it",
    "claim.split": "split it",
    "comment.added": "commented",
    "evidence.marked": "marked evidence",
    "evidence.noted": "noted evidence",
    "evidence.requested": "asked for evidence again",
    "evidence.unmarked": "cleared an evidence mark",
    "match.confirmed": "confirmed an earlier fact-check as the same claim",
    "match.rejected": "rejected an earlier fact-check as another claim",
    "verdict.blind_reviewed": "recorded a blind second rating",
    "verdict.change_rejected": "rejected a proposed correction",
    "verdict.correction_proposed": "proposed a correction",
    "verdict.retraction_proposed": "proposed a retraction",
    "verdict.published": "approved and published the verdict",
    "verdict.returned": "returned the verdict",
    "verdict.saved": "saved the verdict",
    "verdict.submitted": "submitted the verdict for review",
}


@register.filter
def history_words(event) -> str:
    """One history line's action in words, with what it carried: the stance marked, the rating saved, to whom."""
    from claims.models import Stance

    data = event.data if isinstance(event.data, dict) else {}
    words = _HISTORY_WORDS.get(event.action) or event.action.replace(".", " ").replace("_", " ")
    if event.action == "evidence.marked" and data.get("stance") in Stance.values:
        words += f" as “{Stance(data['stance']).label.lower()}”"
    elif event.action == "verdict.saved" and data.get("rating"):
        words += f" as “{rating_words(data['rating'])}” (version {data.get('version', '?')})"
    elif event.action == "claim.assigned" and data.get("assignee"):
        words = f"assigned it to {data['assignee']}"
    elif event.action in ("claim.dismissed", "verdict.returned") and (
        data.get("reason") or data.get("comment")
    ):
        words += f": {Truncator(data.get('reason') or data.get('comment')).chars(120)}"
    return words


@register.filter
def any_nonzero(values) -> bool:
    """Whether a row of counts has anything in it: the dashboard's tables leave out the days with nothing."""
    return any(values or ())


@register.filter
def rating_words(value: str) -> str:
    """A rating as readers see it ("Mostly false"), never its code; "none" for no rating yet."""
    from django.conf import settings

    if not value:
        return "none"
    return dict(settings.WORKBENCH["VERDICT_RATINGS"]).get(value, value)
