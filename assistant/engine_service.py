"""Load the language model and the trained models once, off the caller's thread, and hand out analysers.

The terminal UI shows its first screen at once and says when mapping is ready;
anything that needs an analyser before then simply waits for it.
"""

from __future__ import annotations

import threading

from assistant.errors import AssistantError
from assistant.frameworks import load_framework
from assistant.nlp.engine import Analyser
from assistant.nlp.models import EngineModels, load_engine_models
from assistant.nlp.pipeline import Pipeline, load_pipeline


class EngineService:
    def __init__(self, pipeline: Pipeline | None = None, models: EngineModels | None = None) -> None:
        self._pipeline = pipeline
        self._models = models
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._analysers: dict[str, Analyser] = {}
        self.error: AssistantError | None = None
        if pipeline is not None:
            self._models = models if models is not None else load_engine_models()
            self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self.error is None

    def load(self) -> None:
        """Load the pipeline (call from a worker thread)."""
        if self._ready.is_set():
            return
        try:
            models = load_engine_models()  # its sentence models load on their own thread while spaCy loads
            self._pipeline = load_pipeline()
            self._models = models.finish_loading()
        except AssistantError as error:
            self.error = error
        finally:
            self._ready.set()

    def analyser(self, framework: str) -> Analyser:
        """The analyser for a framework, waiting for the model if it is still loading."""
        self._ready.wait()
        if self.error:
            raise self.error
        with self._lock:
            if framework not in self._analysers:
                self._analysers[framework] = Analyser(load_framework(framework), self._pipeline, self._models)
            return self._analysers[framework]
