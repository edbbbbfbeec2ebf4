"""Renderables for the conversation: a turn of the transcript, the analysis panel.

Everything the person typed is wrapped in rich Text objects, so it is shown
exactly as typed and never read as markup.
"""

from __future__ import annotations

from rich.text import Text

from assistant.nlp.models import concern_words

KIND_WORDS = {
    "outcome": "an outcome — a change that matters in the person's life",
    "service": "a service, task or piece of equipment — ask what it would make possible",
    "difficulty": "a difficulty — ask what would be different if it changed",
    "strength": "a strength — something to build on",
    "other": "nothing to map",
}
EVIDENCE_STYLE = "bold underline yellow"


def highlighted_answer(answer: str, reading) -> Text:
    """The answer as typed, with the engine's evidence words highlighted."""
    text = Text(answer)
    if reading and reading.evidence:
        text.highlight_words(reading.evidence, style=EVIDENCE_STYLE, case_sensitive=True)
    return text


def about_safety(reading, question) -> bool:
    """An answer nothing is collected from: a reply to the safety question, or a clear disclosure
    (the conversation's flow keeps it with the alert, never as an outcome)."""
    if reading is None:
        return False
    return bool(getattr(question, "is_safety_check", False) or (reading.safeguarding and reading.alert_certain))


def turn_note(reading, safety: bool = False) -> Text:
    """A practitioner's one-line note under an answer: what kind it is and what it might map to."""
    if safety:
        return Text("about safety · kept with the alert, not an outcome")
    ids = ", ".join(reading.outcome_ids)
    return Text(f"{reading.kind} · {ids}" if ids else reading.kind)


def analysis_panel(answer: str, reading, framework, cowrite: bool, safety: bool = False, compact: bool = False,
                   checked: bool = False) -> Text:
    """What the engine heard in the latest answer, with its evidence (no outcome suggested for an
    answer about safety: nothing is collected from it). Compact, for a band under the answer box:
    the kind on the heading's line, without the notes that explain the panel or the blank lines.
    `checked`: the possible concern it raised was checked with the person and closed as none."""
    panel = Text()
    if reading is None:
        panel.append("Nothing analysed yet.", style="dim")
        return panel
    gap = "" if compact else "\n"
    if compact and not cowrite and not safety:
        panel.append(f"What I heard: {reading.kind}\n", style="bold")
    else:
        panel.append("What I heard\n", style="bold")
    if safety:
        if cowrite:
            panel.append("What I said about being safe is kept for the person who started this plan with me, not added to what matters to me.\n",
                         style="dim")
        else:
            panel.append("About safety: kept with the alert. No outcome is suggested or collected from this answer.\n",
                         style="dim")
            if reading.safeguarding:
                panel.append(f"{gap}⚠ SAFEGUARDING CONCERN RAISED\n", style="bold white on red")
                _append_concern(panel, reading)
        if compact:
            panel.rstrip()
        return panel
    if not cowrite and not compact:
        panel.append(f"Kind: {reading.kind}\n", style="bold")
        if reading.kind == "outcome" and reading.arranged:
            # The flow asks "so what?" of these too; the panel says why, so the two agree.
            if reading.outcomes:
                note = ("an outcome, with a service someone arranges — a “so what?” question can find "
                        "the difference it makes")
            else:  # "I'd like a wet room", "The OT says I'm getting a wet room"
                note = ("a service or equipment, wished for or arranged; what it would make possible is not said yet — "
                        "a “so what?” question can find it")
            panel.append(note + "\n", style="dim")
        else:
            panel.append(KIND_WORDS.get(reading.kind, "") + "\n", style="dim")
    outcomes = reading.outcomes
    if outcomes:
        panel.append(gap + ("Suggested (for you to decide):\n" if not cowrite else "This might be about:\n"))
        if not cowrite and not compact:
            panel.append("the number is how sure the engine is, from 0 to 1\n", style="dim")
        for item in outcomes:
            outcome = _outcome(framework, item["id"])
            label = outcome.plain_label if (cowrite and outcome) else (f"{item.get('label', item['id'])}  [{item['id']}]")
            panel.append(f"• {label}", style="bold")
            if not cowrite:
                panel.append(f"  {item.get('score', 0):.2f}")
            panel.append("\n  because I said: " if cowrite else "\n  from the words: ", style="dim")
            panel.append("; ".join(f"\u201c{e}\u201d" for e in item.get("evidence", [])), style=EVIDENCE_STYLE)
            panel.append("\n")
    elif reading.kind in {"service", "difficulty"} and not cowrite:
        panel.append(f"{gap}No outcome yet: a \u201cso what?\u201d question can find the change behind it.\n", style="dim")
    if reading.safeguarding and not cowrite and checked:
        panel.append(f"{gap}Possible concern checked with the person: recorded as no concern.\n", style="dim")
    elif reading.safeguarding and not cowrite:
        panel.append(f"{gap}⚠ SAFEGUARDING CONCERN RAISED\n", style="bold white on red")
        _append_concern(panel, reading)
    if compact:
        panel.rstrip()
    return panel


def _append_concern(panel: Text, reading) -> None:
    """The model's guess of what an alert may be about, worded as a guess (practitioners only)."""
    if reading.concern:
        panel.append(f"may be about {concern_words(reading.concern)} (a guess from the words, not a finding)\n",
                     style="dim")


def collected_panel(rows, framework, cowrite: bool, later: list[str] = (), compact: bool = False) -> Text:
    """The outcomes collected so far and the topics noted for later (compact: no blank lines)."""
    gap = "" if compact else "\n"
    panel = Text()
    panel.append("What matters to me so far\n" if cowrite else "Outcomes so far\n", style="bold")
    shown = [r for r in rows if r.status not in {"declined", "no_longer_wanted"}]
    if not shown:
        panel.append("None yet.\n", style="dim")
    marks = {"accepted": "✓", "proposed": "?"}
    for row in shown:
        panel.append(f"{marks.get(row.status, ' ')} ")
        panel.append(Text(row.words[:160]))
        labels = []
        for outcome_id in row.outcome_ids:
            outcome = _outcome(framework, outcome_id)
            labels.append(outcome.plain_label if (outcome and cowrite) else (outcome.label if outcome else outcome_id))
        if labels:
            panel.append(f"\n   {', '.join(labels)}", style="dim")
        panel.append("\n")
    if later:
        panel.append(gap + ("Come back to later\n" if cowrite else "Noted for later\n"), style="bold")
        for topic in later:
            panel.append("• ")
            panel.append(Text(topic))
            panel.append("\n")
    panel.append(gap + ("✓ yes, that's right   ? not decided yet\n" if cowrite else "✓ agreed   ? waiting for a decision (F7)\n"),
                 style="dim")
    if compact:
        panel.rstrip()
    return panel


def _outcome(framework, outcome_id: str):
    try:
        return framework.outcome(outcome_id)
    except KeyError:
        return None


def coach_feedback(check, technique: str = "") -> Text:
    """The question coach's comment on one question, with a better wording when there is one."""
    line = Text("Coach: " + "; ".join(check.labels()))
    if technique:
        line.append(f" · technique: {technique.replace('_', ' ')}")
    if check.suggestion:
        line.append(f"\nTry: {check.suggestion}", style="italic")
    return line
