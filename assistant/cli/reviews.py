"""Reviews from the command line: review, journey, reviews due."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assistant.cli.base import analyser_for, db_option, emit, input_lines, main, open_store_for
from assistant.errors import AssistantError


@main.command()
@click.argument("conversation", type=int)
@click.option("--json", "as_json", is_flag=True, help="Headless: answers on standard input, JSON lines out (the review contract).")
@click.option("--full", is_flag=True, help="Headless: also ask what next and whether anything new matters, as the app does.")
@click.option("--accept-proposed", is_flag=True, help="Headless with --full: agree each new outcome the person names, in their words.")
@click.option("--mode", type=click.Choice(["practitioner", "cowrite"]), default=None,
              help="Who leads the review (default: as in the conversation).")
@db_option
@click.pass_context
def review(ctx: click.Context, conversation: int, as_json: bool, full: bool, accept_proposed: bool, mode: str | None,
           db: Path | None) -> None:
    """Review a person's agreed outcomes: where things stand now (1 to 10), what helped, what next.

    Opens the review screen; with --json, reads answers on standard input (one per line,
    /skip skips a question) and writes the questions and the saved review as JSON lines.

    \b
    Example: printf "about a 6 now\\nmy sister came with me\\n" | outcomes review 3 --json
    """
    db = db or ctx.parent.params.get("db")
    store = open_store_for(db, read_only=True)  # a conversation that is not there is said so, creating nothing
    try:
        info = store.conversation(conversation)
    finally:
        store.close()
    if not as_json:
        from assistant.tui.app import run_app

        run_app(db_path=db, start="review", conversation_id=info.id, framework=info.framework, mode=mode or "")
        return
    from assistant.conversation.bank import load_bank
    from assistant.review.session import ReviewSession

    store = open_store_for(db)
    try:
        info = store.conversation(conversation)
        analyser = analyser_for(info.framework)  # reads every answer for a safeguarding concern, and for new outcomes
        session = ReviewSession.open(store, load_bank(), info.id, depth="full" if full else "core", mode=mode,
                                     analyse=analyser.analyse)
        if session.current:
            emit(session.question_line())
        for _, line in input_lines(sys.stdin.buffer, "the answers"):
            if session.done:
                break
            result = session.skip() if line.strip() == "/skip" else session.submit(line)
            if result.alert_id:
                click.echo(f"** SAFEGUARDING: this answer may disclose a risk of harm; raise it now (recorded): {line}", err=True)
            if result.proposals or session.flow.awaiting_new_outcomes:
                session.agree_new(list(result.proposals) if accept_proposed else [])
            if session.current:
                emit(session.question_line())
        asked, total = len(session.flow.results()), len(session.flow.outcomes)
        if not session.done and 0 < asked < total:
            # The answers ran out before some outcomes were asked about (Sunita's piped review was saved as
            # finished without them): kept open, as a closed app keeps it, to carry on here or in the app.
            # Run out on a last "what helped?", every outcome has its say and the review is finished.
            click.echo(f"The answers ran out after {asked} of {total} outcomes, so the review is kept open, not finished. "
                       f"Give the rest with: outcomes review {info.id} --json (it carries on where it stopped), "
                       "or open it in the app.", err=True)
            emit({"type": "review", "review": None, "unfinished": True,
                  "outcomes": [r.to_dict() for r in session.flow.results()]})
            return
        summary = session.finish()
        if summary.number is None:
            click.echo("No answers were given, so no review was saved.", err=True)
        emit(summary.to_dict())
    finally:
        store.close()


@main.command()
@click.argument("conversation", type=int)
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "html", "txt"]), required=True)
@click.option("--out", "out", type=click.Path(path_type=Path), help="The file to write (txt: standard output if not given).")
@click.option("--force", is_flag=True, help="Replace the --out file if it already exists.")
@db_option
def journey(conversation: int, fmt: str, out: Path | None, force: bool, db: Path | None) -> None:
    """Draw a person's journey: each outcome's ratings over time, with their words at each point.

    Example: outcomes journey 3 --format html --out journey.html
    """
    from assistant.plan.target import check_target, write_atomically
    from assistant.review.export import render_journey
    from assistant.review.journey import person_journey

    store = open_store_for(db, read_only=True)
    database = store.path
    try:
        if out is not None:
            check_target(out, overwrite=force, protect=[database])  # before any work: a refusal costs nothing
        info = store.conversation(conversation)
        data = person_journey(store, info.id)
    finally:
        store.close()
    if not data.has_ratings:
        raise AssistantError(f"There are no ratings yet for conversation {info.id} with {info.person}.",
                             hint=f"Hold a review first: outcomes review {info.id}")
    if out is None and fmt != "txt":
        raise AssistantError("Say where to write the chart.", hint=f"Add --out, for example --out journey.{fmt}")
    content = render_journey(data, fmt)
    if data.left_out_note:
        click.echo(data.left_out_note, err=True)  # for whoever runs it; the journey itself is the person's
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
        return
    write_atomically(content, out, overwrite=force, protect=[database])
    click.echo(f"Wrote {out} ({fmt}).")


@main.command()
@click.option("--within", type=click.IntRange(min=0), default=0, show_default=True, metavar="DAYS",
              help="Also list reviews due in the next DAYS days.")
@click.option("--json", "as_json", is_flag=True, help="Write one JSON object per review due.")
@db_option
def due(within: int, as_json: bool, db: Path | None) -> None:
    """List the reviews that are due or overdue in this database, soonest first.

    Example: outcomes due --within 14
    """
    from assistant.review.due import reviews_due
    from assistant.review.journey import uk_date

    store = open_store_for(db, read_only=True)
    try:
        found = reviews_due(store, within=within)
    finally:
        store.close()
    for item in found:
        if as_json:
            emit(item.to_dict())
        else:
            click.echo(f"{item.conversation_id:>4}  {uk_date(item.review_date, short=True):<11}  {item.when:<22} {item.person}")
    if not found and not as_json:
        click.echo("No reviews due." if not within else f"No reviews due in the next {within} days.")
