"""Answer text clean-up shared by the engine, the CLI and storage."""

from __future__ import annotations

import re
import unicodedata

# Answers longer than this are read a part at a time (a disclosure at the end of a long story still
# counts); the full text is always kept. Past MAX_ANALYSED_PARTS parts (a pasted document), the rest is
# not read, so it cannot freeze the conversation.
MAX_ANALYSED_CHARS = 5000
OVERLAP = 300  # characters read twice where a part had to be cut mid-sentence
MAX_ANALYSED_PARTS = 6  # 30,000 characters: about 5,000 words, far past any answer said aloud

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Markup-looking tags ("<script>", "</b>", "<br/>"): not words anyone said, so the engine reads a
# space instead (the answer itself is kept exactly as typed). "<3" and "a < b" are not tags.
# A script or style element's content is code, so it goes with its tags.
# Only the names of real HTML elements count: "<but he hits me when he drinks>" is something said.
_HTML_NAMES = ("a|abbr|b|big|blink|body|br|button|center|code|div|em|embed|font|form|h[1-6]|head|hr|html|i|iframe|img|"
               "input|li|link|marquee|meta|object|ol|p|pre|s|small|span|strike|strong|sub|sup|svg|table|td|th|tr|u|ul")
_TAG = re.compile(r"<(script|style)\b[^<>]*>.*?</\1\s*>|</?(?:" + _HTML_NAMES + r")(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>",
                  re.I | re.S)
# Console and forum markup ("[bold]…[/bold]", "[red]", "[/]", "[colour=red]") and emphasis marks
# ("*really*", "**now**", "_never_"): not words either. They become spaces of the same length, so the
# words around them keep their places. A bracketed word that is not a style ("[laughs]") is left alone.
_STYLES = ("bold|b|i|italic|italics|u|underline|strike|s|dim|blink|reverse|code|quote|url|link|color|colour|size|font|em|strong|"
           "red|green|blue|yellow|magenta|cyan|white|black|grey|gray|orange|purple|pink")
# Only a tag made of style words alone ("[bold red on white]", "[/i]", "[colour=red]", "[#ff0000]", "[/]"):
# "[not really, he hits me]" or "[black eye and bruises]" is something said, and read.
_STYLE_TAG = re.compile(r"\[/?(?:(?:not\s+)?(?:" + _STYLES + r")(?:\s+(?:on|not)?\s*(?:" + _STYLES + r"))*(?:=[^\]\s]{1,60})?|#[0-9a-f]{3,6})?\]",
                        re.I)
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\w)|(?<=\w)[*_]{1,3}(?![\w*_])")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "`": "'"})


def strip_control(text: str) -> str:
    """Remove control characters (keeping tab and newlines) without losing the rest."""
    return _CONTROL.sub("", text)


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def cleaned(text: str) -> str:
    """An answer as the engine reads it: clean, straight quotes, no markup tags or emphasis marks."""
    text = _TAG.sub(" ", strip_control(unicodedata.normalize("NFC", text)).translate(_QUOTES))
    return _EMPHASIS.sub(_blank, _STYLE_TAG.sub(_blank, text))


def in_parts(text: str, size: int = MAX_ANALYSED_CHARS) -> list[str]:
    """A cleaned answer in parts of at most `size` characters, each ending where a sentence ends when one
    does in its second half: a long answer is read whole, one part at a time. Speech written down with
    no full stops is cut at a space, and the next part starts OVERLAP characters earlier, so a sentence
    cut in two is also read whole."""
    parts = []
    while len(text) > size:
        ends = [text.rfind(mark, size // 2, size) for mark in (". ", "! ", "? ", "\n")]
        cut = max(ends)
        if cut > 0:
            parts.append(text[:cut + 1])
            text = text[cut + 1:]
            continue
        cut = text.rfind(" ", 0, size)
        cut = cut if cut > 0 else size
        parts.append(text[:cut])
        back = text.rfind(" ", 0, max(cut - OVERLAP, 1))
        text = text[back + 1 if back > 0 else cut:]
    parts.append(text)
    return [part for part in parts if part.strip()]


def for_analysis(text: str) -> str:
    """The first part of an answer the engine reads (the whole of any answer up to MAX_ANALYSED_CHARS)."""
    parts = in_parts(cleaned(text))
    return parts[0] if parts else ""


# A whole answer that only says "I don't know" in one of its everyday forms.
DONT_KNOW = re.compile(
    r"^\W*(?:(?:erm+|um+|uh+|well|honestly|oh|hmm+|sorry)[,.]?\s+)*(?:i\s+)?(?:(?:really\s+|just\s+)?(?:don'?t|do not|dont)\s+know|"
    r"dunno|not sure|no idea|no clue|(?:i\s+)?can'?t think of anything|nothing (?:really|comes to mind|springs to mind)|"
    r"not really|(?:i'?m\s+)?not bothered)(?:[\s,.]+(?:really|to be honest|tbh|sorry|mate|love|at the moment|right now|yet|"
    r"to be fair))*\W*$", re.I)


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
