"""The engine on the behaviours the spec names, without a terminal."""

import pytest


def ids(analysis):
    return [o.id for o in analysis.outcomes]


def test_bowling_club_is_things_to_do_with_evidence(analysers):
    result = analysers["personal"].analyse("I want to get back to the bowling club")
    assert result.kind == "outcome"
    assert ids(result)[0] == "qol.things_to_do"
    top = result.outcomes[0]
    assert 0 <= top.score <= 1
    assert any("bowling club" in e for e in top.evidence)


def test_refused_service_is_not_wished_for(analysers):
    result = analysers["personal"].analyse("I don't want a shower room, I want to see my son")
    assert result.kind == "outcome"
    assert ids(result) == ["qol.seeing_people"]
    assert not any("shower" in e for o in result.outcomes for e in o.evidence)


def test_not_lonely_any_more_is_a_change_not_a_difficulty(analysers):
    lonely = analysers["personal"].analyse("I'm so lonely")
    better = analysers["personal"].analyse("I'm not lonely any more")
    assert lonely.kind == "difficulty"
    assert better.kind == "outcome"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I feel abit lonley these days", "qol.seeing_people"),
        ("I want my confidance back", "change.confidence"),
        ("club bowling back to the get I want", "qol.things_to_do"),
        ("I'd love to be seeing my grandchildren again", "qol.seeing_people"),
    ],
)
def test_misspellings_word_order_and_inflections_still_match(analysers, text, expected):
    assert expected in ids(analysers["personal"].analyse(text))


@pytest.mark.parametrize("text", ["Not sure really", "I don't know", "hmm", "What do you mean?"])
def test_abstains_when_nothing_fits(analysers, text):
    result = analysers["personal"].analyse(text)
    assert result.outcomes == ()
    assert result.kind == "other"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("They're putting a shower room in", "service"),
        ("I get a carer three times a day", "service"),
        ("I can't manage the stairs any more", "difficulty"),
        ("I used to be a postmistress", "strength"),
        ("My sister's round the corner", "strength"),
        ("I want to see my son more", "outcome"),
        ("a lift to the bowling club so I can have my game", "outcome"),
        ("more hours of home help", "service"),  # labelling.md's own example
        ("Just more carers", "service"),
        ("the same carer every day", "outcome"),  # says what matters: the same person
        ("more time with my grandkids", "outcome"),
        ("I need a wet room", "service"),
        ("Not sure really", "other"),
    ],
)
def test_kind_comes_from_what_the_sentence_does(analysers, text, kind):
    assert analysers["personal"].analyse(text).kind == kind


def test_a_service_without_purpose_carries_no_outcome(analysers):
    assert analysers["personal"].analyse("I get a carer three times a day").outcomes == ()


def test_multi_sentence_answers_are_combined(analysers):
    result = analysers["personal"].analyse("I was a chef for years. Now I'd love to cook for my grandchildren again.")
    assert result.kind == "outcome"
    assert ids(result)


@pytest.mark.parametrize(
    "framework, text",
    [
        ("personal", "My nephew takes my pension and leaves me with nothing"),
        ("personal", "He hits me when he's been drinking"),
        ("personal", "I've thought about ending it all"),
        ("carer", "I'm at the end of my tether and scared I'll shake her"),
        ("relational", "They've taken over my flat to deal from"),
        ("relational", "my partner won't let me see my friends and checks my phone"),
        ("relational", "I've been self harming again"),
        ("personal", "I feel safe now but he still hits me sometimes"),
        ("personal", "I got pushed over by my son"),
        ("personal", "My daughter uses my bank card without asking"),
        ("carer", "I've caught myself pushing her when she won't sit down"),
        ("relational", "Her partner is controlling and won't let her see anyone"),
        ("relational", "I keep thinking everyone would be better off if I wasn't around"),
        ("personal", "He said he would kill me"),
        # Grave words in forms no pattern lists: a fixed cue, never overruled by the model.
        ("personal", "My uncle molested me when I was little."),
        ("personal", "He tried to strangle me."),
        ("relational", "He groomed me when I was fourteen."),
        ("relational", "My mate got stabbed."),
        ("relational", "I was bullied at the hostel."),
    ],
)
def test_safeguarding_disclosures_are_flagged(analysers, framework, text):
    assert analysers[framework].analyse(text).flags == ("safeguarding",)


