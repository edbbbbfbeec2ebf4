"""Reading a review answer: the person's rating, and whether they said the outcome changed.

The names are fixed by the review contract: a rating is a whole number from 1
(nowhere near) to 10 (just as I want it); a status is one of STATUSES. A lower
rating than last time is a step back in a longer journey, recorded with the
person's words, never a failure.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.datafiles import check_keys, problem, read_toml

STATUSES = ("achieved", "partly", "not_yet", "changed", "no_longer_wanted")
STATUS_WORDS = {
    "achieved": "achieved: just as I want it",
    "partly": "partly there",
    "not_yet": "not yet",
    "changed": "changed",
    "no_longer_wanted": "no longer wanted",
}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
# Numbers that are not a rating on the scale: the scale itself ("out of 10", "from 1 to 10"), a date
# ("the 3rd"), a time ("3:30", "9am") and money ("£5").
_SCALE_BEFORE = re.compile(r"(?:out of|outta|scale of)\s*$|\b(?:1|one)\s*(?:to|-|–|and)\s*$|[/£$€]\s*$", re.I)
# A count or a length of time ("lost my place for 6 weeks … 3", "every 2 weeks now. 5") is passed over when a
# later number gives the rating; said alone ("i went 2 times") it is still the first number, as the contract reads.
_UNITS = (r"(?:x|times?|visits?|goes|days?|weeks?|wks?|nights?|hours?|hrs?|months?|mths?|years?|yrs?|people|friends|kids|"
          r"children|meals|sessions?|lessons?|appointments?|appts?|mins?|minutes?|classes|calls|shifts?|steps?)\b")
# "2 steps forward 1 back, so 5": the steps are not the rating.
_STEPS = re.compile(r"\b(?:\d+|one|two|three|four|five)\s+steps?\s+forwards?,?\s+(?:and\s+)?(?:\d+|one|two|three|four|five)"
                    r"(?:\s+steps?)?\s+back(?:wards?)?\b", re.I)
_A_COUNT = re.compile(r"\s*" + _UNITS, re.I)
_SCALE_AFTER = re.compile(r"^(?:st|nd|rd|th)\b|^:\d|^\s*(?:to|-|–|and)\s*(?:10|ten)\b|^\s*(?:am|pm|a\.m|p\.m|o'clock)\b", re.I)
# Number words are read only where they clearly give a rating: "a six", "six out of ten", or the number alone.
_WORD_RATING = re.compile(
    r"(?:\b(?:a|an)\s+(?P<a>one|two|three|four|five|six|seven|eight|nine|ten)\b(?![-'\w]|\s+and a half))"
    r"|(?:\b(?P<out>one|two|three|four|five|six|seven|eight|nine|ten)\s+out\s+of\b)", re.I)
_ALONE = re.compile(r"^\W*(?:about|around|maybe|probably|say|i'd say|i think|it's|its)?\W*"
                    r"(one|two|three|four|five|six|seven|eight|nine|ten)\W*(?:now|today|i think|maybe)?\W*$", re.I)
# A number word that opens the answer and stands alone is its rating ("about six I'd say", "Seven. Better.",
# "about six, Pat's taken me 3 times"): the first number said. "One day…" or "six weeks" is not.
_OPENING = re.compile(
    r"^\W*(?:(?:about|around|maybe|probably|roughly|honestly|definitely|say|i'd say|id say|i think|it's|its|it is|"
    r"i'd give it|id give it|i'm|im|oh|well|erm|um|hmm|yeah|yes|no|i said|like i said|as i said|i told you|told you)\W+)*"
    r"(?:(?:a|an)\s+)?(?P<n>one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?=\s*(?:$|[.!?;]+(?![.!?;]|\s*(?:and a half|point)\b)|(?:[,:\u2014\u2013]|(?<=\s)-\s)(?!\s*(?:and a half|point|(?:\w+\s+)?(?:months?|weeks?|years?|days?)\b))"
    r"|(?:now|today|i'd say|id say|i think|maybe|probably|"
    r"or so|ish|at the moment|at most|at a push|really|definitely|easily)\b))", re.I)
_HALF = re.compile(r"(?<![\d.,])\b(?:(?P<d>[1-9])(?:[.,]5|\s*½|\s+and a half)|(?P<w>one|two|three|four|five|six|seven|eight|nine)\s+and a half)(?!\w)", re.I)
CUES_FILE = Path(__file__).resolve().parent / "cues.toml"


def parse_rating(answer: str | None) -> int | None:
    """The first whole number from 1 to 10 in the answer that gives the rating ("about a 6 now" → 6;
    "I moved in on the 3rd, it's a 9" → 9; "out of 10 I'd give it a 7" → 7; "lost my place for 6 weeks. 3" → 3,
    but "i went 2 times" → 2, with nothing else to take), or None."""
    if not answer:
        return None
    answer = _STEPS.sub(" ", answer)
    opening = _OPENING.match(answer)
    if opening:
        return NUMBER_WORDS[opening.group("n").lower()]
    counted = None
    for match in _DIGITS.finditer(answer):
        text = match.group(0)
        if "." in text or "," in text:
            continue  # 6.5 or 1,000: not a whole number on the scale (a half is asked again: `half_said`)
        value = int(text)
        before, after = answer[max(0, match.start() - 24):match.start()], answer[match.end():match.end() + 24]
        if re.match(r"\s*(?:½|and a half\b)", after, re.I):
            continue  # 4½, "7 and a half": a half, not a whole number
        if 1 <= value <= 10 and not _SCALE_BEFORE.search(before) and not _SCALE_AFTER.match(after):
            if not _A_COUNT.match(after):
                return value
            counted = counted or value
    alone = _ALONE.match(answer)
    if alone:
        return NUMBER_WORDS[alone.group(1).lower()]
    match = _WORD_RATING.search(answer)
    if match:
        return NUMBER_WORDS[(match.group("a") or match.group("out")).lower()]
    return counted


_COUNTED = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*" + _UNITS, re.I)


def half_said(answer: str | None) -> int | None:
    """The whole number below a half said as the rating ("seven and a half", "6.5" → 7, 6) when the answer
    holds no whole rating: the scale has whole numbers, so the screen asks which is nearer."""
    if not answer or parse_rating(answer) is not None:
        return None
    found = _HALF.search(answer)
    if not found or _A_COUNT.match(answer[found.end():]):
        return None  # "1.5 hours a day": a count, not a rating
    return int(found.group("d")) if found.group("d") else NUMBER_WORDS[found.group("w").lower()]


def rating_looks_counted(answer: str | None) -> bool:
    """Whether the number read as the rating is said as a count ("i went 2 times", "seen her 1 time. 5"):
    the contract reads the first whole number, so the screen says what it took and how to change it."""
    rating = parse_rating(answer)
    if rating is None:
        return False
    for match in _COUNTED.finditer(answer or ""):
        word = match.group(1).lower()
        if (int(word) if word.isdigit() else NUMBER_WORDS[word]) == rating:
            return True
    return False


_OFF_SCALE = re.compile(r"(?<![\d.,/])\b(0|1[1-9]|[2-9]\d|100)\b(?![\d.,/%])")


def off_scale(answer: str | None) -> int | None:
    """A number given as the rating but not on the 1-to-10 scale ("12", "a 0"), so the screen can say so
    rather than "no number heard"; None when the answer holds a rating or no such number."""
    if not answer or parse_rating(answer) is not None or len(answer.split()) > 8:
        return None
    found = _OFF_SCALE.search(answer)
    return int(found.group(1)) if found else None


def infer_status(rating: int | None) -> str | None:
    """10 achieved, 4–9 partly, 1–3 not yet; nothing is assumed without a rating."""
    if rating is None:
        return None
    if rating >= 10:
        return "achieved"
    return "partly" if rating >= 4 else "not_yet"


@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, tuple[str, ...]]]:
    data = read_toml(CUES_FILE)
    cues = {}
    for status in ("no_longer_wanted", "changed"):
        entry = data.get(status)
        if not isinstance(entry, dict):
            raise problem(CUES_FILE, status, "is missing")
        check_keys(CUES_FILE, status, entry, {"phrases", "clear", "unless"}, {"phrases"})
        cues[status] = {key: tuple(_normal(p) for p in entry.get(key, [])) for key in ("phrases", "clear", "unless")}
    entry = data.get("step_back")
    if not isinstance(entry, dict):
        raise problem(CUES_FILE, "step_back", "is missing")
    check_keys(CUES_FILE, "step_back", entry, {"phrases", "unless"}, {"phrases"})
    cues["step_back"] = {key: tuple(_normal(p) for p in entry.get(key, [])) for key in ("phrases", "unless")}
    return cues


def words_of_a_step_back(where_now: str | None) -> str:
    """The words in an answer about where things stand that tell of things going backwards ("gone backwards",
    "a relapse"), or "". The number is the person's; these words let the screen ask whether it is the one meant."""
    if not where_now:
        return ""
    cue = _cues()["step_back"]
    text = _set_aside(_normal(where_now), cue["unless"])
    found = [p for p in cue["phrases"] if _has(text, (p,))]
    return min(found, key=lambda p: text.index(p)) if found else ""


