"""The guided conversation: question bank and the flow that picks the next question."""