@pytest.mark.parametrize(
    "text",
    [
        "I feel safe now the door has a chain",
        "I used to get angry but not any more",
        "The fall alarm means I'm not worried",
        "my back is killing me",
        "I could murder a cup of tea",
        "My knees are killing me",
        "I push him to the park in his wheelchair",
        "I use my card at the post office",
        "I am scared of falling",
        "I'm not scared of him any more, he's moved away",
        "My doctor says the cigarettes will kill me",
        "The last stroke nearly killed me but I got my speech back",
        "The cold nearly killed me on the Hoe last February",
        "I've been sofa surfing since the hostel kicked me out, I just want a place of my own",
        "dee pushed me to apply",  # Shaz, about her key worker: urged on, and a full alert
        "the girls from group keep dragging me out, its good for me",
        "no I'm fine, nobody's hurting me",  # Dean, to a check-back: raised an alert to stop for
        "no im fine, nobodys hurting me",
    ],
)
def test_safe_uses_of_the_same_words_are_not_flagged_by_the_rules(rule_analysers, text):
    # The rules' safe-use filter; the trained model is recall-first and is measured on the frozen split.
    assert rule_analysers["personal"].analyse(text).flags == ()


@pytest.mark.parametrize("text", [
    "I used to cut my arms when I was at school. Not done it for ten years now.",
    "He battered me, my first husband. That was forty years ago and he's long dead.",
    "I got stabbed outside a chippy in 1987, hence the scar on my cheek.",
    "My brother took an overdose as a teenager. He's a paramedic now with two kids.",
])
def test_a_harm_told_as_over_is_let_through_by_the_rules(rule_analysers, text):
    """When the sentence or the one after it says when the harm ended, and nothing says it goes on."""
    assert rule_analysers["personal"].analyse(text).flags == ()


@pytest.mark.parametrize("text", [
    "I used to cut my arms when I was at school. I started again last week.",
    "He battered me when we were together. It was years ago but he's texting me again.",
    "He battered me years ago, but he's been round the house again.",
    "I stopped for a year but I've been cutting myself again.",
    "My uncle molested me when I was seven. He still comes to family dos.",
    "My carers haven't been since Tuesday and I've had no food since then.",
    "I've not been able to leave the house since he threatened me.",
    "I was groomed as a teenager, that was years ago.",
    "Nobody's hurting me, but he takes all my money.",
    # From a code review: the time said belongs to something else, or the harm is said as now
    "My ex threatens me on facebook. We split up two years ago.", "I'm frightened of my husband. We married in 1972.",
    "My son hits me. I gave up smoking years ago.", "My son took £1950 out of my account without asking",
    "He came up behind me with a knife", "In the past month my carer has shouted at me twice",
    "He strangled me when I was 8 months pregnant", "It's a year since he moved in and he takes all my money",
    "My husband hits me and nothing has changed for years", "He treats me as a child and slaps me",
    "My uncle touched me when I was little. He babysits my daughter now.",
    "Nobody's hurting me except my son.", "My partner told me to tell you nobody's hurting me.",
])
def test_a_harm_that_goes_on_or_is_grave_is_flagged_though_the_past_is_named(rule_analysers, text):
    """"again", "still", a "but" after the time, someone back; grave words always; "since Tuesday" is no end."""
    assert rule_analysers["personal"].analyse(text).flags == ("safeguarding",)


