"""Choices to tick or pick, where chosen and not chosen look different without relying on colour.

Textual's SelectionList draws the same ▐X▌ for both states and tells them apart by colour only;
here a ticked choice shows [✓] and an unticked one [ ], in the text's own colour.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.content import Content
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton

TICKED = "✓"
UNTICKED = " "


class TickList(SelectionList):
    """Choices ticked with Space, where words typed by mistake do no harm.

    Tabbing through a form and typing straight on, a trainer's words landed here: the letters went
    nowhere and every space between them ticked or unticked the highlighted choice, so a tick was lost
    without a word. Here a space or Enter straight after a typed letter ticks nothing, and the first
    letter brings a notice saying that typing goes in the boxes, not here."""

    TYPING_NOTE = ("This list takes ticks, not words, so what was typed here is not kept. "
                   "↑ ↓ move, Space ticks or unticks; Tab goes on to the next box.")

    def __init__(self, *selections, typing_note: str | None = None, **options) -> None:
        super().__init__(*selections, **options)
        self.typing_note = typing_note or self.TYPING_NOTE
        self._typing = False  # letters are arriving: the spaces and Enter between them tick nothing
        self._after_space = False  # the last key was a space swallowed after typing

    def on_focus(self, event: events.Focus) -> None:
        self._typing = self._after_space = False

    def on_key(self, event: events.Key) -> None:
        key = event.key
        swallow = False
        if key == "space" and self._typing and not self._after_space:
            swallow, self._after_space = True, True  # the gap between two typed words
        elif key == "enter" and self._typing:
            swallow, self._typing = True, False  # the end of a typed line
        elif key not in {"space", "enter"} and event.is_printable and event.character:
            if not self._typing:
                self.notify(self.typing_note, severity="warning", markup=False)
            swallow, self._typing, self._after_space = True, True, False
        else:  # ↑ ↓, Tab, or a second space in a row: back to ticking
            self._typing = self._after_space = False
        if swallow:
            event.stop()
            event.prevent_default()

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 4 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except Exception:  # past the last option: nothing to mark
            return strip
        mark = TICKED if selection.value in self.selected else UNTICKED
        text_style = segments[3].style  # the style of the choice's words on this line
        segments[0:3] = [Segment("[", text_style), Segment(mark, text_style + Style(bold=True)), Segment("]", text_style)]
        return Strip(segments, strip.cell_length)


class ChoiceButton(RadioButton):
    """A radio button that reads (●) when chosen and ( ) when not (Textual's draws ▐●▌ for both)."""

    @property
    def _button(self) -> Content:
        return Content("(●)" if self.value else "( )")
