"""Give new corpus writers held-out scores from the shipped tuned model (run before retraining it).

`make model` weighs and thresholds the tuned sentence model's share on held-out
scores (`corpus/tuned_out_of_fold.npz`). A writer added after `make tuned-model`
has none; the tuned model shipped at that moment never saw them, so its scores
for their answers are held-out scores too. Read each answer whole (up to the
training length), as the fold networks did, and append the rows:

    .venv/bin/python tools/score_new_writers.py w32-phone-calls w33-spoken-for

Then retrain the shipped copy (`tools/tune_sentence_model.py --final-only`) and
run `make model`. A full `make tuned-model` replaces these rows with fold scores.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MAX_PIECES = 126  # the fold networks read at most 128 pieces, with the two markers


def main(argv: list[str]) -> int:
    import numpy as np

    from assistant.learning.corpus import corpus_dir, example_key, load_split
    from assistant.nlp.text import for_analysis
    from assistant.nlp.tuned_model import TunedModel

    writers = set(argv)
    if not writers:
        print(__doc__)
        return 2
    path = corpus_dir() / "tuned_out_of_fold.npz"
    with np.load(path) as stored:
        data = {name: stored[name] for name in stored.files}
    model = TunedModel()
    if {k: list(v) for k, v in model.frameworks.items()} != json.loads(str(data["frameworks"])):
        print("The shipped tuned model's outcome columns differ from the held-out scores'.", file=sys.stderr)
        return 1
    have = set(map(str, data["key"]))
    examples = [e for e in [*load_split("train"), *load_split("dev")] if e.batch in writers]
    rows: dict[str, tuple] = {}
    for e in examples:
        key = example_key(e.framework, e.text)
        ids = model.pieces.ids(for_analysis(e.text), limit=MAX_PIECES)
        if key in have or key in rows or not ids:
            continue
        rows[key] = model._read_pieces(ids)
    print(f"{len(rows)} new rows for {len(examples)} answers of {len(writers)} writers")
    if rows:
        kinds, flags, outcomes = zip(*rows.values())
        np.savez_compressed(path, key=np.concatenate([data["key"], np.asarray(list(rows))]),
                            kind=np.vstack([data["kind"], np.asarray(kinds, np.float32)]),
                            safeguarding=np.concatenate([data["safeguarding"], np.asarray(flags, np.float32)]),
                            outcomes=np.vstack([data["outcomes"], np.asarray(outcomes, np.float32)]),
                            frameworks=data["frameworks"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
