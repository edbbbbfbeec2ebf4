"""The journey in every format: pictures opened and measured, tables matching the stored ratings."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from assistant.frameworks import load_framework
from assistant.plan.render import render
from assistant.review.export import render_journey
from assistant.review.journey import build_journey, uk_date

from .helpers import review

HOSTILE = "<script>alert(1)</script> $x^2$ {{ 7*7 }} [bold]no[/bold] --> & 😀"


@pytest.fixture
def journey_db(store, jean):
    review(store, jean, ["about a 6 now", "My sister drove me over twice", "4", "Pat comes with me"], day="2026-04-10")
    review(store, jean, ["4, a hard month", HOSTILE, "5", "Pat walks on Tuesdays"], day="2026-07-08")
    return store, jean


def stored(store, cid):
    """(outcome words, rating) of every finished review, as saved."""
    words = {r["id"]: r["words"] for r in store.outcomes(cid)}
    return [(words[r["outcome_row"]], r["rating"]) for r in store.review_results(cid)]


def test_journey_holds_the_starting_point_and_every_review(journey_db):
    store, cid = journey_db
    journey = build_journey(store, cid)
    son, bowling = journey.outcomes
    assert [(p.label, p.on, p.rating) for p in son.points] == [
        ("At the start", "2026-01-10", 3), ("Review 1", "2026-04-10", 6), ("Review 2", "2026-07-08", 4)]
    assert son.points[2].setback and son.points[2].note == "a step back" and son.points[2].quote == HOSTILE
    assert [p.rating for p in bowling.points] == [4, 5]
    points = [(o.words, p.rating) for o in journey.outcomes for p in o.points if p.label != "At the start"]
    assert sorted(points) == sorted(stored(store, cid))


def test_png_is_a_picture_of_a_sensible_size(journey_db):
    image = Image.open(io.BytesIO(render_journey(build_journey(*journey_db), "png")))
    assert image.format == "PNG"
    width, height = image.size
    assert width == 1600 and 1000 < height < 4000


def test_svg_is_self_contained_and_keeps_the_persons_words_as_text(journey_db):
    svg = render_journey(build_journey(*journey_db), "svg").decode("utf-8")
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag.endswith("svg") and float(root.get("width").rstrip("pt")) > 500
    assert "<script" not in svg and not re.search(r'href="(https?:|//)', svg) and "@import" not in svg
    assert "font-face" not in svg and "url(" not in svg.replace("url(#", "")


def test_html_page_has_chart_and_a_table_matching_the_ratings(journey_db):
    store, cid = journey_db
    page = render_journey(build_journey(store, cid), "html").decode("utf-8")
    assert page.count("<svg") == 1 and 'role="img"' in page
    assert "<script>" not in page and "&lt;script&gt;" in page and "{{ 7*7 }}" in page
    assert not re.search(r'(src|href)="https?:', page)
    cells = re.findall(r'<td class="rating">(\d+)</td>', page)
    assert [int(c) for c in cells] == [3, 6, 4, 4, 5]
    assert uk_date("2026-07-08") == "8 July 2026" and "8 July 2026" in page
    assert "red" not in re.sub(r"<svg.*</svg>", "", page, flags=re.S).lower().replace("recorded", "")
    assert "fail" not in page.lower().replace("not a failure", "")


def test_text_chart_fits_80_columns(journey_db):
    text = render_journey(build_journey(*journey_db), "txt").decode("utf-8")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "○4" in text and "a step back:" in text


def test_plan_html_and_word_gain_my_journey_so_far(journey_db):
    from docx import Document

    store, cid = journey_db
    plan = store.plan_versions(cid)[-1]["content"]
    framework = load_framework("personal")
    html = render(plan, framework, "html").decode("utf-8")
    assert "My journey so far" in html and html.count("<svg") == 1
    assert html.index("My journey so far") < html.index("Strengths")
    document = Document(io.BytesIO(render(plan, framework, "docx")))
    assert "My journey so far" in [p.text for p in document.paragraphs]
    pictures = document.inline_shapes
    assert len(pictures) == 2 and all(p.width > 5_000_000 for p in pictures)  # one per outcome, 16 cm in EMU
    assert "journey" in pictures[0]._inline.docPr.get("descr")
    ratings = [row.cells[1].text for table in document.tables for row in table.rows[1:]
               if table.rows[0].cells[0].text == "When"]
    assert ratings == ["3", "6", "4", "4", "5"]
    markdown = render(plan, framework, "md").decode("utf-8")
    assert "## My journey so far" in markdown and "| Review 2, 8 July 2026 | 4 |" in markdown


def test_a_plan_before_any_review_has_no_journey_section(store, jean):
    from assistant.plan.model import latest_plan

    plan, _ = latest_plan(store, jean, load_framework("personal"))
    assert "My journey so far" not in render(plan, load_framework("personal"), "html").decode("utf-8")


def test_markdown_plan_has_the_review_next_steps_as_html_and_word_do(store, jean, analysers):
    from docx import Document

    review(store, jean, ["about a 6 now", "My sister drove me over twice", "Ring him every Sunday", "4",
                         "Pat comes with me", "Ask Pat about Tuesdays", "No, nothing new"],
           day="2026-04-10", depth="full", analyser=analysers["personal"])
    plan = store.plan_versions(jean)[-1]["content"]
    framework = load_framework("personal")
    html = render(plan, framework, "html").decode("utf-8")
    words = " ".join(c.text for t in Document(io.BytesIO(render(plan, framework, "docx"))).tables
                     for row in t.rows for c in row.cells)
    markdown = render(plan, framework, "md").decode("utf-8")
    for step in ("Ring him every Sunday", "Ask Pat about Tuesdays"):
        assert f"Next step: {step}" in html and f"Next step: {step}" in words
        assert f"Next step: {step}" in markdown
    assert "“My sister drove me over twice”" in markdown


LONG = ("being able to walk to the shop and the post office on my own again without needing to stop every few yards "
        "and without worrying about falling over on the way")


def long_journey(outcomes: int = 5, reviews: int = 4):
    from assistant.review.journey import Journey, JourneyPoint, OutcomeJourney

    points = tuple(JourneyPoint(f"2026-0{i + 1}-10", "At the start" if i == 0 else f"Review {i}", 3 + i,
                                said=f"about a {3 + i}", helped="my daughter came with me and that made all the difference",
                                next_step="try the corner shop") for i in range(reviews))
    return Journey("Arthur", False, tuple(OutcomeJourney(LONG, "walking to the shop", points, ended=(k == 1))
                                          for k in range(outcomes)))


def test_a_long_outcome_title_wraps_inside_the_chart():
    from assistant.review import chart

    picture = Image.open(io.BytesIO(render_journey(long_journey(2), "png"))).convert("L")
    width, height = picture.size
    edge = picture.crop((width - width // 100, 0, width, height))
    assert edge.getextrema()[0] > 200, "something is drawn against the right edge"
    for item in long_journey(2).outcomes:
        lines = chart._title(item)
        assert len(lines) >= 2 and all(chart._text_width(line, chart.FONT + 2, True) <= chart.WIDTH * 0.95
                                       for line, said in lines if not said)


def test_word_plan_is_a4_and_every_journey_picture_fits_the_page(store, jean):
    from docx import Document
    from docx.shared import Cm

    review(store, jean, ["about a 6 now", "My sister drove me over twice", "4", "Pat comes with me"], day="2026-04-10")
    plan = store.plan_versions(jean)[-1]["content"]
    plan["journey"] = long_journey(5, 9).to_dict()
    document = Document(io.BytesIO(render(plan, load_framework("personal"), "docx")))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1) and abs(section.page_height - Cm(29.7)) < Cm(0.1)
    room_wide = section.page_width - section.left_margin - section.right_margin
    room_high = section.page_height - section.top_margin - section.bottom_margin
    pictures = document.inline_shapes
    assert len(pictures) == 5
    for picture in pictures:
        assert picture.width <= room_wide and picture.height <= room_high


def test_an_outcome_left_out_of_the_persons_journey_is_counted_for_the_practitioner(store, analysers):
    from assistant.review.journey import person_journey

    from .helpers import conversation

    cid = conversation(store, analysers["personal"], [("I want to see my son more", None),
                                                      ("He hits me when he's been drinking", None)])
    assert store.alerts(cid)
    # The practitioner added, by hand, an outcome in the words of the answer that raised the alert.
    row = store.add_outcome(cid, "He hits me when he's been drinking", ["qol.feeling_safe"])
    store.update_outcome(row, status="accepted")
    review(store, cid, ["5", "the bus", "3", "the housing officer"])
    full, shown = build_journey(store, cid), person_journey(store, cid)
    assert len(shown.outcomes) == len(full.outcomes) - 1 == 1 and shown.left_out == 1
    assert "1 more outcome not shown" in shown.left_out_note and "safeguarding alert" in shown.left_out_note
    assert build_journey(store, cid).left_out == 0 and not build_journey(store, cid).left_out_note
    # Doreen's practitioner included such an outcome in her plan; her journey still left it out.
    plan = store.plan_versions(cid)[-1]["content"]
    for item in plan["held_back"]:
        item["include"] = item["section"] == "outcomes" and "hits me" in item["words"]
    assert any(item["include"] for item in plan["held_back"])
    store.save_plan_version(cid, plan, "practitioner")
    shown = person_journey(store, cid)
    assert len(shown.outcomes) == 2 and shown.left_out == 0
    from assistant.plan.model import person_copy

    assert len(person_copy(store.plan_versions(cid)[-1]["content"])["journey"]["outcomes"]) == 2


def test_the_small_step_from_a_relational_review_is_in_every_plan_format_but_not_if_it_raised_an_alert(store, analysers):
    from docx import Document

    from assistant.plan.model import person_copy

    from .helpers import conversation

    cid = conversation(store, analysers["relational"], [("I want to see my daughter Kayla every week", None)])
    review(store, cid, ["about a 4", "her mum lets me see her", "Ring Kayla's mum on Sunday", "No, nothing new"],
           depth="full", analyser=analysers["relational"])
    plan = store.plan_versions(cid)[-1]["content"]
    framework = load_framework("relational")
    step = "Ring Kayla's mum on Sunday"
    assert step in render(plan, framework, "md").decode("utf-8").replace("\\", "")
    assert "Ring Kayla&#39;s mum on Sunday" in render(plan, framework, "html").decode("utf-8")
    assert any(step in p.text for p in Document(io.BytesIO(render(plan, framework, "docx"))).paragraphs)

    review(store, cid, ["5", "the contact centre", "Tell the police he hit me again last night", "No"],
           day="2026-07-08", depth="full", analyser=analysers["relational"])
    plan = store.plan_versions(cid)[-1]["content"]
    assert "hit me again" in render(plan, framework, "md").decode("utf-8")
    assert "hit me again" not in render(plan, framework, "md", include_safeguarding=False).decode("utf-8")
    # The step agreed at the first review stays, dated (Dean's went when the second review was saved).
    for copy in (True, False):
        text = render(plan, framework, "md", include_safeguarding=copy).decode("utf-8").replace("\\", "")
        assert "earlier reviews" in text and "Review 1 (10 April 2026): Ring Kayla's mum on Sunday" in text
    assert "Review 1 (10 April 2026): Ring Kayla&#39;s mum on Sunday" in render(plan, framework, "html").decode("utf-8")
    assert any("Ring Kayla" in p.text for p in Document(io.BytesIO(render(plan, framework, "docx"))).paragraphs)
    review(store, cid, ["6", "the contact centre", "Ask about a weekend", "No"], day="2026-10-08", depth="full",
           analyser=analysers["relational"])
    plan = store.plan_versions(cid)[-1]["content"]
    assert [e["number"] for e in plan["earlier_small_steps"]] == [1, 2]
    assert [e["number"] for e in person_copy(plan)["earlier_small_steps"]] == [1]  # review 2's step raised an alert


def test_the_journey_speaks_in_the_first_person_in_every_copy():
    """Tariq: Lorraine's copy said "in my own words" over a table headed "In the person's words"."""
    from assistant.review.journey import journey_headings

    for cowrite in (True, False):
        assert journey_headings(cowrite)["words"] == "In my words" and "my own words" in journey_headings(cowrite)["intro"]
