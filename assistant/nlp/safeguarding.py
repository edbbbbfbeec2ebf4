"""Notice disclosures of harm or risk of harm.

Recall comes first: a missed disclosure is far worse than a false alarm. Safe
uses of the same words ("I feel safe now", "that's all behind me") are let
through unless the words are too serious to ever let through, or a harm cue
comes after the safe one ("I feel safe now but he still hits me").
"""

from __future__ import annotations

import re

from assistant.nlp.cues import Cues, spans

_CONTRAST = re.compile(r"\b(but|although|though|still|except|apart from|yet)\b")


def sentence_raises_concern(text: str, cues: Cues) -> bool:
    """True when a lower-cased sentence discloses or indicates a risk of harm."""
    harm = spans(cues.harm, text)
    if not harm:
        return False
    if any(p.search(text) for p in cues.always):
        return True
    safe = spans(cues.safe, text)
    if not safe:
        return True
    last_safe_end = max(end for _, end in safe)
    first_safe_start = min(start for start, _ in safe)
    for start, _ in harm:
        if start >= last_safe_end and _CONTRAST.search(text, last_safe_end, start + 1):
            return True
        # A harm cue before the safe words that is not the thing said to be over.
        if start < first_safe_start and _CONTRAST.search(text, start, first_safe_start) and not re.search(
            r"\b(used to|any ?more|no longer|now|ago|behind me|past)\b", text[first_safe_start:]
        ):
            return True
    return False


def split_clauses_for_safety(text: str) -> list[str]:
    """Sentences as spaCy may merge them; a line break or a semicolon also separates."""
    return [part for part in re.split(r"[;\n]+", text) if part.strip()]
