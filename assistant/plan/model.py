"""The support plan as plain data, built from a saved conversation.

A plan is a dict that can be stored as JSON (every save is a new version) and
rendered by the templates. Only outcomes a person has agreed go into it; the
person's original words are always kept beside any rewording.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from functools import lru_cache
from datetime import date, timedelta

from assistant.conversation.records import closed_as_no_concern, safety_reply
from assistant.frameworks import Framework
from assistant.nlp.text import without_agreement

VERIFICATION = {
    "self": "My own report" ,
    "practitioner": "The practitioner sees it",
    "third_party": "Someone else confirms it (family, another service)",
    "evidence": "A record or evidence (a letter, an attendance list, a certificate)",
}
# The same choices in plain words, for a person writing their own plan.
PLAIN_VERIFICATION = {
    "self": "I'll say so",
    "practitioner": "My worker will notice",
    "third_party": "Someone close to me will notice",
    "evidence": "Something written down will show it",
}
RISK_TO = {
    "person": "to the person",
    "carer": "to a carer",
    "cared_for": "to the person cared for",  # in a carer's plan
    "provider": "to the provider",
    "practitioner": "to the practitioner",
    "status_quo": "of keeping things as they are",
}
LEVELS = ("low", "medium", "high")
HELPERS = ("self", "family", "community", "services")
MEETING_SECTION = "when and where to meet"  # a held-back item: see build_plan
HELPER_WORDS = {"self": "Me / the person themself", "family": "Family and friends", "community": "Community", "services": "Services"}


def empty_outcome(words: str = "", categories: list[str] | None = None) -> dict:
    return {
        "words": words,
        "original_words": words,
        "categories": list(categories or []),
        "why_it_matters": "",
        "good_looks_like": "",
        "verification": [],
        "milestones": [],
        "who_helps": {key: "" for key in HELPERS},
        "compromise": "",
        "risks": [],
    }


def _mid_sentence(words: str) -> str:
    """ "Knowing my pension is mine" read mid-sentence: "knowing…"; "I", names and "OT" keep their capitals."""
    first = words.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and (first.lower() in COMMON_OPENERS or first.endswith("ing")):
        return words[0].lower() + words[1:]
    return words


# Words that start a phrase with a capital only because they started the answer.
COMMON_OPENERS = frozenset({"the", "a", "an", "my", "our", "his", "her", "their", "its", "it", "that", "this", "these",
                            "those", "there", "to", "being", "having", "getting", "going", "seeing", "feeling", "more",
                            "less", "not", "no", "some", "just", "still", "back", "me", "we", "you", "he", "she", "they"})


def readable_summary(phrases: list[str]) -> str:
    """What matters, as one plain sentence: "Seeing my son, getting out more and keeping this flat." """
    items = [" ".join(p.split()).strip(" .;,") for p in phrases if p and p.strip(" .;,")]
    items = list(dict.fromkeys(items))
    if not items:
        return ""
    items = [items[0][0].upper() + items[0][1:], *[_mid_sentence(i) for i in items[1:]]]
    if len(items) > 1 and any("," in i or " and " in f" {i} " for i in items):
        # "…without waiting for the carer, and feel like me again": a list of "and"s would run the
        # person's phrases together; a semicolon keeps each one whole.
        return "; ".join(items) + "."
    text = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return text + "."


def build_plan(store, conversation_id: int, framework: Framework, *, today: date | None = None) -> dict:
    """A first draft from the conversation: agreed outcomes, strengths, people, alerts.

    Anything that came from an answer which raised a safeguarding alert is held back:
    it never reaches the person's copy unless the practitioner includes it, one by one."""
    info = store.conversation(conversation_id)
    today = today or date.today()
    alerts_rows = store.alerts(conversation_id)
    # Only alerts that stand hold anything back: one checked with the person and closed as no concern
    # (a false alarm on "come for a cuppa") leaves their words in their own copy.
    turns = {t["id"]: t for t in store.turns(conversation_id, include_superseded=True)}
    standing = standing_alerts(store, alerts_rows, turns)
    # A review's alert has no conversation turn: None must not mark every outcome typed in by hand.
    flagged_turns = {a["turn_id"] for a in standing if a["turn_id"] is not None}
    # Words from another answer that repeat an alert answer ("in my own bed again") are held back too,
    # so the practitioner sees and decides, rather than the person's copy leaving them out unseen.
    alert_said = [w for w in (_alert_words(store, alert, turns) for alert in standing) if w]
    held_back: list[dict] = []
    plan_outcomes = []
    outcome_turns = set()
    outcome_rows = store.outcomes(conversation_id)
    live_turns = store.turns(conversation_id)
    ended = store.ended_outcome_rows(conversation_id)
    # What is said after an outcome goes under the latest one: a proposal turned down on the board in between
    # ("Susan to feel") does not take the person's sign of progress with it; one still waiting keeps what
    # was said about it, for when it is agreed.
    standing_turns = {r["turn_id"] for r in outcome_rows if r["turn_id"] and r["status"] != "declined"}
    signs = progress_signs(live_turns, standing_turns, flagged_turns)
    steps = said_for_outcomes(live_turns, standing_turns, flagged_turns, _questions_filling("milestones"))
    fallbacks = said_for_outcomes(live_turns, standing_turns, flagged_turns, _questions_filling("compromise"))
    for row in outcome_rows:
        if row["status"] != "accepted" or row["id"] in ended:
            continue  # not agreed, or no longer wanted (said at a review): not in the plan
        item = empty_outcome(row["words"], row["outcome_ids"])
        item["original_words"] = row["original_words"]
        item["board_words"] = row["words"]  # to tell a later rewording on the board from one on the plan screen
        item["good_looks_like"] = "; ".join(signs.get(row["turn_id"], []))
        item["milestones"] = [{"what": step, "by": ""} for step in steps.get(row["turn_id"], [])]
        item["compromise"] = "; ".join(fallbacks.get(row["turn_id"], []))
        outcome_turns.add(row["turn_id"])
        if row["turn_id"] in flagged_turns or repeats_alert(row["words"], alert_said) or repeats_alert(row["original_words"], alert_said):
            # In the practitioner's plan like any other (to plan it fully), out of the person's copy until included.
            item["held_back"] = True
            held_back.append({"section": "outcomes", "words": row["words"], "original_words": row["original_words"],
                              "include": False})
        plan_outcomes.append(item)
    sections: dict[str, list[str]] = {"strengths": [], "people": []}
    seen: set[str] = set()
    for section, rows in (("people", store.network_rows(conversation_id)), ("strengths", store.strength_rows(conversation_id))):
        for row in rows:
            words = without_agreement(row["words"])  # "Yes, that's it. I used to…" is "I used to…" in a plan
            # Each answer under one heading only, and never one that is already an outcome.
            if words in seen or row["turn_id"] in outcome_turns:
                continue
            seen.add(words)
            if row["turn_id"] in flagged_turns or repeats_alert(words, alert_said):
                held_back.append({"section": section, "words": words, "include": False})
            else:
                sections[section].append(words)
    alerts = _alert_records(store, alerts_rows, turns)
    meeting = next_meeting(live_turns, flagged_turns)
    if meeting and standing:
        # Where and when the person will be ("Tuesdays in the hostel office after I pick up my script"),
        # while there is a concern about someone: out of the person's copy until the practitioner includes it.
        held_back.append({"section": MEETING_SECTION, "words": meeting, "include": False})
    return {
        "person": info.person,
        "framework": framework.name,
        "framework_title": framework.title,
        "mode": info.mode,
        "conversation_id": conversation_id,
        "summary": readable_summary([o["words"] for o in plan_outcomes if not o.get("held_back")]),
        "outcomes": plan_outcomes,
        "strengths": sections["strengths"],
        "people": sections["people"],
        "held_back": held_back,
        "not_agreed": [],
        "alerts": alerts,
        "unchecked": len(store.unanalysed_turns(conversation_id)),
        "review_date": (today + timedelta(weeks=12)).isoformat(),
        "next_meeting": meeting,
        "agreement": {"person_comments": "", "carer": "", "practitioner": ""},
    }


