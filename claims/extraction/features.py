"""Interpretable check-worthiness features: what a fact-checker would point at in a sentence."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .segmentation import TITLES

_NUMBER_WORDS = (
    r"hundreds?|thousands?|millions?|billions?|trillions?|dozens?|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|twice|double|triple"
)
_MONTHS = r"january|february|march|april|may|june|july|august|september|october|november|december"
# "may" and "march" are words as well as months: as months only when capitalised ("in May", not "may be").
_MONTH_NAMES = r"january|february|april|june|july|august|september|october|november|december|(?-i:May|March)"
_SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|claimed|claims|asserted|asserts|argued|argues|added|noted|notes|"
    r"wrote|writes|warned|warns|explained|insisted|announced|announces|declared|declares|suggested|suggests|"
    r"reported|reports|read|admitted|acknowledged|estimated|estimates|predicted|testified|tweeted|posted|"
    r"confirmed|denied|revealed|found|showed|shows|concluded|threatened|cited|highlighted|alleged|conceded"
)


@dataclass(frozen=True)
class Feature:
    code: str
    label: str
    direction: int  # +1 raises check-worthiness, -1 lowers it: the trained weight keeps this sign
    pattern: re.Pattern | None = None
    preferred: re.Pattern | None = None  # tried first, so the reason quotes the most telling words


def _rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern:
    return re.compile(pattern, flags)


FEATURES: tuple[Feature, ...] = (
    Feature(
        "quantity",
        "States a quantity",
        1,
        _rx(
            rf"(?<![\w.])(?<![A-Za-z]-)(?:[$€£¥]\s?)?\d[\d,]*(?:\.\d+)?(?!\d)(?:\s?(?:%|percent\b|per cent\b|{_NUMBER_WORDS}))?|\b(?:{_NUMBER_WORDS})\b"
        ),
    ),
    Feature(
        "money",
        "Mentions an amount of money",
        1,
        _rx(
            r"[$€£¥]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|m)\b)?|\b\d[\d,.]*\s?(?:million|billion|trillion)?\s?(?:dollars|euros|pounds|rubles|yuan)\b|"
            r"\b(?:million|billion|trillion) (?:dollars|euros|pounds)\b|\bbillions of dollars\b"
        ),
    ),
    Feature(
        "statistic",
        "States a statistic or percentage",
        1,
        _rx(
            r"(?<![\d.,])\d[\d,.]*\s?%|\b\d[\d,.]*\s(?:percent|per cent)\b|\b(?:percent|per cent|percentage points?|per capita|median|average|unemployment|rate of|"
            r"(?:growth|crime|birth|death|poverty|tax|interest|murder|inflation) rates?|majority of|(?:the |pure |raw )numbers|(?<!first )(?<!second )(?:a |one )?(?:half|third|quarter) of(?! \d)|"
            r"(?:\d+|one|two|three|four|five|six|seven|eight|nine) (?:in|out of) (?:every )?(?:\d+|ten|five|four|three|two)\b(?! ?%)|"
            r"statistics|poll|survey|census)\b"
        ),
        _rx(r"(?<![\d.,])\d[\d,.]*\s?%|\b\d[\d,.]*\s(?:percent|per cent|percentage points?)\b"),
    ),
    Feature(
        "date",
        "Refers to a specific date or period",
        1,
        _rx(
            rf"\b(?:{_MONTH_NAMES})\b(?:\s+\d{{1,2}}(?!\d))?|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.\s?\d|"
            r"\b(?:in|since|by|from|until|of|before|after) (?:the )?(?:late |early |mid-)?(?:1[89]|20)\d\d(?:s)?\b|\b(?:1[89]|20)\d\d\b|"
            r"\b(?:last|this|next|previous|past) (?:year|month|week|decade|century|quarter|summer|winter|spring|fall)\b|"
            r"\b\d+ (?:years|months|weeks|decades) ago\b|\b(?:yesterday|monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday)\b"
        ),
    ),
    Feature("named_entity", "Names a person, place or organisation", 1, None),
    Feature(
        "comparison",
        "Makes a comparison or describes a change",
        1,
        _rx(
            r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater|better|worse|faster|slower|cheaper|"
            r"richer|poorer|stronger|weaker|older|younger) than\b|\bas (?:many|much|high|low) as\b|"
            r"\bthe (?:most|least|first|only) \w+|"
            r"\b(?:highest|lowest|largest|biggest|smallest|worst|fastest|slowest|richest|poorest|strongest|weakest)\b|"
            r"\brecord\b|\b(?:increas|decreas|declin|doubl|tripl|halv|surg|soar|plung|skyrocket)(?:e|ed|es|ing)\b|"
            r"\b(?:rose|risen|fell|fallen|dropped|grew|grown|shrank|jumped|climbed)\b|\bcompared (?:to|with)\b|"
            r"\b(?:up|down) from\b|\bspike\b|\bsurge\b"
        ),
    ),
    Feature(
        "causal",
        "Claims a cause or effect",
        1,
        _rx(
            r"\b(?:because(?: of)?|due to|caused|causes|causing|led to|leads to|leading to|result(?:ed|s|ing)? in|"
            r"as a result(?: of)?|responsible for|blamed? (?:for|on)|linked to|thanks to|contribut(?:ed|es|ing) to|"
            r"driven by|consequen(?:ce|tly)|therefore|explain(?:s|ed)? the|attributed to|the reason)\b"
        ),
    ),
    Feature(
        "attribution",
        "Attributed to a named source",
        1,
        _rx(
            rf"\baccording to\b|\b(?:{_SPEECH_VERBS})\b(?= (?:to |that |on |in |\w+ (?:that|on))|[,.]|$)|"
            rf"(?:[\"”’],?|,) (?:he|she|they|it|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){{0,3}}) (?:{_SPEECH_VERBS})\b|"
            r"\b(?:report|study|survey|data|figures|statistics|research|analysis) (?:shows?|showed|found|finds|suggests?)\b",
            0,
        ),
    ),
    Feature(
        "prediction",
        "Predicts the future",
        1,
        _rx(
            r"\b(?:will|won't|shall)\b(?! you\b)|\b(?:is|are|was|were) (?:going|expected|projected|forecast|set|likely) to\b|"
            r"\bgonna\b|\b(?:forecast|predict|project)(?:s|ed|ion)?\b|\bby (?:the end of )?20\d\d\b|"
            r"\bnext (?:year|month|decade)\b|\bin the coming\b|\bin the future\b"
        ),
    ),
    Feature(
        "law_rule",
        "Refers to a law, rule or official decision",
        1,
        _rx(
            r"\b(?:laws?|legal(?:ly)?|illegal(?:ly)?|bills?|acts?|rules?|regulations?|ban(?:s|ned)?|mandat(?:e|ed|es|ory)|"
            r"constitution(?:al)?|resolutions?|treaty|treaties|court|ruled|ruling|legislation|prohibit(?:s|ed)?|statute|"
            r"amendment|veto(?:ed)?|sanctions?|tariffs?|taxes|tax|voted(?: for| against)?|signed|passed|executive order|"
            r"obamacare|medicare|medicaid|agreement|deal)\b"
        ),
    ),
    Feature(
        "past_action",
        "Describes what someone did",
        1,
        _rx(
            r"\b(?:you|he|she|they|we|i) (?:have |has |had )?(?:voted|supported|opposed|proposed|wanted|called|"
            r"endorsed|funded|cut|raised|created|lost|invested|took|gave|sent|said|were for|was for|did)\b"
        ),
    ),
    Feature("question", "Is a question", -1, _rx(r"\?\s*[\"”’)]*\s*$")),
    Feature(
        "opinion",
        "Expresses an opinion or value judgement",
        -1,
        _rx(
            r"\b(?:i|we) (?:think|believe|feel|guess|suppose)\b|\bin my (?:opinion|view)\b|\bfrankly\b|\bhonestly\b|"
            r"\b(?:great|terrible|wonderful|beautiful|amazing|disaster|disgrace|incredible|tremendous|fantastic|horrible|"
            r"ridiculous|absurd|awful|sad|nice|fine|good|bad|wrong|right|important|believe me)\b"
        ),
    ),
    Feature(
        "prescriptive",
        "Says what should be done",
        -1,
        _rx(
            r"\b(?:we|you|they|i|america|congress) (?:need|have|ought) to\b|\b(?:we|you|they|congress) (?:must|should)\b|"
            r"\blet(?:'s| us| me)\b|\bshould\b"
        ),
    ),
    Feature(
        "hedging",
        "Hedged or uncertain",
        -1,
        _rx(
            r"\b(?:maybe|perhaps|might|possibly|probably|presumably|seems?|appears? to|i guess|"
            r"(?:i|it's|it is|is|was|are|were) (?:kind|sort) of|"
            r"may be|could be|i'm not sure)\b"
        ),
    ),
    Feature(
        "first_person_feeling",
        "The speaker's own feelings or thanks",
        -1,
        _rx(
            r"\bi(?:'m| am| was| feel) (?:so |very |really |deeply )?(?:honou?red|proud|glad|happy|sorry|sure|confident|"
            r"grateful|excited|delighted|thrilled|pleased|worried|disappointed|humbled)\b|"
            r"\b(?:i|we) (?:love|hope|wish|appreciate|thank|admire|respect|like)\b|\bthank(?:s| you)\b|"
            r"\bcongratulations\b|\bgod bless\b"
        ),
    ),
    Feature(
        "procedural",
        "Greeting, stage direction or procedure",
        -1,
        _rx(
            r"^\W*(?:\(|\[)\s*(?:applause|laughter|crosstalk|cheers|booing|inaudible|unintelligible|music|bell)|"
            r"\b(?:good (?:evening|morning|afternoon|night)|welcome|ladies and gentlemen|next question|"
            r"all right|okay|excuse me|go ahead|time's up|your time|rebuttal|two minutes|one minute|30 seconds)\b"
        ),
    ),
    Feature("fragment", "A fragment, not a full sentence", -1, None),
    Feature(
        "commentary",
        "Only reports that others drew attention to something",
        -1,
        _rx(
            r"\b(?:ha(?:ve|s|d) (?:recently |also )?)?(?:highlighted|called attention to|drawn attention to|"
            r"drew attention to|draws attention to|calls attention to|turned the spotlight on|shone a light on|"
            r"put the spotlight on|reported on|wrote about|commented on|weighed in on|highlights)\b"
            r"(?! (?:the fact )?that\b)"
        ),
    ),
    Feature("moderator", "Said by someone who mostly asks questions", -1, None),
    Feature(
        "official_decision",
        "Reports what an institution decided",
        1,
        _rx(
            r"\b(?:parliament|congress|senate|assembly|council|cabinet|government|court|tribunal|commission|"
            r"ministry|regulator|committee|board|legislature|lawmakers|administration)\s+(?:[\w-]+\s+){0,2}?"
            r"(?:passed|approved|adopted|voted|ruled|ordered|banned|imposed|rejected|overturned|upheld|repealed|"
            r"enacted|ratified|granted|awarded|fined|sentenced|convicted|acquitted)\b"
        ),
    ),
    Feature("length", "Long, detailed sentence", 1, None),
    Feature("context_figures", "Sentences around it give figures", 1, None),
)
CHECKABLE = frozenset(
    "quantity money statistic date named_entity comparison causal attribution prediction law_rule past_action".split()
)
FEATURE_CODES = tuple(feature.code for feature in FEATURES)
_BY_CODE = {feature.code: feature for feature in FEATURES}

# Days of the month and years are dates: "June 4" or "in 2019" states no quantity.
_DATES = re.compile(
    rf"\b(?:{_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b|(?<![$€£\d,.])\b(?:1[89]|20)\d\d(?:s)?\b(?![,.]\d|\s?%)",
    re.IGNORECASE,
)
_QUANTITY_SEARCH = FEATURES[0].pattern
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*|\d[\d,.]*")
_CAPITALISED = re.compile(r"(?<!^)\b(?:[A-Z][a-z'’]+(?:[-.][A-Z][a-z]+)*|[A-Z]{2,}[a-z]?s?)\b")
_NOT_NAMES = frozenset(
    "I I'm I've I'll I'd I’m OK Mr Mrs Ms Dr And But The This That So Well Now Then Yes No Oh Because If "
    "We You He She They It There Here What Why How When Where Who Which A An In On At Of For To And Or "
    "Senator Governor President Secretary Congressman Congresswoman Mayor Sir Madam God "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
) | {title.capitalize() for title in TITLES}
_POSSESSIVE = ("'s", "’s", "s'", "s’")
_AFTER_FULL_STOP = re.compile(r"(\S+)[.!?]['\"”’)]*\s+$")
_WORDS = re.compile(r"\S+")
_NAME_JOINER = re.compile(r" | (?:of|and|for|the|de|of the) ")


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def named_entities(text: str) -> list[str]:
    """Names as written: runs of capitalised words ("Greater Manchester", "Department of Health and Social
    Care"), leaving out the first word and common sentence openers."""
    names: list[str] = []
    run_start = run_end = None
    first = _first_word_start(text)
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        if word in _NOT_NAMES or match.start() == first or _opens_sentence(text, match.start()):
            continue
        if (
            run_end is not None
            and _NAME_JOINER.fullmatch(text[run_end : match.start()])
            and not text[:run_end].endswith(_POSSESSIVE)  # "Iraq’s COVID-19 outbreak": two names
        ):
            run_end = match.end()
            continue
        if run_start is not None:
            names.append(text[run_start:run_end])
        run_start, run_end = match.start(), match.end()
    if run_start is not None:
        names.append(text[run_start:run_end])
    return names


def _opens_sentence(text: str, start: int) -> bool:
    """A capitalised word after a full stop opens a sentence, unless the stop ends a title ("Lt. Gen. Pat")."""
    before = _AFTER_FULL_STOP.search(text, max(0, start - 40), start)
    return before is not None and before.group(1).lower() not in TITLES


def _first_word_start(text: str) -> int:
    match = re.search(r"[A-Za-z]", text)
    return match.start() if match else -1


def compute(text: str, *, speaker: str | None = None) -> dict[str, tuple[float, str]]:
    """Feature code -> (value in [0, 1], the matched words) for each feature present in `text`."""
    found: dict[str, tuple[float, str]] = {}
    for feature in FEATURES:
        if feature.pattern is None:
            continue
        match = (feature.preferred and feature.preferred.search(text)) or feature.pattern.search(text)
        if match:
            found[feature.code] = (1.0, match.group(0).strip())
    names = named_entities(text)
    if names:
        found["named_entity"] = (min(len(names), 3) / 3, ", ".join(dict.fromkeys(names[:3])))
    words = word_count(text)
    if (
        words <= 3
        or (words <= 7 and not re.search(r"[.!?]['\"”’)]*$", text))
        or re.search(r"(?:\.\.\.|…|[-—–])$", text)
    ):
        found["fragment"] = (1.0, text.strip()[:40])
    if words:
        found["length"] = (min(math.log1p(words) / math.log1p(60), 1.0), "")
    if speaker and re.fullmatch(r"\W*(?:system|audience|unidentified.*|crowd|announcer)\W*", speaker, re.I):
        found["procedural"] = (1.0, "")  # said by the system or the audience, not in the words
    if "quantity" in found:
        quantity = _QUANTITY_SEARCH.search(_DATES.sub(" ", text))
        if quantity:
            found["quantity"] = (1.0, quantity.group(0).strip())
        else:
            del found["quantity"]
    if "commentary" in found and {"quantity", "money", "statistic"} & found.keys():
        del found["commentary"]  # it reports figures of its own: a claim, not only commentary
    return found


def feature_by_code(code: str) -> Feature:
    return _BY_CODE[code]
