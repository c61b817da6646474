"""Clean a claim's text into a search query: drop what social posts and article extracts add around the claim."""

from __future__ import annotations

import html
import re
import unicodedata

# A tweet as copied from the web ends with "— Name (@handle) Month D, YYYY"; a reply or quote can carry one
# in the middle too. The name part stops at an em dash so that only the attribution is cut.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
ATTRIBUTION_RE = re.compile(
    rf"\s*(?:[—–]|\s-)\s*(?P<name>[^—\n]{{0,60}}?)\s*\(@\w{{1,30}}\)(?:\s+{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})?(?P<end>\s*$)?",
)
RETWEET_RE = re.compile(r"^\s*RT\s+@\w+:\s*")
# No word boundary before "pic.twitter.com": tweets glue it to the preceding word or hashtag.
URL_RE = re.compile(r"(?:https?://|www\.)\S+|pic\.twitter\.com/\S*|\b(?:t\.co|bit\.ly|youtu\.be)/\S*", re.I)
THREAD_MARK_RE = re.compile(r"\s\(?\d{1,2}/\d{1,2}\)?\s*$")
# "via @someone" credits the poster, not the claim.
VIA_HANDLE_RE = re.compile(r"\b(?:via|h/t|cc|ht)\s+@\w+", re.I)
HANDLE_RE = re.compile(r"@(\w{1,30})")
# The same attribution after the dash was lost in copying: "(@handle) Month D, YYYY" at the end.
BARE_ATTRIBUTION_RE = re.compile(rf"\(@\w{{1,30}}\)\s+{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\s*$")
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
HASHTAG_RE = re.compile(r"#(\w+)")
CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")

# Article extracts: datelines, reference marks, bullets, "Read more" and photo credits around a claim.
DATELINE_RE = re.compile(r"^\s*[A-Z][A-Z .,'-]{2,40}\s*\((?:AP|AFP|Reuters|CNN|UPI|dpa|Xinhua)\)\s*[-—–:]\s*")
AGENCY_RE = re.compile(r"\((?:AP|AFP|Reuters|UPI|dpa)\)\s*[-—–]?\s*")
REFERENCE_MARK_RE = re.compile(r"\[(?:\d{1,3}|citation needed|[a-z])\]", re.I)
BULLET_RE = re.compile(r"^\s*(?:[•·▪►▶*+-]|\d{1,2}[.)])\s+", re.M)
BOILERPLATE_RE = re.compile(
    r"\b(?:read more|click here|continue reading|sign up|subscribe now|watch(?: the)? video|"
    r"(?:photo|image|picture|video)(?: credit)?\s*:\s*[^.]{0,60}$)",
    re.I,
)
REPEATED_PUNCT_RE = re.compile(r"([!?.,…])\1+|…+")
SPACE_RE = re.compile(r"\s+")

# Characters that carry no words: emoji, pictographs, flags, joiners and variation selectors.
_DROP_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn"}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ufe0e", "\ufe0f", "\ufffd"}


def _drop_symbols(text: str) -> str:
    kept = []
    for ch in text:
        if ch in _INVISIBLE or (ord(ch) > 0x2000 and unicodedata.category(ch) in _DROP_CATEGORIES):
            kept.append(" ")
        else:
            kept.append(ch)
    return "".join(kept)


def _split_camel(word: str) -> str:
    return CAMEL_RE.sub(" ", word)


def _attribution(match: re.Match, speaker: list[str]) -> str:
    # The final attribution names who posted the claim; fact-checks are often framed "Did X say ...?", so
    # the name is kept as the speaker (tuned on the CheckThat! 2020 train tweets). Others are dropped.
    if match.group("end") is not None and not speaker:
        speaker.append(match.group("name").strip(" -–,;:"))
    return " "


def _handle_words(match: re.Match) -> str:
    # "@realDonaldTrump" names someone the claim is about; keep the words, drop the '@'.
    return " " + _split_camel(match.group(1).replace("_", " "))


def clean_query(text: str, *, keep_handles: bool = True) -> str:
    """The words of a claim without links, attributions, emoji, markup and article boilerplate.

    Social posts: links (also glued to a word, as in "#Tagpic.twitter.com/x"), `pic.twitter.com/...`,
    "— Name (@handle) Date" attributions (the final one's name is kept in front, as the speaker:
    "Name: text"), "RT @x:" and "via @x" credits, '#' of hashtags
    (CamelCase tags are split into words), and '@' of other handles (their words are kept unless
    `keep_handles` is false). Articles: datelines, agency marks, reference marks, bullets and "Read more"
    lines. Everywhere: HTML entities, emoji and other symbols, runs of punctuation, and extra space.
    Returns "" when nothing searchable is left.
    """
    if not text:
        return ""
    text = html.unescape(html.unescape(text))
    text = unicodedata.normalize("NFKC", text)
    text = text.replace('""', '"')
    text = RETWEET_RE.sub("", text)
    text = URL_RE.sub(" ", text)
    speaker: list[str] = []
    text = ATTRIBUTION_RE.sub(lambda m: _attribution(m, speaker), text)
    if speaker and speaker[0]:
        text = f"{speaker[0]}: {text}"
    text = BARE_ATTRIBUTION_RE.sub(" ", text)
    text = VIA_HANDLE_RE.sub(" ", text)
    text = EMAIL_RE.sub(" ", text)
    text = HANDLE_RE.sub(_handle_words if keep_handles else " ", text)
    text = HASHTAG_RE.sub(lambda m: " " + _split_camel(m.group(1)) + " ", text)
    text = THREAD_MARK_RE.sub("", text)
    text = DATELINE_RE.sub("", text)
    text = AGENCY_RE.sub("", text)
    text = REFERENCE_MARK_RE.sub("", text)
    text = BULLET_RE.sub("", text)
    text = BOILERPLATE_RE.sub(" ", text)
    text = _drop_symbols(text)
    text = REPEATED_PUNCT_RE.sub(lambda m: m.group(1) or " ", text)
    text = SPACE_RE.sub(" ", text).strip(" \"'“”‘’-—–:;,")
    return text
