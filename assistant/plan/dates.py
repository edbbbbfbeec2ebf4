"""Dates as people in the UK type them: "15/12/2026", "15 Dec 2026", "2026-12-15".

A plan stores dates as YYYY-MM-DD so reviews can find them, and shows them as
"15 December 2026"; what was typed in any of these forms is read the same way.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$", re.I)


def read_date(text: str | None) -> date | None:
    """The date a person typed, day first as in the UK, or None when it is not one."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    numeric, words = _NUMERIC.match(text), _WORDS.match(text)
    try:
        if numeric:
            day, month, year = (int(part) for part in numeric.groups())
            return date(year + 2000 if year < 100 else year, month, day)
        if words:
            name = words.group(2).lower()
            month = next((i for i, m in enumerate(MONTHS, start=1) if len(name) >= 3 and m.startswith(name)), 0)
            return date(int(words.group(3)), month, int(words.group(1))) if month else None
    except ValueError:
        return None
    return None


def stored_date(text: str) -> str:
    """What to keep: YYYY-MM-DD when the text is a date, otherwise the words as typed ("next spring")."""
    day = read_date(text)
    return day.isoformat() if day else (text or "").strip()


def typed_date(text: str) -> str:
    """A stored date as it is typed in the UK ("15/12/2026"), for editing; other words as they are."""
    day = read_date(text)
    return day.strftime("%d/%m/%Y") if day else (text or "")


def plain_date(text: str) -> str:
    """A date as people write it ("18 February 2027"); anything that is not a date is left as written."""
    day = read_date(text)
    return f"{day.day} {MONTHS[day.month - 1].capitalize()} {day.year}" if day else text