@pytest.mark.parametrize("text", ["my ex said hed kill me if he sees me with anyone else", "he's trying tae kill me",
                                  "My stepson will kill me if I tell anyone", "The lads will kill me if I don't pay",
                                  "My abuser will kill me if he finds me", "The loan sharks will kill me if I don't pay",
                                  "My hubby will kill me if he finds out I told you", "The traffickers will kill me",
                                  "Them lot will kill me if I grass", "dean will kill me",
                                  "He's got mates that will kill me if I talk", "The voices will kill me",
                                  "He kicked me in the stomach last night", "he pushed me to the ground",
                                  "he pushed me down the stairs", "he dragged me out of the car by my hair"])
def test_the_rules_read_a_person_who_kills_as_a_threat_whatever_the_spelling(rule_analysers, text):
    """Only a listed thing ("the cigarettes will kill me") makes "kill" an idiom; anyone else, a name, a
    misspelt "he'd" or a "that" standing for people does not."""
    assert rule_analysers["personal"].analyse(text).flags == ("safeguarding",)


def test_evidence_quotes_the_answer(analysers):
    text = "Honestly I'd like to have some company in the evenings"
    for outcome in analysers["personal"].analyse(text).outcomes:
        for words in outcome.evidence:
            assert words in text


@pytest.mark.parametrize("text", ["[bold]I want friends[/bold]", "{{ 7*7 }} I want to walk", "<script>alert(1)</script>", "😀🎉 I want to see my son 💙", "\x00\x07 hello"])
def test_odd_text_is_just_text(analysers, text):
    result = analysers["personal"].analyse(text)
    assert result.kind in {"outcome", "service", "difficulty", "strength", "other"}


def test_evidence_keeps_a_noun_with_its_ing_word(analysers):
    """The small parser splits "sofa surfing"; the evidence is both words, not "sofa"."""
    result = analysers["relational"].analyse("I'm sick of sofa surfing")
    assert "hard.housing_stability" in ids(result)
    assert any("sofa surfing" in words for o in result.outcomes for words in o.evidence)


@pytest.mark.parametrize("text", [
    "My grandson has got my bank card and I've not seen a penny",  # the parser splits it before "and"
    "I haven't seen a penny of my pension since he moved in",
])
def test_someone_else_holding_the_money_the_person_never_sees_is_flagged_by_the_rules(rule_analysers, text):
    assert rule_analysers["personal"].analyse(text).flags == ("safeguarding",)


def test_money_handled_with_permission_is_not_flagged_by_the_rules(rule_analysers):
    assert not rule_analysers["personal"].analyse("my daughter has my bank card, I asked her to, she does my shopping").flags


def test_markup_tags_are_not_read_as_words(analysers):
    """"<script>…</script>" is not something the person said: no "script" service, nothing quoted from it."""
    plain = analysers["personal"].analyse("I want to see my son")
    tagged = analysers["personal"].analyse("<script>alert(1)</script> I want to <b>see my son</b>")
    assert (tagged.kind, ids(tagged)) == (plain.kind, ids(plain))
    assert not any("script" in words or "<" in words for o in tagged.outcomes for words in o.evidence)
    assert analysers["personal"].analyse("<em>I need a wet room</em>").kind == "service"
    assert analysers["personal"].analyse("love you <3 x").kind == "other"


def test_empty_text_is_other_with_nothing_proposed(analysers):
    result = analysers["personal"].analyse("   ")
    assert (result.kind, result.outcomes, result.flags) == ("other", (), ())


def test_a_pasted_document_is_read_up_to_a_limit(analysers):
    result = analysers["personal"].analyse("I want to see my son. " * 5000)
    assert result.truncated
    assert "qol.seeing_people" in ids(result)
    # Past the limit the fixed safeguarding cues still read every sentence.
    told = analysers["personal"].analyse("It has been a long year. " * 1500 + "And my son hits me.")
    assert told.truncated and told.safeguarding and told.alert_sentences == ("And my son hits me.",)
    assert not analysers["personal"].analyse("It has been a long year. " * 1500 + "And my son rings me.").safeguarding