def next_meeting(turns: list[dict], flagged_turns: set) -> str:
    """When and where the person said they would like to meet again, in their words (the last time asked)."""
    asks = _questions_filling("next_meeting")
    said = [" ".join(t["answer"].split()) for t in turns
            if t["question_id"] in asks and t.get("answer") and not t.get("skipped") and t["id"] not in flagged_turns]
    return said[-1] if said else ""


@lru_cache(maxsize=None)
def _questions_filling(field: str) -> frozenset[str]:
    """The bank's questions whose answers start a plan field (read once: a plan is drafted often)."""
    from assistant.conversation.bank import load_bank  # which questions ask it is the bank's to say

    return frozenset(q.id for q in load_bank().questions if q.fills == field)


def progress_signs(turns: list[dict], outcome_turns: set, flagged_turns: set) -> dict[int, list[str]]:
    """What the person said they would notice ("how would you know things were better?"), under the
    outcome talked about last before it: the first words of "what good looks like". A bare number is a
    score, not a sign, and nothing is taken from an answer that raised an alert."""
    from assistant.review.answers import parse_rating  # read as a review reads a rating

    signs: dict[int, list[str]] = {}
    latest = None
    for turn in turns:
        answer = " ".join((turn.get("answer") or "").split())
        if turn["id"] in outcome_turns:
            latest = turn["id"]
        asks_for_signs = turn.get("technique") == "scaling" or turn.get("question_id") in _questions_filling("good_looks_like")
        if (not asks_for_signs or latest is None or turn["id"] in flagged_turns or turn.get("skipped")
                or not answer or turn["id"] in outcome_turns):
            continue
        if parse_rating(answer) is not None:
            # "About a 3. Knowing the council had the form would move it up": the number is the starting point
            # (the journey's), the rest what would move it, a sign.
            first, *rest = re.split(r"[.,;:!?]\s+|\s+[-–]\s+", answer, maxsplit=1)  # "About a 3. …", "3, getting…"
            if rest and rest[0].strip() and parse_rating(first) is not None and len(first.split()) <= 6:
                answer = rest[0].strip()
        if turn.get("technique") == "scaling" and _HOW_THINGS_ARE.search(answer) and not _SAYS_WHAT_WOULD_CHANGE.search(answer):
            continue  # "about a 3. I'm not sleeping, she's up all night" tells how things are, not a sign
        if parse_rating(answer) is None or len(answer.split()) > 12:
            signs.setdefault(latest, []).append(answer)
    return signs


