"""Who said it: attribution of quotes and reported speech, resolved to the speaker the article names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.)"
_TITLE = (
    r"(?:(?:Lt|Lieut|Gen|Maj|Col|Capt|Sgt|Adm|Brig|Cmdr|Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov|Pres|Rev|Hon)\.|"
    r"President|Vice President|Prime Minister|Secretary(?: of State)?|Senator|Governor|General|Minister|"
    r"Chancellor|King|Queen|Pope|Judge|Justice|Mayor|Ambassador|Sheikh|Ayatollah|Congressman|Congresswoman|"
    r"Chairman|Chairwoman|Director|Commissioner|Professor|Doctor)"
)
_ROLES = (
    r"analyst|commander|spokesman|spokeswoman|spokesperson|minister|official|expert|researcher|professor|"
    r"economist|director|chief|head|leader|lawmaker|senator|president|secretary|ambassador|adviser|advisor|"
    r"author|reporter|journalist|editor|scientist|doctor|lawyer|attorney|chairman|chairwoman|ceo|founder|"
    r"diplomat|general|correspondent|governor|mayor|prosecutor|judge|representative|envoy|negotiator|"
    r"strategist|historian|activist|campaigner|candidate|commentator|chancellor|premier|captain|colonel"
)
_VERBS = (
    r"said|says|told|tells|stated|states|claimed|claims|asserted|asserts|argued|argues|added|adds|noted|notes|"
    r"wrote|writes|warned|warns|explained|explains|insisted|insists|announced|announces|declared|declares|"
    r"suggested|suggests|reported|reports|read|reads|admitted|acknowledged|estimated|predicted|testified|"
    r"tweeted|posted|confirmed|denied|revealed|concluded|threatened|cited|alleged|conceded|stressed|"
    r"emphasi[sz]ed|maintained|contended|observed|remarked|replied|responded|continued|disputed|disputes|"
    r"questioned|rejected|countered"
)
_DOCUMENTS = (
    r"resolution|report|statement|study|motion|document|letter|ruling|law|bill|survey|poll|memo|order|agreement|"
    r"administration|government|ministry|agency|department|company|military|police|coalition|parliament|court|"
    r"commission|committee|council|campaign|embassy|office"
)
# Role and document words match in any case; names must stay capitalised.
_ROLES_I = f"(?i:{_ROLES})"
_DOCUMENTS_I = f"(?i:{_DOCUMENTS})"

_TITLED_PERSON = re.compile(rf"(?:{_TITLE}\s+)+{_NAME}(?:\s+{_NAME}){{0,2}}")
_ROLE_BEFORE_NAME = re.compile(rf"\b({_ROLES_I})\s+({_NAME}(?:\s+{_NAME}){{1,2}})\b")
_ROLE_AFTER_NAME = re.compile(rf"^,\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){{0,3}}?({_ROLES_I})\b")
_SUBJECT_SPEAKS = re.compile(
    rf"((?:{_TITLE}\s+)*{_NAME}(?:\s+{_NAME}){{1,2}})(?:,[^,]{{1,80}},)?\s+(?:also\s+|later\s+|then\s+)?(?:{_VERBS})\b"
)
_AFTER_QUOTE = re.compile(
    rf"[\"”’],?\s+((?i:he|she|they|it)|(?:{_TITLE}\s+)*{_NAME}(?:\s+{_NAME}){{0,2}}|"
    rf"(?i:the)\s+(?:[\w-]+\s+){{0,2}}(?:{_ROLES_I}|{_DOCUMENTS_I}))\s+(?:{_VERBS})\b"
)
_ROLE_SPEAKS = re.compile(
    rf"\b(?i:the|this|that)\s+((?:[\w-]+\s+){{0,2}}?(?:{_ROLES_I}|{_DOCUMENTS_I}))\s+(?:also\s+|later\s+|then\s+)?"
    rf"(?:{_VERBS})\b"
)
_PRONOUN_SPEAKS = re.compile(rf"(?:^|[,;]\s+|\band\s+)((?i:he|she))\s+(?:also\s+)?(?:{_VERBS})\b")
_ACCORDING_TO = re.compile(
    rf"\b(?i:according to)\s+((?:(?i:the)\s+)?(?:{_TITLE}\s+)*[\w’'-]+(?:\s+(?:[A-Z][\w’'-]*|of|the|for)){{0,5}})"
)
_OPENING_QUOTE = re.compile(r"^[\"“«]")
_CLOSING_QUOTE = re.compile(r"[\"”»]\W*$")


@dataclass
class _Person:
    name: str
    roles: set[str] = field(default_factory=set)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


class SpeakerRegistry:
    """People named so far in an article, most recent last, with the roles the article gives them."""

    def __init__(self) -> None:
        self.people: list[_Person] = []

    def note(self, sentence: str) -> None:
        found: list[tuple[int, str, str | None]] = []
        for match in _TITLED_PERSON.finditer(sentence):
            found.append((match.start(), match.group(0), _role_after(sentence, match.end())))
        for match in _ROLE_BEFORE_NAME.finditer(sentence):
            found.append((match.start(2), match.group(2), match.group(1).lower()))
        for match in _SUBJECT_SPEAKS.finditer(sentence):
            found.append((match.start(1), match.group(1), _role_after(sentence, match.end(1))))
        for _, name, role in sorted(found, key=lambda item: item[0]):
            self._add(name, role)

    def _add(self, name: str, role: str | None) -> None:
        for person in self.people:
            if person.name == name or name.endswith(person.name) or person.name.endswith(name):
                if len(name) > len(person.name):
                    person.name = name
                if role:
                    person.roles.add(role)
                self.people.remove(person)
                self.people.append(person)
                return
        self.people.append(_Person(name, {role} if role else set()))

    def resolve(self, mention: str) -> str:
        """Map "he", "the analyst" or "White" to the full name the article gave; else the mention itself."""
        lowered = mention.lower().strip()
        if lowered in ("he", "she"):
            return self._touch(self.people[-1]) if self.people else mention
        if lowered in ("they", "it"):
            return mention
        head = lowered.split()[-1]
        if lowered.startswith(("the ", "this ", "that ")) or re.fullmatch(_ROLES, head):
            for person in reversed(self.people):
                if head in person.roles:
                    return self._touch(person)
            return mention
        for person in reversed(self.people):
            if mention == person.name or mention == person.surname or person.name.endswith(" " + mention):
                return self._touch(person)
        return mention

    def _touch(self, person: _Person) -> str:
        """The person just quoted is the likeliest "he" of the next sentence."""
        self.people.remove(person)
        self.people.append(person)
        return person.name


def _role_after(sentence: str, end: int) -> str | None:
    match = _ROLE_AFTER_NAME.match(sentence[end:])
    return match.group(1).lower() if match else None


def attribute(sentences: list[str]) -> list[str | None]:
    """The named source of each sentence (quotes, reported speech, "according to"), or None."""
    registry = SpeakerRegistry()
    results: list[str | None] = []
    previous_quote_speaker: str | None = None
    for sentence in sentences:
        mention = _mention(sentence)
        registry.note(sentence)
        speaker = registry.resolve(mention) if mention else None
        is_quote = '"' in sentence or "“" in sentence or "”" in sentence
        if (
            speaker is None
            and is_quote
            and previous_quote_speaker
            and (_OPENING_QUOTE.search(sentence) or _CLOSING_QUOTE.search(sentence))
        ):
            speaker = previous_quote_speaker  # the quote goes on in the next sentence
        previous_quote_speaker = speaker if is_quote else None
        results.append(speaker)
    return results


def _mention(sentence: str) -> str | None:
    for pattern in (_AFTER_QUOTE, _ROLE_SPEAKS, _SUBJECT_SPEAKS, _PRONOUN_SPEAKS, _ACCORDING_TO):
        match = pattern.search(sentence)
        if match:
            mention = match.group(1).strip(" ,")
            if pattern is _ROLE_SPEAKS:
                mention = "the " + mention.lower() if mention[:1].islower() else "the " + mention
            return mention
    return None
