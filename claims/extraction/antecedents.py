"""What an article has named so far: people with their roles, organisations and documents, most recent last."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # "Inês Ferreira", "Banco Atlântico"
NAME = rf"(?:[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*|[A-Z]\.)"
TITLE = (
    r"(?:(?:Lt|Lieut|Gen|Maj|Col|Capt|Sgt|Adm|Brig|Cmdr|Sen|Rep|Gov|Pres|Rev|Hon)\.|(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame)\b\.?|"
    r"President|Vice President|Prime Minister|Secretary(?: of State)?|Senator|Governor|General|Minister|"
    r"Chancellor|King|Queen|Pope|Judge|Justice|Mayor|Ambassador|Sheikh|Ayatollah|Congressman|Congresswoman|"
    r"Chairman|Chairwoman|Director|Commissioner|Professor|Doctor|Lieutenant|Colonel|Major General|Admiral|"
    r"Brigadier|Captain|Sergeant)"
)
# Titles that a capitalised word before them turns into a role: "Health Secretary Daniel Reeve" is Daniel Reeve.
OFFICES = frozenset(
    "Secretary Minister Director Commissioner Chairman Chairwoman Chancellor Governor".split()
)
ROLES = (
    r"analyst|commander|spokesman|spokeswoman|spokesperson|minister|official|expert|researcher|professor|"
    r"economist|director|chief|head|leader|lawmaker|senator|president|secretary|ambassador|adviser|advisor|"
    r"author|reporter|journalist|editor|scientist|doctor|lawyer|attorney|chairman|chairwoman|ceo|founder|"
    r"diplomat|general|correspondent|governor|mayor|prosecutor|judge|representative|envoy|negotiator|"
    r"strategist|historian|activist|campaigner|candidate|commentator|chancellor|premier|captain|colonel|"
    r"executive|officer|chair|consultant|manager|inspector|surgeon"
)
DOCUMENTS = (
    r"resolution|report|statement|study|motion|document|letter|ruling|law|bill|survey|poll|memo|order|"
    r"agreement|analysis|paper|audit|assessment"
)
BODIES = (
    r"administration|government|ministry|agency|department|company|military|police|coalition|parliament|court|"
    r"commission|committee|council|campaign|embassy|office|union|party|bank|board|bureau|institute|authority|"
    r"trust|fund|foundation|association|army|regulator|university|federation|organi[sz]ation|cabinet|senate|"
    r"congress|assembly|treasury|corporation|charity|club|league|society|hospital|watchdog|journal|gazette|"
    r"echo|courier|herald|tribune|monitor|college"
)
# Role, document and body words match in any case; names must stay capitalised.
ROLES_I, DOCUMENTS_I, BODIES_I = f"(?i:{ROLES})", f"(?i:{DOCUMENTS})", f"(?i:{BODIES})"
# A capitalised word: "O'Neill", "Children's Hospital", "Workers' Union"; not "Baghdad's" before a common noun.
_CAP = rf"[{_UPPER}][\w-]*(?:['’]s(?=\s+[A-Z])|['’](?!s\b)[A-Za-z]+|(?<=s)['’](?!\w))?"
# A capitalised name, which may run on through "of", "for" and "and": "Department of Health and Social Care".
_MONTHS = "January February March April May June July August September October November December"
_WHEN = "|".join((_MONTHS + " Monday Tuesday Wednesday Thursday Friday Saturday Sunday").split())
_OF = rf"(?:of|for|on(?!\s+(?:{_WHEN})\b))"  # "Committee on Climate Change", not "Review on June 4"
ORGCAP = rf"(?<![\w-]){_CAP}(?:\s+(?:{_OF}\s+(?:the\s+)?|and\s+|&\s+)?{_CAP})*"
MODIFIER = r"(?!(?:of|for|in|on|to|at|by|with|from|and|or|than)\s)[\w’'-]+"
BODY = rf"\b(?i:the)\s+(?:{MODIFIER}\s+){{0,3}}?{BODIES_I}\b(?:\s+{_OF}\s+(?:the\s+)?{ORGCAP})?"
_BODY_CALLED = re.compile(rf"\b(?i:the)\s+(?:{MODIFIER}\s+){{0,2}}?({BODIES})\s+({ORGCAP})")
_OF_NAME = rf"(?:\s+{_OF}\s+(?:the\s+)?{ORGCAP})?"
# A body named in capitals without "the": "Harrowby Borough Council", "Little Lanterns Hospice Trust".
NAMED_BODY = rf"(?<![\w-])(?:{_CAP}\s+(?:(?:of|for|and|&)\s+)?){{1,5}}(?=[A-Z]){BODIES_I}\b{_OF_NAME}"
AUTHOR = rf"(?:{BODY}|(?:(?i:the)\s+)?{ORGCAP})"

_TITLED_PERSON = re.compile(rf"(?:{TITLE}\s+)+{NAME}(?:\s+{NAME}){{0,2}}")
_ROLE_BEFORE_NAME = re.compile(rf"\b({ROLES_I})\s+({NAME}(?:\s+{NAME}){{1,2}})\b")
_MODIFIERS_BEFORE = re.compile(r"(?:[a-z][\w-]*\s+){1,2}$")
_ROLE_AFTER_NAME = re.compile(
    rf"^,\s+(?:the\s+|a\s+|an\s+)?((?:[\w-]+\s+){{0,3}}?{ROLES_I}\b(?:\s+(?:of|for|at)\s+(?:the\s+)?{ORGCAP})?)"
)
# "Its regional secretary, Maria Lopez," and "the incumbent, Richard Dunmore,": the phrase is the role.
_APPOSED_NAME = re.compile(
    rf"\b(?i:its|their|his|her|the|a|an)\s+([^,]{{1,60}}),\s+((?:{TITLE}\s+)*{NAME}(?:\s+{NAME}){{1,2}}),"
)
_BODY_APPOSED = re.compile(rf"({ORGCAP}),\s+((?:the|a|an)\s+[^,]{{0,60}}?\b{BODIES_I}\b[^,]{{0,40}}),")
_BODY_NAMED = re.compile(rf"{NAMED_BODY}|{BODY}")
_IN_DOCUMENT = re.compile(rf"\bin\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+){{0,2}}?({DOCUMENTS_I})\b")
_WORD = re.compile(r"[a-z]+")


def words_of(alternatives: str) -> frozenset[str]:
    """The words a plain alternation such as ROLES matches, "organi[sz]ation" spelt both ways."""
    return frozenset(word.replace("[sz]", letter) for word in alternatives.split("|") for letter in "sz")


def mentions_any(sentence: str, words: frozenset[str]) -> bool:
    """A cheap first look: whether the sentence has one of `words` at all (a set lookup beats a regex)."""
    return not words.isdisjoint(_WORD.findall(sentence.lower()))


_ROLE_WORDS, _BODY_WORDS, _DOCUMENT_WORDS = words_of(ROLES), words_of(BODIES), words_of(DOCUMENTS)
_DOC_BY = re.compile(
    rf"\b(?i:a|an|the|its|their|new|latest)\s+(?:[\w-]+\s+){{0,2}}?({DOCUMENTS_I})\s+(?:by|from|of)\s+({AUTHOR})"
)
_DOC_ISSUED = re.compile(
    rf"({AUTHOR})\s+(?:has\s+|have\s+|had\s+)?(?:published|released|issued|passed|adopted|approved|commissioned|"
    rf"produced|tabled|drafted|signed)\s+(?i:a|an|the|its|their|his|her)\s+(?:[\w-]+\s+){{0,3}}?({DOCUMENTS_I})\b"
)
_DOC_OWNED = re.compile(rf"((?:(?i:the)\s+)?{ORGCAP})(?:['’]s)?\s+(?:[a-z][\w-]*\s+)?({DOCUMENTS_I})\b")
# Capitalised words that start a sentence or a phrase without naming anyone: "This report", "Tuesday's study".
_NOT_NAMES = frozenset(
    "The This That These Those A An Its It Their His Her Our Your My Last Next New Latest Another Each Every "
    "Yesterday Today".split()
) | frozenset(_WHEN.split("|"))
# "Leeds General Infirmary" has a title in it, but names a place.
_NOT_PEOPLE = re.compile(
    rf"\b(?:Infirmary|Hospital|School|College|Airport|Station|Street|Road|Square|Park|Centre|Center|Hall|"
    rf"House|Bridge|Stadium|Museum|Library|Church|Cathedral|Prison|Base|Camp|{BODIES_I})$"
)
_HONORIFICS = re.compile(rf"^(?:(?:{TITLE}|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Prof)\.?\s+)+")
# Documents of one kind: "the motion" may be the resolution the article named, "the study" its report.
_KINDS = dict(motion="resolution", poll="survey", law="bill", memo="letter")
_KINDS.update(dict.fromkeys(("study", "analysis", "paper", "audit", "assessment"), "report"))
DETERMINERS = ("the", "this", "that", "a", "an", "its", "their", "his", "her")


def document_kind(word: str) -> str:
    return _KINDS.get(word.lower(), word.lower())


def body_name(phrase: str) -> str:
    """The way a body is named mid-sentence: "The Department of Health" -> "the Department of Health"."""
    phrase = re.sub(r"['’]s$", "", " ".join(phrase.split()))
    phrase = "the" + phrase[3:] if phrase.startswith("The ") else phrase
    return re.sub(r"^the\s+(?:[a-z][\w-]*\s+)+(?=[A-Z])", "the ", phrase)  # "the opposition Socialist Party"


def names_someone(phrase: str) -> bool:
    """Whether a capitalised phrase is a name, not "This" or "Tuesday" at the start of a sentence."""
    words = phrase.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return bool(words) and words[0] not in _NOT_NAMES


def fits(mention: str, phrase: str) -> bool:
    """ "the regional secretary" fits a "regional secretary" and a bare "secretary", not a "health secretary"."""
    wanted = [word for word in mention.lower().split() if word not in DETERMINERS]
    words = re.findall(r"[\w’'-]+", phrase.lower())
    if not wanted or wanted[-1] not in words:
        return False
    return len(words) == 1 or all(word in words for word in wanted[:-1])


@dataclass
class Person:
    name: str
    roles: list[str] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def person_name(sentence: str, start: int, name: str) -> tuple[int, str, str | None]:
    """Where a person's mention starts, their name, and the role an office before it gives them."""
    first, _, rest = name.partition(" ")
    modifier = re.search(r"([A-Z][\w-]*)\s+$", sentence[:start])
    if first in OFFICES and rest and modifier and modifier.group(1) not in _NOT_NAMES:
        return modifier.start(1), rest, f"{modifier.group(1)} {first}".lower()
    return start, name, None


