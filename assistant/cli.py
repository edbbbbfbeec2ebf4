"""The `outcomes` command: every headless path the tests and trainers use.

The terminal UI and slow imports (spaCy, Textual) load only in the commands
that need them, so that `outcomes --help` and bad-input errors are instant.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Iterator

import click

from assistant.errors import AssistantError, StorageError, WriteFailedError
from assistant.terminal import json_line, visible

FRAMEWORK_HELP = "Outcome framework: personal, carer, relational, or an organisation's own."


def _fail(error: AssistantError, code: int = 2) -> None:
    click.echo(f"Error: {visible(error.message)}", err=True)
    if error.hint:
        click.echo(visible(error.hint), err=True)
    sys.exit(code)


def _input_lines(stream) -> Iterator[tuple[int, str]]:
    """Non-blank lines of UTF-8 input; stops with a clear error at an undecodable line."""
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            click.echo(f"Error: line {number} of the input is not valid UTF-8 text.", err=True)
            click.echo("Save the input as UTF-8 and try again.", err=True)
            sys.exit(3)
        line = line.rstrip("\r\n")
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark from some Windows editors
        if line.strip():
            yield number, line


def _emit(obj: dict) -> None:
    sys.stdout.write(json_line(obj) + "\n")
    sys.stdout.flush()


class ConversationNumber(click.ParamType):
    """A conversation number as `outcomes transcript --list` shows it: a whole number from 1."""

    name = "conversation"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f"'{visible(value)}' is not a conversation number (see them with `outcomes transcript --list`).", param, ctx)
        if number < 1:
            self.fail(f"{number} is not a conversation number: they start at 1 (see them with `outcomes transcript --list`).", param, ctx)
        return number


CONVERSATION = ConversationNumber()


def _analyser(framework_name: str):
    from assistant.frameworks import load_framework
    from assistant.nlp.engine import Analyser
    from assistant.nlp.models import load_engine_models
    from assistant.nlp.pipeline import load_pipeline

    framework = load_framework(framework_name)
    return Analyser(framework, load_pipeline(), load_engine_models())


class _Group(click.Group):
    """Turn user-facing errors into one sentence and a hint, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AssistantError as error:
            _fail(error)
        except sqlite3.Error as error:  # the last resort for a database problem no earlier check foresaw
            _fail(StorageError(f"The database could not be used ({error}).",
                               hint="It may be damaged: restore a copy, or choose another file with --db."))


@click.group(cls=_Group, invoke_without_command=True)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help="Database file (default: your data folder, or $OUTCOMES_DB).")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """Outcomes Conversation Assistant: outcomes-focused conversations and support plans, offline.

    Run with no command to open the terminal app.
    """
    if ctx.invoked_subcommand is None:
        from assistant.tui.app import run_app

        run_app(db_path=db)


@main.command()
@click.option("--framework", "-f", required=True, help=FRAMEWORK_HELP)
@click.option("--json", "as_json", is_flag=True, help="Write one JSON object per answer.")
def classify(framework: str, as_json: bool) -> None:
    """Map answers (one per line on standard input) to outcomes, kind and flags.

    Example: echo "I want to get back to the bowling club" | outcomes classify --framework personal --json
    """
    analyser = _analyser(framework)
    for _, line in _input_lines(sys.stdin.buffer):
        result = analyser.analyse(line)
        if as_json:
            _emit({"text": line, **result.to_dict()})
        else:
            found = ", ".join(f"{o.id} ({o.score:.2f}: {'; '.join(o.evidence)})" for o in result.outcomes) or "no outcome proposed"
            flag = "  [SAFEGUARDING]" if result.safeguarding else ""
            click.echo(f"{result.kind:<10} {visible(found)}{flag}\n           {visible(line)}")


