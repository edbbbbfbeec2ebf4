"""Conversations from the command line: converse, new, resume, transcript, alerts."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import click

from assistant.cli.base import (CONVERSATION, FRAMEWORK_HELP, analyser_for, complete_pending, db_option, emit,
                                input_lines, main, open_store_for)
from assistant.errors import AssistantError, WriteFailedError
from assistant.terminal import visible


@main.command()
@click.option("--framework", "-f", required=True, help=FRAMEWORK_HELP)
@click.option("--mode", type=click.Choice(["practitioner", "cowrite"]), default="practitioner", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Write JSON lines (the default output is readable text).")
@click.option("--name", default="", help="Save the conversation under this name or pseudonym (with --db or $OUTCOMES_DB).")
@click.option("--accept-proposed", is_flag=True, help="Mark every outcome the engine proposed as agreed, in the person's words.")
@db_option
def converse(framework: str, mode: str, as_json: bool, name: str, accept_proposed: bool, db: Path | None) -> None:
    """Hold a conversation headless: answers on standard input, questions out.

    A line reading exactly /skip skips the current question.

    \b
    Example: printf "They want to put a shower room in\\n/skip\\n" | outcomes converse --framework personal --json
    """
    from assistant.conversation.bank import load_bank
    from assistant.conversation.session import ConversationSession

    analyser = analyser_for(framework)
    bank = load_bank()
    store = open_store_for(db) if (db or name) else None
    given: list[int] = []  # the input line numbers handed to the conversation, in order
    session = None
    try:
        session = ConversationSession.start_new(bank, analyser.framework, mode, store, name or "Unnamed")

        def say_question(question) -> None:
            if as_json:
                emit(question.to_dict())
            else:
                click.echo(f"\n[{question.technique}] {visible(question.text)}")

        say_question(session.current)
        for number, line in input_lines(sys.stdin.buffer, "the answers"):
            given.append(number)
            if line.strip() == "/skip":
                result = session.skip()
                if as_json:
                    emit({"type": "answer", "text": line, "skipped": True, "analysis": {"kind": "other", "outcomes": [], "flags": []}})
                else:
                    click.echo("> (skipped)")
            else:
                result = session.submit(line, analyser.analyse)
                analysis = result.analysis
                if as_json:
                    emit({"type": "answer", "text": line, "analysis": analysis})
                else:
                    found = ", ".join(o["id"] for o in analysis["outcomes"]) or "-"
                    flag = "  ** SAFEGUARDING: raise this now **" if analysis["flags"] else ""
                    click.echo(f"> {visible(line)}\n  ({analysis['kind']}; {found}){flag}")
            say_question(result.next_question)
        if store and accept_proposed:
            for row in store.outcomes(session.conversation_id):
                if row["status"] == "proposed":
                    store.update_outcome(row["id"], status="accepted")
    except WriteFailedError as error:
        saved = _last_saved_line(store, session.conversation_id if session else None, given)
        raise WriteFailedError(error.message, hint=f"{saved} {error.advice}", advice=error.advice) from error
    finally:
        if store:
            store.close()


def _last_saved_line(store, conversation_id: int | None, given: list[int]) -> str:
    """Which input line is the last one on record, read back from the database after a failed write."""
    if conversation_id is None:
        return "No input line was saved."
    try:
        answered = sum(1 for row in store.turns(conversation_id) if row["answered_at"])
    except (AssistantError, sqlite3.Error):
        return "Some input lines may not have been saved; `outcomes transcript` shows what was."
    if not answered:
        return f"No input line was saved (conversation {conversation_id} was started)."
    return (f"Input line {given[min(answered, len(given)) - 1]} was the last one saved (conversation {conversation_id}); "
            f"`outcomes resume {conversation_id}` carries on from there.")


@main.command()
@click.option("--framework", "-f", required=True, help=FRAMEWORK_HELP)
@click.option("--name", required=True, help="The person's name or a pseudonym.")
@click.option("--mode", type=click.Choice(["practitioner", "cowrite"]), default="practitioner", show_default=True)
@db_option
@click.pass_context
def new(ctx: click.Context, framework: str, name: str, mode: str, db: Path | None) -> None:
    """Open the app straight into a new conversation, answer box ready.

    Example: outcomes new --framework carer --name "Mr MacKay"
    """
    from assistant.frameworks import load_framework
    from assistant.tui.app import run_app

    load_framework(framework)  # an unknown framework is a clear error before the screen opens
    run_app(db_path=db or ctx.parent.params.get("db"), start="new", framework=framework, name=name, mode=mode)


@main.command()
@click.argument("conversation", type=CONVERSATION, required=False)
@db_option
@click.pass_context
def resume(ctx: click.Context, conversation: int | None, db: Path | None) -> None:
    """Reopen the most recent (or the numbered) conversation where it stopped.

    Example: outcomes resume 3
    """
    from assistant.tui.app import run_app

    db = db or ctx.parent.params.get("db")
    store = open_store_for(db, read_only=True)
    try:
        info = store.conversation(conversation)
    finally:
        store.close()
    run_app(db_path=db, start="resume", conversation_id=info.id, framework=info.framework)


@main.command()
@click.argument("conversation", type=CONVERSATION, required=False)
@click.option("--list", "list_all", is_flag=True, help="List saved conversations instead.")
@db_option
def transcript(conversation: int | None, list_all: bool, db: Path | None) -> None:
    """Print a saved conversation (the most recent by default).

    Example: outcomes transcript 3
    """
    store = open_store_for(db, read_only=True)
    try:
        if list_all:
            conversations = store.conversations()
            if not conversations:
                click.echo("No saved conversations yet. Start one with `outcomes new` (or `outcomes`).")
            for info in conversations:
                click.echo(visible(f"{info.id:>4}  {info.updated_at[:16].replace('T', ' ')}  {info.framework:<10} {info.mode:<12} {info.answers:>3} answers  {info.person}"))
            return
        info = store.conversation(conversation)
        complete_pending(db, store, info)
        # Every saved string goes through visible(): an answer's escape sequences are shown, never obeyed.
        click.echo(visible(f"Conversation {info.id} with {info.person} ({info.framework}, {info.mode} mode), started {info.created_at[:16].replace('T', ' ')}"))
        alerts = {a["turn_id"]: a for a in store.alerts(info.id)}
        for row in store.turns(info.id, include_superseded=True):
            _print_turn(row, alerts.get(row["id"]), reading=True)
        _print_reviews(store, info.id)
        outcomes = store.outcomes(info.id)
        if outcomes:
            click.echo("\nOutcomes")
            for row in outcomes:
                click.echo(visible(f"  [{row['status']}] {row['words']}  ({', '.join(row['outcome_ids'])})"))
    finally:
        store.close()


@main.command()
@click.argument("conversation", type=int, required=False)
@click.option("--acknowledge", "alert_number", type=int, help="The alert to acknowledge (its number in the list).")
@click.option("--action", default="", help="What has been or will be done (required with --acknowledge).")
@db_option
def alerts(conversation: int | None, alert_number: int | None, action: str, db: Path | None) -> None:
    """List a conversation's safeguarding alerts and their state, or record what was done about one.

    Example: outcomes alerts 3 --acknowledge 2 --action "Spoke with her; referred to the safeguarding team"
    """
    from assistant.conversation.session import acknowledge_alert, conversation_alerts
    from assistant.nlp.models import concern_words

    store = open_store_for(db, read_only=alert_number is None)
    try:
        info = store.conversation(conversation)
        complete_pending(db, store, info)
        if alert_number is not None:
            acknowledge_alert(store, info.id, alert_number, action, by="practitioner (command line)")
            click.echo(f"Alert {alert_number} acknowledged: {' '.join(action.split())}")
            return
        if action:
            raise AssistantError("--action goes with --acknowledge N.", hint="Say which alert: `--acknowledge 1`.")
        found = conversation_alerts(store, info.id)
        click.echo(f"Conversation {info.id} with {visible(info.person)}: {len(found) or 'no'} safeguarding alert(s)")
        for alert in found:
            state = (f"acknowledged {alert.acknowledged_at[:16].replace('T', ' ')} by {alert.acknowledged_by}: {visible(alert.action)}"
                     if alert.acknowledged else "WAITING: record what was done with --acknowledge")
            click.echo(f"\n{alert.id:>4}  raised {alert.raised_at[:16].replace('T', ' ')}  {state}")
            for sentence in alert.shown_sentences or (alert.answer,):
                click.echo(f"      because: \u201c{visible(sentence)}\u201d")
            if alert.reply:
                click.echo(f"      reply to the safety question: \u201c{visible(alert.reply)}\u201d")
            if alert.concern:
                click.echo(f"      the assistant's guess when it was raised: {visible(concern_words(alert.concern))} "
                           "(from the words, not a finding)")
    finally:
        store.close()


def _print_turn(row: dict, alert: dict | None, *, reading: bool = False) -> None:
    """One question and its answer in a transcript (a conversation's or a review's), with how the answer
    was read (`reading`) and any alert it raised."""
    mark = " (answered again later)" if row["superseded"] else ""
    click.echo("\n" + visible(f"Q [{row['technique']}] {row['question_text']}{mark}"))
    if row["skipped"]:
        click.echo("A (skipped)")
    elif row["answer"] is not None:
        click.echo(visible(f"A {row['answer']}"))
        if reading and row.get("analysis"):
            analysis = _saved_analysis(row["analysis"])
            found = ", ".join(str(o.get("id")) for o in analysis.get("outcomes", []) if isinstance(o, dict)) or "-"
            click.echo(visible(f"  ({analysis.get('kind')}; {found})"))
    if alert:
        state = (f"acknowledged {alert['acknowledged_at'][:16]} by {alert['acknowledged_by']}: {alert['action'] or '-'}"
                 if alert["acknowledged_at"] else "NOT YET ACKNOWLEDGED")
        click.echo(visible(f"  !! SAFEGUARDING ALERT ({state})"))


def _print_reviews(store, conversation_id: int) -> None:
    """Each review's questions and answers after the conversation's (the transcript left them out)."""
    review_alerts = {a["review_turn"]: a for a in store.alerts(conversation_id) if a.get("review_turn")}
    for review in store.reviews(conversation_id):
        state = f"finished {review['finished_at'][:16].replace('T', ' ')}" if review.get("finished_at") else "not finished"
        click.echo("\n" + visible(f"Review {review['number']} ({state})"))
        for row in store.review_turns(review["id"], include_superseded=True):
            if row["question_id"]:  # (not a choice made on the screen: a status, outcomes agreed)
                _print_turn(row, review_alerts.get(row["id"]))


def _saved_analysis(text: str) -> dict:
    """A stored analysis; a damaged one reads as empty rather than stopping the transcript."""
    try:
        analysis = json.loads(text)
    except ValueError:
        return {}
    return analysis if isinstance(analysis, dict) else {}