# A scaling answer that tells how things are now, in the negative ("I'm not sleeping", "I can't cope when she's
# up all night", "no better since the op"), is not a sign of progress; one that says what would move the number
# ("a full night's sleep", "Knowing the council had the form would move it up", "if I got…") is.
_HOW_THINGS_ARE = re.compile(r"\b(not|no|never|can't|cant|cannot|can not|isn't|isnt|won't|wont|don't|dont|doesn't|doesnt|"
                             r"haven't|havent|hasn't|hasnt|since|still|keeps?|worse)\b|n[’']t\b", re.I)
_SAYS_WHAT_WOULD_CHANGE = re.compile(r"\b(would|wud|could|might|if|once|as soon as|move it|go up|higher)\b|[’']d\b|[’']ll\b",
                                     re.I)


def said_for_outcomes(turns: list[dict], outcome_turns: set, flagged_turns: set, asks: frozenset[str]) -> dict[int, list[str]]:
    """Answers to the questions that start a plan field (a first step, what would still work), under the
    outcome talked about last before them, in the person's words. Not an answer that is an outcome itself
    (that is on the board), small talk ("dunno"), nor anything from an answer that raised an alert."""
    said: dict[int, list[str]] = {}
    latest = None
    for turn in turns:
        answer = " ".join((turn.get("answer") or "").split())
        if turn["id"] in outcome_turns:
            latest = turn["id"]
            continue
        if (turn.get("question_id") not in asks or latest is None or turn["id"] in flagged_turns or turn.get("skipped")
                or not answer):
            continue
        reading = json.loads(turn["analysis"]) if turn.get("analysis") else {}
        if reading.get("kind") == "other":
            continue
        said.setdefault(latest, []).append(answer)
    return said


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower())