def test_a_long_answer_is_read_to_its_end(analysers):
    """An evaluator's 5,100-character answer: the disclosure or the wish at its end was never read."""
    story = "It has been a long old year with the weather and the bins and the buses. " * 70
    told = analysers["personal"].analyse(story + "And my son hits me when he has had a drink.")
    assert told.safeguarding and told.alert_sentences == ("And my son hits me when he has had a drink.",)
    assert not told.truncated
    wished = analysers["personal"].analyse(story + "But what I really want is to see my grandson more.")
    assert wished.kind == "outcome" and "qol.seeing_people" in ids(wished) and wished.wish == "seeing my grandson more"
    assert not analysers["personal"].analyse(story).safeguarding
    # Speech written down with no full stops is cut at a space, with an overlap: the sentence is read whole, once.
    said = "um so yeah it has been a long year with the bins and the buses and " * 100 + "and my son hits me when he has had a drink"
    told = analysers["personal"].analyse(said)
    assert told.safeguarding and len(told.alert_sentences) == len(set(told.alert_sentences))


def test_console_markup_and_emphasis_are_not_read_as_words(analysers):
    """"[red]I need a cleaner[/red]" was read as "other"; "[bold]…[/bold]" crept into the evidence."""
    for marked in ("[red]I need a cleaner[/red]", "*I need a cleaner*", "**I need a cleaner**"):
        assert analysers["personal"].analyse(marked).kind == "service", marked
    for marked in ("[i]I want to see my grandson[/i]", "[bold]I want to see my grandson[/bold]"):
        result = analysers["personal"].analyse(marked)
        assert result.kind == "outcome" and "qol.seeing_people" in ids(result)
        assert all("[" not in words and words == words.strip() for o in result.outcomes for words in o.evidence)
    # A bracketed aside is something said, even when it starts like a style ("not", "on", "black"): a reviewer
    # found all of these hidden by a first, looser pattern.
    for aside in ("Things are ok at home [not really, he shouts at me and hits me]",
                  "She said she fell. [black eye and bruises on both arms]", "My son is fine with me [on a bad day he hits me]"):
        assert analysers["personal"].analyse(aside).safeguarding, aside


def test_to_dict_matches_the_contract(analysers):
    data = analysers["carer"].analyse("I'd love a night out with my friends").to_dict()
    assert set(data) == {"kind", "outcomes", "flags"}
    for outcome in data["outcomes"]:
        assert set(outcome) == {"id", "label", "score", "evidence"}


def test_quoted_words_end_where_a_phrase_or_clause_ends(analysers):
    """Words quoted back or put on the board never stop mid-phrase ("see my mates at the", "so I sleep in")."""
    stairs = analysers["personal"].analyse("I can't manage the stairs any more so I sleep in the chair downstairs.")
    assert stairs.kind == "difficulty" and stairs.topic == "I can't manage the stairs any more"
    mates = analysers["personal"].analyse("I'd like to see my mates at the Legion on a Friday again.")
    assert mates.outcomes and mates.outcomes[0].id == "qol.seeing_people"
    openers = {"the", "a", "an", "at", "to", "in", "on", "of", "and", "my", "for", "with"}
    for analysis in (stairs, mates):
        for words in [analysis.topic, *(e for o in analysis.outcomes for e in o.evidence)]:
            assert words.split()[-1].lower() not in openers, words


def test_a_quote_keeps_the_person_it_is_about():
    from assistant.nlp.quoting import _tidy

    assert _tidy("I want to look after her") == "I want to look after her"
    assert _tidy("I am not able to get out on my own so I sit in all day long") == "I am not able to get out on my own"


