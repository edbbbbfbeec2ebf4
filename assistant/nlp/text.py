"""Answer text clean-up shared by the engine, the CLI and storage."""

from __future__ import annotations

import re
import unicodedata

# Answers longer than this are analysed on their first part only; the full text
# is always kept. It keeps a pasted document from freezing the conversation.
MAX_ANALYSED_CHARS = 5000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Markup-looking tags ("<script>", "</b>", "<br/>"): not words anyone said, so the engine reads a
# space instead (the answer itself is kept exactly as typed). "<3" and "a < b" are not tags.
# A script or style element's content is code, so it goes with its tags.
# Only the names of real HTML elements count: "<but he hits me when he drinks>" is something said.
_HTML_NAMES = ("a|abbr|b|big|blink|body|br|button|center|code|div|em|embed|font|form|h[1-6]|head|hr|html|i|iframe|img|"
               "input|li|link|marquee|meta|object|ol|p|pre|s|small|span|strike|strong|sub|sup|svg|table|td|th|tr|u|ul")
_TAG = re.compile(r"<(script|style)\b[^<>]*>.*?</\1\s*>|</?(?:" + _HTML_NAMES + r")(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>",
                  re.I | re.S)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "`": "'"})


def strip_control(text: str) -> str:
    """Remove control characters (keeping tab and newlines) without losing the rest."""
    return _CONTROL.sub("", text)


def for_analysis(text: str) -> str:
    """The part of an answer the engine reads: clean, straight quotes, no markup tags, bounded length."""
    text = _TAG.sub(" ", strip_control(unicodedata.normalize("NFC", text)).translate(_QUOTES))
    if len(text) > MAX_ANALYSED_CHARS:
        cut = text.rfind(" ", 0, MAX_ANALYSED_CHARS)
        text = text[: cut if cut > 0 else MAX_ANALYSED_CHARS]
    return text


# Contractions typed without the apostrophe, restored so the cue patterns see them.
_BARE_CONTRACTIONS = re.compile(
    r"\b(i)(d|m|ve|ll)\b|\b(don|can|won|isn|aren|wasn|weren|didn|doesn|haven|hasn|hadn|couldn|wouldn|shouldn)t\b|\b(that|there|it|he|she|what)s\b"
)


def _restore(match: re.Match) -> str:
    if match.group(1):
        return f"{match.group(1)}'{match.group(2)}"
    if match.group(3):
        return f"{match.group(3)}'t"
    return f"{match.group(4)}'s"


def lowered(text: str) -> str:
    """Lower-cased text with straight quotes and restored apostrophes, for cue patterns."""
    low = text.lower().translate(_QUOTES)
    # "its" and "id" are real words too, but in answers they are nearly always "it's"/"I'd".
    return _BARE_CONTRACTIONS.sub(_restore, low)



_AGREEMENT_FIRST = re.compile(r"^\s*(?:(?:yes|yeah|yep|aye|no|nah|nope|exactly|right|definitely|spot on|"
                              r"that'?s (?:it|right|true|the one))\b[\s.!,;:-]*)+", re.I)


def agreement_end(text: str) -> int:
    """Where the answer goes on after an agreement that opens it (0 when it opens with none)."""
    match = _AGREEMENT_FIRST.match(text)
    return match.end() if match else 0


def without_agreement(text: str) -> str:
    """ "Yes, that's it. I used to do all the cooking" -> "I used to do all the cooking" (kept whole if that is
    all). Only an agreement set off by punctuation: "Right good at darts, me" is not one."""
    match = _AGREEMENT_FIRST.match(text)
    if not match or not re.search(r"[.!,;:-]\s*$", match.group(0)):
        return text
    rest = text[match.end():].strip()
    return rest[0].upper() + rest[1:] if rest else text
