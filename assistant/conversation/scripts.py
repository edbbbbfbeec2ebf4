"""Answer scripts: a conversation played through the real engine and flow, with expectations.

Each script is a list of answers, as a person might say them; after each answer
it can state what should happen next. `tests/conversation/test_scripts.py` runs
every script in `tests/data/flow_scripts/`; trainers can write their own to see
how the flow behaves (`check_script` returns the failures in plain words).

Expectations after an answer (about that answer and the next question):

    technique:T          the next question uses technique T (so_what, reframe, check_understanding, ...)
    technique_in:T|U     one of these
    not_technique:T      any technique but T
    ladder               the next question is "so what?" or a reframe
    quotes:WORDS         the next question contains WORDS (case-insensitive)
    not_quotes:WORDS     the next question does not contain WORDS
    check_back           the next question checks back the person's outcome (check_understanding)
    no_check_back        it does not
    alert / no_alert     the answer raises a safeguarding alert, or not
    safety_question      the next question is the safety check after a disclosure
    outcome:WORDS        an outcome is collected from this answer, in words containing WORDS
    no_outcome           nothing is collected as an outcome from this answer
    kind:K               the engine reads the answer as kind K

Whole-script rules, always checked: no question is asked twice; no more than
three "so what?"/reframe questions in a row; a question that says "that" is
only asked straight after an answer it can refer to; a network question is not
asked again once people who matter have been named; no strengths question three
times in a row; no collected outcome is a whole long answer.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from assistant.conversation.bank import QuestionBank
from assistant.conversation.flow import LADDER
from assistant.conversation.replies import PEOPLE
from assistant.conversation.session import ConversationSession
from assistant.errors import DataFileError

KNOWN = {"technique", "technique_in", "not_technique", "ladder", "quotes", "not_quotes", "check_back", "no_check_back",
         "alert", "no_alert", "safety_question", "outcome", "no_outcome", "kind"}
LONG_ANSWER_WORDS = 20


@dataclass(frozen=True)
class ScriptTurn:
    answer: str
    expect: tuple[str, ...] = ()


@dataclass(frozen=True)
class Script:
    name: str
    framework: str
    mode: str
    turns: tuple[ScriptTurn, ...]
    source: str = ""


@dataclass
class ScriptResult:
    script: Script
    checked: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def held(self) -> int:
        return self.checked - len(self.failures)


def load_scripts(path: Path) -> list[Script]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"{path.name}: cannot read the scripts ({exc}).") from exc
    scripts = []
    for number, entry in enumerate(data.get("script", []), start=1):
        where = f"{path.name}, script {number}"
        try:
            turns = tuple(ScriptTurn(t["answer"], tuple(t.get("expect", []))) for t in entry["turns"])
            script = Script(entry["name"], entry.get("framework", "personal"), entry.get("mode", "practitioner"), turns, path.name)
        except (KeyError, TypeError) as exc:
            raise DataFileError(f"{where}: needs a name and turns with an answer ({exc}).") from exc
        for turn in turns:
            for expectation in turn.expect:
                if expectation.split(":", 1)[0] not in KNOWN:
                    raise DataFileError(f"{where}: unknown expectation {expectation!r}.")
        scripts.append(script)
    return scripts


def _holds(expectation: str, session: ConversationSession, result, index: int) -> bool:
    name, _, value = expectation.partition(":")
    question = result.next_question
    text = question.text.lower()
    turn_index = len(session.flow.turns) - 2
    collected = [o for o in session.flow.state.outcomes if o.turn_index == turn_index]
    if name == "technique":
        return question.technique == value
    if name == "technique_in":
        return question.technique in value.split("|")
    if name == "not_technique":
        return question.technique != value
    if name == "ladder":
        return question.technique in LADDER
    if name == "quotes":
        return value.lower() in text
    if name == "not_quotes":
        return value.lower() not in text
    if name == "check_back":
        return question.technique == "check_understanding"
    if name == "no_check_back":
        return question.technique != "check_understanding"
    if name == "alert":
        return result.reading.safeguarding
    if name == "no_alert":
        return not result.reading.safeguarding
    if name == "safety_question":
        return question.is_safety_check
    if name == "outcome":
        return any(value.lower() in o.words.lower() for o in collected)
    if name == "no_outcome":
        return not collected
    if name == "kind":
        return result.reading.kind == value
    raise ValueError(expectation)


def check_script(script: Script, bank: QuestionBank, analyser) -> ScriptResult:
    """Play a script through the real engine and flow; every expectation and whole-script rule is one check."""
    report = ScriptResult(script)
    session = ConversationSession.start_new(bank, analyser.framework, script.mode)
    asked = [session.current]
    for index, turn in enumerate(script.turns):
        result = session.skip() if turn.answer == "/skip" else session.submit(turn.answer, analyser.analyse)
        for expectation in turn.expect:
            report.checked += 1
            if not _holds(expectation, session, result, index):
                report.failures.append(f"after answer {index + 1} ({turn.answer[:50]!r}): expected {expectation}, "
                                       f"next question was [{result.next_question.technique}] {result.next_question.text!r}")
        asked.append(result.next_question)
    _whole_script_rules(report, session, asked)
    return report


def _whole_script_rules(report: ScriptResult, session: ConversationSession, asked) -> None:
    def rule(ok: bool, message: str) -> None:
        report.checked += 1
        if not ok:
            report.failures.append(message)

    ids = [q.id for q in asked]
    rule(len(ids) == len(set(ids)), f"a question was asked twice: {[i for i in ids if ids.count(i) > 1][:3]}")
    run = longest = 0
    for question in asked:
        run = run + 1 if question.technique in LADDER else 0
        longest = max(longest, run)
    rule(longest <= 3, f"{longest} 'so what?'/reframe questions in a row")
    bank = session.bank
    turns = session.flow.turns
    stray = []
    for position, turn in enumerate(turns[1:], start=1):
        question = turn.question
        known = question.id in {q.id for q in session.flow.questions}
        if not known or not bank.by_id(question.id).refers_back:
            continue
        before = turns[position - 1]
        said_something = before.analysis is not None and before.analysis.kind in {"outcome", "service", "difficulty"}
        if not said_something or before.skipped or turn.topic_done:
            stray.append(question.text)
    rule(not stray, f"a question referring back to nothing: {stray[:2]}")
    people_at = next((i for i, t in enumerate(turns) if t.answer and PEOPLE.search(t.answer) and not t.question.is_safety_check
                      and not (t.analysis and t.analysis.safeguarding)), None)
    later_network = [t.question.text for i, t in enumerate(turns) if people_at is not None and i > people_at
                     and t.question.technique == "network"]
    rule(not later_network, f"asked about people again after they were named: {later_network[:2]}")
    techniques = [t.question.technique for t in turns]
    rule(all(techniques[i:i + 3] != ["strengths"] * 3 for i in range(len(techniques))), "three strengths questions in a row")
    long_outcomes = [o.words for o in session.flow.state.outcomes if len(o.words.split()) > LONG_ANSWER_WORDS]
    rule(not long_outcomes, f"an outcome collected as a whole long answer: {long_outcomes[:1]}")
