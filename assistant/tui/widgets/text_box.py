"""The boxes text is typed in (answers, plan fields, notes, a question of one's own): Enter saves what
is typed, and a paste keeps every line."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input, TextArea


def answer_placeholder(cowrite: bool) -> str:
    """What the empty answer box says, in the voice of whoever types (a person co-writing says "my")."""
    return "Type my answer here and press Enter" if cowrite else "Type the answer here and press Enter"


def joined_lines(text: str) -> str:
    """A pasted note of several lines as one line, its lines joined with spaces."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class TextBox(Input):
    """An Input that takes a pasted note of several lines whole, joined with spaces.

    Textual's Input keeps only the first line of a paste: a practitioner pasting a three-line
    medication list kept "Forgot to say:" and lost the rest without a word."""

    def _on_paste(self, event: events.Paste) -> None:
        text = joined_lines(event.text)
        if text:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *selection)
        event.stop()
        event.prevent_default()  # Input's own handler (first line only) is not run as well


class WrappedTextBox(TextArea):
    """A TextBox for a sentence or two, which wraps onto more lines as it grows.

    At 80 columns a practitioner's own question ran past the end of its one-line box, which scrolled
    the start of the question out of sight. Here the whole question stays in view; Enter still saves
    it (a question has no use for a new line), and a paste of several lines is joined with spaces."""

    class Submitted(Message):
        """Enter was pressed: `value` is what was typed."""

        def __init__(self, box: "WrappedTextBox", value: str) -> None:
            super().__init__()
            self.box = box
            self.value = value

        @property
        def control(self) -> "WrappedTextBox":
            return self.box

    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(value, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         placeholder=placeholder, id=id)

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.text = text
        self.move_cursor(self.document.end)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()  # TextArea's own handler would start a new line
            self.post_message(self.Submitted(self, self.text))

    async def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # TextArea's own handler would keep the line breaks
        text = joined_lines(event.text)
        if text:
            self.move_cursor(self.replace(text, *self.selection).end_location)
