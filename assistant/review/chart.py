"""The journey as a picture (SVG for web pages, PNG for Word), drawn with matplotlib.

One panel per outcome: the person's ratings over time on the left, their words
at each point on the right. A step back is a hollow circle on a dashed line with
the person's explanation beside it, in the same calm colours as every other
point: never red, never "failure". matplotlib is imported here only, when a
chart is drawn, so the app starts as fast as before. Text is drawn as shapes
(nothing to fetch, no fonts needed to view it), and the person's words are
never read as maths or markup.
"""

from __future__ import annotations

import io
import textwrap

from assistant.review.journey import Journey, OutcomeJourney, uk_date

INK, ACCENT, MUTED, GRID, SOFT = "#1d2430", "#2a5d8f", "#5a6473", "#d5dae1", "#f3f6fa"
WIDTH = 8.0  # inches: fits an A4 page's text width when scaled to 16 cm
FONT = 12.0
LINE = FONT * 1.45 / 72  # one line of text, in inches
QUOTE_CHARS = 42
QUOTE_LINES = 3


def _wrap(text: str, width: int = QUOTE_CHARS, lines: int = QUOTE_LINES) -> list[str]:
    wrapped = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def _entries(item: OutcomeJourney) -> list[list[tuple[str, str]]]:
    """For each point: lines of (text, kind) for the column of the person's words."""
    entries = []
    for point in item.points:
        rating = f"{point.rating} out of 10" if point.rating is not None else "no number"
        lines = [(f"{uk_date(point.on, short=True)} · {point.label} · {rating}", "head")]
        if point.status == "no_longer_wanted":
            lines.append(("no longer wanted", "note"))
        elif point.new_words:
            lines += [(line, "note") for line in _wrap(f"put in new words: {point.new_words}", lines=2)]
        elif point.setback:
            lines.append(("a step back:" if point.quote else "a step back, part of the journey", "note"))
        elif point.status == "changed":
            lines.append(("what I want has changed", "note"))
        elif point.status == "achieved":
            lines.append(("just as I want it", "note"))
        if point.quote:
            lines += [(line, "quote") for line in _wrap(f"\u201c{point.quote}\u201d")]
        entries.append(lines)
    return entries


TITLE_LEFT, TITLE_RIGHT = 0.05, 0.97  # the title's room across the figure (fractions of WIDTH)
ENDED_ROOM = 1.6  # inches kept free on the right for "no longer wanted"


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide a line is drawn, in inches, in the chart's font (measured, not guessed)."""
    import matplotlib
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    if not text.strip():
        return 0.0
    font = FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")
    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
        return TextPath((0, 0), text, size=size, prop=font).get_extents().width / 72


def _wrap_to(text: str, inches: float, size: float, bold: bool, lines: int) -> list[str]:
    """Wrap to a width in inches; a word too long for a line is broken; the last line ends in … if cut."""
    words = " ".join(str(text).split())[:60 * lines].split(" ")  # more than fits in `lines` lines is never drawn
    out: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if _text_width(candidate, size, bold) <= inches:
            line = candidate
            continue
        if line:
            out.append(line)
        line = word
        while _text_width(line, size, bold) > inches and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and _text_width(line[:cut], size, bold) > inches:
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and _text_width(last + "…", size, bold) > inches:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out


def _title(item: OutcomeJourney) -> list[tuple[str, bool]]:
    """The outcome's words as a heading, wrapped to the figure, then (dimmer) the words it was first written in: (line, is_first_said)."""
    room = (TITLE_RIGHT - TITLE_LEFT) * WIDTH - (ENDED_ROOM if item.ended else 0)
    lines = [(line, False) for line in _wrap_to(item.words, room, FONT + 2, True, 3)]
    if item.original_words and item.original_words != item.words:
        lines += [(line, True) for line in _wrap_to(f"first written as: {item.original_words}", room, FONT, False, 2)]
    return lines


LEGEND = ("Each time we looked: my own rating, from 1 (nowhere near) to 10 (just as I want it).",
          "A hollow circle is a step back: part of a longer journey, not a failure.",
          "A star: just as I want it. A diamond: put in new words.")
HEADER = 0.62 + LINE * 1.2 * (len(LEGEND) - 2)  # inches at the top: what the numbers and the marks mean


def _title_height(item: OutcomeJourney) -> float:
    return 0.12 + len(_title(item)) * LINE * 1.25


def _panel_height(item: OutcomeJourney) -> float:
    text_lines = sum(len(e) + 0.45 for e in _entries(item))
    return _title_height(item) + max(2.1, text_lines * LINE + 0.25) + 0.2


def draw_journey(journey: Journey, only: int | None = None, legend: bool = True):
    """A matplotlib Figure of the whole journey, or of outcome number `only` (1 and up), for a page at a time.
    The caller saves it. Sizes are worked out in inches."""
    from matplotlib.figure import Figure

    numbered = list(enumerate(journey.outcomes, start=1))
    if only is not None:
        numbered = [numbered[only - 1]]
    heights = [_panel_height(o) for _, o in numbered]
    header = HEADER if legend else 0.0
    total = header + sum(heights) + 0.1
    figure = Figure(figsize=(WIDTH, total), facecolor="white")
    if legend:
        for number, line in enumerate(LEGEND):
            figure.text(0.015, 1 - (0.12 + number * LINE * 1.2) / total, line, va="top", fontsize=FONT - 0.5, color=MUTED)
    top = header
    for (number, item), height in zip(numbered, heights):
        _draw_outcome(figure, item, number, top, height, total)
        top += height
    return figure


