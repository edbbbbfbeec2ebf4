"""Property-based fuzzing of the line-by-line commands: any text in, one valid JSON line out per line, never a traceback.

Loading the language model takes about a second, so each example runs each
command once, as a real process, with many generated lines on standard input.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import run_cli
from .hardening_support import assert_clear_error

# Any code point but the line separator itself (lone surrogates cannot be UTF-8: see the last test).
ANY_CHAR = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n")
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x9F, blacklist_characters="\n")
MARKUP = ["<script>alert(1)</script>", "[bold]x[/bold]", "[x](javascript:alert(1))", "{{ 7*7 }}", "{% if x %}",
          "**b** _i_ `c`", "# heading", "\x1b]52;c;cm0gLXJmIH4K\x07", "\x1b[2J\x1b[H", "\x9b31m", "\u202eevil",
          "I miss my dog 🐶💔", "👩‍👩‍👧‍👦", "é" * 3 + "\u0301\u0301", "/skip", " /skip ", "\ufeff", "\r", "\t", "\x00",
          "I want to see my son", "He hits me sometimes", "Do you need help with washing?"]

LINE = st.one_of(
    st.text(ANY_CHAR, max_size=80),
    st.text(CONTROL, max_size=30),
    st.sampled_from(MARKUP + ["", "   "]),
    st.builds(lambda a, b, c: a + b + c, st.sampled_from(MARKUP), st.text(ANY_CHAR, max_size=20), st.sampled_from(MARKUP)),
    # a very long line, built by repetition (hypothesis draws stay small)
    st.builds(lambda piece, times: piece * times, st.text(ANY_CHAR, min_size=1, max_size=20), st.integers(300, 800)),
)
LINES = st.lists(LINE, min_size=25, max_size=60)

ANSWER_KEYS = {"text", "kind", "outcomes", "flags"}
KINDS = {"outcome", "service", "difficulty", "strength", "other"}
RAW_FOR_A_TERMINAL = ["\x1b", "\x07", "\x9b", "\u202e"]


def given_lines(lines: list[str]) -> list[str]:
    """The lines the commands must answer, as the CLI reads them: trailing CR dropped, a first-line BOM dropped, blanks skipped."""
    kept = []
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if number == 1:
            line = line.removeprefix("\ufeff")
        if line.strip():
            kept.append(line)
    return kept


def output_objects(result) -> list[dict]:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0 and "Traceback" not in err, err[-3000:]
    text = result.stdout.decode("utf-8")  # output is always valid UTF-8
    for raw in RAW_FOR_A_TERMINAL:
        assert raw not in text
    return [json.loads(line) for line in text.splitlines()]


def check_analysis(analysis: dict) -> None:
    assert analysis["kind"] in KINDS and set(analysis["flags"]) <= {"safeguarding"}
    for outcome in analysis["outcomes"]:
        assert set(outcome) == {"id", "label", "score", "evidence"} and 0 <= outcome["score"] <= 1


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(lines=LINES)
def test_any_text_gives_one_json_line_per_line_and_never_a_traceback(lines):
    data = ("\n".join(lines) + "\n").encode("utf-8")
    expected = given_lines(lines)

    classified = output_objects(run_cli("classify", "--framework", "personal", "--json", input=data))
    assert [o["text"] for o in classified] == expected
    for obj in classified:
        assert set(obj) == ANSWER_KEYS
        check_analysis(obj)

    checked = output_objects(run_cli("check-question", "--json", input=data))
    assert len(checked) == len(expected)
    for obj in checked:
        assert set(obj) == {"text", "open", "service_led", "leading", "jargon", "suggestion"}

    talk = output_objects(run_cli("converse", "--framework", "carer", "--json", input=data))
    assert len(talk) == 1 + 2 * len(expected)
    questions, answers = talk[0::2], talk[1::2]
    for question in questions:
        assert question["type"] == "question" and set(question) == {"type", "id", "text", "technique", "stage"}
    assert len({q["id"] for q in questions}) == len(questions)  # never the same question twice
    for answer, line in zip(answers, expected):
        assert answer["type"] == "answer" and answer["text"] == line
        assert answer.get("skipped", False) == (line.strip() == "/skip")
        check_analysis(answer["analysis"])

    readable = run_cli("classify", "--framework", "personal", input=data)
    assert readable.returncode == 0 and b"Traceback" not in readable.stderr
    shown = readable.stdout.decode("utf-8")
    for raw in RAW_FOR_A_TERMINAL + ["\x00", "\x7f"]:
        assert raw not in shown


@pytest.mark.parametrize("bad", [b"\xed\xa0\x80 a lone surrogate", b"\xff\xfe", b"caf\xc3", b"\xc0\xaf"])
@pytest.mark.parametrize("command", [["classify", "--framework", "personal", "--json"], ["check-question", "--json"],
                                     ["converse", "--framework", "personal", "--json"]])
def test_text_that_is_not_utf8_is_a_clear_error_after_the_lines_before_it(command, bad):
    result = run_cli(*command, input=b"I want to see my son\n" + bad + b"\nmore\n")
    assert_clear_error(result, "line 2 of the input is not valid UTF-8")
    out = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(out) == (3 if command[0] == "converse" else 1)
