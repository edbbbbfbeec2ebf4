"""The journey view: one outcome at a time, its ratings over time with dates and the person's words."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from assistant.locations import export_dir
from assistant.review.journey import Journey
from assistant.review.textchart import outcome_chart, point_lines
from assistant.tui.export import export_from

# Calm styles: a step back is marked by its hollow circle and words, never by red.
STYLES = {"axis": "dim", "line": "#5f8fbf", "point": "bold #5f8fbf", "achieved": "bold #5f8fbf",
          "reworded": "bold #5f8fbf", "step_back": "#5f8fbf", "number": "bold", "label": "", "note": "italic #5f8fbf",
          "quote": "italic", "blank": ""}


def styled(lines) -> Text:
    text = Text()
    for line in lines:
        for piece, role in line:
            text.append(piece, style=STYLES.get(role, ""))
        text.append("\n")
    return text


class JourneyScreen(Screen):
    BINDINGS = [
        Binding("right,n", "next", "Next outcome"),
        Binding("left,p", "previous", "Previous outcome"),
        Binding("x", "export", "Export"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, conversation_id: int) -> None:
        super().__init__()
        self.conversation_id = conversation_id
        self.index = 0
        self.journey: Journey | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="title", id="journey-title")
        yield Static("", id="journey-nav", classes="muted")
        with VerticalScroll(id="journey-body"):
            yield Static("", id="journey-chart")
            yield Static("", id="journey-points")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.journey = self.app.casebook.journey(self.conversation_id)
        who = "My journey so far" if self.journey.cowrite else f"Journey so far: {self.journey.person}"
        self.query_one("#journey-title", Static).update(Text(who))
        self.show()
        self.query_one("#journey-body").focus()

    def show(self) -> None:
        outcomes = self.journey.outcomes
        chart = self.query_one("#journey-chart", Static)
        points = self.query_one("#journey-points", Static)
        nav = self.query_one("#journey-nav", Static)
        if not outcomes:
            note = self.journey.left_out_note if not self.journey.cowrite else ""
            nav.update(Text("No agreed outcomes to show yet." + (f"\n{note}" if note else "")))
            chart.update("")
            points.update("")
            return
        item = outcomes[self.index]
        shown = Text(f"Outcome {self.index + 1} of {len(outcomes)} · ← → another outcome · x export\n"
                     "1 = nowhere near, 10 = just as I want it · ○ a step back, part of the journey\n"
                     "★ just as I want it · ◆ put in new words")
        if self.journey.left_out_note and not self.journey.cowrite:
            shown.append(Text("\n" + self.journey.left_out_note, style="italic"))
        nav.update(shown)
        width = max(40, min(76, self.size.width - 4))
        heading = Text(f"{self.index + 1}. ", style="bold")
        heading.append(Text(item.words, style="bold"))
        if item.original_words != item.words:
            heading.append(Text(f"\n   first written as: {item.original_words}", style="dim"))
        if item.ended:
            heading.append("\n   no longer wanted", style="dim italic")
        heading.append("\n")
        if not item.points:
            heading.append("\nNo ratings yet: they appear after the first review.\n", style="dim")
            chart.update(heading)
            points.update("")
            return
        heading.append_text(styled(outcome_chart(item, width)))
        chart.update(heading)
        points.update(styled(point_lines(item, width)))

    def on_resize(self) -> None:
        if self.journey is not None:
            self.show()

    def action_next(self) -> None:
        if self.journey and self.journey.outcomes:
            self.index = (self.index + 1) % len(self.journey.outcomes)
            self.show()

    def action_previous(self) -> None:
        if self.journey and self.journey.outcomes:
            self.index = (self.index - 1) % len(self.journey.outcomes)
            self.show()

    def action_export(self) -> None:
        from assistant.review.export import render_journey

        def content(fmt: str) -> bytes | None:
            if not self.journey.has_ratings:
                self.notify("There are no ratings to draw yet.", severity="warning")
                return None
            return render_journey(self.journey, fmt)

        export_from(self, prompt="Export the journey to (.html, .svg, .png or .txt):",
                    default=export_dir() / f"journey-{self.conversation_id}.html",
                    formats={".svg": "svg", ".png": "png", ".html": "html", ".htm": "html", ".txt": "txt"},
                    content=content, protect=(self.app.casebook.database,))

    def action_close(self) -> None:
        self.app.pop_screen()
