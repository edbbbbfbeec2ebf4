"""The support plan from the command line: export and versions."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.cli.base import CONVERSATION, complete_pending, db_option, main, open_store_for
from assistant.errors import AssistantError
from assistant.terminal import visible


@main.group()
def plan() -> None:
    """Support plans: export and list versions."""




@plan.command("export")
@click.argument("conversation", type=CONVERSATION, required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "docx"]), required=True)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="The file to write (a new file, unless --force).")
@click.option("--force", is_flag=True, help="Replace --out if it is an existing ordinary file (never a database or a read-only file).")
@click.option("--version", "version", type=int, help="An earlier saved version (default: the latest, or a fresh draft).")
@click.option("--safeguarding/--no-safeguarding", "safeguarding", default=None,
              help="Include the practitioner-only safeguarding section (default: yes for practitioner plans, no for co-written ones).")
@db_option
def plan_export(conversation: int | None, fmt: str, out: Path, force: bool, version: int | None, safeguarding: bool | None,
                db: Path | None) -> None:
    """Write the support plan as Markdown, printable HTML or Word (most recent conversation by default).

    An existing file is replaced only with --force; the database, other SQLite files,
    devices and read-only files never are.

    Example: outcomes plan export --format docx --out plan.docx
    """
    import warnings

    from assistant.frameworks import load_framework
    from assistant.plan.model import bring_alerts_up_to_date, build_plan, latest_plan
    from assistant.plan.render import render
    from assistant.plan.target import check_target, write_atomically
    from assistant.plan.template import TemplateWarning

    store = open_store_for(db, read_only=True)
    database = store.path
    try:
        check_target(out, overwrite=force, protect=[database])  # before any work: a refusal costs nothing
        info = store.conversation(conversation)
        framework = load_framework(info.framework)
        complete_pending(db, store, info)
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
            # What was done about its alerts since, and any raised since, as in the latest plan.
            bring_alerts_up_to_date(content, build_plan(store, info.id, framework))
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
@db_option
def plan_versions(conversation: int | None, db: Path | None) -> None:
    """List the saved versions of a conversation's plan, with who saved them and when.

    Example: outcomes plan versions 3
    """
    store = open_store_for(db, read_only=True)
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
