"""The offline engine: reads an answer and says, with evidence, what it expresses.

Nothing here imports Textual or click.
"""

from assistant.nlp.engine import Analysis, Analyser, ProposedOutcome

__all__ = ["Analysis", "Analyser", "ProposedOutcome"]