def _complete_pending(db: Path | None, store, info) -> int:
    """Finish the analysis of answers a killed run saved but never read (safeguarding included),
    so nothing reports "None raised" while an answer is still unread. Loads the engine only if needed;
    a command that only reads opens the database for writing just for this."""
    if not store.unanalysed_turns(info.id):
        return 0
    from assistant.conversation.bank import load_bank
    from assistant.conversation.session import ConversationSession
    from assistant.storage import open_store

    analyser = _analyser(info.framework)
    writer = open_store(db, exclusive=False)
    try:
        done = ConversationSession.complete_pending(load_bank(), analyser.framework, writer, info.id, analyser.analyse)
    finally:
        writer.close()
    click.echo(f"Read {done} answer(s) that were saved before the program stopped.", err=True)
    return done


def _open_store(db: Path | None, *, read_only: bool = False):
    """Writers hold the lock; commands that only read never need to write (a read-only folder is fine)."""
    from assistant.storage import open_store

    return open_store(db, exclusive=not read_only, read_only=read_only)


def _db_option(f):
    return click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path),
                        help="Database file (default: your data folder, or $OUTCOMES_DB).")(f)


@main.command()
@click.option("--framework", "-f", required=True, help=FRAMEWORK_HELP)
@click.option("--mode", type=click.Choice(["practitioner", "cowrite"]), default="practitioner", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Write JSON lines (the default output is readable text).")
@click.option("--name", default="", help="Save the conversation under this name or pseudonym (with --db or $OUTCOMES_DB).")
@click.option("--accept-proposed", is_flag=True, help="Mark every outcome the engine proposed as agreed, in the person's words.")
@_db_option
def converse(framework: str, mode: str, as_json: bool, name: str, accept_proposed: bool, db: Path | None) -> None:
    """Hold a conversation headless: answers on standard input, questions out.

    A line reading exactly /skip skips the current question.

    Example: printf "They want to put a shower room in\n/skip\n" | outcomes converse --framework personal --json
    """
    from assistant.conversation.bank import load_bank
    from assistant.conversation.session import ConversationSession

    analyser = _analyser(framework)
    bank = load_bank()
    store = _open_store(db) if (db or name) else None
    given: list[int] = []  # the input line numbers handed to the conversation, in order
    session = None
    try:
        session = ConversationSession.start_new(bank, analyser.framework, mode, store, name or "Unnamed")

        def say_question(question) -> None:
            if as_json:
                _emit(question.to_dict())
            else:
                click.echo(f"\n[{question.technique}] {visible(question.text)}")

        say_question(session.current)
        for number, line in _input_lines(sys.stdin.buffer):
            given.append(number)
            if line.strip() == "/skip":
                result = session.skip()
                if as_json:
                    _emit({"type": "answer", "text": line, "skipped": True, "analysis": {"kind": "other", "outcomes": [], "flags": []}})
                else:
                    click.echo("> (skipped)")
            else:
                result = session.submit(line, analyser.analyse)
                analysis = result.analysis
                if as_json:
                    _emit({"type": "answer", "text": line, "analysis": analysis})
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
@_db_option
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
@_db_option
@click.pass_context
def resume(ctx: click.Context, conversation: int | None, db: Path | None) -> None:
    """Reopen the most recent (or the numbered) conversation where it stopped.

    Example: outcomes resume 3
    """
    from assistant.tui.app import run_app

    db = db or ctx.parent.params.get("db")
    store = _open_store(db, read_only=True)
    try:
        info = store.conversation(conversation)
    finally:
        store.close()
    run_app(db_path=db, start="resume", conversation_id=info.id, framework=info.framework)


@main.command()
@click.argument("conversation", type=CONVERSATION, required=False)
@click.option("--list", "list_all", is_flag=True, help="List saved conversations instead.")
@_db_option
def transcript(conversation: int | None, list_all: bool, db: Path | None) -> None:
    """Print a saved conversation (the most recent by default).

    Example: outcomes transcript 3
    """
    store = _open_store(db, read_only=True)
    try:
        if list_all:
            for info in store.conversations():
                click.echo(visible(f"{info.id:>4}  {info.updated_at[:16].replace('T', ' ')}  {info.framework:<10} {info.mode:<12} {info.answers:>3} answers  {info.person}"))
            return
        info = store.conversation(conversation)
        _complete_pending(db, store, info)
        # Every saved string goes through visible(): an answer's escape sequences are shown, never obeyed.
        click.echo(visible(f"Conversation {info.id} with {info.person} ({info.framework}, {info.mode} mode), started {info.created_at[:16].replace('T', ' ')}"))
        alerts = {a["turn_id"]: a for a in store.alerts(info.id)}
        for row in store.turns(info.id, include_superseded=True):
            mark = " (answered again later)" if row["superseded"] else ""
            click.echo("\n" + visible(f"Q [{row['technique']}] {row['question_text']}{mark}"))
            if row["skipped"]:
                click.echo("A (skipped)")
            elif row["answer"] is not None:
                click.echo(visible(f"A {row['answer']}"))
                if row["analysis"]:
                    analysis = _saved_analysis(row["analysis"])
                    found = ", ".join(str(o.get("id")) for o in analysis.get("outcomes", []) if isinstance(o, dict)) or "-"
                    click.echo(visible(f"  ({analysis.get('kind')}; {found})"))
            if row["id"] in alerts:
                alert = alerts[row["id"]]
                state = f"acknowledged {alert['acknowledged_at'][:16]} by {alert['acknowledged_by']}: {alert['action'] or '-'}" if alert["acknowledged_at"] else "NOT YET ACKNOWLEDGED"
                click.echo(visible(f"  !! SAFEGUARDING ALERT ({state})"))
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
@_db_option
def alerts(conversation: int | None, alert_number: int | None, action: str, db: Path | None) -> None:
    """List a conversation's safeguarding alerts and their state, or record what was done about one.

    Example: outcomes alerts 3 --acknowledge 2 --action "Spoke with her; referred to the safeguarding team"
    """
    from assistant.conversation.session import acknowledge_alert, conversation_alerts

    store = _open_store(db, read_only=alert_number is None)
    try:
        info = store.conversation(conversation)
        _complete_pending(db, store, info)
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
            for sentence in alert.sentences or (alert.answer,):
                click.echo(f"      because: \u201c{visible(sentence)}\u201d")
    finally:
        store.close()


@main.group()
def plan() -> None:
    """Support plans: export and list versions."""


def _saved_analysis(text: str) -> dict:
    """A stored analysis; a damaged one reads as empty rather than stopping the transcript."""
    try:
        analysis = json.loads(text)
    except ValueError:
        return {}
    return analysis if isinstance(analysis, dict) else {}


@plan.command("export")
@click.argument("conversation", type=CONVERSATION, required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "docx"]), required=True)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="The file to write (a new file, unless --force).")
@click.option("--force", is_flag=True, help="Replace --out if it is an existing ordinary file (never a database or a read-only file).")
@click.option("--version", "version", type=int, help="An earlier saved version (default: the latest, or a fresh draft).")
@click.option("--safeguarding/--no-safeguarding", "safeguarding", default=None,
              help="Include the practitioner-only safeguarding section (default: yes for practitioner plans, no for co-written ones).")
