"""People's words on a terminal: shown exactly, never acted on.

An answer may hold escape sequences (an OSC 52 clipboard write, a clear-screen)
that a terminal would obey if printed raw. The database keeps the words as
typed; only what is printed is made visible, as `\\x1b`-style escapes.
"""

from __future__ import annotations

import json
import re

# C0 controls except tab, DEL, C1 controls, and the bidirectional overrides that
# can make printed text read differently from what it is.
_HIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The same in JSON text, where json.dumps already escapes C0 but leaves DEL, C1 and bidi raw.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """Text safe to print: every control character shown as an escape (ESC becomes \\x1b)."""
    return _HIDDEN.sub(_escape, str(text))


def json_line(obj: dict) -> str:
    """One JSON line, UTF-8 kept readable, with nothing in it a terminal would obey."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(obj, ensure_ascii=False))
