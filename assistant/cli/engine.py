"""The engine from the command line: classify, frameworks, the trained model and its evaluation."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from assistant.cli.base import (FRAMEWORK_HELP, analyser_for, db_option, emit, input_lines, main, open_store_for,
                                report_broken_files)
from assistant.errors import AssistantError
from assistant.terminal import visible


@main.command()
@click.option("--framework", "-f", required=True, help=FRAMEWORK_HELP)
@click.option("--json", "as_json", is_flag=True, help="Write one JSON object per answer.")
def classify(framework: str, as_json: bool) -> None:
    """Map answers (one per line on standard input) to outcomes, kind and flags.

    Example: echo "I want to get back to the bowling club" | outcomes classify --framework personal --json
    """
    analyser = analyser_for(framework)
    for _, line in input_lines(sys.stdin.buffer, "the answers"):
        result = analyser.analyse(line)
        if as_json:
            emit({"text": line, **result.to_dict()})
        else:
            found = ", ".join(f"{o.id} ({o.score:.2f}: {'; '.join(o.evidence)})" for o in result.outcomes) or "no outcome proposed"
            flag = "  [SAFEGUARDING]" if result.safeguarding else ""
            click.echo(f"{result.kind:<10} {visible(found)}{flag}\n           {visible(line)}")



@main.group()
def taxonomy() -> None:
    """List, show and validate outcome frameworks."""




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
    report_broken_files(problems, "framework")


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
@db_option
def model_update(db: Path | None) -> None:
    """Retrain with the decisions made on the outcomes board in this database (on this machine only).

    The retrained model is used only if it lowers neither safeguarding recall nor top-1 accuracy
    on the frozen test split.

    Example: outcomes model update
    """
    from assistant.learning.update import update_model
    from assistant.nlp.pipeline import load_pipeline

    store = open_store_for(db, read_only=True)
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
