"""Print the corpus datasheet's table: every batch with its split and counts (Markdown).

    python3 corpus/tools/counts.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    print("| split | batch | answers | personal / carer / relational | safeguarding (indirect) | hard negatives |")
    print("| --- | --- | --- | --- | --- | --- |")
    totals: Counter = Counter()
    for split in ("train", "dev", "test"):
        for path in sorted((ROOT / "batches" / split).glob("*.jsonl")):
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            fw = Counter(r["framework"] for r in records)
            sg = [r for r in records if r["flags"]]
            indirect = sum(r.get("sg_style") == "indirect" for r in sg)
            hard = sum(bool(r.get("hard_negative")) for r in records)
            print(f"| {split} | {path.stem} | {len(records)} | {fw['personal']} / {fw['carer']} / {fw['relational']} | "
                  f"{len(sg)} ({indirect}) | {hard} |")
            totals.update({"answers": len(records), "sg": len(sg), "indirect": indirect, "hard": hard})
    print(f"| all | | {totals['answers']} | | {totals['sg']} ({totals['indirect']}) | {totals['hard']} |")


if __name__ == "__main__":
    main()
