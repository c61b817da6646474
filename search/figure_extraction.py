"""Figures and periods as written in a text: "108 attacks", "12%", "£3.2bn", "1.5 °C"; "April", "2019".

A figure is a number with what it counts and the period it is given for. `search.figures` compares the
figures of a claim and a passage; this module only finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
}
_WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
    if value >= 2
}
_WORD_NUMBERS.update({"dozen": 12, "hundred": 100, "thousand": 1000})
_CURRENCY = {"£": "GBP", "$": "USD", "us$": "USD", "€": "EUR", "¥": "JPY"}
_CURRENCY_WORDS = {
    "pounds": "GBP",
    "pound": "GBP",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
}
# Words that end the phrase naming what a number counts: "108 attacks [in] April", "12% [of] voters".
_PHRASE_STOP = frozenset(
    "a an the in on at of from to by for and or but than since per as with into over under between about "
    "around nearly almost up down is are was were be been being has have had will would could should may "
    "might can this that these those it its their his her which who whom whose while when where during "
    "before after until through across against among within without more less fewer higher lower".split()
)
_PERIOD_LEAD = frozenset("in during since by until till from of for last this next early late mid".split())
_NUMBER = (
    r"(?P<currency>US\$|[£$€¥])?\s?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?P<scale>k|mn|m|bn|b|tn|thousand|millions?|billions?|trillion)\b)?"
    r"(?:\s?(?P<unit>%|per\s?cent\b|percent\b|percentage points?\b|°\s?[CF]\b|(?<=\d)[CF]\b|degrees?\s(?:Celsius|"
    r"Fahrenheit|C|F)\b|degrees?\b))?"
)
_NUMBER_RE = re.compile(rf"(?<![\w.,]){_NUMBER}(?![\d]|(?:st|nd|rd|th)\b)", re.IGNORECASE)
_WORD_NUMBER_RE = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*|°[CF]")
_YEAR_RE = re.compile(r"(?<![\w.,£$€])(1[5-9]\d\d|20\d\d)(s)?(?![\w%])")
_MONTH_RE = re.compile(
    r"\b(" + "|".join(sorted((name.capitalize() for name in _MONTHS), key=len, reverse=True)) + r")\b\.?"
)


@dataclass(frozen=True)
class Period:
    """A month, a year or a decade as written ("April", "2019", "1990s")."""

    kind: str  # month | year | decade
    value: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Figure:
    """A quantity as written: its value, unit, the noun it counts and the period it is given for."""

    value: float
    rounding: float  # half the last written digit's place, scaled: 0.05e9 for "£3.2bn"
    kind: str  # percent | money:<code> | temperature | count
    noun: str  # the head noun, lower-cased and singular, for comparison only ("" when none)
    words: frozenset  # the words of what it counts, the same way
    text: str  # the figure and what it counts, as written ("108 Daesh-related attacks")
    number_text: str  # the number as written ("108", "£3.2bn")
    start: int
    end: int
    period: Period | None

    @property
    def quoted(self) -> str:
        """The figure with its period, as a reason quotes it: "108 attacks in April"."""
        if self.period is None:
            return self.text
        return f"{self.text} in {self.period.text}" if self.period.start > self.start else self.text


def periods(text: str) -> list[Period]:
    """The months, years and decades a text names, in order."""
    found = []
    for match in _YEAR_RE.finditer(text):
        year = int(match.group(1))
        if _looks_like_a_count(text, match.end()):
            continue
        kind = "decade" if match.group(2) else "year"
        found.append(Period(kind, year, match.group(0), match.start(), match.end()))
    for match in _MONTH_RE.finditer(text):
        name = match.group(1)
        if not _is_month(text, match):
            continue
        found.append(Period("month", _MONTHS[name.lower()], name, match.start(), match.start() + len(name)))
    return sorted(found, key=lambda period: period.start)


def _is_month(text: str, match: re.Match) -> bool:
    """ "May", "March" and the short forms are also words: only take them next to a day, a year or a lead."""
    name = match.group(1)
    if len(name) > 3 and name not in {"May", "March"}:
        return True
    before = text[: match.start()].rstrip()
    after = text[match.end() :].lstrip()
    previous = before.rsplit(None, 1)[-1].lower() if before else ""
    return bool(
        re.match(r"\d{1,4}\b", after) or re.search(r"\d\s*$", before) or previous.rstrip("-") in _PERIOD_LEAD
    )


def _looks_like_a_count(text: str, end: int) -> bool:
    """ "2000 people" counts people; "in 2000" is a year."""
    word = _WORD_RE.match(text, end + 1) if text[end : end + 1] == " " else None
    if word is None:
        return False
    lowered = word.group(0).lower()
    return lowered not in _PHRASE_STOP and lowered not in _MONTHS and not word.group(0)[0].isupper()


def extract(text: str) -> list[Figure]:
    """The figures of a text, years and dates left out (they are periods)."""
    text = text or ""
    found_periods = periods(text)
    taken = [(period.start, period.end) for period in found_periods]
    figures = []
    for match in _NUMBER_RE.finditer(text):
        groups = {key: value for key, value in match.groupdict().items() if value}
        groups = {key.rstrip("0123456789"): value for key, value in groups.items()}
        start, end = match.start(), match.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(start < period_end and period_start < end for period_start, period_end in taken):
            continue
        if _is_a_day(text, start, end):
            continue
        figures.append(_figure(text, groups, start, end, found_periods))
    for match in _WORD_NUMBER_RE.finditer(text):
        if any(match.start() < figure.end and figure.start < match.end() for figure in figures):
            continue
        noun, words, phrase_end = _counted(text, match.end())
        if noun:  # "two" alone is a word, not a figure; "two reactors" is one
            value = _WORD_NUMBERS[match.group(1).lower()]
            figures.append(
                _make(
                    text,
                    value,
                    0.5,
                    "count",
                    noun,
                    words,
                    match.start(),
                    match.end(),
                    phrase_end,
                    found_periods,
                )
            )
    return sorted(figures, key=lambda figure: figure.start)


def _is_a_day(text: str, start: int, end: int) -> bool:
    """ "12 April" and "April 12": the number is a day of a date."""
    number = text[start:end]
    if not number.isdigit() or int(number) > 31:
        return False
    after = text[end:].lstrip()
    before = text[:start].rstrip()
    return bool(_MONTH_RE.match(after) or re.search(rf"(?:{_MONTH_RE.pattern})$", before))


def _figure(text: str, groups: dict, start: int, end: int, found_periods: list[Period]) -> Figure:
    number = groups["number"].replace(",", "")
    decimals = len(number.split(".", 1)[1]) if "." in number else 0
    multiplier = _SCALES.get((groups.get("scale") or "").lower(), 1.0)
    value = float(number) * multiplier
    rounding = 0.5 * 10 ** (-decimals) * multiplier
    unit = (groups.get("unit") or "").lower()
    noun, words, phrase_end = _counted(text, end)
    if groups.get("currency"):
        kind = "money:" + _CURRENCY[groups["currency"].lower()]
    elif unit.startswith(("%", "per", "percent")):
        kind = "percent"
    elif unit.startswith(("°", "degree")) or unit in ("c", "f"):
        kind = "temperature"
    elif noun in _CURRENCY_WORDS:
        kind = "money:" + _CURRENCY_WORDS[noun]
    else:
        kind = "count"
    if kind == "percent" and unit.startswith("percentage"):
        kind = "points"
    if kind in ("percent", "points"):
        noun, words, phrase_end = _counted(text, end, share=True)
    return _make(text, value, rounding, kind, noun, words, start, end, phrase_end, found_periods)


def _make(text, value, rounding, kind, noun, words, start, end, phrase_end, found_periods) -> Figure:
    return Figure(
        value=value,
        rounding=rounding,
        kind=kind,
        noun=noun,
        words=words,
        text=text[start:phrase_end].strip(" ,;:"),
        number_text=text[start:end].strip(),
        start=start,
        end=phrase_end,
        period=_period_of(text, start, phrase_end, found_periods),
    )


def _counted(text: str, position: int, *, share: bool = False) -> tuple[str, frozenset, int]:
    """What the number counts: its head noun ("Daesh-related attacks" -> "attack"), the phrase's words and
    where the phrase ends. Nothing when no plural noun or unit follows ("85 in March", "5 extra"). For a
    share the words of "of ..." count too, and the last word is the head: "12% of voters", "97 percent
    consensus of climate scientists"."""
    words: list[str] = []
    head, head_end, end = "", position, position
    for match in _WORD_RE.finditer(text, position):
        gap = text[end : match.start()]
        if words and gap.strip() or not words and gap.strip() not in ("", "-"):
            break
        word = match.group(0)
        lowered = word.lower()
        end = match.end()
        if share and lowered in {"of", "the", "all"}:
            continue
        if lowered in _PHRASE_STOP or lowered in _MONTHS and word[0].isupper() or len(words) == 4:
            break
        words.append(_singular(lowered))
        if share:
            head, head_end = lowered, end
        if _is_counted_noun(word):
            head, head_end = lowered, end
            break
    if not head:
        return "", frozenset(), position
    return _singular(head), frozenset(words), head_end


