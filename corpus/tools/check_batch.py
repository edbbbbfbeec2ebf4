"""Check a corpus batch file (JSON lines) and print its counts.

Writers run this on their own file only: it reads the outcome IDs from the
bundled frameworks and nothing else of the engine.

    python3 corpus/tools/check_batch.py corpus/batches/train/w01.jsonl
"""

from __future__ import annotations

import collections
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("outcome", "service", "difficulty", "strength", "other")
SG_CATEGORIES = (
    "abuse_neglect",
    "domestic_abuse",
    "exploitation",
    "self_harm",
    "suicidal",
    "violence",
    "carer_breaking_point",
)
SG_STYLES = ("direct", "indirect")
REQUIRED = ("framework", "text", "kind", "outcomes", "flags")
OPTIONAL = ("sg_category", "sg_style", "hard_negative", "voice")


def framework_ids() -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for path in sorted((ROOT / "taxonomy").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        ids[data["name"]] = {o["id"] for o in data["outcomes"]}
    return ids


def check_record(rec: object, ids: dict[str, set[str]]) -> list[str]:
    if not isinstance(rec, dict):
        return ["not a JSON object"]
    problems = []
    for key in REQUIRED:
        if key not in rec:
            problems.append(f"missing {key!r}")
    for key in rec:
        if key not in REQUIRED and key not in OPTIONAL:
            problems.append(f"unknown key {key!r}")
    if problems:
        return problems
    fw = rec["framework"]
    if fw not in ids:
        problems.append(f"unknown framework {fw!r}")
    text = rec["text"]
    if not isinstance(text, str) or not text.strip():
        problems.append("empty text")
    elif "\n" in text:
        problems.append("text holds a newline")
    if rec["kind"] not in KINDS:
        problems.append(f"unknown kind {rec['kind']!r}")
    outs = rec["outcomes"]
    if not isinstance(outs, list) or len(outs) > 3:
        problems.append("outcomes must be a list of 0-3 ids")
    else:
        for oid in outs:
            if fw in ids and oid not in ids[fw]:
                problems.append(f"{oid!r} is not an outcome of {fw!r}")
        if len(set(outs)) != len(outs):
            problems.append("an outcome id is repeated")
    flags = rec["flags"]
    if flags not in ([], ["safeguarding"]):
        problems.append('flags must be [] or ["safeguarding"]')
    positive = flags == ["safeguarding"]
    if positive:
        if rec.get("sg_category") not in SG_CATEGORIES:
            problems.append(f"a safeguarding answer needs sg_category, one of {SG_CATEGORIES}")
        if rec.get("sg_style") not in SG_STYLES:
            problems.append('a safeguarding answer needs sg_style "direct" or "indirect"')
        if rec.get("hard_negative"):
            problems.append("a safeguarding answer cannot be a hard negative")
    else:
        if "sg_category" in rec or "sg_style" in rec:
            problems.append("sg_category/sg_style only go with flags [\"safeguarding\"]")
        if "hard_negative" in rec and rec["hard_negative"] is not True:
            problems.append("hard_negative is true or absent")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    path = Path(argv[0])
    ids = framework_ids()
    errors = 0
    kinds: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    per_id: collections.Counter = collections.Counter()
    sg = collections.Counter()
    texts: collections.Counter = collections.Counter()
    n = 0
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"line {lineno}: not valid JSON ({exc.msg})")
            errors += 1
            continue
        problems = check_record(rec, ids)
        if problems:
            errors += 1
            print(f"line {lineno}: " + "; ".join(problems))
            continue
        n += 1
        texts[rec["text"].strip().lower()] += 1
        kinds[rec["framework"]][rec["kind"]] += 1
        per_id.update(rec["outcomes"])
        if rec["flags"]:
            sg["positive"] += 1
            sg[rec["sg_category"]] += 1
            sg[rec["sg_style"]] += 1
        elif rec.get("hard_negative"):
            sg["hard_negative"] += 1
    dupes = [t for t, c in texts.items() if c > 1]
    print(f"{n} valid answers, {errors} lines with problems, {len(dupes)} repeated texts")
    for fw, counter in sorted(kinds.items()):
        total = sum(counter.values())
        shares = ", ".join(f"{k} {counter[k]} ({counter[k] / total:.0%})" for k in KINDS)
        print(f"{fw}: {total} answers; kinds: {shares}")
        for oid in sorted(ids[fw]):
            print(f"    {oid}: {per_id[oid]}")
    print("safeguarding:", dict(sg))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
