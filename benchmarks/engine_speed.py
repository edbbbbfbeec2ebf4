"""Print the engine's speed figures: cold start, per-answer latency, ratio to bare spaCy.

Run with `make bench` (or `python benchmarks/engine_speed.py`). Targets on a
2-core machine: cold start <= 2 s; per-answer time <= 2.5x the bare pipeline.
The machine (CPU, cores, load) and the date are printed with the figures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.frameworks import load_framework  # noqa: E402
from assistant.learning.corpus import load_split  # noqa: E402
from assistant.nlp.engine import Analyser  # noqa: E402
from assistant.nlp.models import load_engine_models  # noqa: E402
from assistant.nlp.pipeline import load_pipeline  # noqa: E402


def cold_start(runs: int = 3) -> list[float]:
    """Seconds from process start to the first classified answer on stdout."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "classify", "--framework", "personal", "--json"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)
        proc.stdin.write(b"I want to get back to the bowling club\n")
        proc.stdin.flush()
        proc.stdout.readline()
        times.append(time.perf_counter() - start)
        proc.stdin.close()
        proc.wait()
    return times


def per_answer(texts: list[str], fn, repeat: int = 3) -> list[float]:
    timings = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            fn(text)
            timings.append(time.perf_counter() - start)
    return timings


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{cpu}; {os.cpu_count()} cores; load {load}; {datetime.now().isoformat(timespec='minutes')}"


def main() -> None:
    texts = [e.text for e in load_split("dev") if e.framework == "personal"]
    print(f"machine                   {machine()}")
    cold = cold_start()
    pipeline = load_pipeline()
    models = load_engine_models()
    analyser = Analyser(load_framework("personal"), pipeline, models)
    for text in texts[:20]:
        analyser.analyse(text)  # warm caches the same way a session would
    engine = per_answer(texts, analyser.analyse)
    bare = per_answer(texts, pipeline.nlp)
    start = time.perf_counter()
    analyser.analyse("I want to see my son. " * 5000)
    huge = time.perf_counter() - start
    print(f"answers timed             {len(texts)} x 3")
    print(f"cold start (s)            median {statistics.median(cold):.2f}  max {max(cold):.2f}   target <= 2.00")
    print(f"engine per answer (ms)    median {statistics.median(engine) * 1000:.2f}  p95 {p95(engine) * 1000:.2f}")
    print(f"bare spaCy per answer (ms) median {statistics.median(bare) * 1000:.2f}  p95 {p95(bare) * 1000:.2f}")
    print(f"engine / bare pipeline    {sum(engine) / sum(bare):.2f}x   target <= 2.50x")
    print(f"110,000-character answer  {huge:.2f} s")


if __name__ == "__main__":
    main()