# Words too common to say two answers are about the same thing.
_COMMON = frozenset("""
about after again also always back been before being call came come could days does doing done down each even ever
every feel from getting give going good have help here home into just keep know last like little look lot made make
many more most much need never next night only other over people really right same some still sure take tell than
that them then there they thing things think this time told very want week well were what when where which while
will with would year years your yours mine able okay yeah yes want wants wanted like love would""".split())


def _telling(words: list[str]) -> set[str]:
    """The words that say what an answer is about (a name, "stuff", "pension"), cut to four letters so that
    "taking" meets "takes" and a misspelt "stuf" meets "stuff"."""
    return {w[:4] for w in words if len(w) >= 4 and w not in _COMMON and not w.endswith("'s")}


def repeats_alert(text: str, answers: list[str]) -> bool:
    """Whether a piece of the plan repeats an alert answer: the same four words in a row, all of a short one,
    or two of its telling words ("jake stops taking my stuf" after "Jake takes my stuff and says he'll hurt me")."""
    words = _words(text)
    if not words:
        return False
    grams = {tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3))}
    telling = _telling(words)
    for answer in answers:
        said = _words(answer)
        if len(telling & _telling(said)) >= 2:
            return True
        if len(said) < 4 or len(words) < 4:
            # Whole words only: "Pat" is not in "patient", nor "Ann" in "planning".
            if _within(words, said) or (len(said) >= 2 and _within(said, words)):
                return True
            continue
        if grams & {tuple(said[i:i + 4]) for i in range(len(said) - 3)}:
            return True
    return False


def _within(part: list[str], whole: list[str]) -> bool:
    """Whether `part` is a run of whole words in `whole`."""
    n = len(part)
    return any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


def _alert_records(store, alerts_rows: list[dict], turns: dict) -> list[dict]:
    standing = {a["id"] for a in standing_alerts(store, alerts_rows, turns)}
    in_order = [turns[k] for k in sorted(turns)]
    return [{"raised": alert["created_at"], "words": _alert_words(store, alert, turns),
             "reply": safety_reply(in_order, alert["turn_id"]) if alert["turn_id"] is not None else "",
             "acknowledged": alert["acknowledged_at"] or "", "by": alert["acknowledged_by"] or "",
             "action": alert["action"] or "", "closed": alert["id"] not in standing} for alert in alerts_rows]


def standing_alerts(store, alerts_rows: list[dict], turns: dict) -> list[dict]:
    """The alerts that hold words back from the person's copy: all but a possible concern (the model unsure)
    checked with the person and closed as no concern ("come round for a cuppa" read as a concern)."""
    return [a for a in alerts_rows if not closed_as_no_concern(a) or _alert_certain(store, a, turns)]


def _alert_certain(store, alert: dict, turns: dict) -> bool:
    """Whether the rules saw the concern or the model was sure of it, as read when it was raised."""
    turn = turns.get(alert["turn_id"]) or {}
    if turn.get("analysis"):
        return bool(json.loads(turn["analysis"]).get("alert_certain", True))
    if alert.get("review_turn"):
        return bool(((store.review_turn(alert["review_turn"]) or {}).get("data") or {}).get("alert_certain", True))
    return True


def _alert_words(store, alert: dict, turns: dict) -> str:
    """The answer that raised an alert: a conversation turn's, or a review answer's."""
    words = (turns.get(alert["turn_id"]) or {}).get("answer") or ""
    if not words and alert.get("review_turn"):
        words = store.review_answer(alert["review_turn"])
    return words


def alert_answers(store, conversation_id: int, *, alerts: list[dict] | None = None, turns: dict | None = None) -> list[str]:
    """The words of every answer that raised an alert that stands, in a conversation or its reviews (its alerts
    and turns, by id with superseded ones, may be given when the caller has them already)."""
    if turns is None:
        turns = {t["id"]: t for t in store.turns(conversation_id, include_superseded=True)}
    alerts = store.alerts(conversation_id) if alerts is None else alerts
    return [w for w in (_alert_words(store, a, turns) for a in standing_alerts(store, alerts, turns)) if w]