def _normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def _set_aside(text: str, phrases: tuple[str, ...]) -> str:
    """The text with each of these whole phrases blanked ("nothing has changed" is not "changed")."""
    for phrase in phrases:
        text = re.sub(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", " ", text)
    return text


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text) for p in phrases)


def said_status(where_now: str | None, other: str | None = None) -> str | None:
    """'no_longer_wanted' or 'changed' when the person said so, else None.

    `where_now` is the answer about where things stand; `other` any further answer
    about the outcome (only its clearer phrases count)."""
    for status in ("no_longer_wanted", "changed"):
        cue = _cues()[status]
        for text, key in ((where_now, "phrases"), (other, "clear")):
            if not text:
                continue
            text = _set_aside(_normal(text), cue["unless"])
            if _has(text, cue[key]):
                return status
    return None


def change_words(rating: int | None, previous: int | None, *, previous_on: str = "", reworded: bool = False) -> str:
    """The change since last time in gentle, plain words."""
    since = f" since {previous_on}" if previous_on else ""
    if rating is None:
        return "no number this time"
    if previous is None:
        # In new words it starts again: its earlier numbers were about what it used to say.
        return f"{rating} out of 10: a first rating in its new words" if reworded else f"{rating} out of 10: a first rating"
    change = rating - previous
    if change > 0:
        return f"{rating} out of 10: up {change}{since}"
    if change == 0:
        return f"{rating} out of 10: the same as last time"
    return f"{rating} out of 10: a step back from {previous}{since}"
