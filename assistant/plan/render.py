"""Render a plan to Markdown, a printable HTML page or a Word document, and write it safely.

Templates live beside this module. The person's words are data everywhere:
Markdown and HTML are escaped, template syntax in an answer stays literal,
control characters Word cannot hold are dropped without losing the rest.
"""

from __future__ import annotations

import io
import re
from datetime import date

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from assistant.errors import ExportError
from assistant.frameworks import Framework
from assistant.nlp.text import strip_control
from assistant.plan.model import (HELPER_WORDS, HELPERS, PLAIN_VERIFICATION, RISK_TO, VERIFICATION, category_labels, person_copy,
                                   readable_summary)
from assistant.plan.smart import check_plan
from assistant.plan.dates import plain_date
from assistant.plan.template import docx_template
from assistant.review.journey import Journey, journey_headings, uk_date

FORMATS = ("md", "html", "docx")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Escaped wherever they stand: they start code, links, HTML, emphasis (even inside a word, and
# across two values printed side by side), table cells, headings' closing marks, strike-through.
_MD_SPECIAL = re.compile(r"([\\`\[\]<>|#~*])")
# An underscore between two letters or digits (snake_case) cannot start or end emphasis; elsewhere it can.
_MD_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# At the start of a line, indentation makes code; these marks make a list, a quote, a heading underline or a rule.
_MD_INDENT = re.compile(r"(?m)^[ \t]+")
_MD_LINE_START = re.compile(r"(?m)^([>+=-])")
_MD_ORDERED = re.compile(r"(?m)^(\d+)([.)])")
# An entity such as &lt; would show as a different character than was typed.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def clean(value) -> str:
    """Text fit for every format: control characters Word cannot hold are removed."""
    return _NOT_XML.sub("", strip_control(str(value)))


class MarkdownText(str):
    """Text already escaped for Markdown, so that the template does not escape it twice."""


def md_escape(value) -> MarkdownText:
    """Escape what would change Markdown's meaning; braces and the rest stay as typed."""
    if isinstance(value, MarkdownText):
        return value
    text = _MD_SPECIAL.sub(r"\\\1", clean(value))
    text = _MD_UNDERSCORE.sub(r"\\_", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    text = _MD_INDENT.sub("", text)
    text = _MD_LINE_START.sub(r"\\\1", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    return MarkdownText(text.replace("\n", "  \n"))


def md_cell(value: str) -> MarkdownText:
    """One line of Markdown, for a table cell or a heading, where a line break would end it."""
    return MarkdownText(" ".join(md_escape(value).split()))


def cowrite_supporter(framework: str) -> str:
    """Who else may sign a person's own plan: a carer, for someone who has one; anyone they choose for a carer
    themself (their own plan is not signed by the person they care for) or where no carer is usual."""
    return "My carer, if I have one" if framework == "personal" else "Someone who supports me, if I want"


def with_included(plan: dict) -> dict:
    """The practitioner's copy holds everything the person's does: held-back strengths and people that were
    included join their lists (Priya's included strengths were in Janet's copy and nowhere in her own), and
    a drafted "what matters" names every outcome rather than only those that were never held back."""
    included = [h for h in plan.get("held_back", []) if h.get("include")]
    plan = {**plan, **{section: [*plan.get(section, []), *[h["words"] for h in included if h["section"] == section
                                                           and h["words"] not in plan.get(section, [])]]
                       for section in ("strengths", "people")}}
    drafted = readable_summary([o["words"] for o in plan.get("outcomes", []) if not o.get("held_back")])
    if plan.get("summary", "") == drafted:
        plan["summary"] = readable_summary([o["words"] for o in plan.get("outcomes", [])])
    return plan


def _row_property(row, tag: str) -> None:
    """Set a Word table row property (w:tblHeader, w:cantSplit) that python-docx has no setting for."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "true")
    properties.append(element)


def risk_to_words(to: str, plan: dict, cowrite: bool) -> str:
    """Who a risk is to, from the plan's own point of view: "me" on the plan screen (saved as "person") is
    the person the plan is for ("to Janet", or "to me" in their own words). In a carer's own plan the carer
    is that person too, so "to a carer" also means them."""
    name = " ".join(clean(plan.get("person") or "").split())
    theirs = "to me" if cowrite else (f"to {name}" if name else RISK_TO["person"])
    if to == "person" or (to == "carer" and plan.get("framework") == "carer"):
        return theirs
    if to == "cared_for" and cowrite:
        return "to the person I care for"
    return RISK_TO.get(to, to)


# What the safeguarding section says, in the practitioner's words even in a co-written plan's practitioner copy.
ALERT_HEADINGS = ("alerts", "alerts_note", "acknowledged", "not_acknowledged", "no_alerts", "safety_reply")


def copy_headings(plan: dict, cowrite: bool, show_alerts: bool) -> dict:
    """The headings of this copy. A co-written plan's practitioner copy (with its safeguarding section) keeps
    the person's headings but says whose copy it is, and its safeguarding section is the practitioner's: it
    must never read as the person's own, to be handed over (in supported living the concern may be a worker)."""
    h = headings(plan, cowrite)
    if not show_alerts:
        return h if cowrite else {**h, "area": "This is about"}
    if cowrite:
        practitioner = headings(plan, False)
        h = {**h, **{key: practitioner[key] for key in ALERT_HEADINGS},
             "title": f"{h['title']} (practitioner's copy, not for the person)"}
    return h


def headings(plan: dict, cowrite: bool) -> dict:
    name = " ".join(clean(plan.get("person") or "the person").split())  # it stands in headings: one line
    supporter = cowrite_supporter(plan.get("framework", ""))
    if cowrite:
        return {
            "title": "My support plan", "meta": f"{name} · written together", "what_matters": "What matters to me",
            "outcomes": "What I want to change", "no_outcomes": "I haven't agreed any outcomes yet.",
            "first_said": "How it was first written", "area": "This is about", "why": "Why it matters to me",
            "good": "What good looks like", "how_know": "How I'll know", "compromise": "What we agreed instead",
            "who_helps": "Who will help", "milestones": "My steps", "step": "Step", "by": "By when",
            "no_date": "no date yet", "no_steps": "No steps yet.", "risks": "Worries and how I'll handle them",
            "risk": "Worry", "likelihood": "How likely", "impact": "How serious", "managed": "What will help",
            "smart": "Things to think about", "strengths": "What I can do, know and enjoy",
            "people": "People who matter to me", "not_agreed": "What couldn't be agreed or provided",
            "alternatives": "other ideas", "nothing_recorded": "Nothing recorded.", "none_yet": "None written down yet.",
            "nothing_yet": "Not written yet.", "alerts": "Safeguarding", "alerts_note": "Concerns raised during our conversation.",
            "acknowledged": "acknowledged", "not_acknowledged": "not yet acknowledged", "no_alerts": "None.",
            "safety_reply": "What I said when asked if I was safe",
            "review": "When we'll look at this again", "review_date": "We'll look again on", "agreement": "Agreement",
            "next_meeting": "When and where I'd like to meet",
            "small_step": "My next small step (agreed at my last review)",
            "earlier_steps": "Small steps I agreed at earlier reviews",
            "person_comments": "My comments", "carer": supporter, "practitioner": "My worker",
            "signed": "Signed", "date": "Date", "signers": ("Me", supporter, "My worker"),
            "unchecked": "Some answers have not been checked yet. Open the conversation again to finish.",
            "held_back": "Kept out of my copy",
            # A person's own plan reads as a plan, not a form: words for what is still to write, and only
            # the helpers written in.
            "blank": "not written yet", "nobody_yet": "Nobody written in yet.",
            "held_outcome": "Kept out of my own copy for now: it came from, or repeats, something my worker needs to look at with me.",
        }
    # A carer's own plan is the carer's: the other line to sign is for anyone who supports them, not "Carer".
    others = "Carer" if plan.get("framework") in {"personal", ""} else "Someone who supports them (if wanted)"
    return {
        "title": f"Support plan: {name}", "meta": f"Outcomes framework: {clean(plan.get('framework_title', ''))}",
        "what_matters": f"What matters to {name}", "outcomes": "Agreed outcomes",
        "no_outcomes": "No outcomes agreed yet: agree them on the outcomes board.", "first_said": "First written as",
        "area": "Framework category", "why": "Why it matters", "good": "What good looks like",
        "how_know": "How we will know", "compromise": "Compromise agreed, and why", "who_helps": "Who will help",
        "milestones": "Milestones", "step": "Milestone", "by": "By", "no_date": "no date yet",
        "no_steps": "No milestones yet.", "risks": "Risks and how they are managed", "risk": "Risk",
        "likelihood": "Likelihood", "impact": "Impact", "managed": "How it is managed (positive risk-taking)",
        "smart": "SMART check", "strengths": f"Strengths: what {name} can do, knows and enjoys",
        "people": "People who matter", "not_agreed": "What could not be agreed or provided",
        "alternatives": "alternatives considered", "nothing_recorded": "Nothing recorded.", "none_yet": "None recorded yet.",
        "nothing_yet": "Not written yet.", "alerts": "Safeguarding alerts (practitioner only)",
        "alerts_note": "Raised during the conversation, with what was done.", "acknowledged": "acknowledged",
        "not_acknowledged": "NOT YET ACKNOWLEDGED", "no_alerts": "None raised.", "review": "Review",
        "safety_reply": "Reply to the safety question",
        "review_date": "Review date", "agreement": "Agreement", "person_comments": f"Comments from {name}",
        "next_meeting": f"When and where {name} would like to meet",
        "small_step": "Small step agreed at the last review",
        "earlier_steps": "Small steps agreed at earlier reviews",
        "signed": "Signed", "date": "Date", "signers": (name, others, "Practitioner"),
        "unchecked": "NOT YET CHECKED: {n} answer(s) were saved but not yet read for safeguarding (the program stopped). "
                     "Open the conversation, or run `outcomes transcript`, to finish before relying on this section.",
        "held_back": "Held back from the person's copy (from, or repeating the words of, an answer that raised an alert, and where and when "
                     "to meet while there is an alert; include them on the plan screen one by one)",
        "carer": others, "practitioner": "Practitioner", "blank": "—", "nobody_yet": "—",
        "held_outcome": "Held back from the person's copy: it came from, or repeats, an answer that raised an alert. "
                        "Include it on the plan screen if it is safe and right for them to have it.",
    }


def plan_context(plan: dict, framework: Framework, *, include_safeguarding: bool | None = None,
                 today: date | None = None) -> dict:
    cowrite = plan.get("mode") == "cowrite"
    show_alerts = (not cowrite) if include_safeguarding is None else include_safeguarding
    if not show_alerts:
        # The person's copy: nothing from an answer that raised an alert, unless included one by one.
        plan = person_copy(plan)
    else:
        plan = with_included(plan)
    hints = check_plan(plan, today=today)
    # A plan says "18 February 2027", not "2027-02-18" (the hints above read the plan as written).
    plan = {**plan, "review_date": plain_date(plan.get("review_date", "")),
            "outcomes": [{**o, "milestones": [{**m, "by": plain_date(m.get("by", ""))} for m in o.get("milestones", [])]}
                         for o in plan.get("outcomes", [])]}
    verification = PLAIN_VERIFICATION if cowrite else VERIFICATION
    outcomes = []
    included = {h.get("original_words") for h in plan.get("held_back", []) if h.get("include")}
    for index, outcome in enumerate(plan.get("outcomes", [])):
        item = dict(outcome)
        item["who_helps"] = {k: outcome.get("who_helps", {}).get(k, "") for k in HELPERS}
        # The person's copy (co-written, or exported for them) speaks plainly: no codes, no drafting notes.
        item["labels"] = category_labels(plan, framework, outcome, cowrite or not show_alerts)
        item["held_note"] = bool(show_alerts and outcome.get("held_back") and outcome.get("original_words") not in included)
        item["verification_words"] = [verification.get(v, v) for v in outcome.get("verification", [])]
        item["risks"] = [{**r, "to_words": risk_to_words(r.get("to", ""), plan, cowrite)} for r in outcome.get("risks", [])]
        # Drafting hints belong on the plan screen; the person's own plan is their plan, not marked work.
        item["hints"] = [] if cowrite or not show_alerts else (hints["outcomes"][index] if index < len(hints["outcomes"]) else [])
        outcomes.append(item)
    helper_words = dict(HELPER_WORDS)
    if cowrite:
        helper_words["self"] = "Me"
    else:
        # Both copies of a practitioner's plan speak of the person by name ("Gary"), as their headings do.
        helper_words["self"] = " ".join(clean(plan.get("person") or "").split()) or "The person themself"
    blank = headings(plan, cowrite)["blank"]
    for item in outcomes:
        rows = [(helper_words[k], item["who_helps"][k]) for k in HELPERS]
        item["helpers_shown"] = [(label, text) for label, text in rows if text] if cowrite else [(label, text or blank) for label, text in rows]
    journey = Journey.from_dict(plan["journey"]) if plan.get("journey") else None
    return {
        "plan": {**plan, "agreement": {**{"person_comments": "", "carer": "", "practitioner": ""}, **plan.get("agreement", {})}},
        "outcomes": outcomes,
        # The person's copy of a practitioner's plan: "This is about", not "Framework category" (its labels are plain too).
        "h": copy_headings(plan, cowrite, show_alerts),
        "show_alerts": show_alerts,
        "unchecked": int(plan.get("unchecked") or 0),
        "held_back": [h for h in plan.get("held_back", []) if not h.get("include")] if show_alerts else [],
        # "My journey so far", once a review has given ratings (the chart is drawn only for HTML and Word).
        "journey": journey if journey and journey.has_ratings else None,
        "earlier_steps": [f"Review {e.get('number')} ({plain_date(e.get('date', ''))}): {e.get('step', '')}"
                          for e in plan.get("earlier_small_steps", []) if e.get("step")],
        "jh": journey_headings(cowrite),
        "journey_svg": "",
    }


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("assistant.plan", "templates"),
        autoescape=select_autoescape(["html", "html.j2"]) if autoescape else False,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["cell"] = md_cell
    env.filters["ukdate"] = uk_date
    if autoescape:
        # Our own markup (the journey chart) stays as it is; every other string is cleaned and escaped.
        env.finalize = lambda value: clean(value) if isinstance(value, str) and not isinstance(value, Markup) else value
    else:
        # Markdown has no autoescape: every text value is escaped unless a filter already did it (or it is
        # our own markup), so a heading holding the person's name is as safe as a paragraph.
        env.finalize = lambda value: md_escape(value) if isinstance(value, str) and not isinstance(value, Markup) else value
    return env


def render_markdown(plan: dict, framework: Framework, **options) -> str:
    text = _environment(False).get_template("plan.md.j2").render(**plan_context(plan, framework, **options))
    return re.sub(r"\n{3,}", "\n\n", text)


def render_html(plan: dict, framework: Framework, **options) -> str:
    ctx = plan_context(plan, framework, **options)
    if ctx["journey"]:
        from assistant.review.chart import inline_svg

        ctx["journey_svg"] = inline_svg(ctx["journey"], ctx["jh"]["chart_label"])
    return _environment(True).get_template("plan.html.j2").render(**ctx)


def render_docx(plan: dict, framework: Framework, **options) -> bytes:
    """A Word document with real headings and tables, from the same context as the templates."""
    from docx import Document
    from docx.shared import Cm, RGBColor

    ctx = plan_context(plan, framework, **options)
    h, p = ctx["h"], ctx["plan"]
    # The Word template holds the styles; an organisation can put its own in the config folder.
    doc = Document(str(docx_template()))

    def para(text: str, *, bold_label: str = "", italic: bool = False):
        paragraph = doc.add_paragraph()
        if bold_label:
            paragraph.add_run(clean(bold_label) + ": ").bold = True
        run = paragraph.add_run(clean(text))
        run.italic = italic
        return paragraph

    def table(header: list[str] | None, rows: list[list[str]], widths=None):
        """A grid with a bold header row, or with bold row labels when there is no header; `widths` fixes
        the columns (Word otherwise gives each the same share, squeezing long words into a narrow one)."""
        columns = len(header) if header else len(rows[0])
        grid = doc.add_table(rows=0, cols=columns)
        grid.style = "Table Grid"
        if widths:
            grid.autofit = False
        if header:
            first = grid.add_row()
            _row_property(first, "w:tblHeader")  # repeated at the top of each page the table runs onto
            for cell, text in zip(first.cells, header):
                cell.paragraphs[0].add_run(clean(text)).bold = True
                cell.paragraphs[0].paragraph_format.keep_with_next = True  # never alone at a page's foot
        for row in rows:
            added = grid.add_row()
            _row_property(added, "w:cantSplit")  # a row is read whole, not broken across pages
            cells = added.cells
            for position, (cell, text) in enumerate(zip(cells, row)):
                run = cell.paragraphs[0].add_run(clean(text))
                run.bold = header is None and position == 0
        if widths:
            for column, width in zip(grid.columns, widths):
                column.width = width
            for row in grid.rows:
                for cell, width in zip(row.cells, widths):
                    cell.width = width
        doc.add_paragraph()

    doc.add_heading(clean(h["title"]), level=0)
    para(h["meta"], italic=True)
    doc.add_heading(clean(h["what_matters"]), level=1)
    para(p.get("summary") or h["nothing_yet"])
    doc.add_heading(clean(h["outcomes"]), level=1)
    if not ctx["outcomes"]:
        para(h["no_outcomes"], italic=True)
    for number, o in enumerate(ctx["outcomes"], start=1):
        doc.add_heading(f"{number}. {clean(o['words'])}", level=2)
        if o.get("original_words") and o["original_words"] != o["words"]:
            para(o["original_words"], bold_label=h["first_said"], italic=True)
        if o["held_note"]:
            para(h["held_outcome"], italic=True)
        if o["labels"]:
            para("; ".join(o["labels"]), bold_label=h["area"])
        para(o.get("why_it_matters") or h["blank"], bold_label=h["why"])
        para(o.get("good_looks_like") or h["blank"], bold_label=h["good"])
        para("; ".join(o["verification_words"]) or h["blank"], bold_label=h["how_know"])
        if o.get("compromise"):
            para(o["compromise"], bold_label=h["compromise"])
        doc.add_heading(clean(h["who_helps"]), level=3)
        if o["helpers_shown"]:
            table(None, [[label, text] for label, text in o["helpers_shown"]])
        else:
            para(h["nobody_yet"], italic=True)
        doc.add_heading(clean(h["milestones"]), level=3)
        if o.get("milestones"):
            table([h["step"], h["by"]], [[m.get("what", ""), m.get("by") or h["no_date"]] for m in o["milestones"]])
        else:
            para(h["no_steps"], italic=True)
        if o["risks"]:
            doc.add_heading(clean(h["risks"]), level=3)
            table([h["risk"], h["likelihood"], h["impact"], h["managed"]],
                  [[f"{r['to_words']}: {r.get('description', '')}", r.get("likelihood", ""), r.get("impact", ""), r.get("management", "")] for r in o["risks"]],
                  widths=(Cm(5.2), Cm(2.8), Cm(2.2), Cm(5.8)))
        if o["hints"]:
            hint = para(" · ".join(o["hints"]), bold_label=h["smart"], italic=True)
            for run in hint.runs:
                run.font.color.rgb = RGBColor(0x80, 0x60, 0x00)
    if ctx["journey"]:
        add_journey(doc, ctx["journey"], ctx["jh"], para, table)
    for heading, items in ((h["strengths"], p.get("strengths", [])), (h["people"], p.get("people", []))):
        doc.add_heading(clean(heading), level=1)
        if items:
            for item in items:
                doc.add_paragraph(clean(item), style="List Bullet")
        else:
            para(h["none_yet"], italic=True)
    doc.add_heading(clean(h["not_agreed"]), level=1)
    if p.get("not_agreed"):
        for item in p["not_agreed"]:
            text = item.get("what", "") + (f" — {h['alternatives']}: {item['alternatives']}" if item.get("alternatives") else "")
            doc.add_paragraph(clean(text), style="List Bullet")
    else:
        para(h["nothing_recorded"], italic=True)
    if ctx["show_alerts"]:
        doc.add_heading(clean(h["alerts"]), level=1)
        para(h["alerts_note"])
        if ctx["unchecked"]:
            para(h["unchecked"].format(n=ctx["unchecked"]), italic=False)
        for alert in p.get("alerts", []):
            state = (f"{h['acknowledged']} {alert['acknowledged'][:16].replace('T', ' ')} ({alert['by']}): {alert['action'] or '—'}"
                     if alert.get("acknowledged") else h["not_acknowledged"])
            doc.add_paragraph(clean(f"{alert['raised'][:16].replace('T', ' ')}: “{alert['words']}” — {state}"), style="List Bullet")
            if alert.get("reply"):
                doc.add_paragraph(clean(f"{h['safety_reply']}: “{alert['reply']}”"), style="List Bullet 2")
        if not p.get("alerts") and not ctx["unchecked"]:
            para(h["no_alerts"], italic=True)
        if ctx["held_back"]:
            para(h["held_back"])
            for item in ctx["held_back"]:
                doc.add_paragraph(clean(item["words"]), style="List Bullet")
    doc.add_heading(clean(h["review"]), level=1)
    para(p.get("review_date") or h["no_date"], bold_label=h["review_date"])
    if p.get("next_meeting"):
        para(p["next_meeting"], bold_label=h["next_meeting"])
    if (p.get("last_review") or {}).get("small_step"):
        para(p["last_review"]["small_step"], bold_label=h["small_step"])
    if ctx["earlier_steps"]:
        para("", bold_label=h["earlier_steps"])
        for line in ctx["earlier_steps"]:
            doc.add_paragraph(clean(line), style="List Bullet")
    doc.add_heading(clean(h["agreement"]), level=1)
    table(None, [[h["person_comments"], p["agreement"].get("person_comments", "")],
                     [h["carer"], p["agreement"].get("carer", "")],
                     [h["practitioner"], p["agreement"].get("practitioner", "")]])
    # Room to sign and date by hand.
    table(None, [[f"{who}: {h['signed']}", "", h["date"], ""] for who in h["signers"]])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def add_journey(doc, journey: Journey, jh: dict, para, table) -> None:
    """"My journey so far" in Word: the chart as a picture (with a description), then a table per outcome."""
    from docx.shared import Cm

    from assistant.review.chart import journey_png

    doc.add_heading(clean(jh["title"]), level=1).paragraph_format.keep_with_next = True
    para(jh["intro"], italic=True).paragraph_format.keep_with_next = True
    section = doc.sections[-1]
    room_wide = section.page_width - section.left_margin - section.right_margin
    room_high = int((section.page_height - section.top_margin - section.bottom_margin) * 0.9)  # a heading may share the page
    widths = (Cm(3.4), Cm(1.9), Cm(4.2), Cm(6.5))
    for number, item in enumerate(journey.outcomes, start=1):
        # One picture per outcome, scaled to the page's text width and height: a long journey never runs off the page.
        picture = journey_png(journey, only=number, legend=number == 1)
        width, height = _png_size(picture)
        scale = min(room_wide / width, room_high / height)
        doc.add_picture(io.BytesIO(picture), width=int(width * scale), height=int(height * scale))
        doc.inline_shapes[-1]._inline.docPr.set("descr", clean(f"{jh['chart_label']} ({number})"))
        if number == 1:
            para(jh["caption"], italic=True)
        title = f"{number}. {item.words}" + (f" ({jh['first_said']}: {item.original_words})" if item.original_words != item.words else "")
        heading = doc.add_heading(clean(title + (f" ({jh['ended']})" if item.ended else "")), level=3)
        heading.paragraph_format.keep_with_next = True
        rows = []
        for p in item.points:
            words = "\n".join(part for part in (f"\u201c{p.said_words}\u201d" if p.said_words and p.said_words != p.quote else "",
                                                f"\u201c{p.quote}\u201d" if p.quote else "",
                                                f"{jh['next']}: {p.next_step}" if p.next_step else "") if part)
            rows.append([f"{p.label}, {uk_date(p.on)}", str(p.rating) if p.rating is not None else jh["no_number"],
                         "; ".join(dict.fromkeys(part for part in (p.status_words, p.note) if part)) or "—", words or "—"])
        if rows:
            table([jh["when"], jh["rating"], jh["where"], jh["words"]], rows, widths=widths)


def _png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, read from its header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def render(plan: dict, framework: Framework, fmt: str, **options) -> bytes:
    if fmt == "md":
        return render_markdown(plan, framework, **options).encode("utf-8")
    if fmt == "html":
        return render_html(plan, framework, **options).encode("utf-8")
    if fmt == "docx":
        return render_docx(plan, framework, **options)
    raise ExportError(f"Unknown format '{fmt}'.", hint=f"Use one of: {', '.join(FORMATS)}.")