def journey_for_the_person(journey: dict, answers: list[str], included: frozenset[str] = frozenset(),
                           withheld: frozenset[str] = frozenset()) -> dict:
    """The journey with nothing quoted from an answer that raised an alert, except the outcomes the
    practitioner included in the person's plan (`included`: their words, flattened). `withheld`: the words
    (flattened) of outcomes the person's plan leaves out, held back because of the answer they came from
    whatever their words (Dean's "seeing my daughter again" was out of his plan and in its journey)."""
    said = [_flat(a) for a in answers]
    copy = deepcopy(journey)

    def shown(outcome: dict) -> bool:
        words = [_flat(outcome.get(key) or "") for key in ("words", "original_words")]
        if any(w in included for w in words):
            return True
        return not any(w in withheld for w in words if w) and not any(
            repeats_alert(outcome.get(key) or "", said) for key in ("words", "original_words"))

    # An outcome whose own words came from such an answer is left out whole, as in the plan.
    copy["outcomes"] = [o for o in copy.get("outcomes", []) if shown(o)]
    for outcome in copy.get("outcomes", []):
        for point in outcome.get("points", []):
            for key in ("said", "helped", "next_step", "new_words"):
                if point.get(key) and repeats_alert(point[key], said):
                    point[key] = ""
    return copy


def person_copy(plan: dict) -> dict:
    """The plan as the person's own copy: nothing from an answer that raised an alert,
    except what the practitioner chose to include. A safety net for every saved version."""
    copy = deepcopy(plan)
    keep, included, _ = _person_may_see(plan)
    theirs = person_copy_outcomes(plan)
    copy["outcomes"] = deepcopy(theirs)
    for outcome in copy["outcomes"]:
        # Started from answers (a sign of progress): never words repeating an alert answer.
        if outcome.get("good_looks_like") and not keep(outcome["good_looks_like"]):
            outcome["good_looks_like"] = ""
        if outcome.get("compromise") and not keep(outcome["compromise"]):
            outcome["compromise"] = ""
        outcome["milestones"] = [m for m in outcome.get("milestones", []) if keep(m.get("what", ""))]
    if plan.get("next_meeting") and (not keep(plan["next_meeting"]) or any(
            h["section"] == MEETING_SECTION and not h.get("include") and _flat(h["words"]) == _flat(plan["next_meeting"])
            for h in plan.get("held_back", []))):
        copy["next_meeting"] = ""  # (held back while there is an alert, in the person's words; a practitioner's edit is theirs)
    present = {_flat(o.get("original_words", "")) for o in copy["outcomes"]}
    for item in included:
        # A plan saved by an earlier version kept a held-back outcome only here.
        if item["section"] == "outcomes" and item.get("outcome") and _flat(item["outcome"].get("original_words", "")) not in present:
            copy["outcomes"].append(item["outcome"])
    for section in ("strengths", "people"):
        copy[section] = [w for w in plan.get(section, []) if keep(w)]
        copy[section] += [h["words"] for h in included if h["section"] == section and h["words"] not in copy[section]]
    left_out = [o for o in plan.get("outcomes", []) if not any(o is k for k in theirs)]
    names_left_out = any(_flat(o.get(key, "")) and _flat(o.get(key, "")) in _flat(plan.get("summary", ""))
                         for o in left_out for key in ("words", "original_words"))
    drafted = readable_summary([o["words"] for o in plan.get("outcomes", []) if not o.get("held_back")])
    if not keep(plan.get("summary", "")) or names_left_out or (plan.get("summary", "") == drafted and len(copy["outcomes"]) > len(
            [o for o in plan.get("outcomes", []) if not o.get("held_back")])):
        # The summary names an outcome held back, or repeats an alert answer, or is still the draft written
        # before a held-back outcome was included ("keeping the flat" was in Lorraine's copy but not in
        # "what matters"): it is written again from what the copy holds.
        copy["summary"] = readable_summary([o["words"] for o in copy["outcomes"]])
    if plan.get("journey"):
        # The person's own words beside each point of the journey, minus anything from an alert.
        copy["journey"] = journey_for_the_person(plan["journey"], _alert_answers(plan), included_words(plan),
                                                 withheld_words(plan))
    last = plan.get("last_review") or {}
    if last.get("small_step") and not keep(last["small_step"]):
        copy["last_review"] = {**last, "small_step": ""}
    copy["earlier_small_steps"] = [e for e in plan.get("earlier_small_steps", []) if keep(e.get("step", ""))]
    copy["held_back"] = []
    copy["alerts"] = []
    return copy


