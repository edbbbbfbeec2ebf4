"""The person's words as the flow quotes them back: trimmed, "her" named, read back in a list."""

from __future__ import annotations

import re

from assistant.conversation.records import AnswerReading


# "Write down I need a council flat": the instruction to the worker is not part of what is quoted back.
_TELLING_THE_WORKER = re.compile(r"^(?:(?:can|could|will) you |just |please |so )*(?:write|put|jot|note|stick)(?: it| that)?"
                                 r" (?:down|on the plan|in the plan|in my plan|on my plan)(?:(?: that)?[,]?\s+(?=(?:i|i'm|im|i'd|id|i've|"
                                 r"ive|we|we're|we'd)\b)|\s*:\s*(?=\w))", re.I)


def short_words(text: str, limit: int = 90) -> str:
    """The person's words, trimmed to quote back in a question ("You mentioned “the physio”", not "“The physio”")."""
    text = _TELLING_THE_WORKER.sub("", " ".join(text.split()), count=1)
    first = text.split(" ", 1)[0]
    if first in {"The", "A", "An", "My", "Our", "His", "Her", "Their", "That", "This", "There", "It", "Its", "More", "Less", "Some",
                 "Just", "Being", "Having", "Getting", "Going", "Seeing", "Not", "No", "Still", "Back", "Someone", "Something",
                 "Somewhere", "Nothing", "Everything", "Too", "Much", "Only", "Really", "All", "Mostly"}:
        text = text[0].lower() + text[1:]
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


# Who "her", "him" or "them" in a wish can stand for, when the person named them just before.
_HER = "mum|mam|mom|mother|nan|nana|nanna|gran|granny|grandma|sister|daughter|wife|auntie|aunt|niece|girlfriend|missus|partner"
_HIM = "dad|father|grandad|grandpa|brother|son|husband|uncle|nephew|boyfriend|fella|partner|lad|grandson"
_NAMED = {"her": re.compile(rf"\b(?:my|our) (?:{_HER})\b", re.I), "him": re.compile(rf"\b(?:my|our) (?:{_HIM})\b", re.I)}
# "her" or "him" as who the wish is about, at the end of it or before a word that cannot start a noun
# ("seeing her more", "visiting him at weekends"), never "her kids" (whose) or "them" (people or things).
_PRONOUN = re.compile(r"\b(her|him)\b(?=\s*$|\s+(?:more|again|back|at|on|in|every|each|to|when|and|or|often|properly|"
                      r"regularly|home|now|soon|without|with|before|after|for|once|twice|sometimes|a bit|a lot)\b)", re.I)
# A name in the answer ("Sarah from my old school, I'd like to see her more"): "her" may be her. Any word
# with a capital counts, but for the little words a sentence starts with.
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_STARTERS = frozenset("""The A An My Our It Its That This There We He She They You Yes Yeah No Nah Well So And But Just
Honestly Me If When What Why How Oh Ok Okay Aye Right Really Maybe Probably Not Now Then Erm Um Sorry Thanks To For
In On At With Of Being Having Getting Seeing Going Keeping Like Love""".split())



def _names_someone(text: str) -> bool:
    return any(word not in _STARTERS for word in _CAPITALISED.findall(text))


def naming_who(wish: str, said_before: list[str]) -> str:
    """ "seeing her more" after "my nan is in the home": "seeing my nan more". The pronoun is named only
    when it stands for whom the wish is about, the answer itself names nobody else (no name, no other
    "my…"), and the last thing said before that names anyone names exactly one who fits ("her": my nan),
    so a check-back never guesses; otherwise the words stay as said."""
    found = _PRONOUN.search(wish)
    if not found or len(re.findall(r"\b(?:her|him|them)\b", wish, re.I)) > 1 or re.search(r"\b(?:my|our)\b", wish, re.I):
        return wish
    pattern = _NAMED[found.group(1).lower()]
    *earlier, answer = said_before or [""]
    if _names_someone(answer):
        return wish
    for text in reversed(said_before):
        people = {m.group(0).lower() for m in pattern.finditer(text)}
        if any(p.search(text) for p in _NAMED.values()) or people or (text is not answer and _names_someone(text)):
            if len(people) != 1 or _names_someone(text):
                return wish
            return wish[:found.start()] + people.pop() + wish[found.end():]
    return wish


def outcome_phrase(reading: AnswerReading, answer: str) -> str:
    """An outcome in the person's words for the board: their wish, else the words that led to it."""
    if reading.wish:
        return reading.wish
    evidence = [e for e in reading.evidence if len(e.split()) >= 2]
    if evidence:
        return short_words(evidence[0], 80)
    first = re.split(r"(?<=[.!?])\s+", " ".join(answer.split()))[0]
    return short_words(first.rstrip(" ."), 80)  # a phrase on the board, not a sentence


def read_back(phrases: list[str], most: int = 6) -> str:
    """ "“seeing my son”, “getting back to church” and “the garden”": each in the person's words, quoted."""
    quoted = [f"“{short_words(p, 70)}”" for p in phrases[:most]]
    if len(phrases) > most:
        quoted.append(f"{len(phrases) - most} more")
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