def test_the_rules_say_which_alerts_only_the_parse_raised(rule_analysers):
    """A fixed pattern ("he hits me") always raises its alert; a sentence only the parse read as harm
    (money spent by someone else) may be overruled by a trained model that all but rules it out."""
    reading = rule_analysers["personal"].read("My carer spends my pension on herself. He hits me when he's been drinking.")
    assert len(reading.flagged_sentences) == 2 and reading.parsed_only == frozenset({0})
    assert reading.sentences_kept(0.001, 0.03) == ["He hits me when he's been drinking."]
    assert reading.sentences_kept(0.05, 0.03) == reading.flagged_sentences
    assert reading.sentences_kept(0.0, 0.0) == reading.flagged_sentences  # no floor: rules OR model
    for grave in ("He tried to strangle me.", "He groomed me when I was fourteen.", "My mate got stabbed."):
        assert rule_analysers["personal"].read(grave).parsed_only == frozenset()  # a cue, whatever the model says
    # With the rules alone (an organisation's own framework), the parse's alert stands.
    assert rule_analysers["personal"].analyse("My carer spends my pension on herself").flags == ("safeguarding",)


def test_a_wish_for_a_service_with_no_purpose_leads_to_so_what(analysers):
    """Whichever kind the model gives "I'd like a wet room" (a wish, or a service), nothing it would
    make possible is said, so the conversation asks what it is for, quoting the service."""
    result = analysers["personal"].analyse("I'd like a wet room")
    assert not result.outcomes
    assert result.kind == "service" or result.arranged
    assert "wet room" in result.topic



@pytest.mark.parametrize("text, quoted", [
    ("Yes that's it, he lives over in Leeds and I can't get the bus on my own", "I can't get the bus on my own"),
    ("Exactly, nobody comes round any more", "nobody comes round any more"),
    ("It's the stairs really, I can't get up them and I sleep downstairs", "It's the stairs really"),
])
def test_a_difficulty_is_quoted_without_the_agreement_before_it(analysers, text, quoted):
    """A newcomer's reply to a check-back was quoted as "You said “that's it”"."""
    assert analysers["personal"].analyse(text).topic == quoted


@pytest.mark.parametrize("text", [
    "some mornings I think what's the point, I don't really want to be here any more, but the crossword keeps me going",
    "i dont wanna be here no more tbh",
])
def test_not_wanting_to_be_here_is_flagged_with_a_word_between(rule_analysers, text):
    assert rule_analysers["personal"].analyse(text).flags == ("safeguarding",)


@pytest.mark.parametrize("text, wish", [
    ("Falling again in the bath. I'd hate to end up in a home.", "not ending up in a home"),
    ("I don't want to go into a home.", "not going into a home"),
    ("I don't want a shower room, I want to see my son", "seeing my son"),
])
def test_a_wish_said_as_what_must_not_happen_is_quoted_the_right_way_round(analysers, text, wish):
    # The quote, whatever kind the models read: the writers label "I don't want to go into a home" a
    # difficulty as often as an outcome (a rule making it an outcome lost kind accuracy on held-out writers).
    from assistant.nlp.quoting import wish_words

    assert wish_words(analysers["personal"].read(text)) == wish


@pytest.mark.parametrize("text, wish", [
    ("Falling again and lying there with nobody knowing, that's what scares me",
     "not falling again and lying there with nobody knowing"),
    ("Ending up in a home. That terrifies me", "not ending up in a home"),
    ("Getting back to church, I worry I've left it too long", "Getting back to church"),  # the worry is not about it
    ("Walking the dog, that's what keeps me sane", "Walking the dog"),
    # wishes near a fear word (a reviewer's probes): still wishes
    ("Paying the rent on time, that's what keeps me awake", "Paying the rent on time"),
    ("Seeing my grandchildren, it's what stops the worry", "Seeing my grandchildren"),
    ("Having my own place, it's scary but I want it", "Having my own place"),
    ("Walking the dog, that's what keeps the panic away", "Walking the dog"),
    ("Ending up on my own in a home, that's my worst fear", "not ending up on my own in a home"),
])
def test_a_fear_named_as_a_bare_phrase_is_not_checked_back_as_a_wish(analysers, text, wish):
    assert analysers["personal"].analyse(text).wish == wish


