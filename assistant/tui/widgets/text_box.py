"""The one-line box text is typed in (answers, plan fields, notes), which keeps every line of a paste."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TextBox(Input):
    """An Input that takes a pasted note of several lines whole, joined with spaces.

    Textual's Input keeps only the first line of a paste: a practitioner pasting a three-line
    medication list kept "Forgot to say:" and lost the rest without a word."""

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines()]
        text = " ".join(line for line in lines if line)
        if text:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *selection)
        event.stop()
        event.prevent_default()  # Input's own handler (first line only) is not run as well
