"""Compile the cue lists in data/cues.toml into regular expressions."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from assistant.errors import DataFileError


@dataclass(frozen=True)
class Cues:
    wish: tuple[re.Pattern, ...]
    refusal: tuple[re.Pattern, ...]
    change: tuple[re.Pattern, ...]
    strength: tuple[re.Pattern, ...]
    difficulty: tuple[re.Pattern, ...]
    service_pattern: tuple[re.Pattern, ...]
    service_nouns: tuple[str, ...]
    other: tuple[re.Pattern, ...]
    harm: tuple[re.Pattern, ...]  # every harm cue, those written from the models' misses included
    safe: tuple[re.Pattern, ...]
    always: tuple[re.Pattern, ...]
    over: tuple[re.Pattern, ...]
    ongoing: tuple[re.Pattern, ...]
    jargon: tuple[str, ...]
    service_led: tuple[re.Pattern, ...]
    service_led_weak: tuple[re.Pattern, ...]
    leading: tuple[re.Pattern, ...]
    blaming: tuple[re.Pattern, ...]
    person_first: tuple[re.Pattern, ...]
    techniques: tuple[tuple[str, tuple[re.Pattern, ...]], ...]
    grammar: dict[str, frozenset[str]]
    harm_from_misses: tuple[re.Pattern, ...] = ()  # the part of `harm` written from the corpus's misses (cues.toml)

    def without_misses(self) -> "Cues":
        """The same cues without those written from the models' misses: what training reads when it
        chooses the model's threshold on the writers they were written from."""
        return replace(self, harm=tuple(p for p in self.harm if p not in self.harm_from_misses), harm_from_misses=())


def _compile(section: str, key: str, patterns: list[str]) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise DataFileError(f"cues.toml: [{section}] {key}: bad pattern {pattern!r} ({exc})") from exc
    return tuple(compiled)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    raw = resources.files("assistant.nlp.data").joinpath("cues.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    kind, guard, coach = data["kind"], data["safeguarding"], data["coach"]
    from_misses = _compile("safeguarding", "harm_from_misses", guard.get("harm_from_misses", []))
    return Cues(
        wish=_compile("kind", "wish", kind["wish"]),
        refusal=_compile("kind", "refusal", kind["refusal"]),
        change=_compile("kind", "change", kind["change"]),
        strength=_compile("kind", "strength", kind["strength"]),
        difficulty=_compile("kind", "difficulty", kind["difficulty"]),
        service_pattern=_compile("kind", "service_pattern", kind["service_pattern"]),
        service_nouns=tuple(kind["service_nouns"]),
        other=_compile("kind", "other", kind["other"]),
        harm=_compile("safeguarding", "harm", guard["harm"]) + from_misses,
        safe=_compile("safeguarding", "safe", guard["safe"]),
        always=_compile("safeguarding", "always", guard["always"]),
        over=_compile("safeguarding", "over", guard["over"]),
        ongoing=_compile("safeguarding", "ongoing", guard["ongoing"]),
        jargon=tuple(coach["jargon"]),
        service_led=_compile("coach", "service_led", coach["service_led"]),
        service_led_weak=_compile("coach", "service_led_weak", coach["service_led_weak"]),
        leading=_compile("coach", "leading", coach["leading"]),
        blaming=_compile("coach", "blaming", coach["blaming"]),
        person_first=_compile("coach", "person_first", coach["person_first"]),
        techniques=tuple((name, _compile("techniques", name, patterns)) for name, patterns in data["techniques"].items()),
        grammar={key: frozenset(values) for key, values in data["safeguarding_grammar"].items()},
        harm_from_misses=from_misses,
    )


def any_match(patterns: tuple[re.Pattern, ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def spans(patterns: tuple[re.Pattern, ...], text: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in p.finditer(text)]