def test_a_refused_service_is_never_quoted_as_a_wish(analysers):
    assert analysers["personal"].analyse("I don't want a shower room").wish == ""


def test_a_wish_said_as_a_bare_phrase_is_the_wish(analysers):
    analysis = analysers["relational"].analyse("just not being made to tell my whole story again every time tbh")
    assert analysis.kind == "outcome" and analysis.wish == "not being made to tell my whole story again every time"


@pytest.mark.parametrize("text, wish", [
    ("Walking the dog, that's what keeps me sane. I'd miss it", "Walking the dog"),
    ("Being honest, it'd be nice to see my kids", "seeing my kids"),
])
def test_a_bare_phrase_wish_ends_with_its_clause(analysers, text, wish):
    assert analysers["relational"].analyse(text).wish == wish


def test_a_disclosure_after_an_agreement_is_read_on_its_own(analysers):
    """Check-back answers open with "yes": the agreement must not dilute what follows."""
    text = "yes that's it. my grandson has my pension card and he takes most of it, but he's a good lad really"
    analysis = analysers["personal"].analyse(text)
    assert analysis.flags == ("safeguarding",)
    assert analysis.alert_sentences and "pension card" in analysis.alert_sentences[0]
    assert not analysers["personal"].analyse("yes that's it, I'd love to get back to the bowling").flags


def test_words_in_angle_brackets_that_are_no_html_tag_are_still_read(rule_analysers):
    """Only real HTML tags are set aside: an aside typed in brackets can be a disclosure."""
    assert rule_analysers["personal"].analyse("i love him <but he hits me when he drinks> i just want it to stop").flags


@pytest.mark.parametrize("text", [
    "I've got my bank card but I can't get the money out of the machine on my own",
    "I haven't had any of my pension yet this month, it comes on Thursday",
])
def test_ordinary_talk_about_a_card_or_pension_is_not_flagged_by_the_rules(rule_analysers, text):
    assert not rule_analysers["personal"].analyse(text).flags


@pytest.mark.parametrize("text", [
    "I get so breathless, I don't want it to get any worse",
    "My son is not interested in me any more and I'm lonely",
])
def test_a_difficulty_is_not_a_service_turned_down(analysers, text):
    assert not analysers["personal"].analyse(text).turned_down


@pytest.mark.parametrize("text", [
    "my son Liam helps when he can, he wants to do more",  # his wish, not the carer's
    "Mum would like to stay in her own home and I want that for her too",  # "that" was said before
])
def test_someone_elses_wish_or_a_bare_that_is_not_checked_back_as_the_speakers(analysers, text):
    assert analysers["carer"].analyse(text).wish == ""


def test_a_wish_for_someone_else_said_by_the_speaker_is_theirs(analysers):
    assert analysers["carer"].analyse("I want him to be happy again").wish == "him to be happy again"


def test_a_name_or_a_place_is_not_the_evidence_for_an_outcome(analysers):
    """A carer saw "Nottingham" and "Dave" given as why an outcome was suggested."""
    analysis = analysers["carer"].analyse("Nottingham is where my sister lives and I'd love to see her more")
    evidence = [words for outcome in analysis.outcomes for words in outcome.evidence]
    assert evidence and not any("Nottingham" in words for words in evidence)


def test_a_wish_ending_on_its_to_keeps_it(analysers):
    """A carer's new outcome was cut short: "knowing what we're entitled"."""
    assert analysers["carer"].analyse("I'd like to know what we're entitled to").wish == "knowing what we're entitled to"


@pytest.mark.parametrize("text, wish", [
    ("What I miss is the bowls club at Roker and me Sunday pint with the lads",
     "the bowls club at Roker and me Sunday pint with the lads"),
    pytest.param("What I miss most is my garden", "my garden", marks=pytest.mark.xfail(
        strict=True, reason="the models trained on 64 writers read it as 'other' (no wish); noted, not yet mended")),
])
def test_what_i_miss_is_a_wish(analysers, text, wish):
    """Said to a strengths question, "what I miss is the bowls club" was filed as a strength, not a wish."""
    assert analysers["personal"].analyse(text).wish == wish


