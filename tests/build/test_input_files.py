"""The inputs that are not tables: the notebooks (JSON), data/dictionary.yml and data/rules.yml
(YAML). Each kind of damage an editor, a merge or a crash can do gets one message naming the
file (line and column where the format has them). Every kind is checked on the checks
themselves (fast); one of each file goes through `python -m aifigures build`, which must exit
1 with no traceback, start no kernel, and leave the last good report and figures untouched."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from aifigures.build.notebook_check import check_notebook
from aifigures.data.dictionary import load_dictionary
from aifigures.data.problems import DataError
from aifigures.data.rules import load_rules

from ..conftest import DATA, ROOT
from .test_faults import build_here, sandbox, snapshot  # noqa: F401 - sandbox and build_here are fixtures

TABLES = set(load_dictionary(DATA / "dictionary.yml").tables) | {"article_texts"}

NOTEBOOK = "03-pricing.ipynb"
CONFLICT = "<<<<<<< HEAD\n{ours}=======\n{theirs}>>>>>>> other-branch\n"


def problems_of(path) -> list[str]:
    """The checks the build runs first, on one file."""
    if path.suffix == ".ipynb":
        return [str(p) for p in check_notebook(path, TABLES)]
    try:
        (load_dictionary if path.name == "dictionary.yml" else load_rules)(path)
    except DataError as err:
        return [str(p) for p in err.problems]
    return []


def assert_one_problem(path, pattern: str):
    found = problems_of(path)
    assert len(found) == 1, found
    assert path.name in found[0] and re.search(pattern, found[0]), f"{pattern!r} not in {found[0]!r}"


@pytest.fixture
def inputs(sandbox):  # noqa: F811
    notebooks = sandbox["data"].parent / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    sandbox["env"]["AIFIGURES_NOTEBOOKS_DIR"] = str(notebooks)
    sandbox["notebooks"] = notebooks
    return sandbox


def assert_one_clear_message(sb, result, file_name: str, pattern: str):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "executing" not in result.stdout, "a kernel ran although an input was damaged"
    mentions = [line for line in result.stderr.splitlines() if file_name in line]
    assert len(mentions) == 1, f"expected one message naming {file_name}:\n{result.stderr}"
    assert re.search(pattern, mentions[0]), f"{pattern!r} not in {mentions[0]!r}"
    assert "previous report and figures are unchanged" in result.stderr
    assert snapshot(sb["reports"], sb["figures"]) == sb["before"]


def edit_json(change):
    def apply(text: str) -> str:
        nb = json.loads(text)
        change(nb)
        return json.dumps(nb, indent=1)
    return apply


def _set(path: list, value):
    def change(nb):
        target = nb
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _drop(key):
    return lambda nb: nb.pop(key)


def _conflict_in_json(text: str) -> str:
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if '"source"' in line)
    return "".join(lines[:at] + [CONFLICT.format(ours=lines[at], theirs=lines[at])] + lines[at + 1:])


# (how the text of the notebook is damaged, what its one message must say: a regex)
NOTEBOOK_DAMAGE = {
    "empty file": (lambda t: "", r"03-pricing\.ipynb: file is empty"),
    "only whitespace": (lambda t: "\n  \n", r"file is empty"),
    "cut short by a crash": (lambda t: t[: len(t) // 2], r"03-pricing\.ipynb:\d+: column \d+: not valid JSON"),
    "merge conflict left in": (_conflict_in_json, r"03-pricing\.ipynb:\d+: a merge conflict marker \(<<<<<<<\)"),
    "trailing comma from a hand edit": (lambda t: t.replace('"nbformat_minor": 5', '"nbformat_minor": 5,', 1),
                                        r":\d+: column \d+: not valid JSON: Expecting property name"),
    "byte-order mark from an editor": (lambda t: "\ufeff" + t, r":1: column 1: not valid JSON"),
    "not a notebook (a list)": (lambda t: "[1, 2, 3]\n", r"not a notebook: the top level is a list"),
    "a JSON string": (lambda t: '"hello"\n', r"not a notebook: the top level is a string"),
    "cells missing": (edit_json(_drop("cells")), r"'cells' is missing, not a list"),
    "cells not a list": (edit_json(_set(["cells"], {"a": 1})), r"'cells' is a mapping, not a list"),
    "format 3": (edit_json(_set(["nbformat"], 3)), r"nbformat is 3"),
    "nbformat missing": (edit_json(_drop("nbformat")), r"nbformat is 'missing'"),
    "cell source a number": (edit_json(_set(["cells", 1, "source"], 42)), r"cell 2: source is a number"),
    "cell source a list of numbers": (edit_json(_set(["cells", 1, "source"], [1, 2])), r"cell 2: source is a list"),
    "cell source missing": (edit_json(lambda nb: nb["cells"][0].pop("source")), r"cell 1: source is missing"),
    "unknown cell type": (edit_json(_set(["cells", 0, "cell_type"], "heading")), r"cell 1: cell_type 'heading'"),
    "cell not a mapping": (edit_json(_set(["cells", 2], "print(1)")), r"cell 3 is a string, not a mapping"),
    "outputs not a list": (edit_json(lambda nb: next(c for c in nb["cells"] if c["cell_type"] == "code").update(outputs="x")),
                           r"outputs is a string, not a list"),
    "reads a string": (edit_json(_set(["metadata", "aifigures", "reads"], "claims")), r"metadata\.aifigures\.reads is a string"),
    "reads an unknown table": (edit_json(_set(["metadata", "aifigures", "reads"], ["claims", "claimz"])),
                               r"reads names 'claimz', not a table in data/dictionary\.yml"),
    "aifigures metadata a list": (edit_json(_set(["metadata", "aifigures"], ["claims"])), r"metadata\.aifigures is a list"),
    "metadata a string": (edit_json(_set(["metadata"], "none")), r"'metadata' is a string, not a mapping"),
    "cell metadata missing (schema)": (edit_json(lambda nb: nb["cells"][0].pop("metadata")), r"not a valid notebook at cells/0"),
}


def test_the_committed_inputs_pass_the_checks():
    for path in [*sorted((ROOT / "notebooks").glob("*.ipynb")), DATA / "dictionary.yml", DATA / "rules.yml"]:
        assert problems_of(path) == [], path


@pytest.mark.parametrize("name", list(NOTEBOOK_DAMAGE))
def test_damaged_notebook(tmp_path, name):
    damage, pattern = NOTEBOOK_DAMAGE[name]
    path = tmp_path / NOTEBOOK
    path.write_text(damage((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8")), encoding="utf-8")
    assert_one_problem(path, pattern)


@pytest.mark.parametrize("name, raw, pattern", [
    ("binary garbage", bytes(range(256)) * 4, r"03-pricing\.ipynb:\d+: column \d+: byte 0x[0-9a-f]{2} is not UTF-8"),
    ("NUL bytes left by a crash", b"\x00" * 4096, r"03-pricing\.ipynb:1: holds NUL bytes"),
    ("latin-1 text", json.dumps({"cells": [], "note": "café"}, ensure_ascii=False).encode("latin-1"), r"is not UTF-8"),
])
def test_notebook_that_is_not_text(tmp_path, name, raw, pattern):
    (tmp_path / NOTEBOOK).write_bytes(raw)
    assert_one_problem(tmp_path / NOTEBOOK, pattern)


@pytest.mark.slow
def test_every_damaged_notebook_is_named(inputs, build_here):  # noqa: F811
    """Two damaged notebooks: one message each, still no kernel."""
    (inputs["notebooks"] / "01-ledger.ipynb").write_text("", encoding="utf-8")
    (inputs["notebooks"] / NOTEBOOK).write_text("{", encoding="utf-8")
    result = build_here()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "01-ledger.ipynb: file is empty" in result.stderr
    assert re.search(r"03-pricing\.ipynb:1: column 2: not valid JSON", result.stderr), result.stderr
    assert "build: 2 input problem(s)" in result.stderr


def _replace(old: str, new: str):
    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return apply


def _cut_before(marker: str):
    return lambda text: text[: text.index(marker)]


def _yaml_conflict(text: str) -> str:
    lines = text.splitlines(keepends=True)
    at = len(lines) // 2
    return "".join(lines[:at] + [CONFLICT.format(ours=lines[at], theirs=lines[at])] + lines[at + 1:])


# (file, how its text is damaged, the regex its one message must match)
YAML_DAMAGE = {
    "dictionary: empty": ("dictionary.yml", lambda t: "", r"dictionary\.yml: file is empty"),
    "dictionary: unclosed flow mapping": ("dictionary.yml", _replace("{type: string, required: true, pattern: '^A\\d{3}$'",
                                                                      "{type: string, required: true, pattern: '^A\\d{3}$'["),
                                          r"dictionary\.yml:\d+: column \d+: not valid YAML"),
    "dictionary: a tab for indentation": ("dictionary.yml", _replace("\n  language:", "\n\tlanguage:"),
                                          r"dictionary\.yml:\d+: column \d+: not valid YAML"),
    "dictionary: merge conflict left in": ("dictionary.yml", _yaml_conflict, r"dictionary\.yml:\d+: a merge conflict marker"),
    "dictionary: cut short before the tables": ("dictionary.yml", _cut_before("\ntables:"),
                                                r"dictionary\.yml:\d+: tables: must be a mapping .* it is missing"),
    "dictionary: cut short inside the tables": ("dictionary.yml", _cut_before("\n  overrides:"),
                                                r"dictionary\.yml:\d+: tables: lacks the table 'overrides'"),
    "dictionary: top level a list": ("dictionary.yml", lambda t: "- tables\n- vocabularies\n",
                                     r"dictionary\.yml:1: the top level must be a mapping .* it is a list"),
    "dictionary: unknown field type": ("dictionary.yml", _replace("published_date: {type: partial_date", "published_date: {type: when"),
                                       r"dictionary\.yml:\d+: tables\.articles\.fields\.published_date: type 'when' is not one of"),
    "dictionary: misspelt field key": ("dictionary.yml", _replace("title: {type: string, required: true", "title: {type: string, requird: true"),
                                       r"tables\.articles\.fields\.title: unknown key\(s\) requird"),
    "dictionary: vocabulary renamed": ("dictionary.yml", _replace("\n  date_precision:", "\n  date_precisions:"),
                                       r"fields\.date_precision: vocabulary 'date_precision' is not defined"),
    "dictionary: primary key not a field": ("dictionary.yml", _replace("primary_key: article_id", "primary_key: article"),
                                            r"tables\.articles\.primary_key: must name one or more of the table's fields"),
    "dictionary: field spec a string": ("dictionary.yml", _replace("notes: {type: string, required: false}", "notes: string"),
                                        r"fields\.notes: must be a mapping .* it is a string"),
    "dictionary: required not a boolean": ("dictionary.yml",
                                           _replace("title: {type: string, required: true", "title: {type: string, required: maybe"),
                                           r"fields\.title: required must be true or false"),
    "dictionary: metric without units": ("dictionary.yml", lambda t: re.sub(r"(\n  metric:\n    [a-z_]+:)", r"\1 {}\n    _was:", t, count=1),
                                         r"vocabularies\.metric\.[a-z_]+: needs 'units:'"),
    "dictionary: a vocabulary with no values": ("dictionary.yml",
                                                lambda t: re.sub(r"\n  date_precision:\n", "\n  date_precision: {}\n  _was:\n", t, count=1),
                                                r"vocabularies\.date_precision: must map each allowed value to its meaning; it is empty"),
    "rules: empty": ("rules.yml", lambda t: "", r"rules\.yml: file is empty"),
    "rules: unclosed bracket": ("rules.yml", _replace("matches_relative: 0.005", "matches_relative: [0.005"),
                                r"rules\.yml:\d+: column \d+: not valid YAML"),
    "rules: merge conflict left in": ("rules.yml", _yaml_conflict, r"rules\.yml:\d+: a merge conflict marker"),
    "rules: tolerance a word": ("rules.yml", _replace("matches_relative: 0.005", "matches_relative: half a percent"),
                                r"rules\.yml:\d+: tolerance\.matches_relative: must be a relative tolerance"),
    "rules: tolerance of 5 (not 5%)": ("rules.yml", _replace("approx_relative: 0.10", "approx_relative: 10"),
                                       r"tolerance\.approx_relative: must be a relative tolerance between 0 and 1"),
    "rules: tolerance missing": ("rules.yml", _replace("tolerance:", "tolerances:"), r"rules\.yml:\d+: tolerance: must be a mapping"),
    "rules: cut short before the verdicts": ("rules.yml", _cut_before("\nverdicts:"), r"rules\.yml:\d+: verdicts: must map each verdict"),
    "rules: a verdict without its rule": ("rules.yml", lambda t: t.rstrip("\n") + "\n  extra:\n",
                                          r"verdicts\.extra: must be the rule's text; it is empty"),
    "rules: top level a string": ("rules.yml", lambda t: "just some words\n", r"rules\.yml:1: the top level must be a mapping .* it is a string"),
}


@pytest.mark.parametrize("name", list(YAML_DAMAGE))
def test_damaged_dictionary_or_rules(tmp_path, name):
    file_name, damage, pattern = YAML_DAMAGE[name]
    path = tmp_path / file_name
    path.write_text(damage((DATA / file_name).read_text(encoding="utf-8")), encoding="utf-8")
    assert_one_problem(path, pattern)


@pytest.mark.parametrize("file_name", ["dictionary.yml", "rules.yml"])
def test_yaml_file_not_text_or_missing(tmp_path, file_name):
    path = tmp_path / file_name
    path.write_bytes("tolerance: 0.005 # 0,5 %\n".encode("utf-16"))
    assert_one_problem(path, rf"{re.escape(file_name)}:1: column 1: byte 0xff is not UTF-8")
    path.unlink()
    assert_one_problem(path, rf"{re.escape(file_name)}: file is missing")


# one of each through the build: exit 1, no traceback, no kernel, nothing lost
THROUGH_THE_BUILD = {
    "notebook cut short": ("notebooks", NOTEBOOK, NOTEBOOK_DAMAGE["cut short by a crash"][0], r"03-pricing\.ipynb:\d+: column \d+: not valid JSON"),
    "notebook with a conflict": ("notebooks", NOTEBOOK, _conflict_in_json, r"a merge conflict marker"),
    "notebook reads a string": ("notebooks", NOTEBOOK, NOTEBOOK_DAMAGE["reads a string"][0], r"metadata\.aifigures\.reads is a string"),
    "dictionary YAML error": ("data", "dictionary.yml", YAML_DAMAGE["dictionary: a tab for indentation"][1],
                              r"dictionary\.yml:\d+: column \d+: not valid YAML"),
    "dictionary wrong structure": ("data", "dictionary.yml", YAML_DAMAGE["dictionary: unknown field type"][1], r"type 'when' is not one of"),
    "rules YAML error": ("data", "rules.yml", YAML_DAMAGE["rules: unclosed bracket"][1], r"rules\.yml:\d+: column \d+: not valid YAML"),
    "rules wrong structure": ("data", "rules.yml", YAML_DAMAGE["rules: tolerance a word"][1], r"tolerance\.matches_relative"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(THROUGH_THE_BUILD))
def test_the_build_refuses_a_damaged_input_once(inputs, build_here, name):  # noqa: F811
    folder, file_name, damage, pattern = THROUGH_THE_BUILD[name]
    path = inputs[folder] / file_name
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert_one_clear_message(inputs, build_here(), file_name, pattern)


def test_validate_names_a_damaged_dictionary_without_a_traceback(data_copy, cli_here):
    (data_copy / "dictionary.yml").write_text("tables: [\n", encoding="utf-8")
    result = cli_here("validate", env={"AIFIGURES_DATA_DIR": str(data_copy)})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.search(r"dictionary\.yml:\d+: column \d+: not valid YAML", result.stderr), result.stderr
