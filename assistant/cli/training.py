"""For trainers: the demo, practice with a persona, and the question coach."""

from __future__ import annotations

import sys

import click

from assistant.cli.base import emit, input_lines, main, report_broken_files
from assistant.errors import AssistantError
from assistant.terminal import visible


@main.command()
@click.argument("name", required=False)
@click.option("--list", "list_all", is_flag=True, help="List the scenarios.")
@click.option("--transcript", is_flag=True, help="Print the annotated scenario (both versions) as Markdown, for handouts.")
def demo(name: str | None, list_all: bool, transcript: bool) -> None:
    """Demonstrate an outcomes conversation with one of the guides' case studies.

    Example: outcomes demo michael   (or: outcomes demo --list, outcomes demo jean --transcript)
    """
    from assistant.conversation.scenarios import (load_scenario, load_scenario_file, replaces_bundled, scenario_files,
                                                  scenario_markdown)

    if list_all or not name:
        problems = []
        for path in scenario_files().values():
            try:
                scenario = load_scenario_file(path)
            except AssistantError as error:
                problems.append((path, error, replaces_bundled(path)))
                continue
            note = "  (your own file replaces the bundled one)" if replaces_bundled(path) else ""
            click.echo(visible(f"{scenario.name:<10} {scenario.framework:<10} {scenario.title}") + note)
        report_broken_files(problems, "scenario")
        if not name:
            return
    scenario = load_scenario(name)
    if transcript:
        sys.stdout.write(scenario_markdown(scenario))
        return
    from assistant.tui.app import run_app

    run_app(start="demo", scenario=scenario.name)


@main.command()
@click.argument("name")
def practice(name: str) -> None:
    """Practise asking questions of a scenario's persona, with the coach's live feedback.

    F10 shows your summary; Esc shows it too and asks before leaving.

    Example: outcomes practice sandra
    """
    from assistant.conversation.scenarios import load_scenario
    from assistant.tui.app import run_app

    scenario = load_scenario(name)
    run_app(start="practice", scenario=scenario.name)


@main.command("check-question")
@click.argument("questions", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Write one JSON object per question.")
def check_question(questions: tuple[str, ...], as_json: bool) -> None:
    """Coach a practitioner's questions: given as arguments, or one per line on standard input.

    Examples: outcomes check-question "Do you need help with washing?"
              echo "Do you need help with washing?" | outcomes check-question --json
    """
    from assistant.nlp.coach import QuestionCoach

    coach = QuestionCoach()
    given = [q for q in questions if q.strip()]
    if questions and not given:
        raise click.UsageError("The question is empty: write it in quotes, such as \"What matters to you?\"")
    for _, line in (enumerate(given, start=1) if given else input_lines(sys.stdin.buffer, "your questions")):
        check = coach.check(line)
        if as_json:
            emit(check.to_dict())
        else:
            click.echo(f"{visible(line)}\n  {visible('; '.join(check.labels()))}")
            if check.suggestion:
                click.echo(f"  try: {visible(check.suggestion)}")