@pytest.mark.parametrize("text, wish", [
    ("I'd feel a bit safer on me own at night", "feeling a bit safer on me own at night"),
    ("I don't think I'd feel safer anywhere else", ""),
    ("Going over again and lying on that kitchen floor, that's what frightens us",
     "not going over again and lying on that kitchen floor"),
])
def test_a_feeling_wished_for_and_a_fear_in_sunderland_words(analysers, text, wish):
    """A practitioner's try-out with Arthur: the board had "the door" and "Going over again"."""
    assert analysers["personal"].analyse(text).wish == wish


@pytest.mark.parametrize("text", [
    "I was going to hang meself, that's why the missus rang the police", "Thoughts of ending my life, most nights",
    "I tried to end it last month with pills and booze", "I wanted tae die, I still dae if I'm honest",
    "the cutting's started again since I came off my meds", "i wanna die", "I hung meself once and I'd do it again",
    "I took all me tablets Saturday, the whole box",
])
def test_grave_words_said_in_other_forms_are_flagged_by_the_rules(rule_analysers, text):
    """Missed on held-out training writers: the rules knew only other forms of the same words."""
    assert rule_analysers["personal"].analyse(text).flags == ("safeguarding",)


@pytest.mark.parametrize("text", [
    "I want to start cutting back on the drink", "cutting back on my hours at work", "thoughts of taking the grandkids to Blackpool",
    "I took a whole box of chocolates to the nurses", "we tried to end it amicably with the landlord", "I want to die at home, not in hospital",
])
def test_the_same_forms_in_ordinary_talk_are_not_flagged_by_those_cues(rule_analysers, text):
    """A reviewer's cases: the new cues must not raise a firm alert (and a safety question) on these."""
    from assistant.nlp.cues import load_cues

    cues = load_cues()
    added = [p for p in cues.harm if any(w in p.pattern for w in ("meself", "ending", "end(ing)? it", "wanna", "cutting's", "whole"))]
    assert added and not any(p.search(text.lower()) for p in added)


@pytest.mark.parametrize("text", [
    "He's had me by the neck against the fridge before now",
    "he smashed my head against the bathroom sink and said I made him",
    "I've been headbutting the walls when it gets too loud in my head",
    "She makes herself sick after every meal, I can hear her",
    "There's a noose up in the garage, I put it there in March",
    "I carve into my legs with a razor when nobody's in",
    "please leave out the thing with my wrists, my dad reads my post",
    "My pills are stashed up in the wardrobe, just in case I need them",
    "They left Nan in a soiled pad for the whole afternoon",
    "No one has turned him since yesterday and his heels are red raw",
    "The staff tied him to the bed rails at night",
    "She was sitting in urine when I got there",
    "The carers haven't come since Friday and I can't get up on my own",
    "we've had no food since Sunday",
    "I get done over for my money every time I cash my giro",
    "She reads everything I send, even the texts to my sister",
    "I can't talk right now, he's home",
    "I make myself throw up after meals", "they strap her into the chair all day", "They done me over for my giro",
    "can't speak now he's just come in", "we've not had any food in three days",
])
def test_concrete_harms_said_in_passing_are_flagged_by_the_rules(rule_analysers, text):
    """Twelfth session: kinds of disclosure the models missed on held-out training writers, each said
    here in new words (a hand at the throat, self-injury named by how, means kept by, a person left
    unwashed or tied, a partner who must not hear the call)."""
    assert rule_analysers["personal"].analyse(text).flags == ("safeguarding",)