@_db_option
def plan_export(conversation: int | None, fmt: str, out: Path, force: bool, version: int | None, safeguarding: bool | None,
                db: Path | None) -> None:
    """Write the support plan as Markdown, printable HTML or Word (most recent conversation by default).

    An existing file is replaced only with --force; the database, other SQLite files,
    devices and read-only files never are.

    Example: outcomes plan export --format docx --out plan.docx
    """
    import warnings

    from assistant.frameworks import load_framework
    from assistant.plan.model import latest_plan
    from assistant.plan.render import render, write_atomically
    from assistant.plan.target import check_target
    from assistant.plan.template import TemplateWarning

    store = _open_store(db, read_only=True)
    database = store.path
    try:
        check_target(out, overwrite=force, protect=[database])  # before any work: a refusal costs nothing
        info = store.conversation(conversation)
        framework = load_framework(info.framework)
        _complete_pending(db, store, info)
        waiting = [a for a in store.alerts(info.id) if not a["acknowledged_at"]]
        if waiting and info.mode == "cowrite":
            raise AssistantError(
                f"Conversation {info.id} has {len(waiting)} safeguarding alert(s) waiting for the practitioner.",
                hint=f"Record what was done first: `outcomes alerts {info.id} --acknowledge {waiting[0]['id']} --action \"...\"`.")
        if version is None:
            content, number = latest_plan(store, info.id, framework)
        else:
            found = [v for v in store.plan_versions(info.id) if v["version"] == version]
            if not found:
                raise AssistantError(f"Conversation {info.id} has no plan version {version}.",
                                     hint="See them with `outcomes plan versions`.")
            content, number = found[0]["content"], version
    finally:
        store.close()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TemplateWarning)
        data = render(content, framework, fmt, include_safeguarding=safeguarding)
    for warning in caught:
        if issubclass(warning.category, TemplateWarning):
            click.echo(f"Warning: {visible(warning.message)}", err=True)
        else:
            warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
    write_atomically(data, out, overwrite=force, protect=[database])
    which = f"version {number}" if number else "a draft from the conversation"
    click.echo(f"Wrote {out} ({fmt}, {which}).")


