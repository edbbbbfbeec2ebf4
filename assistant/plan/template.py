"""The Word file a plan is written on: the organisation's own `plan-base.docx` if usable, else the bundled one.

An organisation's file is checked before python-docx reads it, because a file
that is not a Word document, lacks a style the export uses, or is a zip bomb
would otherwise stop the export with a traceback (or a long stall). The checks
read a bounded number of bytes whatever the file claims. A file that fails is
named in a TemplateWarning and the bundled template is used instead.
"""

from __future__ import annotations

import os
import stat
import warnings
import zipfile
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent / "templates" / "plan-base.docx"
TEMPLATE_NAME = "plan-base.docx"
# Every style render_docx asks for (a level-0 heading is "Title").
STYLES_USED = ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid")
REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")

MAX_FILE_BYTES = 20 * 2**20
MAX_PARTS = 2000
MAX_UNPACKED_BYTES = 64 * 2**20
# A part larger than this that shrank more than MAX_RATIO times is a zip bomb, not a document.
RATIO_CHECK_BYTES = 2**20
MAX_RATIO = 200


class TemplateWarning(UserWarning):
    """The organisation's Word template could not be used; the bundled one was."""


def template_problem(path: Path) -> str | None:
    """What makes `path` unusable as the plan's Word template, or None when it is fine."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return "it is not an ordinary file"
    if info.st_size == 0:
        return "it is empty"
    if info.st_size > MAX_FILE_BYTES:
        return f"it is larger than {MAX_FILE_BYTES // 2**20} MB"
    problem = _zip_problem(path)
    if problem:
        return problem
    return _word_problem(path)


def _zip_problem(path: Path) -> str | None:
    """A Word file is a zip archive: check its parts' names and sizes, then unpack it with a hard limit."""
    try:
        if not zipfile.is_zipfile(path):
            return "it is not a Word file (it is not a zip archive)"
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                return f"it holds more than {MAX_PARTS} parts"
            names = {part.filename for part in parts}
            missing = [name for name in REQUIRED_PARTS if name not in names]
            if missing:
                return f"it is not a Word document (it has no {' or '.join(missing)})"
            if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
                return f"it would unpack to more than {MAX_UNPACKED_BYTES // 2**20} MB"
            for part in parts:
                if part.file_size > RATIO_CHECK_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                    return f"its part {part.filename} is compressed {part.file_size // max(part.compress_size, 1)} times over (a zip bomb)"
            # The sizes above are what the archive claims; count what really comes out.
            unpacked = 0
            for part in parts:
                with archive.open(part) as member:
                    while chunk := member.read(1 << 16):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED_BYTES:
                            return f"it unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
        return f"it cannot be unpacked ({exc})"
    return None


def _word_problem(path: Path) -> str | None:
    from docx import Document

    try:
        document = Document(str(path))
        names = {style.name for style in document.styles}
    except Exception as exc:  # python-docx and lxml raise many kinds on a malformed file; any of them means unusable
        return f"Word documents cannot be read from it ({type(exc).__name__}: {exc})"
    missing = [name for name in STYLES_USED if name not in names]
    if missing:
        return f"it lacks the style{'s' if len(missing) > 1 else ''} the plan uses: {', '.join(missing)}"
    return None


def docx_template() -> Path:
    """The organisation's template if present and usable; otherwise the bundled one (with a warning if unusable)."""
    from assistant.locations import config_dir

    own = config_dir() / "templates" / TEMPLATE_NAME
    if not os.path.lexists(own):
        return BUNDLED
    problem = template_problem(own)
    if problem is None:
        return own
    warnings.warn(f"{own} cannot be used as the plan's Word template: {problem}. The bundled template was used instead.",
                  TemplateWarning, stacklevel=2)
    return BUNDLED