class Antecedents:
    """People, organisations and documents an article has named, most recent last, to resolve references to."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self.bodies: list[tuple[str, str]] = []  # (name, what the article calls it)
        self.documents: list[tuple[str, str]] = []  # (kind, author)

    def note(self, sentence: str) -> list[tuple[int, Person]]:
        """Record who and what `sentence` names; gives the people it names, by where they stand in it."""
        found: list[tuple[int, str, str | None]] = []
        for match in _TITLED_PERSON.finditer(sentence):
            found.append((match.start(), match.group(0), role_after(sentence, match.end())))
        for match in _ROLE_BEFORE_NAME.finditer(sentence) if mentions_any(sentence, _ROLE_WORDS) else ():
            # "political analyst Sajad Jiyad": the words before the role say which analyst.
            modifiers = _MODIFIERS_BEFORE.search(sentence, max(0, match.start() - 40), match.start())
            role = (modifiers.group(0) if modifiers else "") + match.group(1)
            found.append((match.start(2), match.group(2), role.lower()))
        apposition = sentence.count(",") >= 2  # ", Maria Lopez," and ", the health workers' union,"
        for match in _APPOSED_NAME.finditer(sentence) if apposition else ():
            found.append((match.start(2), match.group(2), match.group(1).lower()))
        if mentions_any(sentence, _BODY_WORDS):
            for match in _BODY_NAMED.finditer(sentence):
                self.add_body(match.group(0))
            for match in _BODY_CALLED.finditer(sentence):  # "the charity Immunise Together"
                if names_someone(match.group(2)):
                    self.add_body(match.group(2), match.group(1))
            for match in _BODY_APPOSED.finditer(sentence) if apposition else ():
                if names_someone(match.group(1)):
                    self.add_body(match.group(1), match.group(2))
        people = []
        # The first named, most often the subject, is the likeliest "he" of the next sentence: it goes in last.
        for start, name, role in sorted(found, key=lambda item: item[0], reverse=True):
            start, name, office = person_name(sentence, start, name)
            if not _NOT_PEOPLE.search(name):
                people.append((start, self.add_person(name, role, office)))
        self._note_documents(sentence)
        return people[::-1]

    def _note_documents(self, sentence: str) -> None:
        if not mentions_any(sentence, _DOCUMENT_WORDS):
            return
        for pattern, kind_group, author_group in ((_DOC_BY, 1, 2), (_DOC_ISSUED, 2, 1), (_DOC_OWNED, 2, 1)):
            for match in pattern.finditer(sentence):
                author = match.group(author_group)
                if names_someone(author):
                    self.documents.append((document_kind(match.group(kind_group)), self.author(author)))

    def note_document_by(self, sentence: str, claimant: str) -> None:
        """ "X said in a report" makes X the author of the report the article goes on to cite."""
        for match in _IN_DOCUMENT.finditer(sentence) if mentions_any(sentence, _DOCUMENT_WORDS) else ():
            self.documents.append((document_kind(match.group(1)), claimant))

    def author(self, phrase: str) -> str:
        """The person or body a document's author phrase names, as the article names them in full."""
        person = self.person(phrase)
        return person.name if person else self.body(phrase) or body_name(phrase)

    def add_person(self, name: str, *roles: str | None) -> Person:
        for person in self.people:
            if person.name == name or name.endswith(" " + person.name) or person.name.endswith(" " + name):
                if len(name) > len(person.name):
                    person.name = name
                break
            if bare_name(name) == person.surname:  # "Mr Reeve" is the Daniel Reeve named before
                break
        else:
            person = Person(name)
        for role in filter(None, roles):
            # "secretary" says less than "health secretary", and would fit "the regional secretary" too.
            if not any(known == role or known.endswith(" " + role) for known in person.roles):
                person.roles = [known for known in person.roles if not role.endswith(" " + known)] + [role]
        return self.touch(person)

    def add_body(self, phrase: str, description: str | None = None) -> str:
        name = self.body(phrase) or body_name(phrase)
        known = next((entry for entry in self.bodies if entry[0] == name), None)
        if known:
            self.bodies.remove(known)
        words = " ".join(filter(None, (known[1] if known else name, description)))
        self.bodies.append((name, words))
        return name

    def touch(self, person: Person) -> Person:
        """The person just named or quoted is the likeliest "he" of the next sentence."""
        if person in self.people:
            self.people.remove(person)
        self.people.append(person)
        return person

    def person(self, mention: str) -> Person | None:
        """The person a name, a surname or "Mr Reeve" refers to, if the article has named them."""
        bare = bare_name(mention)
        for person in reversed(self.people):
            if bare == person.name or bare == person.surname or person.name.endswith(" " + bare):
                return person
            if mention.endswith(" " + person.name):
                return person
        return None

    def role(self, mention: str) -> Person | None:
        """The nearest person the article gave the role "the minister" or "the Health Secretary" names."""
        return next(
            (person for person in reversed(self.people) if any(fits(mention, r) for r in person.roles)), None
        )

    def body(self, mention: str) -> str | None:
        """The organisation "the ministry" or "the department" refers to, the nearest named that fits."""
        return next((name for name, words in reversed(self.bodies) if fits(mention, f"{name} {words}")), None)

    def document(self, mention: str) -> str | None:
        """Who wrote, passed or published the document "the report" or "the motion" refers to."""
        kind = document_kind(mention.split()[-1])
        return next((author for found, author in reversed(self.documents) if found == kind), None)


def bare_name(name: str) -> str:
    """A name without the titles and honorifics before it: "Mr Reeve" -> "Reeve"."""
    return _HONORIFICS.sub("", name.strip())


def role_after(sentence: str, end: int) -> str | None:
    match = _ROLE_AFTER_NAME.match(sentence[end:])
    return match.group(1).lower() if match else None
