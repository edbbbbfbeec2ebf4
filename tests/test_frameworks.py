import shutil

import pytest

from assistant.errors import DataFileError, UnknownFrameworkError
from assistant.frameworks import SPEC_IDS, framework_names, load_framework, load_framework_file
from assistant.locations import bundled_dir

VALID_OUTCOME = """
[[outcomes]]
id = "{id}"
group = "Group"
label = "Label"
plain_label = "Plain"
description = "What it means."
phrases = [{phrases}]
"""


def write_framework(path, name="ours", outcomes=(("ours.one", 25),), extra=""):
    body = f'name = "{name}"\ntitle = "Our framework"\n{extra}'
    for outcome_id, count in outcomes:
        phrases = ", ".join(f'"phrase number {i} for {outcome_id}"' for i in range(count))
        body += VALID_OUTCOME.format(id=outcome_id, phrases=phrases)
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["personal", "carer", "relational"])
def test_builtin_frameworks_hold_every_spec_id(name):
    framework = load_framework(name)
    assert framework.ids == SPEC_IDS[name]
    for outcome in framework.outcomes:
        assert len(outcome.phrases) >= 25, outcome.id
        assert outcome.plain_label and outcome.description and outcome.group
        assert len(set(outcome.phrases)) == len(outcome.phrases), f"repeated phrase in {outcome.id}"


def test_unknown_framework_lists_the_known_ones():
    with pytest.raises(UnknownFrameworkError) as caught:
        load_framework("nonsense")
    assert "personal" in caught.value.hint


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda t: t.replace('plain_label = "Plain"', 'plain_label = "Plain"\ncolour = "red"', 1), "unknown key(s) colour"),
        (lambda t: t.replace("phrases = [", "phrases = [] #", 1), "phrase list is empty"),
        (lambda t: t.replace('"ours.two"', '"ours.one"'), "duplicate ID"),
        (lambda t: t.replace('label = "Label"', 'label = ""', 1), "'label' must be non-empty text"),
        (lambda t: t + "\n[[[broken", "not valid TOML"),
    ],
)
def test_validation_names_file_entry_and_problem(tmp_path, mutate, expected):
    path = write_framework(tmp_path / "ours.toml", outcomes=(("ours.one", 25), ("ours.two", 25)))
    path.write_text(mutate(path.read_text()), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_framework_file(path)
    message = str(caught.value)
    assert "ours.toml" in message and expected in message
    if "TOML" not in expected:
        assert "outcome 'ours." in message


def test_too_few_phrases_is_reported(tmp_path):
    path = write_framework(tmp_path / "ours.toml", outcomes=(("ours.one", 3),))
    with pytest.raises(DataFileError, match="has 3 phrases; at least 25"):
        load_framework_file(path)


def test_a_builtin_name_must_hold_every_spec_id(tmp_path):
    source = (bundled_dir("taxonomy") / "carer.toml").read_text()
    path = tmp_path / "carer.toml"
    path.write_text(source.replace('id = "carer.finances"', 'id = "carer.money"'))
    with pytest.raises(DataFileError, match="missing from the spec: carer.finances"):
        load_framework_file(path)


def test_organisation_framework_in_config_dir_is_found(tmp_path, monkeypatch):
    config = tmp_path / "config"
    (config / "taxonomy").mkdir(parents=True)
    write_framework(config / "taxonomy" / "housing.toml", name="housing", outcomes=(("home.keep", 25),))
    assert "housing" in framework_names()
    assert load_framework("housing").ids == ("home.keep",)


def test_all_bundled_files_validate(tmp_path):
    for path in bundled_dir("taxonomy").glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
        assert load_framework_file(tmp_path / path.name).name == path.stem