def _draw_outcome(figure, item: OutcomeJourney, number: int, top: float, height: float, total: float) -> None:
    """One outcome: its words as a heading, the chart on the left, the person's words on the right."""

    def y(inches_from_top: float) -> float:
        return 1 - inches_from_top / total

    title = _title(item)
    figure.text(0.015, y(top + 0.12), f"{number}.", fontsize=FONT + 2, color=ACCENT, fontweight="bold", va="top")
    for index, (line, said) in enumerate(title):
        figure.text(TITLE_LEFT, y(top + 0.12 + index * LINE * 1.25), line, va="top", fontsize=FONT if said else FONT + 2,
                    color=MUTED if said else INK, fontweight="normal" if said else "bold",
                    fontstyle="italic" if said else "normal")
    if item.ended:
        figure.text(0.99, y(top + 0.12), "no longer wanted", ha="right", va="top", fontsize=FONT, color=MUTED,
                    fontstyle="italic")
    body_top = top + _title_height(item) + 0.12
    body_bottom = top + height - 0.1
    chart = figure.add_axes([0.075, y(body_bottom - 0.05) + 0.32 / total, 0.41, (body_bottom - body_top - 0.45) / total])
    column = figure.add_axes([0.53, y(body_bottom), 0.46, (body_bottom - body_top) / total])
    _draw_chart(chart, item)
    column.axis("off")
    offset = 0.0
    for entry in _entries(item):
        for text, kind in entry:
            column.annotate(text, xy=(0, 1), xycoords="axes fraction", xytext=(0, -offset), textcoords="offset points",
                            va="top", fontsize=FONT - 0.5 if kind == "head" else FONT - 1,
                            color=ACCENT if kind == "note" else INK, fontweight="bold" if kind == "head" else "normal",
                            fontstyle="italic" if kind in {"quote", "note"} else "normal", annotation_clip=False)
            offset += FONT * 1.4
        offset += FONT * 0.6


def _draw_chart(chart, item: OutcomeJourney) -> None:
    points = list(item.points)
    xs = list(range(len(points)))
    chart.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    chart.set_ylim(0.4, 11.2)
    chart.set_yticks([1, 4, 7, 10])
    chart.tick_params(axis="both", labelsize=FONT - 1, colors=MUTED, length=0)
    chart.grid(axis="y", color=GRID, linewidth=0.8)
    for side in ("top", "right"):
        chart.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        chart.spines[side].set_color(GRID)
    chart.set_xticks(xs)
    long_dates = len(points) <= 4
    chart.set_xticklabels([uk_date(p.on, short=True).replace(" 20", "\n20") if long_dates else
                           uk_date(p.on, short=True).rsplit(" ", 1)[0] for p in points], fontsize=FONT - 1.5)
    rated = [(x, p) for x, p in zip(xs, points) if p.rating is not None]
    for (x0, p0), (x1, p1) in zip(rated, rated[1:]):
        chart.plot([x0, x1], [p0.rating, p1.rating], color=ACCENT, linewidth=2,
                   linestyle=(0, (4, 3)) if p1.setback else "solid", zorder=2)
    for x, point in zip(xs, points):
        if point.rating is None:
            chart.text(x, 1.2, "no\nnumber", ha="center", va="bottom", fontsize=FONT - 2.5, color=MUTED, fontstyle="italic")
            continue
        hollow = point.setback or point.status == "no_longer_wanted"
        marker = "*" if point.status == "achieved" else ("D" if point.new_words else "o")
        chart.plot([x], [point.rating], marker=marker, markersize=14 if marker == "*" else 9,
                   markerfacecolor="white" if hollow else ACCENT, markeredgecolor=ACCENT, markeredgewidth=2, zorder=3)
        chart.text(x, point.rating + 0.7, str(point.rating), ha="center", va="bottom", fontsize=FONT - 0.5,
                   color=INK, fontweight="bold", zorder=4)
        if point.setback:
            chart.text(x, point.rating - 0.75, "a step back", ha="center", va="top", fontsize=FONT - 2.5,
                       color=MUTED, fontstyle="italic")


def _save(journey: Journey, fmt: str, only: int | None = None, legend: bool = True, **options) -> bytes:
    import warnings

    import matplotlib

    with warnings.catch_warnings():
        # A character the font lacks (an emoji) is drawn as a box; the table underneath has the words.
        warnings.simplefilter("ignore", UserWarning)
        return _save_figure(journey, fmt, matplotlib, only, legend, **options)


def _save_figure(journey: Journey, fmt: str, matplotlib, only: int | None, legend: bool, **options) -> bytes:
    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False, "svg.fonttype": "path",
                                "svg.hashsalt": "outcomes-journey", "font.family": "DejaVu Sans",
                                "font.size": FONT}):
        figure = draw_journey(journey, only, legend)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, facecolor="white", **options)
    return buffer.getvalue()


def journey_svg(journey: Journey) -> str:
    """The chart as a standalone SVG document (no external fonts or links)."""
    return _save(journey, "svg", metadata={"Date": None, "Creator": None}).decode("utf-8")


def journey_png(journey: Journey, dpi: int = 200, only: int | None = None, legend: bool = True) -> bytes:
    """The chart as a PNG: the whole journey, or outcome number `only` (for Word, a picture per outcome)."""
    return _save(journey, "png", only, legend, dpi=dpi, metadata={"Software": None})


def inline_svg(journey: Journey, label: str) -> str:
    """The SVG ready to sit inside an HTML page: no XML prologue, scales with the page, labelled for screen readers."""
    from html import escape

    from markupsafe import Markup

    svg = journey_svg(journey)
    svg = svg[svg.index("<svg"):]
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" style="max-width:100%;height:auto" ', 1))
