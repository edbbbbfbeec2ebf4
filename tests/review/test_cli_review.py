"""The headless review contract, the journey and due commands, as outside checks run them."""

import json
import os
import re
import stat

from tests.conftest import run_cli

ANSWERS = "I want to see my son more\nI want to get back to the bowling club\n"


def cli(*args, input=""):
    result = run_cli(*args, input=input)
    result.stdout, result.stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    return result


def make_conversation(db):
    result = cli("converse", "--framework", "personal", "--json", "--db", str(db), "--name", "Jean", "--accept-proposed",
                     input=ANSWERS)
    assert result.returncode == 0, result.stderr


def test_headless_review_follows_the_contract(tmp_path):
    db = tmp_path / "o.db"
    make_conversation(db)
    result = cli("review", "1", "--json", "--db", str(db),
                     input="about a 6 now\nmy sister drove me\nnot sure\n/skip\nthe club minibus\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(l["type"], l.get("technique")) for l in lines] == [
        ("question", "scaling"), ("question", "what_helped"), ("question", "scaling"), ("question", "scaling"),
        ("question", "what_helped"), ("review", None)]
    first = lines[0]
    assert set(first) == {"type", "outcome", "words", "technique", "text"}
    assert first["outcome"] == "qol.seeing_people" and first["words"] == "seeing my son more"
    assert set(lines[1]) == {"type", "outcome", "technique", "text"}
    assert lines[-1] == {"type": "review", "review": 1, "outcomes": [
        {"outcome": "qol.seeing_people", "words": "seeing my son more", "rating": 6, "previous": None, "change": None,
         "setback": False, "status": "partly"},
        {"outcome": "qol.things_to_do", "words": "getting back to the bowling club", "rating": None, "previous": None,
         "change": None, "setback": False, "status": "not_yet"}]}
    second = cli("review", "1", "--json", "--db", str(db), input="4\nhis new job\nI no longer want that\n/skip\nnothing\n")
    summary = json.loads(second.stdout.splitlines()[-1])
    assert summary["review"] == 2
    assert summary["outcomes"][0] | {} == {"outcome": "qol.seeing_people", "words": "seeing my son more", "rating": 4,
                                           "previous": 6, "change": -2, "setback": True, "status": "partly"}
    assert summary["outcomes"][1]["status"] == "no_longer_wanted"
    versions = cli("plan", "versions", "1", "--db", str(db))
    assert "after review 1" in versions.stdout and "after review 2" in versions.stdout

    out = tmp_path / "journey.svg"
    drawn = cli("journey", "1", "--format", "svg", "--out", str(out), "--db", str(db))
    assert drawn.returncode == 0, drawn.stderr
    assert out.read_text().lstrip().startswith("<?xml") and stat.S_IMODE(os.stat(out).st_mode) == 0o600
    again = cli("journey", "1", "--format", "svg", "--out", str(out), "--db", str(db))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert cli("journey", "1", "--format", "svg", "--out", str(out), "--force", "--db", str(db)).returncode == 0
    before = db.read_bytes()
    over_db = cli("journey", "1", "--format", "txt", "--out", str(db), "--force", "--db", str(db))
    assert over_db.returncode == 2 and "database" in over_db.stderr and db.read_bytes() == before
    due = cli("due", "--within", "200", "--json", "--db", str(db))
    assert json.loads(due.stdout)["conversation"] == 1
    listed = cli("due", "--within", "200", "--db", str(db)).stdout
    iso = json.loads(due.stdout)["review_date"]
    assert iso not in listed and re.search(r"\b\d{1,2} [A-Z][a-z]{2} 20\d\d\b", listed)  # "18 Feb 2027", the UK way
    assert cli("due", "--db", str(db)).stdout.strip() == "No reviews due."


def test_a_piped_review_that_runs_out_before_every_outcome_is_asked_is_kept_open(tmp_path):
    db = tmp_path / "o.db"
    make_conversation(db)
    short = cli("review", "1", "--json", "--db", str(db), input="about a 6 now\n")
    assert short.returncode == 0, short.stderr
    last = json.loads(short.stdout.splitlines()[-1])
    assert last["review"] is None and last["unfinished"] is True and [o["rating"] for o in last["outcomes"]] == [6]
    assert "kept open" in short.stderr and "after review" not in cli("plan", "versions", "1", "--db", str(db)).stdout
    rest = cli("review", "1", "--json", "--db", str(db), input="my sister drove me\n4\nthe club minibus\n")
    summary = json.loads(rest.stdout.splitlines()[-1])
    assert summary["review"] == 1 and [o["rating"] for o in summary["outcomes"]] == [6, 4]  # carried on where it stopped


def test_clear_errors_without_outcomes_or_ratings(tmp_path):
    db = tmp_path / "o.db"
    cli("converse", "--framework", "personal", "--json", "--db", str(db), "--name", "Sam", input="ok\n")
    result = cli("review", "1", "--json", "--db", str(db), input="5\n")
    assert result.returncode == 2 and "no agreed outcomes" in result.stderr and "Traceback" not in result.stderr
    drawn = cli("journey", "1", "--format", "png", "--out", str(tmp_path / "j.png"), "--db", str(db))
    assert drawn.returncode == 2 and "no ratings yet" in drawn.stderr
    missing = cli("review", "9", "--json", "--db", str(db))
    assert missing.returncode == 2 and "no conversation number 9" in missing.stderr


def test_an_alert_raised_in_a_headless_review_says_what_raised_it(tmp_path):
    db = tmp_path / "o.db"
    make_conversation(db)
    said = "He hits me when he's been drinking"
    result = cli("review", "1", "--json", "--db", str(db), input=f"about a 4\n{said}\n")
    assert result.returncode == 0 and said in result.stderr
    listed = cli("alerts", "1", "--db", str(db))
    assert "because: \u201c\u201d" not in listed.stdout
    assert f"because: \u201c{said}" in listed.stdout


def test_the_transcript_holds_the_reviews_too(tmp_path):
    """Tariq: `outcomes transcript` showed the conversation and left out everything said at the review."""
    db = tmp_path / "o.db"
    make_conversation(db)
    assert cli("review", "1", "--json", "--db", str(db),
               input="about a 6 now\nmy sister drove me [bold]twice[/bold]\nnot sure\n/skip\nthe club minibus\n").returncode == 0
    shown = cli("transcript", "1", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    after = shown.stdout.split("Review 1 (finished", 1)
    assert len(after) == 2 and "A about a 6 now" in after[1] and "my sister drove me [bold]twice[/bold]" in after[1]
    assert "A (skipped)" in after[1]
