"""The journey drawn with characters, for the terminal (and `outcomes journey --format txt`).

Each line is a list of (text, role) pieces; the terminal layer gives each role a
calm style (a step back is a hollow circle, never red). Readable at 80 columns.
"""

from __future__ import annotations

import textwrap

from assistant.review.journey import Journey, OutcomeJourney, uk_date

Line = list[tuple[str, str]]
ROWS = range(10, 0, -1)
MARKS = {"point": "●", "step_back": "○", "achieved": "★", "reworded": "◆"}


def _role(point) -> str:
    if point.setback or point.status == "no_longer_wanted":
        return "step_back"
    if point.status == "achieved":
        return "achieved"
    return "reworded" if point.new_words else "point"


def outcome_chart(item: OutcomeJourney, width: int = 76) -> list[Line]:
    """Ratings 10 (top) to 1 (bottom), one column per time the person gave one, dates underneath."""
    points = list(item.points)
    gutter = 5
    space = max(7, min(14, (width - gutter - 2) // max(len(points), 1)))
    columns = [gutter + 2 + i * space for i in range(len(points))]
    span = (columns[-1] + 4) if columns else gutter + 10
    grid: dict[tuple[int, int], tuple[str, str]] = {}
    rated = [(c, p) for c, p in zip(columns, points) if p.rating is not None]
    for (c0, p0), (c1, p1) in zip(rated, rated[1:]):
        for c in range(c0 + 1, c1):
            y = round(p0.rating + (p1.rating - p0.rating) * (c - c0) / (c1 - c0))
            grid[(y, c)] = ("·", "line")
    for c, p in rated:
        role = _role(p)
        grid[(p.rating, c)] = (MARKS[role], role)
        for offset, digit in enumerate(str(p.rating), start=1):
            grid[(p.rating, c + offset)] = (digit, "number")
    lines: list[Line] = []
    for y in ROWS:
        line: Line = [(f"{y:>3} ┤" if y in (1, 4, 7, 10) else "    │", "axis")]
        cells = "".join(grid.get((y, c), (" ", ""))[0] for c in range(gutter, span))
        roles = [grid.get((y, c), (" ", "blank"))[1] for c in range(gutter, span)]
        start = 0
        for index in range(1, len(cells) + 1):
            if index == len(cells) or roles[index] != roles[start]:
                line.append((cells[start:index], roles[start]))
                start = index
        lines.append(line)
    lines.append([("    └" + "─" * (span - gutter), "axis")])
    for part in (0, 1):
        row = [" "] * (span + 6)
        for c, p in zip(columns, points):
            words = uk_date(p.on, short=True).split(" ")
            text = " ".join(words[:2]) if part == 0 else (words[2] if len(words) > 2 else "")
            for offset, char in enumerate(text[: space - 1]):
                if c + offset < len(row):
                    row[c + offset] = char
        lines.append([("".join(row).rstrip(), "label")])
    return lines


def point_lines(item: OutcomeJourney, width: int = 76) -> list[Line]:
    """Each point in words: when, the number, a gentle note, and what the person said."""
    lines: list[Line] = []
    for p in item.points:
        rating = f"{p.rating}/10" if p.rating is not None else "no number"
        lines.append([(f"{uk_date(p.on, short=True)}  {p.label}: ", "label"), (rating, "number")]
                     + ([("  " + p.status_words, "label")] if p.status_words else []))
        if p.said_words and p.said_words != p.quote:
            for text in textwrap.wrap(f"\u201c{p.said_words}\u201d", width - 4):
                lines.append([("    " + text, "quote")])
        note = f"{p.note}:" if p.setback and p.quote and not p.new_words else p.note
        if note:
            for text in textwrap.wrap(note, width - 4):
                lines.append([("    " + text, "step_back" if p.setback else "note")])
        if p.quote:
            for text in textwrap.wrap(f"\u201c{p.quote}\u201d", width - 4):
                lines.append([("    " + text, "quote")])
        if p.next_step:
            for text in textwrap.wrap(f"Next step: {p.next_step}", width - 4):
                lines.append([("    " + text, "note")])
    return lines


def journey_text(journey: Journey, width: int = 78) -> str:
    out = ["My journey so far", "1 = nowhere near, 10 = just as I want it.",
           "A step back (○) is part of the journey, not a failure.",
           "★ just as I want it · ◆ put in new words.", ""]
    for number, item in enumerate(journey.outcomes, start=1):
        out += textwrap.wrap(f"{number}. {item.words}", width, subsequent_indent="   ")
        if item.original_words != item.words:
            out += textwrap.wrap(f"(first written as: {item.original_words})", width, initial_indent="   ", subsequent_indent="   ")
        if item.ended:
            out.append("   (no longer wanted)")
        if not item.points:
            out += ["   No ratings yet.", ""]
            continue
        out += ["".join(text for text, _ in line).rstrip() for line in outcome_chart(item, width - 2)]
        out += ["".join(text for text, _ in line).rstrip() for line in point_lines(item, width - 2)]
        out.append("")
    return "\n".join(out)
