"""Template filters: matched spans marked safely (every piece of user text escaped first), percentages, labels."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

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
