"""Choices to tick or pick, where chosen and not chosen look different without relying on colour.

Textual's SelectionList draws the same ▐X▌ for both states and tells them apart by colour only;
here a ticked choice shows [✓] and an unticked one [ ], in the text's own colour.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton

TICKED = "✓"
UNTICKED = " "


class TickList(SelectionList):
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
