"""The plan screen: edit every section, see SMART hints, preview, save a version, export."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.markup import escape
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Collapsible, Footer, Input, Label, Markdown, SelectionList, Static, TextArea

from assistant.locations import export_dir
from assistant.plan.dates import stored_date, typed_date
from assistant.plan.editing import (
    lines_to_list, milestones_to_text, not_agreed_to_text, risk_choices, risks_to_text, text_to_milestones,
    text_to_not_agreed, text_to_risks,
)
from assistant.plan.model import (HELPER_WORDS, HELPERS, PLAIN_VERIFICATION, VERIFICATION, category_labels, left_out_of_person_copy,
                                   person_copy, person_copy_outcomes)
from assistant.plan.render import headings, render, render_markdown
from assistant.plan.smart import check_outcome
from assistant.tui.export import export_from
from assistant.tui.screens.modals import ConfirmScreen
from assistant.tui.widgets.ticks import TickList
from assistant.tui.widgets.text_box import TextBox


PLAIN_TYPING_NOTE = ("This list is for ticks, not words, so what I typed here is not kept. "
                     "↑ ↓ to move, Space to tick. Tab goes to the next box.")


class PreviewScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close preview")]

    def __init__(self, markdown: str) -> None:
        super().__init__(classes="modal")
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box", id="preview"):
            yield Markdown(self.markdown)
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)


class PlanScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save version", priority=True),
        Binding("f9", "preview", "Preview"),
        Binding("f10", "export", "Export"),
        Binding("escape", "close", "Back"),
    ]
    AUTO_FOCUS = ""  # on_mount chooses the box (focusing the summary first scrolled its heading out of sight)

    def __init__(self, session, *, practitioner: bool = False) -> None:
        super().__init__()
        self.session = session
        self.conversation_id = session.conversation_id
        # A co-written plan looked over by the practitioner who has taken the keyboard back: their view
        # (what is held back, the alerts, both copies to save), the person's words unchanged.
        self.practitioner = practitioner

    def on_mount(self) -> None:
        self.set_class(self.cowrite, "cowrite")  # plain words only, no key list, as in the conversation
        # The first box takes what is typed (Shaz typed into a screen where nothing had the focus).
        boxes = self.query_one("#plan-form").query(Input)
        (boxes.first() if boxes else self.query_one("#summary", TextArea)).focus()

    def compose(self) -> ComposeResult:
        info = self.session.info()
        self.framework = self.session.framework
        self.plan, self.version = self.session.latest_plan()
        self.cowrite = self.plan.get("mode") == "cowrite" and not self.practitioner
        cw = self.cowrite
        # A person co-writing sees only what their own copy will hold; the rest is kept, unseen, on save.
        mine = {id(o) for o in person_copy_outcomes(self.plan)} if cw else None
        self.shown = [i for i, o in enumerate(self.plan.get("outcomes", [])) if mine is None or id(o) in mine]
        verification = PLAIN_VERIFICATION if cw else VERIFICATION
        title = ("My support plan" if cw else f"Support plan: {info.person}") + (f" (version {self.version})" if self.version else " (new draft)")
        yield Static(Text(title), classes="title", id="plan-title")
        yield Static(Text("Ctrl+S saves my plan (earlier versions are kept) · F9 shows how it will look · F10 saves a copy I can keep · Esc goes back"
                          if cw else "Ctrl+S saves a new version (earlier ones are kept) · F9 preview · F10 export to Markdown, HTML or Word"),
                     classes="muted")
        # Only the boxes take the focus: a trainer tabbed past the last box onto the form itself, and
        # what he typed then went nowhere.
        with VerticalScroll(id="plan-form", can_focus=False):
            yield Label(Text("What matters to me" if cw else f"What matters to {info.person}"), classes="panel-heading")
            # A co-writer sees the summary of their own copy (it never names an outcome held back from them).
            if cw:
                self.plan["summary"] = person_copy(self.plan)["summary"]
            yield TextArea(self.plan.get("summary", ""), id="summary", soft_wrap=True)
            yield Static(Text("\n".join(self._plan_hints())), id="plan-hints", classes="muted")
            hidden = len(self.plan.get("outcomes", [])) - len(self.shown)
            if hidden:
                # Never silently: the person knows something they agreed is waiting, not lost.
                yield Static(Text(f"{'Something' if hidden == 1 else str(hidden) + ' things'} I agreed "
                                  f"{'is' if hidden == 1 else 'are'} kept out of this plan for now: my worker will look at "
                                  f"{'it' if hidden == 1 else 'them'} with me first."), id="plan-waiting")
            for index in self.shown:
                outcome = self.plan["outcomes"][index]
                labels = "; ".join(category_labels(self.plan, self.framework, outcome, cw))
                held = outcome.get("held_back") and not cw
                # The title is read as markup: the person's words are escaped first.
                title = escape(outcome["words"][:70] or f"Outcome {index + 1}") + (" (held back from the person's copy)" if held else "")
                with Collapsible(title=title, collapsed=index != self.shown[0], id=f"outcome-{index}"):
                    if held:
                        yield Static(Text("From, or repeating, an answer that raised an alert: plan it here; it reaches the "
                                          "person's copy only if you tick it under “Held back” below.", style="bold"))
                    yield Label("In my words" if cw else "In the person's words")
                    yield TextBox(outcome["words"], id=f"o{index}-words", select_on_focus=False)
                    if outcome.get("original_words") and outcome["original_words"] != outcome["words"]:
                        yield Static(Text(f"First written as: {outcome['original_words']}", style="dim"))
                    yield Static(Text(("About: " if cw else "Category: ") + labels, style="dim"))
                    yield Label("Why it matters to me" if cw else "Why it matters")
                    yield TextBox(outcome.get("why_it_matters", ""), id=f"o{index}-why", select_on_focus=False)
                    yield Label("What good looks like")
                    yield TextBox(outcome.get("good_looks_like", ""), id=f"o{index}-good", select_on_focus=False)
                    yield Label("How I'll know (↑ ↓ to move, Space to tick)" if cw else "How we will know (↑ ↓ move, Space ticks)")
                    yield TickList(*[(label, key, key in outcome.get("verification", [])) for key, label in verification.items()],
                                   id=f"o{index}-verification", typing_note=PLAIN_TYPING_NOTE if cw else None)
                    for key in HELPERS:
                        who = {"self": "I" if cw else (info.person or "The person")}.get(key, HELPER_WORDS[key])
                        yield Label(Text(f"{who} will…"))  # a name is text, never markup
                        yield TextBox(outcome.get("who_helps", {}).get(key, ""), id=f"o{index}-help-{key}", select_on_focus=False)
                    yield Label("Steps, one per line:  the step | when (like 01/03/2027)" if cw else "Steps, one per line:  step | date (like 01/03/2027)")
                    yield TextArea(milestones_to_text(outcome.get("milestones", [])), id=f"o{index}-milestones", soft_wrap=True)
                    carer_plan = self.plan.get("framework") == "carer"
                    choices = ", ".join(risk_choices(cw, carer_plan))
                    yield Label(f"What could get in the way, one per line:  who ({choices}) | "
                                "what could happen | how likely (low, medium, high) | how much it would matter (low, medium, high) | what we will do"
                                if cw else f"Risks, one per line:  who ({choices}) | what could happen | "
                                "likelihood (low, medium, high) | impact (low, medium, high) | how it is managed")
                    yield TextArea(risks_to_text(outcome.get("risks", []), plain=cw), id=f"o{index}-risks", soft_wrap=True)
                    yield Label("Anything we agreed to do another way, and why" if cw else "Compromise agreed, and why")
                    yield TextBox(outcome.get("compromise", ""), id=f"o{index}-compromise", select_on_focus=False)
                    yield Static(Text("\n".join(check_outcome(outcome, review_date=self.plan.get("review_date", ""), first_person=cw))),
                                 id=f"o{index}-hints", classes="muted")
            yield Label("What I can do, know and enjoy (one per line)" if cw else "Strengths (one per line)", classes="panel-heading")
            yield TextArea("\n".join(self.plan.get("strengths", [])), id="strengths", soft_wrap=True)
            yield Label("People who matter (one per line)", classes="panel-heading")
            yield TextArea("\n".join(self.plan.get("people", [])), id="people", soft_wrap=True)
            held = self.plan.get("held_back", [])
            if held and not cw:
                yield Label("Held back from the person's copy (from, or repeating, an answer that raised a safeguarding alert)", classes="panel-heading")
                yield Static("Tick one only if it is safe and right for the person's copy to show it (↑ ↓ move, Space ticks).",
                             classes="muted")
                yield TickList(*[(Text(f"{h['section']}: {h['words'][:120]}"), i, bool(h.get("include"))) for i, h in enumerate(held)],
                                         id="held-back")
            yield Label("What could not be agreed or provided:  what | alternatives considered", classes="panel-heading")
            yield TextArea(not_agreed_to_text(self.plan.get("not_agreed", [])), id="not-agreed", soft_wrap=True)
            yield Label("When we will look at this again (like 18/02/2027)" if cw else "Review date (like 18/02/2027)", classes="panel-heading")
            yield TextBox(typed_date(self.plan.get("review_date", "")), id="review", select_on_focus=False)
            yield Label("When and where I'd like to meet" if cw else "When and where the person would like to meet", classes="panel-heading")
            yield TextBox(self.plan.get("next_meeting", ""), id="next-meeting", select_on_focus=False)
            yield Label(Text(headings(self.plan, cw)["person_comments"]), classes="panel-heading")  # a name is never markup
            yield TextBox(self.plan.get("agreement", {}).get("person_comments", ""), id="agree-person", select_on_focus=False)
            yield Label(Text(headings(self.plan, cw)["carer"]))  # as the plan itself names that line
            yield TextBox(self.plan.get("agreement", {}).get("carer", ""), id="agree-carer", select_on_focus=False)
            yield Label("My worker" if cw else "Practitioner")
            yield TextBox(self.plan.get("agreement", {}).get("practitioner", ""), id="agree-practitioner", select_on_focus=False)
        yield Footer(compact=True)

    def _plan_hints(self) -> list[str]:
        plan = self.plan
        hints = []
        if not plan.get("outcomes"):
            hints.append("No outcomes agreed yet: agree them on the outcomes board (F7 in the conversation).")
        if plan.get("alerts") and not self.cowrite:
            hints.append(f"{len(plan['alerts'])} safeguarding alert(s) will appear in the practitioner copy only.")
            hints += _left_out_hints(plan)
        return hints

    def collect(self) -> tuple[dict, list[str]]:
        """The plan as edited on screen, and hints about anything that could not be read."""
        plan = dict(self.plan)
        hints: list[str] = []
        plan["summary"] = self.query_one("#summary", TextArea).text.strip()
        outcomes = []
        for index, original in enumerate(self.plan.get("outcomes", [])):
            if index not in self.shown:
                outcomes.append(dict(original))  # not on screen (held back from a co-writer): kept as it was
                continue
            item = dict(original)
            words = self.query_one(f"#o{index}-words", Input).value.strip()
            item["words"] = words or original["words"]
            item["why_it_matters"] = self.query_one(f"#o{index}-why", Input).value.strip()
            item["good_looks_like"] = self.query_one(f"#o{index}-good", Input).value.strip()
            item["verification"] = list(self.query_one(f"#o{index}-verification", SelectionList).selected)
            item["who_helps"] = {k: self.query_one(f"#o{index}-help-{k}", Input).value.strip() for k in HELPERS}
            item["milestones"] = text_to_milestones(self.query_one(f"#o{index}-milestones", TextArea).text)
            item["risks"], risk_hints = text_to_risks(self.query_one(f"#o{index}-risks", TextArea).text, plain=self.cowrite,
                                                      carer_plan=self.plan.get("framework") == "carer")
            hints += [f"Outcome {index + 1}: {h}" for h in risk_hints]
            item["compromise"] = self.query_one(f"#o{index}-compromise", Input).value.strip()
            outcomes.append(item)
        plan["outcomes"] = outcomes
        plan["strengths"] = lines_to_list(self.query_one("#strengths", TextArea).text)
        plan["people"] = lines_to_list(self.query_one("#people", TextArea).text)
        plan["not_agreed"] = text_to_not_agreed(self.query_one("#not-agreed", TextArea).text)
        plan["review_date"] = stored_date(self.query_one("#review", Input).value)
        plan["next_meeting"] = self.query_one("#next-meeting", Input).value.strip()
        held = [dict(h) for h in self.plan.get("held_back", [])]
        if held and not self.cowrite:
            chosen = set(self.query_one("#held-back", SelectionList).selected)
            for i, item in enumerate(held):
                item["include"] = i in chosen
        plan["held_back"] = held
        plan["agreement"] = {
            "person_comments": self.query_one("#agree-person", Input).value.strip(),
            "carer": self.query_one("#agree-carer", Input).value.strip(),
            "practitioner": self.query_one("#agree-practitioner", Input).value.strip(),
        }
        return plan, hints

    def _refresh_hints(self, plan: dict) -> None:
        for index, outcome in enumerate(plan["outcomes"]):
            if index not in self.shown:
                continue
            self.query_one(f"#o{index}-hints", Static).update(Text("\n".join(check_outcome(outcome, review_date=plan.get("review_date", ""), first_person=self.cowrite))))

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.is_mounted and event.input.id and event.input.id.startswith("o"):
            self._refresh_hints(self.collect()[0])

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Steps and risks are typed in text areas: "No steps yet" went only on saving.
        if self.is_mounted and (event.text_area.id or "").startswith("o"):
            self._refresh_hints(self.collect()[0])

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        if self.is_mounted and (event.selection_list.id or "").endswith("-verification"):
            self._refresh_hints(self.collect()[0])  # "how will you know?" is part of the SMART check

    def action_save(self) -> None:
        plan, hints = self.collect()
        who = "person (co-writing)" if self.cowrite else "practitioner"
        self.version = self.session.save_plan(plan, who)
        self.plan = plan
        self._refresh_hints(plan)
        self.query_one("#plan-hints", Static).update(Text("\n".join(self._plan_hints())))
        person = self.session.info().person
        self.query_one("#plan-title", Static).update(Text(f"{'My support plan' if self.cowrite else f'Support plan: {person}'} (version {self.version})"))
        hints += [] if self.cowrite else _left_out_hints(plan)
        self.notify(f"Saved as version {self.version}." + (" " + " ".join(hints) if hints else ""), markup=False)

    def action_preview(self) -> None:
        plan, _ = self.collect()
        self.app.push_screen(PreviewScreen(render_markdown(plan, self.framework)))

    def action_export(self) -> None:
        if self.cowrite and self.session.unacknowledged_alerts():
            self.notify("My worker needs to look at something with me before I can save a copy of my plan.", severity="warning")
            return

        formats = {".md": "md", ".html": "html", ".htm": "html", ".docx": "docx"}

        def export(practitioner_copy: bool) -> None:
            def content(fmt: str) -> bytes:
                plan, _ = self.collect()
                return render(plan, self.framework, fmt, include_safeguarding=practitioner_copy)

            name = f"plan-{self.conversation_id}" + ("" if practitioner_copy else "-own-copy") + ".html"
            which = "the practitioner's copy" if practitioner_copy else "the person's own copy"
            prompt = ("Save a copy of my plan as (a web page .html, Word .docx, or text .md):" if self.cowrite
                      else f"Export {which} to (.md, .html or .docx):")
            export_from(self, prompt=prompt, default=export_dir() / name, formats=formats, content=content,
                        protect=(self.session.database,))

        if self.cowrite:
            export(False)  # the person's own plan: nothing from an alert, whatever is saved
            return
        # The copy that leaks nothing comes first: the practitioner's copy must be chosen.
        self.app.push_screen(ConfirmScreen("Which copy of the plan?", yes="The practitioner's copy (with safeguarding)",
                                           no="The person's own copy (nothing from alerts)"),
                             lambda practitioner: export(bool(practitioner)))

    def has_unsaved_changes(self) -> bool:
        """Edits on this screen not yet saved as a version (the app asks before quitting over them)."""
        try:
            return self.collect()[0] != self.plan
        except Exception:  # not composed yet, or being torn down: nothing typed here to lose
            return False

    def action_close(self) -> None:
        if self.collect()[0] == self.plan:
            self.dismiss(None)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("There are changes that are not saved yet. Leave without saving them?",
                                           yes="Leave without saving", no="Stay (Ctrl+S saves)"), answered)


def _left_out_hints(plan: dict) -> list[str]:
    """Anything the person's copy will leave out that is not in the held-back list (edited to repeat an alert answer)."""
    return [f"The person's copy will leave out \u201c{words[:80]}\u201d: it repeats words from an answer that raised an alert."
            for words in left_out_of_person_copy(plan)]
