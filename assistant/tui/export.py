"""Saving a file from a screen: ask where, refuse what would destroy something, ask before replacing.

The plan and the journey screens both export; they share this so that the
database is always protected and an existing file is never replaced silently.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from textual.screen import Screen

from assistant.errors import AssistantError
from assistant.plan.target import check_target, write_atomically
from assistant.tui.screens.modals import ConfirmScreen, ErrorScreen, TextPromptScreen


def export_from(screen: Screen, *, prompt: str, default: Path, formats: dict[str, str],
                content: Callable[[str], bytes | None], protect: tuple[Path, ...] = ()) -> None:
    """Ask for a file name, then write `content(format)` there.

    `formats` maps a file ending to a format name; `content` may return None to
    stop (it has told the person why). Refusals and errors appear as one sentence.
    """
    endings = ", ".join(sorted({e for e in formats}))

    def write(target: Path, fmt: str) -> None:
        try:
            data = content(fmt)
            if data is None:
                return
            write_atomically(data, target, overwrite=True, protect=protect)
        except AssistantError as error:
            screen.app.push_screen(ErrorScreen(error))
            return
        screen.notify(f"Wrote {target}", markup=False)

    def chosen(path: str | None) -> None:
        if not path or not path.strip():
            return
        target = Path(path.strip()).expanduser()
        fmt = formats.get(target.suffix.lower())
        if fmt is None:
            screen.notify(f"End the file name with one of: {endings}.", severity="warning", markup=False)
            return
        try:
            check_target(target, overwrite=True, protect=protect)
        except AssistantError as error:
            screen.app.push_screen(ErrorScreen(error))
            return
        if not os.path.lexists(target):
            write(target, fmt)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                write(target, fmt)
            else:  # keep the file: back to the name, to choose another
                ask(str(target))

        screen.app.push_screen(ConfirmScreen(f"{target} already exists. Replace it?", yes="Replace it",
                                             no="Keep it (choose another name)"), answered)

    def ask(value: str) -> None:
        screen.app.push_screen(TextPromptScreen(prompt, value=value), chosen)

    ask(str(default))