@plan.command("versions")
@click.argument("conversation", type=CONVERSATION, required=False)
@_db_option
def plan_versions(conversation: int | None, db: Path | None) -> None:
    """List the saved versions of a conversation's plan, with who saved them and when.

    Example: outcomes plan versions 3
    """
    store = _open_store(db, read_only=True)
    try:
        info = store.conversation(conversation)
        versions = store.plan_versions(info.id)
        if not versions:
            click.echo(f"No saved plan versions for conversation {info.id} yet (export makes a draft from the conversation).")
        for v in versions:
            click.echo(visible(f"version {v['version']:>3}  {v['saved_at'][:16].replace('T', ' ')}  by {v['saved_by']}  "
                               f"{len(v['content'].get('outcomes', []))} outcomes"))
    finally:
        store.close()


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
        _report_broken_files(problems, "scenario")
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

    Example: outcomes practice sandra
    """
    from assistant.conversation.scenarios import load_scenario
    from assistant.tui.app import run_app

    scenario = load_scenario(name)
    run_app(start="practice", scenario=scenario.name)


@main.command("check-question")
@click.option("--json", "as_json", is_flag=True, help="Write one JSON object per question.")
def check_question(as_json: bool) -> None:
    """Coach a practitioner's questions (one per line on standard input).

    Example: echo "Do you need help with washing?" | outcomes check-question --json
    """
    from assistant.nlp.coach import QuestionCoach

    coach = QuestionCoach()
    for _, line in _input_lines(sys.stdin.buffer):
        check = coach.check(line)
        if as_json:
            _emit(check.to_dict())
        else:
            click.echo(f"{visible(line)}\n  {visible('; '.join(check.labels()))}")
            if check.suggestion:
                click.echo(f"  try: {visible(check.suggestion)}")


@main.group()
def taxonomy() -> None:
    """List, show and validate outcome frameworks."""


def _report_broken_files(problems: list[tuple[Path, AssistantError, bool]], kind: str) -> None:
    """Each unusable file on standard error, after the good ones are listed.

    The exit code stays 0 when only your own files are broken (the report says which);
    it is 1 when a file that came with the assistant is broken, as the install is damaged.
    """
    from assistant.locations import bundled_dir

    bundled_broken = False
    for path, error, replaces in problems:
        own = not path.is_relative_to(bundled_dir("taxonomy" if kind == "framework" else "prompts"))
        bundled_broken |= not own
        extra = f" While it is there, the bundled {kind} '{path.stem}' is not used either." if replaces else ""
        click.echo(visible(f"Problem: {path} cannot be used: {error.message}.{extra}"), err=True)
    if problems:
        click.echo(f"{len(problems)} {kind} file{'s' if len(problems) > 1 else ''} could not be used; the others are listed above.", err=True)
    if bundled_broken:
        sys.exit(1)


@taxonomy.command("list")
def taxonomy_list() -> None:
    """List the frameworks available (bundled and your organisation's own).

    Example: outcomes taxonomy list
    """
    from assistant.frameworks import framework_files, load_framework, replaces_bundled

    problems = []
    for name, path in framework_files().items():
        try:
            framework = load_framework(name)
        except AssistantError as error:
            problems.append((path, error, replaces_bundled(path)))
            continue
        note = "  (your organisation's file replaces the bundled one)" if replaces_bundled(path) else ""
        click.echo(visible(f"{name:<12} {len(framework.outcomes):>3} outcomes  {framework.title}  ({path})") + note)
    _report_broken_files(problems, "framework")


@taxonomy.command("show")
@click.argument("name")
def taxonomy_show(name: str) -> None:
    """Show a framework's outcomes with their plain-words labels.

    Example: outcomes taxonomy show carer
    """
    from assistant.frameworks import load_framework

    framework = load_framework(name)
    click.echo(f"{framework.name}: {framework.title}\nSource: {framework.source}\n")
    group = None
    for outcome in framework.outcomes:
        if outcome.group != group:
            group = outcome.group
            click.echo(f"{group}")
        click.echo(f"  {outcome.id:<34} {outcome.label}")
        click.echo(f"  {'':<34} in plain words: {outcome.plain_label} ({len(outcome.phrases)} phrases)")


@taxonomy.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def taxonomy_validate(file: Path) -> None:
    """Check a framework file before adding it to your config folder.

    Example: outcomes taxonomy validate my-service.toml
    """
    from assistant.frameworks import load_framework_file
    from assistant.locations import user_taxonomy_dir

    framework = load_framework_file(file)
    click.echo(f"{file}: valid framework '{framework.name}' with {len(framework.outcomes)} outcomes.")
    click.echo(f"To use it, copy it to {user_taxonomy_dir()}/")


@main.group()
def model() -> None:
    """The trained models: learn from your own decisions, compare, go back to the shipped model."""


def _figure_table(rows: list[tuple[str, dict]]) -> list[str]:
    names = [("top1_accuracy", "top-1"), ("outcome_f1", "outcome F1"), ("kind_accuracy", "kind"),
             ("safeguarding_recall", "safeguarding recall"), ("safeguarding_precision", "safeguarding precision")]
    lines = [f"{'':<24}" + "".join(f"{label:>22}" for label, _ in rows)]
    for key, label in names:
        lines.append(f"{label:<24}" + "".join(f"{figures[key]:>22.3f}" for _, figures in rows))
    return lines


@model.command("update")
@_db_option
def model_update(db: Path | None) -> None:
    """Retrain with the decisions made on the outcomes board in this database (on this machine only).

    The retrained model is used only if it lowers neither safeguarding recall nor top-1 accuracy
    on the frozen test split.

    Example: outcomes model update
    """
    from assistant.learning.update import update_model
    from assistant.nlp.pipeline import load_pipeline

    store = _open_store(db, read_only=True)
    try:
        decisions = store.decisions()
    finally:
        store.close()
    result = update_model(decisions, load_pipeline(), log=lambda m: click.echo(m, err=True))
    for line in _figure_table([("current", result.current), ("candidate", result.candidate)]):
        click.echo(line)
    if result.accepted:
        click.echo(f"Using the retrained model ({result.examples} decisions added): {result.reason}.")
    else:
        click.echo(f"Error: the retrained model was not used: {result.reason}.", err=True)
        click.echo("The current model stays. `outcomes model report` shows both; `outcomes model reset` goes back to the shipped model.", err=True)
        sys.exit(1)


@model.command("report")
def model_report() -> None:
    """Print the frozen-test figures of the current model beside the last candidate (or the shipped model).

    Example: outcomes model report
    """
    from assistant.learning.update import report_models
    from assistant.nlp.pipeline import load_pipeline

    rows = report_models(load_pipeline())
    for name, models, _ in rows:
        decisions = models.meta.get("decisions")
        extra = f", {decisions} of your decisions added" if decisions else ""
        click.echo(f"{name}: {models.origin} model trained {models.meta.get('trained_on', '?')} on {models.meta.get('answers', '?')} answers{extra} ({models.folder})")
    click.echo("Frozen test split (writers never used for training):")
    for line in _figure_table([(name, figures) for name, _, figures in rows]):
        click.echo(line)


@model.command("reset")
def model_reset() -> None:
    """Go back to the model that came with the assistant.

    Example: outcomes model reset
    """
    from assistant.learning.update import reset_models

    if reset_models():
        click.echo("Back to the shipped model; your retrained model was removed (your decisions stay in the database).")
    else:
        click.echo("Already using the shipped model.")


@main.command("eval")
@click.option("--split", "splits", type=click.Choice(["test", "dev", "train"]), multiple=True,
              help="Which part of the corpus to score (repeatable; default: all three).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--errors", is_flag=True, help="Also list what the engine got wrong on the dev writers (the frozen test split is never listed).")
def evaluate_command(splits: tuple[str, ...], as_json: bool, errors: bool) -> None:
    """Score the engine and the question coach on the labelled corpus.

    Figures on the frozen test split come from writers never used for training or rules;
    dev and train figures are on data the engine was tuned on.

    Example: outcomes eval
    """
    from assistant.evaluation import evaluate_answers, evaluate_questions, predict_answers
    from assistant.frameworks import load_framework
    from assistant.learning.corpus import load_split
    from assistant.nlp.coach import QuestionCoach
    from assistant.nlp.engine import Analyser
    from assistant.nlp.models import load_engine_models
    from assistant.nlp.pipeline import load_pipeline

    pipeline = load_pipeline()
    models = load_engine_models()
    analysers = {name: Analyser(load_framework(name), pipeline, models) for name in ("personal", "carer", "relational")}
    report = {"model": f"{models.origin} model trained {models.meta.get('trained_on', '?')} (commit {models.meta.get('commit') or '?'})",
              "answers": evaluate_answers(analysers, splits=splits or ("test", "dev", "train")),
              "questions": evaluate_questions(QuestionCoach(), splits=tuple(s for s in (splits or ("test", "train")) if s != "dev") or ("test",))}
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        click.echo(report["model"])
        for section in ("answers", "questions"):
            for part, figures in report[section].items():
                click.echo(f"== {section}: {part}")
                click.echo("  " + "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()))
    if errors:
        examples = load_split("dev")
        for gold, pred in zip(examples, predict_answers(examples, analysers)):
            got = [o["id"] for o in pred["outcomes"]]
            wrong_top = bool(gold.outcomes) and (not got or got[0] not in gold.outcomes)
            if pred["kind"] != gold.kind or wrong_top or set(got) - set(gold.outcomes) or (("safeguarding" in pred["flags"]) != gold.safeguarding):
                click.echo(f"- [{gold.framework}] {gold.text}\n    gold {gold.kind} {list(gold.outcomes)} sg={gold.safeguarding}\n    got  {pred['kind']} {got} {pred['flags']}")


@main.command()
@click.argument("conversation", type=int)
@click.option("--json", "as_json", is_flag=True, help="Headless: answers on standard input, JSON lines out (the review contract).")
@click.option("--full", is_flag=True, help="Headless: also ask what next and whether anything new matters, as the app does.")
@click.option("--accept-proposed", is_flag=True, help="Headless with --full: agree each new outcome the person names, in their words.")
@click.option("--mode", type=click.Choice(["practitioner", "cowrite"]), default=None,
              help="Who leads the review (default: as in the conversation).")
@_db_option
@click.pass_context
def review(ctx: click.Context, conversation: int, as_json: bool, full: bool, accept_proposed: bool, mode: str | None,
           db: Path | None) -> None:
    """Review a person's agreed outcomes: where things stand now (1 to 10), what helped, what next.

    Opens the review screen; with --json, reads answers on standard input (one per line,
    /skip skips a question) and writes the questions and the saved review as JSON lines.

    Example: printf "about a 6 now\nmy sister came with me\n" | outcomes review 3 --json
    """
    db = db or ctx.parent.params.get("db")
    if not as_json:
        from assistant.tui.app import run_app

        store = _open_store(db, read_only=True)
        try:
            info = store.conversation(conversation)
        finally:
            store.close()
        run_app(db_path=db, start="review", conversation_id=info.id, framework=info.framework, mode=mode or "")
        return
    from assistant.conversation.bank import load_bank
    from assistant.review.session import ReviewSession

    store = _open_store(db)
    try:
        info = store.conversation(conversation)
        analyser = _analyser(info.framework)  # reads every answer for a safeguarding concern, and for new outcomes
        session = ReviewSession.open(store, load_bank(), info.id, depth="full" if full else "core", mode=mode,
                                     analyse=analyser.analyse)
        if session.current:
            _emit(session.question_line())
        for _, line in _input_lines(sys.stdin.buffer):
            if session.done:
                break
            result = session.skip() if line.strip() == "/skip" else session.submit(line)
            if result.alert_id:
                click.echo(f"** SAFEGUARDING: this answer may disclose a risk of harm; raise it now (recorded): {line}", err=True)
            if result.proposals or session.flow.awaiting_new_outcomes:
                session.agree_new(list(result.proposals) if accept_proposed else [])
            if session.current:
                _emit(session.question_line())
        summary = session.finish()
        if summary.number is None:
            click.echo("No answers were given, so no review was saved.", err=True)
        _emit(summary.to_dict())
    finally:
        store.close()


@main.command()
@click.argument("conversation", type=int)
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "html", "txt"]), required=True)
@click.option("--out", "out", type=click.Path(path_type=Path), help="The file to write (txt: standard output if not given).")
@click.option("--force", is_flag=True, help="Replace the --out file if it already exists.")
@_db_option
def journey(conversation: int, fmt: str, out: Path | None, force: bool, db: Path | None) -> None:
    """Draw a person's journey: each outcome's ratings over time, with their words at each point.

    Example: outcomes journey 3 --format html --out journey.html
    """
    from assistant.plan.target import check_target, write_atomically
    from assistant.review.export import render_journey
    from assistant.review.journey import person_journey

    store = _open_store(db, read_only=True)
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
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
        return
    write_atomically(content, out, overwrite=force, protect=[database])
    click.echo(f"Wrote {out} ({fmt}).")


@main.command()
@click.option("--within", type=click.IntRange(min=0), default=0, show_default=True, metavar="DAYS",
              help="Also list reviews due in the next DAYS days.")
@click.option("--json", "as_json", is_flag=True, help="Write one JSON object per review due.")
@_db_option
def due(within: int, as_json: bool, db: Path | None) -> None:
    """List the reviews that are due or overdue in this database, soonest first.

    Example: outcomes due --within 14
    """
    from assistant.review.due import reviews_due

    store = _open_store(db, read_only=True)
    try:
        found = reviews_due(store, within=within)
    finally:
        store.close()
    for item in found:
        if as_json:
            _emit(item.to_dict())
        else:
            click.echo(f"{item.conversation_id:>4}  {item.review_date}  {item.when:<22} {item.person}")
    if not found and not as_json:
        click.echo("No reviews due." if not within else f"No reviews due in the next {within} days.")