def _person_may_see(plan: dict):
    """What the person's copy may hold: a check for words (not from, nor repeating, an alert answer, unless
    the practitioner included them) and the held-back items included."""
    answers = _alert_answers(plan)
    included = [h for h in plan.get("held_back", []) if h.get("include")]
    allowed = {_flat(h[key]) for h in included for key in ("words", "original_words") if h.get(key)}

    def keep(text: str) -> bool:
        return _flat(text) in allowed or not repeats_alert(text, answers)

    return keep, included, allowed


def included_words(plan: dict) -> frozenset[str]:
    """The words of the held-back items the practitioner chose to include in the person's copy (flattened)."""
    return frozenset(_person_may_see(plan)[2])


def withheld_words(plan: dict) -> frozenset[str]:
    """The words (flattened) of the plan's outcomes that the person's copy leaves out."""
    theirs = person_copy_outcomes(plan)
    left_out = [o for o in plan.get("outcomes", []) if not any(o is k for k in theirs)]
    # A held-back outcome stays listed in `held_back` after a review sets it aside ("no longer wanted"),
    # while its journey goes on being drawn: its words are withheld from that journey too.
    left_out += [h for h in plan.get("held_back", []) if h.get("section") == "outcomes" and not h.get("include")]
    return frozenset(_flat(o.get(key) or "") for o in left_out for key in ("words", "original_words") if o.get(key))


def person_copy_outcomes(plan: dict) -> list[dict]:
    """The plan's own outcome entries that the person's copy holds (held-back ones only once included)."""
    keep, _, allowed = _person_may_see(plan)

    def keep_outcome(outcome: dict) -> bool:
        if _flat(outcome.get("words", "")) in allowed or _flat(outcome.get("original_words", "")) in allowed:
            return True
        return not outcome.get("held_back") and keep(outcome.get("words", "")) and keep(outcome.get("original_words", ""))

    return [o for o in plan.get("outcomes", []) if keep_outcome(o)]


def left_out_of_person_copy(plan: dict) -> list[str]:
    """What the person's copy will leave out beyond the held-back items: outcomes, strengths and
    people edited (or added) to repeat words from an answer that raised an alert. Shown to the
    practitioner, so nothing vanishes from the person's copy without a word."""
    copy = person_copy(plan)
    kept = {_flat(o.get("words", "")) for o in copy["outcomes"]}
    kept |= {_flat(w) for section in ("strengths", "people") for w in copy[section]}
    items = [o.get("words", "") for o in plan.get("outcomes", []) if not o.get("held_back")]  # those are listed as held back
    items += [*plan.get("strengths", []), *plan.get("people", [])]
    left = [w for w in items if w and _flat(w) not in kept]
    # What good looks like, the steps and what would still work, typed on the plan screen or said: the
    # person's copy leaves out any that repeat an alert answer (Priya's signs and dated steps went unseen).
    theirs = {_flat(o.get("original_words", "")) or _flat(o.get("words", "")): o for o in copy["outcomes"]}
    for outcome in plan.get("outcomes", []):
        mine = theirs.get(_flat(outcome.get("original_words", "")) or _flat(outcome.get("words", "")))
        if mine is None:
            continue
        for key in ("good_looks_like", "compromise"):
            if outcome.get(key) and not mine.get(key):
                left.append(outcome[key])
        shown = {_flat(m.get("what", "")) for m in mine.get("milestones", [])}
        left += [m["what"] for m in outcome.get("milestones", []) if m.get("what") and _flat(m["what"]) not in shown]
    return left


def _alert_answers(plan: dict) -> list[str]:
    return [_flat(a["words"]) for a in plan.get("alerts", []) if a.get("words") and not a.get("closed")]


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


def latest_plan(store, conversation_id: int, framework: Framework) -> tuple[dict, int | None]:
    """The newest saved version, or a fresh draft (version None) if none was saved."""
    versions = store.plan_versions(conversation_id)
    if versions:
        plan = deepcopy(versions[-1]["content"])
        follow_the_board(plan, store, conversation_id, framework)
        return plan, versions[-1]["version"]
    return build_plan(store, conversation_id, framework), None


