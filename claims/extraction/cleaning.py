"""Turn a raw article (plain text or HTML) into a headline and clean body text, without site chrome."""

from __future__ import annotations

import re
import unicodedata

from .html import html_to_text, looks_like_html

MAX_CHROME_WORDS = 25

# Each pattern recognises one kind of site chrome on a short line; none is specific to one site.
_CHROME_PATTERNS = [
    # sign-in and registration prompts
    r"^registration (was |is )?(successful|complete)",
    r"^(please )?(sign|log) ?(in|up|on)\b",
    r"\b(sign|log) ?in (or|to|and) (register|sign ?up|comment|continue|read|reply|post|join|participate)",
    r"\blog ?in or register\b|\bregister or (sign|log) ?in\b",
    r"^register (now|for free|to\b|here)",
    r"^(create|open) (a |an |your )?(free )?account",
    r"follow the link (from|in|sent to) (the|your|this) e-?mail",
    r"\b(check|confirm|verify) your (e-?mail|inbox)\b",
    r"^to (participate|take part|join) in the (discussion|conversation)",
    r"^(already have an account|already a subscriber|forgot (your )?password|don'?t have an account)",
    r"^(you must|please) (be )?(log|sign)ged? in\b",
    # newsletters and subscriptions
    r"^(subscribe|sign up)\b.{0,60}\b(newsletter|briefing|updates|alerts|inbox|e-?mails?|digest)\b",
    r"^subscribe( now| today| here)?[.!]?$",
    r"^(get|receive) (our|the) .{0,40}newsletter",
    r"\bnewsletter\b.{0,40}\b(subscribe|sign up|inbox)\b",
    # sharing and comment widgets
    r"^share (this|on|via|the|article|story|page)\b",
    r"^((share|tweet|e-?mail|print|pin it|whatsapp|facebook|twitter|x|linkedin|reddit|telegram|"
    r"copy link|save|comment|comments)[\s|/·•,]*)+$",
    r"^(\d+\s+)?comments?(\s*\(\d+\))?$",
    r"^(leave|add|post|write|view|show|hide|load|read) (a |all |the |more )?(comment|comments|reply|replies)\b",
    r"^join the (conversation|discussion|debate)\b",
    r"^follow us( on\b|$)",
    # navigation and promotion
    r"^(read more|related( articles| stories| content)?|see also|more on this( story)?|recommended( for you)?|"
    r"you (may|might) also like|most (read|popular|viewed)|trending( now)?|more from|also read|watch)\s*[:›»>]",
    r"^(advertisement|sponsored( content)?|ad|skip to (main )?content|back to top|menu|search|close|home)$",
    r"^(home|news)\s*[>›»/|]",
    r"\ball rights reserved\b",
    r"^(privacy policy|terms of (use|service)|contact us|about us)\b",
    r"^\d+\s+min(ute)?s? read$",
    r"^(published|updated|posted|last updated|last modified)\b.{0,60}$",
    # cookie notices
    r"\b(we|this (web)?site|our site) uses? cookies\b",
    r"\bcookie (policy|settings|preferences|notice|consent)\b",
    r"^(accept|reject|allow)( all)?( cookies)?$",
    r"\bby continuing to (use|browse)\b",
    # photo credits and captions
    r"^©",
    r"^\(?(photo|image|picture|photograph|illustration|video|graphic|credit|file photo|pictured)s?( credit)?\s*[:|]",
    r"^\(?(photo|image|picture)s? (by|courtesy|credit)\b",
    r"\bgo to the (photo|media) ?bank\b",
    r"\b(getty images|shutterstock|afp via getty|ap photo|reuters/|afp/|epa/|alamy)\b[^.!?]{0,60}\)?$",
]
_CHROME = re.compile("|".join(f"(?:{pattern})" for pattern in _CHROME_PATTERNS), re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"\s+[-–—|]\s+[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3}$")
_BYLINE = re.compile(
    r"^(?i:by)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*(?:,|\||and|&)\s*[A-Z][\w .'-]{0,40})?$"
)
_DATELINE = re.compile(
    r"^(?:\w+day,?\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:,?\s+\d{4})?(?:[,\s]+\d{1,2}:\d{2}.*)?$",
    re.IGNORECASE,
)
_CREDIT_LEAD = re.compile(
    r"^©.*?/\s*go to the (?:photo|media) ?bank\s*|^©[^/]*(?:/[^/]*){0,2}/\s*", re.IGNORECASE
)
_TEXT_PUNCTUATION = set(".,;:!?'\"“”‘’«»()[]{}-–—/%$€£¥&@#*+=<>_|…·•")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_SCRIPTS = [
    ("latin", re.compile(r"[A-Za-z\u00c0-\u024f]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("greek", re.compile(r"[\u0370-\u03ff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff]")),
    ("hebrew", re.compile(r"[\u0590-\u05ff]")),
    ("cjk", re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")),
    ("devanagari", re.compile(r"[\u0900-\u097f]")),
]


def check_text(raw: str) -> None:
    """Refuse input that is not article text, with a message that says what is wrong."""
    if not isinstance(raw, str):
        raise TypeError(f"expected article text as str, got {type(raw).__name__}")
    if not raw.strip():
        raise ValueError("article text is empty (nothing but whitespace)")
    sample = raw[:20000]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise ValueError("input looks like binary data (NUL or control bytes), not article text")
    visible = [char for char in sample if not char.isspace()]
    texty = sum(1 for char in visible if char.isalnum() or char in _TEXT_PUNCTUATION)
    if len(visible) >= 32 and texty < 0.6 * len(visible):
        raise ValueError("input looks like binary or non-text data: too few letters to be article text")


def clean_text(raw: str, *, html: bool | None = None) -> tuple[str | None, str]:
    """Return (headline or None, cleaned body text) for a raw article, plain text or HTML.

    `html=None` detects HTML by its markup. Sign-in prompts, photo credits and duplicated captions,
    share and comment widgets, cookie notices, bylines and stray UI strings in another script are
    removed; paragraphs are kept apart by blank lines. Raises ValueError for empty or binary input.
    """
    check_text(raw)
    title_hint = None
    if html is None:
        html = looks_like_html(raw)
    if html:
        title_hint, raw = html_to_text(raw)
    lines = [_normalise_line(line) for line in _normalise(raw).split("\n")]
    kept = _drop_chrome(lines)
    headline, kept = _take_headline(kept, title_hint)
    text = _join(kept)
    if not text:
        raise ValueError("article text is empty once site chrome is removed")
    return headline, text


def _normalise(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", text)


def _normalise_line(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _is_chrome(line: str) -> bool:
    words = line.count(" ") + 1
    if words > MAX_CHROME_WORDS:
        return False
    return bool(_CHROME.search(line) or _BYLINE.match(line) or (_DATELINE.match(line) and words <= 8))


def _dominant_script(lines: list[str]) -> str | None:
    sample = " ".join(lines)[:20000]
    counts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPTS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def _line_script(line: str) -> str | None:
    counts = {name: len(pattern.findall(line)) for name, pattern in _SCRIPTS}
    best = max(counts, key=counts.get)
    letters = sum(counts.values())
    return best if letters and counts[best] > 0.5 * letters else None


def _drop_chrome(lines: list[str]) -> list[str]:
    """Keep article lines (blank lines kept as paragraph breaks), drop chrome and its echoes."""
    script = _dominant_script(lines)
    dropped_text: list[str] = []
    seen_short: set[str] = set()
    kept: list[str] = []
    for line in lines:
        if not line:
            kept.append("")
            continue
        words = line.count(" ") + 1
        if _is_chrome(line):
            dropped_text.append(_CREDIT_LEAD.sub("", line).lower())
            continue
        if words <= MAX_CHROME_WORDS and script and _line_script(line) not in (script, None):
            continue  # a stray UI string in another script than the article's
        if _is_caption_echo(line, dropped_text):
            continue
        key = line.lower()
        if words <= MAX_CHROME_WORDS and key[-1:] not in '.!?"”' and key in seen_short:
            continue  # repeated widget text or a repeated caption
        seen_short.add(key)
        kept.append(line)
    return kept


def _is_caption_echo(line: str, dropped_text: list[str]) -> bool:
    """A caption repeated with a site suffix, e.g. "Flag in the zone - Example News", after its credit."""
    if line[-1:] in ".!?" or line.count(" ") + 1 > MAX_CHROME_WORDS:
        return False
    core = _SITE_SUFFIX.sub("", line).strip().lower()
    if len(core) < 8:
        return False
    return any(core in dropped for dropped in dropped_text)


def _take_headline(lines: list[str], title_hint: str | None) -> tuple[str | None, list[str]]:
    """The first short line without a closing full stop, followed by more text, is the headline."""
    content = [index for index, line in enumerate(lines) if line]
    if title_hint:
        for index in content[:3]:
            if lines[index].lower() == title_hint.lower():
                return title_hint, lines[:index] + lines[index + 1 :]
        return title_hint, lines
    if len(content) < 2:
        return None, lines
    first = lines[content[0]]
    words = first.count(" ") + 1
    if words <= 30 and len(first) <= 250 and first[-1] not in '.:;,"”' and not first[0].islower():
        return first, lines[: content[0]] + lines[content[0] + 1 :]
    return None, lines


def _join(lines: list[str]) -> str:
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
