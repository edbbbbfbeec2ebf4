"""The journey on its own: SVG, PNG, a self-contained HTML page, or text."""

from __future__ import annotations

from assistant.errors import ExportError
from assistant.review.journey import Journey, journey_headings

FORMATS = ("svg", "png", "html", "txt")


def render_journey(journey: Journey, fmt: str) -> bytes:
    from assistant.review import chart

    if fmt == "svg":
        return chart.journey_svg(journey).encode("utf-8")
    if fmt == "png":
        return chart.journey_png(journey)
    if fmt == "html":
        from assistant.plan.render import _environment

        headings = journey_headings(journey.cowrite)
        headings["page_title"] = f"{journey.person}: my journey so far" if journey.person else headings["page_title"]
        page = _environment(True).get_template("journey.html.j2").render(
            journey=journey, jh=headings, journey_svg=chart.inline_svg(journey, headings["chart_label"]))
        return page.encode("utf-8")
    if fmt == "txt":
        from assistant.review.textchart import journey_text

        return (journey_text(journey) + "\n").encode("utf-8")
    raise ExportError(f"Unknown format '{fmt}'.", hint=f"Use one of: {', '.join(FORMATS)}.")
