"""Typed values that travel between the engine, the flow, storage and the UI.

An answer's reading is stored as JSON with its turn; everywhere else it is an
`AnswerReading`, never a loose dict.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.nlp.engine import Analysis
from assistant.nlp.models import CONCERN_WORDS


def _concern(value) -> tuple[str, ...]:
    """A stored guess, keeping only the categories this version can name."""
    return tuple(v for v in value if isinstance(v, str) and v in CONCERN_WORDS)[:2] if isinstance(value, list) else ()


@dataclass(frozen=True)
class AnswerReading:
    """What the engine read in one answer, plus the words the flow quotes back."""

    kind: str = "other"
    outcomes: tuple[dict, ...] = ()  # classify-shaped: id, label, score, evidence
    flags: tuple[str, ...] = ()
    topic: str = ""  # the service or difficulty as said, for "so what?"
    wish: str = ""  # what the person wishes for, in their words, for a check-back
    arranged: bool = False  # a service someone else provides or arranges, or one wished for with no purpose said
    alert_sentences: tuple[str, ...] = ()
    alert_certain: bool = True  # the rules saw it, or the model is sure (see Analysis)
    concern: tuple[str, ...] = ()  # what a disclosure may be about: the model's guess (see Analysis)
    turned_down: bool = False  # the person turns a service down: their no is not asked "so what?"

    @classmethod
    def from_analysis(cls, analysis: Analysis) -> "AnswerReading":
        return cls(analysis.kind, tuple(o.to_dict() for o in analysis.outcomes), tuple(analysis.flags), analysis.topic,
                   analysis.wish, analysis.arranged, tuple(analysis.alert_sentences), analysis.alert_certain,
                   tuple(analysis.concern), analysis.turned_down)

    @classmethod
    def from_json(cls, data: dict | None) -> "AnswerReading | None":
        if data is None:
            return None
        return cls(data.get("kind", "other"), tuple(data.get("outcomes", [])), tuple(data.get("flags", [])),
                   data.get("topic", ""), data.get("wish", ""), bool(data.get("arranged", False)),
                   tuple(data.get("alert_sentences", [])), bool(data.get("alert_certain", True)),
                   _concern(data.get("concern")), bool(data.get("turned_down", False)))

    def to_json(self) -> dict:
        return {**self.public(), "topic": self.topic, "wish": self.wish, "arranged": self.arranged,
                "alert_sentences": list(self.alert_sentences), "alert_certain": self.alert_certain,
                "concern": list(self.concern), "turned_down": self.turned_down}

    def public(self) -> dict:
        """The `outcomes classify` shape (kind, outcomes, flags)."""
        return {"kind": self.kind, "outcomes": [dict(o) for o in self.outcomes], "flags": list(self.flags)}

    @property
    def safeguarding(self) -> bool:
        return "safeguarding" in self.flags

    @property
    def outcome_ids(self) -> list[str]:
        return [o["id"] for o in self.outcomes]

    @property
    def evidence(self) -> list[str]:
        return list(dict.fromkeys(e for o in self.outcomes for e in o.get("evidence", [])))  # once each, in order


# What a practitioner records when they have checked a possible concern with the person and found none
# (the alert offers it only then). Such an alert stays in the record, but no longer holds the person's
# words back from their own copy; an alert the rules were sure of always does, whatever was written.
NO_CONCERN = "Checked with the person: no safeguarding concern."


def closed_as_no_concern(alert_row: dict) -> bool:
    """Closed so, with or without a note after the words ("… no safeguarding concern. She burnt the pasta.")."""
    return " ".join((alert_row.get("action") or "").split()).startswith(NO_CONCERN)


def no_concern_with(note: str) -> str:
    """What is recorded for a possible concern checked and found to be none: the fixed words, then any
    note the practitioner had written (it is never thrown away)."""
    note = " ".join(note.split())
    return f"{NO_CONCERN} {note}" if note else NO_CONCERN


def safety_reply(turns: list[dict], turn_id: int | None) -> str:
    """The answer to the safety question asked straight after an alert's answer ("yes in the day. no one
    nos"), or "". A co-writing person answers it before the practitioner sees the alert, and it may say
    more than the disclosure did: the practitioner must see it beside the alert."""
    live = [t for t in turns if not t.get("superseded")]
    index = next((n for n, t in enumerate(live) if t["id"] == turn_id), None)
    if index is None or index + 1 >= len(live):
        return ""
    after = live[index + 1]
    if "safety" not in (after.get("question_id") or "") or after.get("skipped"):
        return ""
    return " ".join((after.get("answer") or "").split())


@dataclass(frozen=True)
class Alert:
    """A safeguarding alert raised by an answer."""

    id: int
    turn_id: int
    answer: str
    sentences: tuple[str, ...]
    raised_at: str
    acknowledged_at: str = ""
    acknowledged_by: str = ""
    action: str = ""
    certain: bool = True
    concern: tuple[str, ...] = ()  # what it may be about: the model's guess
    reply: str = ""  # what the person said to the safety question asked after it, if it was answered

    @property
    def acknowledged(self) -> bool:
        return bool(self.acknowledged_at)

    @property
    def shown_sentences(self) -> tuple[str, ...]:
        """The sentences to quote: each once, none that is part of another ("n i owe him lol" inside "…hold stuff
        at mine n i owe him lol" was quoted twice). For showing only: the flow reads every one (a reassurance
        around "i took all me tablets" is not all the reply said)."""
        return distinct_sentences(self.sentences)

    @property
    def no_concern(self) -> bool:
        """A possible concern, checked with the person and closed as none."""
        return not self.certain and closed_as_no_concern({"action": self.action})


@dataclass(frozen=True)
class ProposedRow:
    """An outcome on the board: the person's words, its areas, and where it came from."""

    id: int
    words: str
    original_words: str
    outcome_ids: tuple[str, ...]
    evidence: tuple[str, ...]
    status: str
    turn_id: int | None = None
    answer: str = ""  # the whole answer it came from
    held_back: bool = False  # the answer raised a safeguarding alert

    @classmethod
    def from_row(cls, row: dict, answer: str = "", held_back: bool = False) -> "ProposedRow":
        return cls(row["id"], row["words"], row["original_words"], tuple(row["outcome_ids"]), tuple(row["evidence"]),
                   row["status"], row.get("turn_id"), answer, held_back)


def distinct_sentences(sentences) -> tuple[str, ...]:
    """Each sentence once, and none that is part of another (see Alert.shown_sentences)."""
    found = list(dict.fromkeys(s.strip() for s in sentences if s.strip()))
    return tuple(s for s in found if not any(s != other and s in other for other in found))
