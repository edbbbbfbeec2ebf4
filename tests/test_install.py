"""A regular (non-editable) install finds its data folders from any directory."""

import json
import os
import shutil
import subprocess
import sys

from .conftest import ROOT


def test_regular_install_works_from_another_directory(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", "tests"))
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target", str(target), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    shutil.rmtree(source)  # nothing may be read from the source tree any more
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}

    def run(*args, input=b""):
        return subprocess.run([sys.executable, "-m", "assistant", *args], input=input, capture_output=True, cwd=elsewhere, env=env, timeout=120)

    where = subprocess.run([sys.executable, "-c", "import assistant; print(assistant.__file__)"], capture_output=True, cwd=elsewhere, env=env)
    assert str(target) in where.stdout.decode()
    listed = run("taxonomy", "list")
    assert listed.returncode == 0, listed.stderr
    assert all(name in listed.stdout.decode() for name in ("personal", "carer", "relational"))
    classified = run("classify", "--framework", "relational", "--json", input=b"I want a place of my own\n")
    assert json.loads(classified.stdout)["outcomes"][0]["id"] == "hard.housing_stability"
