"""Check a batch of labelled practitioner turns (JSON lines) and print its counts.

    python3 corpus/tools/check_questions.py corpus/questions/train/c01.jsonl
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

REQUIRED = ("text", "judged", "open", "service_led", "leading", "jargon")
OPTIONAL = ("voice",)


def check_record(rec: object) -> list[str]:
    if not isinstance(rec, dict):
        return ["not a JSON object"]
    problems = [f"missing {k!r}" for k in REQUIRED if k not in rec]
    problems += [f"unknown key {k!r}" for k in rec if k not in REQUIRED and k not in OPTIONAL]
    if problems:
        return problems
    text = rec["text"]
    if not isinstance(text, str) or not text.strip() or "\n" in text:
        problems.append("text must be one non-empty line")
        return problems
    if not isinstance(rec["judged"], str) or not rec["judged"].strip() or rec["judged"] not in text:
        problems.append("judged must be copied exactly from text")
    for key in ("open", "service_led", "leading"):
        if not isinstance(rec[key], bool):
            problems.append(f"{key} must be true or false")
    jargon = rec["jargon"]
    if not isinstance(jargon, list) or not all(isinstance(t, str) and t for t in jargon):
        problems.append("jargon must be a list of terms")
    else:
        for term in jargon:
            if term not in text:
                problems.append(f"jargon term {term!r} is not in the text exactly as written")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    errors = 0
    counts: collections.Counter = collections.Counter()
    texts: collections.Counter = collections.Counter()
    for lineno, line in enumerate(Path(argv[0]).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"line {lineno}: not valid JSON ({exc.msg})")
            errors += 1
            continue
        problems = check_record(rec)
        if problems:
            errors += 1
            print(f"line {lineno}: " + "; ".join(problems))
            continue
        counts["turns"] += 1
        texts[rec["text"].strip().lower()] += 1
        for key in ("open", "service_led", "leading"):
            counts[key] += rec[key]
        counts["with jargon"] += bool(rec["jargon"])
        counts["several sentences"] += rec["judged"].strip() != rec["text"].strip()
    dupes = sum(1 for c in texts.values() if c > 1)
    print(f"{counts['turns']} valid turns, {errors} lines with problems, {dupes} repeated texts")
    n = counts["turns"] or 1
    for key in ("open", "service_led", "leading", "with jargon", "several sentences"):
        print(f"  {key}: {counts[key]} ({counts[key] / n:.0%})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
