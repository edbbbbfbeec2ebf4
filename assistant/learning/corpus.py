"""The labelled corpus (`corpus/batches/{train,dev,test}/*.jsonl`).

Each batch is one writer's work. The split is by writer: the test batches come
from writers whose text is never used for training or for writing rules, and
their SHA-256 is recorded in `corpus/test.sha256` so a change is noticed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DataFileError
from assistant.locations import bundled_dir

SPLITS = ("train", "dev", "test")
KINDS = ("outcome", "service", "difficulty", "strength", "other")


@dataclass(frozen=True)
class Example:
    framework: str
    text: str
    kind: str
    outcomes: tuple[str, ...]
    safeguarding: bool
    batch: str = ""
    split: str = ""
    sg_category: str = ""
    sg_style: str = ""
    hard_negative: bool = False
    weight: float = 1.0
    # A practitioner's decision on the board labels outcomes only: `outcomes` were agreed,
    # `declined` were wrong; nothing is known of the rest, of the kind or of safeguarding.
    declined: tuple[str, ...] = ()
    outcomes_only: bool = False

    def knows(self, outcome_id: str) -> bool:
        """Whether this example says anything about one outcome."""
        return not self.outcomes_only or outcome_id in self.outcomes or outcome_id in self.declined


def corpus_dir() -> Path:
    return bundled_dir("corpus")


def batch_files(split: str, folder: Path | None = None) -> list[Path]:
    root = (folder or corpus_dir()) / "batches" / split
    return sorted(root.glob("*.jsonl"))


def load_batch(path: Path, split: str = "") -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            examples.append(Example(
                framework=rec["framework"], text=rec["text"], kind=rec["kind"], outcomes=tuple(rec["outcomes"]),
                safeguarding=rec["flags"] == ["safeguarding"], batch=path.stem, split=split,
                sg_category=rec.get("sg_category", ""), sg_style=rec.get("sg_style", ""),
                hard_negative=bool(rec.get("hard_negative", False)),
            ))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataFileError(f"{path.name}:{number}: not a corpus record ({exc}).") from exc
        if examples[-1].kind not in KINDS:
            raise DataFileError(f"{path.name}:{number}: unknown kind {examples[-1].kind!r}.")
    return examples


def load_split(split: str, folder: Path | None = None) -> list[Example]:
    if split not in SPLITS:
        raise ValueError(split)
    return [e for path in batch_files(split, folder) for e in load_batch(path, split)]


def split_digest(split: str = "test", folder: Path | None = None) -> str:
    """SHA-256 over a split's files (names and bytes), in name order."""
    digest = hashlib.sha256()
    for path in batch_files(split, folder):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def recorded_test_digest(folder: Path | None = None) -> str:
    path = (folder or corpus_dir()) / "test.sha256"
    return path.read_text(encoding="utf-8").split()[0] if path.exists() else ""


def writer_folds(examples: list[Example], rows, folds: int) -> list[list[int]]:
    """Split rows by batch (writer) into folds of similar size: a fold's writers are unseen by its model.
    The linear models and the tuned sentence model use the same folds."""
    sizes: dict[str, int] = {}
    for i in rows:
        sizes[examples[i].batch] = sizes.get(examples[i].batch, 0) + 1
    buckets: list[set[str]] = [set() for _ in range(folds)]
    totals = [0] * folds
    for batch in sorted(sizes, key=lambda b: (-sizes[b], b)):
        k = totals.index(min(totals))
        buckets[k].add(batch)
        totals[k] += sizes[batch]
    return [[int(i) for i in rows if examples[i].batch in bucket] for bucket in buckets if bucket]


def example_key(framework: str, text: str) -> str:
    """A stable name for one answer, so scores made elsewhere can be matched to it."""
    return hashlib.sha256(f"{framework}\0{text}".encode("utf-8")).hexdigest()[:20]