def follow_the_board(plan: dict, store, conversation_id: int, framework: Framework) -> None:
    """A saved plan brought up to date with the outcomes board: an outcome agreed after it was saved is
    added (held back like any other if it came from an alert answer), one no longer agreed is taken out,
    and one reworded on the board since takes its new words. Everything written in the plan stays."""
    rows: dict[str, dict] = {}
    ended = store.ended_outcome_rows(conversation_id)
    for row in store.outcomes(conversation_id):
        if row["id"] in ended:
            row = {**row, "status": "no_longer_wanted"}  # said at a review: taken out like a change of mind
        # The same words twice on the board (one agreed, one turned down): the agreed one speaks for them.
        if row["original_words"] not in rows or row["status"] == "accepted":
            rows[row["original_words"]] = row
    fresh = build_plan(store, conversation_id, framework)
    kept = []
    for item in plan.get("outcomes", []):
        row = rows.get(item.get("original_words", ""))
        if row is not None and row["status"] != "accepted":
            continue  # the person changed their mind (on the board, or at a review): their say is final
        if row is not None and item.get("board_words") is not None and row["words"] != item["board_words"]:
            # Reworded on the board since: the new words, unless only the plan screen changed them.
            item["words"] = item["board_words"] = row["words"]
        kept.append(item)
    plan["outcomes"] = kept
    known = {item.get("original_words") for item in kept}
    listed = {h.get("original_words") or (h.get("outcome") or {}).get("original_words")
              for h in plan.get("held_back", []) if h["section"] == "outcomes"}
    for item in fresh["outcomes"]:
        if item["original_words"] not in known:
            plan["outcomes"].append(item)
            if item.get("held_back") and item["original_words"] not in listed:
                plan.setdefault("held_back", []).append({"section": "outcomes", "words": item["words"],
                                                         "original_words": item["original_words"], "include": False})
    plan["summary"] = plan.get("summary") or fresh["summary"]
    plan.setdefault("next_meeting", fresh["next_meeting"])  # a plan saved before it was asked
    bring_alerts_up_to_date(plan, fresh)


def bring_alerts_up_to_date(plan: dict, fresh: dict) -> None:
    """A saved version brought up to date on its alerts. A version keeps a copy of them from when it was
    saved; what was done since (from the app or `outcomes alerts`) is a fact about the alert, so every copy
    shows it as it is, never "not yet acknowledged" when it was; and where and when to meet is held back if
    an alert was raised since, as in a fresh draft."""
    plan["alerts"] = fresh["alerts"]
    # Held back only because of a possible concern closed since as no concern (Shaz's "lol"): released,
    # so it is in the person's copy without the practitioner finding and ticking it.
    still = {_flat(h.get(key) or "") for h in fresh["held_back"] for key in ("words", "original_words")} - {""}
    closed = [a for a in plan["alerts"] if a.get("closed")]
    if closed:
        before = readable_summary([o["words"] for o in plan.get("outcomes", []) if not o.get("held_back")])
        for outcome in plan.get("outcomes", []):
            if outcome.get("held_back") and _flat(outcome.get("original_words") or outcome.get("words", "")) not in still:
                outcome["held_back"] = False
        plan["held_back"] = [h for h in plan.get("held_back", []) if h.get("include") or _flat(h.get("original_words") or h["words"]) in still]
        if plan.get("summary") == before:
            plan["summary"] = readable_summary([o["words"] for o in plan.get("outcomes", []) if not o.get("held_back")])
    for item in fresh["held_back"]:
        if item["section"] == MEETING_SECTION and _flat(item["words"]) == _flat(plan.get("next_meeting", "")) and not any(
                h["section"] == MEETING_SECTION for h in plan.get("held_back", [])):
            plan.setdefault("held_back", []).append(item)


def category_labels(plan: dict, framework: Framework, outcome: dict, cowrite: bool) -> list[str]:
    labels = []
    for outcome_id in outcome.get("categories", []):
        try:
            item = framework.outcome(outcome_id)
        except KeyError:
            labels.append(outcome_id)
            continue
        labels.append(item.plain_label if cowrite else f"{item.label} ({item.id})")
    return labels