@pytest.mark.parametrize("text", [
    "I burnt the pasta again, I forgot the timer", "I burnt the toast this morning", "Burnt my hand on the oven tray, forgot the glove",
    "I made myself sick with worry before the hearing",
    "He reads my letters to me because my eyes are bad", "She reads all my books before I do", "I haven't turned mum's heating on",
    "Never turned him away, not once", "Carers haven't come since Christmas, we stopped the package", "No food since breakfast, I'm starving",
    "I can't talk now, he's here to fix the boiler", "I have to go now, i can hear her car, my daughter's here",
    "I've got the tablets hidden up high so the grandkids can't get them", "I put my head into the kitchen to say hello",
    "My grandson got me round the neck with a big hug", "the dog was lying in wee again", "the noose scene in the western was daft",
    "I burnt my leg on the exhaust of the bike", "the carers have been every day since Friday",
    "I made myself a sandwich", "we had food from the food bank since Sunday", "I can hear his car, that'll be my son for the shopping",
    "I can't talk about the football, he's a Villa fan", "the bit about my arm getting stronger at physio", "I saved up for a holiday just in case",
    "I was sat in the same chair all afternoon reading", "he read my letters to me because my eyes are bad",
])
def test_ordinary_talk_near_those_words_is_not_flagged_by_them(rule_analysers, text):
    """The same words used safely raise no alert from the rules."""
    assert rule_analysers["personal"].analyse(text).flags == ()


@pytest.mark.parametrize("framework, text, wish", [
    ("personal", "cook my own tea staff do it all the time", "cooking my own tea"),
    ("personal", "dance and see my frends at the disko", "dancing and seeing my frends at the disko"),
    ("relational", "I could pay my rent and stop worrying about getting chucked out",
     "paying my rent and not worrying about getting chucked out"),
    ("personal", "I'd feel like a proper dad again", "feeling like a proper dad again"),
])
def test_a_wish_said_as_a_plain_verb_phrase_is_quoted_whole(analysers, framework, text, wish):
    """Kerry-Ann's "cook my own tea staff do it all the time" went on the board as "cook my own tea staff",
    her disco as "see my frends", Dave's rent as "my rent and stop": the model's evidence words, not hers."""
    assert analysers[framework].analyse(text).wish == wish


@pytest.mark.parametrize("text, wish", [("Tell us things, that's all", ""), ("Ring the allotment society for me", ""),
                                        ("I'd like it if staff stopped shouting at me", ""), ("I'd love it if my son visited more", ""),
                                        ("I'd like more hours from the agency", ""), ("I could feel myself getting low", ""),
                                        ("I could feel the pain coming back", ""),
                                        ("I'd say so, aye", ""), ("I could cry, honestly", ""),
                                        ("Get my flat back, that's all", "getting my flat back")])
def test_a_request_to_the_worker_or_a_remark_is_no_wish(analysers, text, wish):
    """Read whatever kind the models give: the phrase reading alone."""
    from assistant.nlp.quoting import wish_words

    assert wish_words(analysers["personal"].read(text)) == wish


def test_each_alert_sentence_says_how_it_reads_without_the_cues_written_from_misses(analysers):
    """Training chooses the model's threshold on this reading (cues.toml, harm_from_misses)."""
    only_new = analysers["personal"].read("There's a noose up in the garage, I put it there in March")
    assert only_new.flagged_sentences and only_new.without_misses == ("",)
    old_cue = analysers["personal"].read("He hits me when he's had a drink")
    assert old_cue.without_misses == ("cue",)
    assert analysers["personal"].read("I'd like to get back to the allotment").without_misses == ()


def test_an_alert_names_each_sentence_once_and_none_inside_another():
    """Jordan's alert quoted "…hold stuff at mine n i owe him lol" and then "n i owe him lol" again."""
    from assistant.conversation.records import distinct_sentences

    long = "theres this older lad keeps asking me to hold stuff at mine n i owe him lol"
    assert distinct_sentences([long, "n i owe him lol", long + " ", "he hits me"]) == (long, "he hits me")
