"""Who said it: attribution of quotes and reported speech, resolved to the speaker the article names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .antecedents import (
    AUTHOR,
    BODIES,
    BODIES_I,
    BODY,
    DETERMINERS,
    DOCUMENTS,
    DOCUMENTS_I,
    MODIFIER,
    NAME,
    NAMED_BODY,
    ORGCAP,
    ROLES,
    ROLES_I,
    TITLE,
    Antecedents,
    Person,
    body_name,
    mentions_any,
    names_someone,
    person_name,
    role_after,
    words_of,
)

_VERBS = (
    r"said|says|told|tells|stated|states|claimed|claims|asserted|asserts|argued|argues|added|adds|noted|notes|"
    r"wrote|writes|warned|warns|explained|explains|insisted|insists|announced|announces|declared|declares|"
    r"suggested|suggests|reported|reports|read|reads|admitted|acknowledged|estimated|predicted|testified|"
    r"tweeted|posted|confirmed|denied|revealed|concluded|threatened|cited|alleged|conceded|stressed|"
    r"emphasi[sz]ed|maintained|contended|observed|remarked|replied|responded|continued|disputed|disputes|"
    r"questioned|rejected|countered|found|finds|shows|showed|estimates"
)
_SPEAKS = rf"\s+(?:also\s+|later\s+|then\s+)?(?:{_VERBS})\b"
_PRONOUN = r"(?i:he|she|they|it)"
_HEAD = rf"(?:{ROLES_I}|{DOCUMENTS_I}|{BODIES_I})"
_PERSON = rf"(?:{TITLE}\s+)*{NAME}(?:\s+{NAME}){{1,2}}"

_AFTER_QUOTE = re.compile(
    rf"[\"”’],?\s+({_PRONOUN}|(?:{TITLE}\s+)*{NAME}(?:\s+{NAME}){{0,2}}|(?i:the)\s+(?:[\w-]+\s+){{0,2}}{_HEAD})"
    rf"\s+(?:{_VERBS})\b"
)
_APPOSITION_SPEAKS = re.compile(rf"\b(?i:its|their|his|her|the|a|an)\s+[^,]{{1,60}},\s+({_PERSON}),{_SPEAKS}")
_ROLE_SPEAKS = re.compile(
    rf"\b((?i:the|this|that|a|an)\s+(?!(?i:the|a|an)\s)(?:[\w-]+\s+){{0,3}}?{_HEAD}){_SPEAKS}"
)
# "Analysts at Banco Atlântico said", "A spokeswoman for the commission said": the body is the source.
_STAFF_SPEAK = re.compile(
    rf"\b(?:(?i:analysts|economists|researchers|scientists|officials|experts|staff)|(?i:a|an)\s+(?:[\w-]+\s+)?"
    rf"{ROLES_I})\s+(?:at|from|for)\s+({AUTHOR}){_SPEAKS}"
)
_BODY_SPEAKS = re.compile(
    rf"(?<![\w-])({BODY}|(?i:the)\s+{ORGCAP}|{NAMED_BODY}|{ORGCAP}['’]s\s+(?:[\w-]+\s+){{0,2}}?{BODIES_I})"
    rf"(?:(?:,[^,]{{1,80}}){{1,2}},)?{_SPEAKS}"
)
_SUBJECT_SPEAKS = re.compile(rf"(?<![\w-])({_PERSON})(?:(?:,[^,]{{1,80}}){{1,3}},)?{_SPEAKS}")
_APPOSED_SPEAKS = re.compile(rf"(?<![\w-])({ORGCAP}),\s+((?:the|a|an|its|their)\s+[^,]{{1,60}}),{_SPEAKS}")
_SURNAME_SPEAKS = re.compile(rf"(?:^|[,;]\s+|\b(?:and|but)\s+)({NAME}){_SPEAKS}")
_VERB_WORDS = words_of(_VERBS)
_PRONOUN_SPEAKS = re.compile(rf"\b({_PRONOUN}){_SPEAKS}")
_ACCORDING_TO = re.compile(
    rf"\b(?i:according to)\s+("
    rf"(?i:a|an|the|its|their|new|latest)\s+(?:[\w-]+\s+){{0,2}}?{DOCUMENTS_I}\s+(?:by|from|of)\s+(?P<doc_author>{AUTHOR})|"
    rf"(?i:the|a|an)\s+(?:{MODIFIER}\s+){{0,3}}?{_HEAD}\b(?:\s+(?:of|for|on)\s+(?:the\s+)?{ORGCAP})?|"
    rf"(?:{TITLE}\s+)*(?:(?i:the)\s+)?{ORGCAP}|"
    rf"(?:[\w-]+\s+){{1,3}}?(?:from|by|of)\s+(?P<data_author>{AUTHOR}))"
)
_PATTERNS = (
    _AFTER_QUOTE,
    _APPOSITION_SPEAKS,
    _STAFF_SPEAK,
    _ROLE_SPEAKS,
    _BODY_SPEAKS,
    _SUBJECT_SPEAKS,
    _APPOSED_SPEAKS,
    _SURNAME_SPEAKS,
    _PRONOUN_SPEAKS,
    _ACCORDING_TO,
)
# "Okafor: It is the worst I have seen." opens an answer; "Q:" a question.
_LABEL = re.compile(rf"^\s*({NAME}(?:\s+{NAME}){{0,2}}|Q|A):\s")
_QUESTION_LABELS = frozenset(("Q", "Question", "Interviewer"))
_OPENING_QUOTE = re.compile(r"^[\"“«]")
_CLOSING_QUOTE = re.compile(r"[\"”»]\W*$")
_REFERENCE = re.compile(rf"{_PRONOUN}|(?i:{'|'.join(DETERMINERS)})\s+(?:[a-z][\w-]*\s+){{0,3}}{DOCUMENTS_I}")


@dataclass(frozen=True)
class Attribution:
    """Who a sentence is attributed to: the claimant resolved (None if not), and the words that name them."""

    name: str | None = None
    text: str | None = None
    start: int | None = None  # where `text` starts in the sentence


def attribute(sentences: list[str]) -> list[Attribution]:
    """The source of each sentence (quotes, reported speech, "according to"), resolved within the article.

    "he", "the minister" and "the report" become the nearest compatible person, holder of that role or author
    named before. A pronoun or a document with nothing to refer to has no name, only its words; a role or a
    body the article names no further stands as it is written ("the Health Secretary", "the government").
    """
    registry = Antecedents()
    results: list[Attribution] = []
    previous_quote: Attribution | None = None
    answering: str | None = None  # the interviewee whose answer the sentences are
    for index, sentence in enumerate(sentences):
        result = _explicit(registry, sentence)
        label = _LABEL.match(sentence)
        if label:
            answering = _interviewee(registry, label.group(1), sentences[:index])
            if result.text is None and answering:
                result = Attribution(answering, label.group(1), 0)
        is_quote = '"' in sentence or "“" in sentence or "”" in sentence
        if (
            result.text is None
            and is_quote
            and previous_quote
            and (_OPENING_QUOTE.search(sentence) or _CLOSING_QUOTE.search(sentence))
        ):
            result = Attribution(previous_quote.name)  # the quote goes on in the next sentence
        elif result.text is None and answering:
            result = Attribution(answering)  # so does an interviewee's answer, until the next question
        previous_quote = result if is_quote and result.name else None
        results.append(result)
    return results


def _explicit(registry: Antecedents, sentence: str) -> Attribution:
    """The source the sentence itself names, resolved; what it names is noted for the sentences after it."""
    before = list(registry.people)
    named_now = registry.note(sentence)
    _note_speakers(registry, sentence)
    found = _mention(registry, sentence)
    if not found:
        return Attribution()
    start, mention, author = found
    candidates = [person for at, person in reversed(named_now) if at < start] + before[::-1]
    result = Attribution(_resolve(registry, mention, author, candidates), mention, start)
    if result.name:
        registry.note_document_by(sentence, result.name)
    return result


def _interviewee(registry: Antecedents, label: str, earlier: list[str]) -> str | None:
    """Who "Okafor:" is: the person the article named in full before; "Q:" is the interviewer, nobody."""
    if label in _QUESTION_LABELS:
        return None
    person = registry.person(label)
    if person:
        return person.name
    full = re.search(rf"\b((?:{NAME}\s+){{1,2}}){re.escape(label)}\b", " ".join(earlier))
    if full or " " in label:
        return registry.add_person(full.group(0) if full else label).name
    return None


def is_reference(claimant: str) -> bool:
    """Whether a claimant is only a pronoun or a document ("he", "the report"): a pointer, not a name."""
    return bool(_REFERENCE.fullmatch(" ".join(claimant.split())))


def _note_speakers(registry: Antecedents, sentence: str) -> None:
    """People the sentence has speak, with the role an apposition gives them ("Tom Reed, the spokesman, said")."""
    for match in _SUBJECT_SPEAKS.finditer(sentence):
        _, name, office = person_name(sentence, match.start(1), match.group(1))
        if not registry.body(name):  # "Immunise Together found", once "the charity Immunise Together"
            registry.add_person(name, office, role_after(sentence, match.end(1)))
    for match in _APPOSED_SPEAKS.finditer(sentence) if sentence.count(",") >= 2 else ():
        role = re.search(rf"(?:[\w’'-]+\s+){{0,3}}?{ROLES_I}\b", match.group(2))
        if role and names_someone(match.group(1)):
            registry.add_person(match.group(1), role.group(0).lower())


def _mention(registry: Antecedents, sentence: str) -> tuple[int, str, str | None] | None:
    """Where the words naming the source start, the words, and the author a "report by X" names."""
    # Most sentences name no source: one look for a reporting verb spares them every pattern but "according to".
    patterns = _PATTERNS if mentions_any(sentence, _VERB_WORDS) else (_ACCORDING_TO,)
    for pattern in patterns:
        match = pattern.search(sentence)
        if pattern is _SURNAME_SPEAKS and match:
            # "Reeve said" is Daniel Reeve once he is named; "Officials said" names nobody.
            match = match if registry.person(match.group(1)) or registry.body(match.group(1)) else None
        if match:
            start, end = match.span(1)
            if pattern is _SUBJECT_SPEAKS:
                start = person_name(sentence, start, match.group(1))[0]
            author = None
            if pattern is _ACCORDING_TO:
                author = match.group("doc_author") or match.group("data_author")
            mention = sentence[start:end].rstrip(" ,")
            return start, mention, author
    return None


def _resolve(registry: Antecedents, mention: str, author: str | None, candidates: list[Person]) -> str | None:
    """The claimant `mention` names: a person, a body or a document's author, as the article names them."""
    lowered = mention.lower()
    if author:
        return registry.author(author)
    if lowered in ("he", "she"):
        return registry.touch(candidates[0]).name if candidates else None
    if lowered == "it":
        return registry.bodies[-1][0] if registry.bodies else None
    if lowered == "they":
        return None
    if lowered.split()[0] in DETERMINERS:
        return _resolve_phrase(registry, mention)
    person = registry.person(mention)
    if person:
        return registry.touch(person).name
    return registry.body(mention) or (mention if names_someone(mention) else None)


