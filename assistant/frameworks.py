"""Outcome frameworks: load and validate the taxonomy/ files.

Each framework is one TOML file. The three built-in frameworks must hold every
outcome ID fixed in the project spec; an organisation's own framework file
(in the user's config folder) is validated the same way, minus that list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.datafiles import check_keys, problem, read_toml
from assistant.errors import DataFileError, UnknownFrameworkError
from assistant.locations import bundled_dir, user_taxonomy_dir

SPEC_IDS: dict[str, tuple[str, ...]] = {
    "personal": (
        "qol.feeling_safe", "qol.things_to_do", "qol.seeing_people", "qol.staying_well",
        "qol.living_as_you_want", "process.listened_to", "process.having_a_say",
        "process.respect", "process.responded_to", "process.reliability",
        "change.confidence", "change.skills", "change.mobility", "change.symptoms",
    ),
    "carer": (
        "carer.cared_for_qol", "carer.health_wellbeing", "carer.life_of_own",
        "carer.relationship", "carer.finances", "carer.choice_limits",
        "carer.informed_equipped", "carer.satisfaction", "carer.partnership",
        "carer.valued_expertise", "carer.having_a_say", "carer.flexible_responsive",
        "carer.practitioner_relationship", "carer.accessible",
    ),
    "relational": (
        "soft.confidence", "soft.self_esteem", "soft.self_care", "soft.self_belief",
        "soft.wellbeing", "soft.understood_by_service", "soft.family_friends",
        "soft.community", "soft.service_engagement", "hard.literacy_numeracy",
        "hard.education_training", "hard.volunteering", "hard.employment",
        "hard.reduced_reoffending", "hard.treatment_completion",
        "hard.housing_stability", "hard.health",
    ),
}

FRAMEWORK_KEYS = {"name", "title", "audience", "source", "outcomes"}
FRAMEWORK_REQUIRED = {"name", "title", "outcomes"}
OUTCOME_KEYS = {"id", "group", "label", "plain_label", "description", "phrases", "keywords", "service_words"}
OUTCOME_REQUIRED = {"id", "group", "label", "plain_label", "description", "phrases"}
MIN_PHRASES = 25
# Every phrase, keyword and service word is run through spaCy each time an analyser
# is built (at every start), so size is bounded here with a clear message rather
# than met as a silent stall. The bundled frameworks hold at most 32 phrases an
# outcome and about 1,000 entries in all.
MAX_PHRASES = 300          # phrases in one outcome; the same for its keywords and for its service words
MAX_ENTRIES = 6000         # phrases, keywords and service words in a whole framework
MAX_ENTRY_CHARS = 200      # one phrase, keyword or service word
MAX_TEXT_CHARS = 2000      # a label, plain label or description


@dataclass(frozen=True)
class Outcome:
    id: str
    group: str
    label: str
    plain_label: str
    description: str
    phrases: tuple[str, ...]
    service_words: tuple[str, ...] = ()
    # Single words and short terms that signal the outcome, to widen the vocabulary.
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    name: str
    title: str
    audience: str
    source: str
    outcomes: tuple[Outcome, ...]
    path: Path | None = field(default=None, compare=False)

    def outcome(self, outcome_id: str) -> Outcome:
        for item in self.outcomes:
            if item.id == outcome_id:
                return item
        raise KeyError(outcome_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.outcomes)


def _string_list(path: Path, where: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise problem(path, where, f"'{key}' must be a list of text")
    if len(value) > MAX_PHRASES:
        raise problem(path, where, f"'{key}' has {len(value)} entries; at most {MAX_PHRASES} are allowed")
    cleaned = tuple(v.strip() for v in value)
    if any(not v for v in cleaned):
        raise problem(path, where, f"'{key}' has an empty entry")
    long = next((v for v in cleaned if len(v) > MAX_ENTRY_CHARS), None)
    if long is not None:
        raise problem(path, where, f"'{key}' has an entry longer than {MAX_ENTRY_CHARS} characters ('{long[:40]}…')")
    return cleaned


def parse_framework(path: Path, data: dict, *, min_phrases: int = MIN_PHRASES) -> Framework:
    """Validate one framework's parsed TOML; raise DataFileError naming the problem."""
    check_keys(path, "top level", data, FRAMEWORK_KEYS, FRAMEWORK_REQUIRED)
    name = data["name"]
    if not isinstance(name, str) or not name.strip() or not name.replace("_", "").replace("-", "").isalnum():
        raise problem(path, "name", "must be a short name of letters, digits, '-' or '_'")
    entries = data["outcomes"]
    if not isinstance(entries, list) or not entries:
        raise problem(path, "outcomes", "must be a non-empty list of [[outcomes]] tables")
    total = sum(len(e.get(k) or ()) for e in entries if isinstance(e, dict) for k in ("phrases", "keywords", "service_words")
                if isinstance(e.get(k), list))
    if total > MAX_ENTRIES:
        raise problem(path, "outcomes", f"{total} phrases, keywords and service words in all; at most {MAX_ENTRIES} are "
                                        f"allowed (each is read on every start)")
    outcomes: list[Outcome] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"outcome #{index}"
        if not isinstance(entry, dict):
            raise problem(path, where, "must be a table")
        if isinstance(entry.get("id"), str):
            where = f"outcome '{entry['id']}'"
        check_keys(path, where, entry, OUTCOME_KEYS, OUTCOME_REQUIRED)
        for key in ("id", "group", "label", "plain_label", "description"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise problem(path, where, f"'{key}' must be non-empty text")
            if len(entry[key]) > MAX_TEXT_CHARS:
                raise problem(path, where, f"'{key}' is longer than {MAX_TEXT_CHARS} characters")
        if entry["id"] in seen:
            raise problem(path, where, "duplicate ID")
        seen.add(entry["id"])
        phrases = _string_list(path, where, "phrases", entry["phrases"])
        if not phrases:
            raise problem(path, where, "the phrase list is empty")
        if len(phrases) < min_phrases:
            raise problem(path, where, f"has {len(phrases)} phrases; at least {min_phrases} are needed")
        service_words = _string_list(path, where, "service_words", entry.get("service_words", []))
        keywords = _string_list(path, where, "keywords", entry.get("keywords", []))
        outcomes.append(Outcome(
            id=entry["id"], group=entry["group"].strip(), label=entry["label"].strip(),
            plain_label=entry["plain_label"].strip(), description=entry["description"].strip(),
            phrases=phrases, service_words=service_words, keywords=keywords,
        ))
    required = SPEC_IDS.get(name)
    if required:
        absent = [i for i in required if i not in seen]
        if absent:
            raise problem(path, "outcomes", f"ID(s) missing from the spec: {', '.join(absent)}")
    return Framework(
        name=name, title=str(data["title"]), audience=str(data.get("audience", "person")),
        source=str(data.get("source", "")), outcomes=tuple(outcomes), path=path,
    )


def load_framework_file(path: Path, *, min_phrases: int = MIN_PHRASES) -> Framework:
    """Read and validate a framework file, with errors that name the file."""
    return parse_framework(path, read_toml(path), min_phrases=min_phrases)


def framework_files() -> dict[str, Path]:
    """Every framework file by name: bundled ones, then the organisation's own."""
    files: dict[str, Path] = {}
    for folder in (bundled_dir("taxonomy"), user_taxonomy_dir()):
        try:
            found = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError:
            found = []  # a folder this user may not read holds nothing usable; the bundled frameworks still work
        for path in found:
            files[path.stem] = path
    return files


def is_bundled(path: Path) -> bool:
    """True for a framework file that comes with the assistant (not the organisation's own)."""
    return path.parent == bundled_dir("taxonomy")


def replaces_bundled(path: Path) -> bool:
    """True when an organisation's file takes the place of a bundled framework of the same name."""
    return not is_bundled(path) and (bundled_dir("taxonomy") / path.name).is_file()


_cache: dict[Path, Framework] = {}


def load_framework(name: str) -> Framework:
    """The validated framework `name`; an unknown name lists the known ones."""
    files = framework_files()
    path = files.get(name)
    if path is None:
        known = ", ".join(sorted(files)) or "none"
        raise UnknownFrameworkError(f"Unknown framework '{name}'.", hint=f"Known frameworks: {known}.")
    if path not in _cache:
        framework = load_framework_file(path)
        if framework.name != name:
            raise DataFileError(f"{path.name}: its name is '{framework.name}' but the file is named '{name}'")
        _cache[path] = framework
    return _cache[path]


def framework_names() -> list[str]:
    return sorted(framework_files())