_IRREGULAR_PLURALS = frozenset(
    "people children men women police staff cattle feet teeth mice personnel livestock data".split()
)


def _is_counted_noun(word: str) -> bool:
    """A plural noun ("attacks", "people") or a unit written short ("ppm", "cm", "GW", "tonnes")."""
    lowered = word.lower()
    if lowered in _IRREGULAR_PLURALS or word in {"°C", "°F"}:
        return True
    if len(word) <= 3 and word.isalpha() and lowered not in _PHRASE_STOP:
        return lowered not in {"new", "old", "big", "top", "key", "low", "own", "all", "any"}
    return lowered.endswith("s") and not lowered.endswith(("ss", "us", "is", "ous"))


def _singular(word: str) -> str:
    word = word.replace("’", "'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _period_of(text: str, start: int, end: int, found_periods: list[Period]) -> Period | None:
    """The period the figure is given for: the nearest month or year in the same clause."""
    best, best_gap = None, 60
    for period in found_periods:
        if period.start >= end:
            between = text[end : period.start]
        elif period.end <= start:
            between = text[period.end : start]
        else:
            continue
        if re.search(r"[;.!?]|\b(?:and|but|while|whereas|compared)\b", between):
            continue
        gap = len(between)
        if gap < best_gap or gap == best_gap and period.kind == "month":
            best, best_gap = period, gap
    return best