def _resolve_phrase(registry: Antecedents, mention: str) -> str | None:
    """ "the minister", "the finance ministry", "the Kings Fund report": a role, a body or a document."""
    head_words = re.split(r"\s+(?:of|for|on)\s+", mention, maxsplit=1)[0].split()
    head = head_words[-1].lower()
    if re.fullmatch(DOCUMENTS, head):
        owner = [word for word in head_words[1:-1] if word[:1].isupper()]
        if owner and names_someone(" ".join(owner)):
            return registry.author("the " + " ".join(owner))
        return registry.document(" ".join(head_words))
    if re.fullmatch(ROLES, head) and head_words[0].lower() in ("a", "an"):
        return _employer(registry, head_words[1:-1])
    if re.fullmatch(ROLES, head):
        person = registry.role(" ".join(head_words))
        return registry.touch(person).name if person else body_name(mention)
    if re.fullmatch(BODIES, head):
        return registry.add_body(mention)
    return body_name(mention)


def _employer(registry: Antecedents, modifiers: list[str]) -> str | None:
    """ "a council spokesman" speaks for the council the article named; "a spokesman" for nobody it names."""
    owner = " ".join(word for word in modifiers if word[:1].isupper())
    if owner and names_someone(owner):
        return registry.author("the " + owner)
    return registry.body(" ".join(["the", *modifiers])) if modifiers else None
