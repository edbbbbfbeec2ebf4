"""What every `outcomes` command shares: the group, clear errors, input lines, the database option.

The terminal UI and slow imports (spaCy, Textual) load only in the commands
that need them, so that `outcomes --help` and bad-input errors are instant.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Iterator

import click

from assistant.errors import AssistantError, StorageError
from assistant.terminal import json_line, visible

FRAMEWORK_HELP = "Outcome framework: personal, carer, relational, or an organisation's own."


def fail(error: AssistantError, code: int = 2) -> None:
    click.echo(f"Error: {visible(error.message)}", err=True)
    if error.hint:
        click.echo(visible(error.hint), err=True)
    sys.exit(code)


def input_lines(stream, what: str = "lines") -> Iterator[tuple[int, str]]:
    """Non-blank lines of UTF-8 input; stops with a clear error at an undecodable line.

    Typed at a terminal rather than piped in, a waiting command would look frozen, so it says what it wants."""
    if sys.stdin.isatty():
        click.echo(f"Type {what}, one per line, then Enter; Ctrl+D when you have finished.", err=True)
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


def emit(obj: dict) -> None:
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


def analyser_for(framework_name: str):
    from assistant.frameworks import load_framework
    from assistant.nlp.engine import Analyser
    from assistant.nlp.models import load_engine_models
    from assistant.nlp.pipeline import load_pipeline

    framework = load_framework(framework_name)
    models = load_engine_models()  # its sentence models load on their own thread while spaCy loads
    return Analyser(framework, load_pipeline(), models.finish_loading())


class _Group(click.Group):
    """Turn user-facing errors into one sentence and a hint, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AssistantError as error:
            fail(error)
        except sqlite3.Error as error:  # the last resort for a database problem no earlier check foresaw
            fail(StorageError(f"The database could not be used ({error}).",
                               hint="It may be damaged: restore a copy, or choose another file with --db."))


@click.group(cls=_Group, invoke_without_command=True)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help="Database file (default: your data folder, or $OUTCOMES_DB).")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """Outcomes Conversation Assistant: outcomes-focused conversations and support plans, offline.

    Run with no command to open the terminal app.
    """
    if db is not None:
        # `outcomes --db FILE alerts 1` means that file for the command too (a command's own --db still wins).
        os.environ["OUTCOMES_DB"] = str(db)
    if ctx.invoked_subcommand is None:
        from assistant.tui.app import run_app

        run_app(db_path=db)


def report_broken_files(problems: list[tuple[Path, AssistantError, bool]], kind: str) -> None:
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


def complete_pending(db: Path | None, store, info) -> int:
    """Finish the analysis of answers a killed run saved but never read (safeguarding included),
    so nothing reports "None raised" while an answer is still unread. Loads the engine only if needed;
    a command that only reads opens the database for writing just for this."""
    if not store.unanalysed_turns(info.id):
        return 0
    from assistant.conversation.bank import load_bank
    from assistant.conversation.session import ConversationSession
    from assistant.storage import open_store

    analyser = analyser_for(info.framework)
    writer = open_store(db, exclusive=False)
    try:
        done = ConversationSession.complete_pending(load_bank(), analyser.framework, writer, info.id, analyser.analyse)
    finally:
        writer.close()
    click.echo(f"Read {done} answer(s) that were saved before the program stopped.", err=True)
    return done


def open_store_for(db: Path | None, *, read_only: bool = False):
    """Writers hold the lock; commands that only read never need to write (a read-only folder is fine)."""
    from assistant.storage import open_store

    return open_store(db, exclusive=not read_only, read_only=read_only)


def db_option(f):
    return click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path),
                        help="Database file (default: your data folder, or $OUTCOMES_DB).")(f)
