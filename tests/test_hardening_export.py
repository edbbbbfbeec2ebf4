"""Hardening of plan export (tester's items 1, 7 and 9): what --out may replace, Word templates, Markdown."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt

from .conftest import ROOT, run_cli
from .hardening_support import assert_clear_error

BUNDLED_TEMPLATE = ROOT / "assistant" / "plan" / "templates" / "plan-base.docx"
PAYLOADS = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "{{ 7*7 }}", "*bold* and _under_", "`code`",
            "# not a heading #", "![img](javascript:alert(2))", "<https://example.org>", "&lt;b&gt;", "- list\n=====",
            "1. one", "2) two", "+ plus", "> quote", "a | b", "| a | b |", "~~struck~~", "trailing ##", "***",
            "    indented code", "\tTabbed", "<!-- comment -->", "[ref]: https://example.org", "end\\", "snake_case_words",
            "line one\n# two\n    three\n> four\n5. five"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def saved_db(tmp_path_factory):
    """A database with one conversation whose outcome is agreed, made through the CLI."""
    folder = tmp_path_factory.mktemp("export")
    db = folder / "o.db"
    result = run_cli("converse", "--framework", "personal", "--db", str(db), "--name", "Mo", "--accept-proposed",
                     input="I want to get back to the bowling club\n",
                     env={"OUTCOMES_CONFIG_DIR": str(folder / "config")})
    assert result.returncode == 0, result.stderr
    return db


def export(db: Path, out, *extra: str, fmt: str = "md", env: dict | None = None):
    return run_cli("plan", "export", "--format", fmt, "--out", str(out), "--db", str(db), *extra, env=env)


# ----- item 1: what --out may replace ---------------------------------------------------------
def test_the_database_itself_is_never_replaced_even_with_force(saved_db):
    before = digest(saved_db)
    for extra in ((), ("--force",)):
        assert_clear_error(export(saved_db, saved_db, *extra), str(saved_db), "database")
    assert digest(saved_db) == before
    shown = run_cli("transcript", "--db", str(saved_db))
    assert shown.returncode == 0 and "bowling club" in shown.stdout.decode()


def test_a_link_to_the_database_and_its_working_files_are_refused(saved_db, tmp_path):
    link = tmp_path / "innocent.md"
    link.symlink_to(saved_db)
    before = digest(saved_db)
    assert_clear_error(export(saved_db, link, "--force"), str(link), "database")
    for suffix in ("-wal", "-shm", ".lock"):
        assert_clear_error(export(saved_db, f"{saved_db}{suffix}", "--force"), f"{saved_db}{suffix}", "database")
    assert digest(saved_db) == before and link.is_symlink()


def test_any_sqlite_file_is_refused(saved_db, tmp_path):
    other = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (text)")
    conn.commit()
    conn.close()
    before = digest(other)
    assert_clear_error(export(saved_db, other, "--force"), str(other), "database")
    assert digest(other) == before


def test_an_existing_file_is_replaced_only_with_force(saved_db, tmp_path):
    out = tmp_path / "plan.md"
    out.write_text("my own notes")
    assert_clear_error(export(saved_db, out), str(out), "already exists", "--force")
    assert out.read_text() == "my own notes"
    replaced = export(saved_db, out, "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert "bowling club" in out.read_text() and stat.S_IMODE(out.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.md"
    assert export(saved_db, fresh).returncode == 0 and "bowling club" in fresh.read_text()


def test_a_read_only_file_is_never_replaced(saved_db, tmp_path):
    out = tmp_path / "kept.md"
    out.write_text("signed copy")
    out.chmod(0o444)
    for extra in ((), ("--force",)):
        assert_clear_error(export(saved_db, out, *extra), str(out), "read-only")
    assert out.read_text() == "signed copy" and stat.S_IMODE(out.stat().st_mode) == 0o444


@pytest.mark.parametrize("kind", ["device", "fifo", "link to a device", "folder"])
def test_a_file_that_is_not_ordinary_is_never_replaced(saved_db, tmp_path, kind):
    out = tmp_path / "target"
    if kind == "device":
        out = Path("/dev/null")
    elif kind == "fifo":
        os.mkfifo(out)
    elif kind == "link to a device":
        out.symlink_to("/dev/null")
    else:
        out.mkdir()
    assert_clear_error(export(saved_db, out, "--force"), str(out))
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(out).st_mode)
    elif kind == "link to a device":
        assert out.is_symlink()
    elif kind == "folder":
        assert out.is_dir()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".plan-")]


# ----- item 7: the organisation's Word template ----------------------------------------------
def _zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _bundled_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(BUNDLED_TEMPLATE) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _without_styles(path: Path) -> None:
    """A real Word file whose styles part lacks the list and table styles the plan uses."""
    parts = _bundled_parts()
    styles = parts["word/styles.xml"].decode("utf-8")
    for style_id in ("ListBullet", "TableGrid"):
        start = styles.find(f'w:styleId="{style_id}"')
        assert start > 0, style_id
        begin = styles.rfind("<w:style ", 0, start)
        end = styles.find("</w:style>", start) + len("</w:style>")
        styles = styles[:begin] + styles[end:]
    parts["word/styles.xml"] = styles.encode("utf-8")
    parts.pop("word/stylesWithEffects.xml", None)
    _zip(path, parts)


def _bomb(path: Path, megabytes: int) -> None:
    """A zip whose styles part unpacks to `megabytes` of zeros from a few kilobytes."""
    parts = _bundled_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "word/styles.xml":
                archive.writestr(name, data)
        with archive.open("word/styles.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(megabytes):
                member.write(block)


TEMPLATES = {
    "random bytes": lambda p: p.write_bytes(os.urandom(4096)),
    "empty": lambda p: p.write_bytes(b""),
    "no content types": lambda p: _zip(p, {k: v for k, v in _bundled_parts().items() if k != "[Content_Types].xml"}),
    "no document": lambda p: _zip(p, {k: v for k, v in _bundled_parts().items() if k != "word/document.xml"}),
    "missing styles": _without_styles,
    "zip bomb, ratio": lambda p: _bomb(p, 20),
    "zip bomb, size": lambda p: _bomb(p, 80),
    "a folder": lambda p: p.mkdir(),
}


@pytest.mark.parametrize("case", sorted(TEMPLATES))
def test_an_unusable_organisation_template_falls_back_to_the_bundled_one_with_a_warning(saved_db, tmp_path, case):
    config = tmp_path / "config"
    (config / "templates").mkdir(parents=True)
    template = config / "templates" / "plan-base.docx"
    TEMPLATES[case](template)
    out = tmp_path / "plan.docx"
    result = export(saved_db, out, fmt="docx", env={"OUTCOMES_CONFIG_DIR": str(config)})
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in err and "Warning:" in err and str(template) in err and "bundled" in err
    document = Document(io.BytesIO(out.read_bytes()))
    assert any("bowling club" in p.text for p in document.paragraphs)


def test_a_usable_organisation_template_is_used_without_a_warning(saved_db, tmp_path):
    config = tmp_path / "config"
    (config / "templates").mkdir(parents=True)
    shutil.copy(BUNDLED_TEMPLATE, config / "templates" / "plan-base.docx")
    result = export(saved_db, tmp_path / "plan.docx", fmt="docx", env={"OUTCOMES_CONFIG_DIR": str(config)})
    assert result.returncode == 0 and result.stderr == b"", result.stderr


# ----- item 9: every user string escaped in every Markdown position -------------------------
def _plan_with(text: str) -> dict:
    risk = {"to": text, "description": text, "likelihood": text, "impact": text, "management": text}
    outcome = {"words": text, "original_words": text + " first", "categories": [], "why_it_matters": text,
               "good_looks_like": text, "verification": [text], "compromise": text,
               "who_helps": {"self": text, "family": text, "community": text, "services": text},
               "milestones": [{"what": text, "by": text}], "risks": [risk]}
    return {"person": text, "framework": "personal", "framework_title": text, "mode": "practitioner", "summary": text,
            "outcomes": [outcome], "strengths": [text], "people": [text],
            "not_agreed": [{"what": text, "alternatives": text}], "review_date": text,
            "alerts": [{"raised": "2026-01-01T10:00", "words": text, "acknowledged": "2026-01-01T11:00", "by": text, "action": text}],
            "agreement": {"person_comments": text, "carer": text, "practitioner": text}}


NEUTRAL = "Qqq"


def _parse(markdown: str):
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown)


def _without_smart_notes(tokens):
    """Drop the SMART-check quote (its wording depends on the text); any other quote is kept."""
    kept, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "blockquote_open" and tokens[index + 2].content.startswith("SMART check"):
            depth = 1
            while depth:
                index += 1
                depth += {"blockquote_open": 1, "blockquote_close": -1}.get(tokens[index].type, 0)
        else:
            kept.append(token)
        index += 1
    return kept


def _structure(tokens) -> list:
    """Blocks and inline markup, without the words: what the Markdown *does*."""
    plain = ("text", "text_special", "softbreak", "hardbreak")
    return [tuple(c.type for c in t.children if c.type not in plain) if t.type == "inline" else (t.type, t.tag)
            for t in tokens]


def _shown(tokens) -> list[str]:
    """The text each inline run shows a reader, escapes and entities resolved."""
    return ["".join(c.content for c in t.children if c.type in ("text", "text_special")) for t in tokens if t.type == "inline"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_markdown_shows_every_string_as_typed_and_runs_none(text):
    from assistant.frameworks import load_framework
    from assistant.plan.render import render_markdown

    framework = load_framework("personal")
    neutral = _without_smart_notes(_parse(render_markdown(_plan_with(NEUTRAL), framework, include_safeguarding=True)))
    tokens = _without_smart_notes(_parse(render_markdown(_plan_with(text), framework, include_safeguarding=True)))
    # The same headings, lists, tables and paragraphs, and no link, image, HTML, emphasis or code made from the text.
    assert _structure(tokens) == _structure(neutral)
    if "\n" not in text:
        # Spaces are compared out: Markdown does not show runs of them, and leading ones would make code.
        def words(value: str) -> str:
            return "".join(value.split())

        shown = [words(s) for s in _shown(tokens)]
        for expected in (words(s.replace(NEUTRAL, text)) for s in _shown(neutral) if NEUTRAL in s):
            assert expected in shown, (expected, [s for s in shown if text[:3] in s][:5])
        assert words(f"Support plan: {text}") in shown and words(f"What matters to {text}") in shown


def test_the_name_in_an_exported_markdown_title_is_shown_as_typed(tmp_path):
    name = "<script>x</script> [x](javascript:alert(1)) {{ 7*7 }} *a* _b_ `c` # d ##"
    db = tmp_path / "o.db"
    talk = run_cli("converse", "--framework", "personal", "--db", str(db), "--name", name, input="I want to see my son\n")
    assert talk.returncode == 0, talk.stderr
    out = tmp_path / "plan.md"
    assert export(db, out).returncode == 0
    tokens = _parse(out.read_text())
    assert _structure(tokens)[:6] == [("heading_open", "h1"), (), ("heading_close", "h1"),
                                     ("paragraph_open", "p"), (), ("paragraph_close", "p")]
    shown = _shown(tokens)
    assert shown[0] == f"Support plan: {name}" and f"What matters to {name}" in shown


def test_the_app_suggests_saving_in_documents_or_home_never_where_it_was_started(tmp_path, monkeypatch):
    from assistant.locations import export_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.chdir(tmp_path.parent)
    assert export_dir() == tmp_path
    (tmp_path / "Documents").mkdir()
    assert export_dir() == tmp_path / "Documents"
