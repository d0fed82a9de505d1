"""Break every built-in vignette in many ways: the CLI must name the file and the field, exit 1,
and never show a traceback.

Most cases run `iopkit validate` in-process through ``main()`` with captured streams (fast); a
handful run the real command in a subprocess.
"""

from __future__ import annotations

import copy
import functools
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from iopkit.assessment import Assessment
from iopkit.cli import main
from iopkit.inputs import MAX_FILE_BYTES
from iopkit.vignettes import BUILTIN_DIR, ENV_VAR, Vignette

FIXTURE = Path(__file__).parent / "fixtures" / "vignettes" / "evening-iop.yaml"
SOURCES = sorted(BUILTIN_DIR.glob("*.yaml")) or [FIXTURE]
SOURCE_IDS = [p.stem for p in SOURCES]

REQUIRED = [n for n, f in Vignette.model_fields.items() if f.is_required()]
REQUIRED_ASSESSMENT = [n for n, f in Assessment.model_fields.items() if f.is_required()]


@pytest.fixture(autouse=True)
def no_env_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mutants")


def place(workdir: Path, request: pytest.FixtureRequest, name: str) -> Path:
    """A fresh folder for this test (cheaper than tmp_path for a thousand small tests)."""
    folder = workdir / re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)[:120]
    folder.mkdir()
    return folder / name


Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.cache
def _parsed(source: Path) -> dict[str, Any]:
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=Loader)
    assert isinstance(data, dict)
    return data


def load(source: Path) -> dict[str, Any]:
    """A fresh copy of the file's data (parsed once per test session)."""
    return copy.deepcopy(_parsed(source))


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def validate(path: Path, *more: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", str(path), *map(str, more)], out, err)
    return code, out.getvalue() + err.getvalue()


def assert_clear_failure(output: str, code: int, path: Path, field: str | None) -> None:
    assert code == 1, output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if ": error: " in line]
    assert lines, output
    assert all(line.startswith(str(path)) for line in lines), output
    if field is not None:
        assert any(f": error: {field}" in line for line in lines), (field, output)
    assert output.splitlines()[-1].startswith("FAILED: checked")


def misspell(word: str) -> str:
    """Swap two letters in the middle (``population`` -> ``popluation``)."""
    i = max(1, len(word) // 2 - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


# Data-level mutations: (name, function(data) -> field the message must name) -------------


def _delete(key: str) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        del data[key]
        return key

    return mutate


def _delete_assessment(key: str) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        del data["assessment"][key]
        return f"assessment.{key}"

    return mutate


def _misspell_key(key: str) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        data[misspell(key)] = data.pop(key)
        return misspell(key)

    return mutate


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        return ".".join(str(p) for p in path).replace(".0.", "[0].")

    return mutate


def _misspell_value(path: tuple[str, ...]) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = misspell(str(target[path[-1]]))
        return ".".join(path)

    return mutate


def _first_stage(mutation: Callable[[dict[str, Any]], str]) -> Callable[[dict[str, Any]], str]:
    """Apply a mutation to the first stage (only paired with cases that have stages)."""

    def mutate(data: dict[str, Any]) -> str:
        return "stages[0]." + mutation(data["stages"][0])

    mutate.needs_stages = True  # type: ignore[attr-defined]
    return mutate


def _drop_feedback(data: dict[str, Any]) -> str:
    data["feedback"].pop("residential")
    return "feedback"


def _short_story(data: dict[str, Any]) -> str:
    data["presentation"] = "Too short to teach anything."
    return "presentation"


def _wrong_key(data: dict[str, Any]) -> str:
    """A key the engine does not give, and not one the author already marked defensible (that
    is a different mistake, reported on also_defensible)."""
    taken = {data["expected_level"], *data.get("also_defensible", {})}
    data["expected_level"] = next(
        lv for lv in ("inpatient", "outpatient", "residential") if lv not in taken
    )
    data.pop("key_differs_because", None)
    return "expected_level"


def _privacy(data: dict[str, Any]) -> str:
    data["presentation"] += "\nHer GP, Dr Whitfield, can be reached on 555-201-3344.\n"
    return "presentation"


MUTATIONS: dict[str, Callable[[dict[str, Any]], str]] = {
    **{f"delete-{k}": _delete(k) for k in REQUIRED},
    **{f"delete-assessment-{k}": _delete_assessment(k) for k in REQUIRED_ASSESSMENT},
    **{f"misspell-key-{k}": _misspell_key(k) for k in ("population", "expected_level", "feedback")},
    "misspell-value-population": _misspell_value(("population",)),
    "misspell-value-expected-level": _misspell_value(("expected_level",)),
    "misspell-value-severity": _misspell_value(("assessment", "symptom_severity")),
    "misspell-value-setting": _misspell_value(("assessment", "current_setting")),
    "wrong-type-version": _set(("version",), "seven"),
    "wrong-type-version-negative": _set(("version",), -1),
    "wrong-type-authors": _set(("authors",), 12),
    "wrong-type-conditions": _set(("conditions",), {"a": 1}),
    "wrong-type-assessment": _set(("assessment",), ["moderate"]),
    "wrong-type-medically-stable": _set(("assessment", "medically_stable"), "perhaps"),
    "wrong-type-hours": _set(("assessment", "available_hours_per_week"), "lots"),
    "wrong-type-feedback": _set(("feedback",), ["fine"]),
    "wrong-type-stages": _set(("stages",), {"id": "x"}),
    "wrong-type-last-reviewed": _set(("last_reviewed",), "last spring"),
    "bad-slug-id": _set(("id",), "Not A Slug!"),
    "empty-learning-points": _set(("learning_points",), []),
    "stage-decision-misspelt": _first_stage(_misspell_value(("decision",))),
    "stage-missing-feedback": _first_stage(_delete("feedback")),
    "stage-unknown-key": _first_stage(_misspell_key("update")),
    "feedback-missing-a-level": _drop_feedback,
    "presentation-too-short": _short_story,
    "answer-key-differs": _wrong_key,
    "privacy-identifiers": _privacy,
}


def _has_stages(source: Path) -> bool:
    return bool(load(source).get("stages"))


# Stage mutations are paired only with cases that have stages, so nothing is skipped.
MUTATION_CASES = [
    pytest.param(source, name, id=f"{source.stem}-{name}")
    for source in SOURCES
    for name, mutate in MUTATIONS.items()
    if not getattr(mutate, "needs_stages", False) or _has_stages(source)
]


@pytest.mark.parametrize(("source", "mutation"), MUTATION_CASES)
def test_each_mutation_is_reported_with_file_field_and_exit_1(
    source: Path, mutation: str, workdir: Path, request: pytest.FixtureRequest
) -> None:
    data = load(source)
    data["id"] = "mutant-" + str(data["id"])[:50]
    field = MUTATIONS[mutation](data)
    path = place(workdir, request, source.name)
    path.write_text(dump(data), encoding="utf-8")
    code, output = validate(path)
    assert_clear_failure(output, code, path, field)


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_an_unmutated_copy_with_a_new_id_passes(source: Path, tmp_path: Path) -> None:
    data = load(source)
    data["id"] = "mutant-" + str(data["id"])[:50]
    path = tmp_path / source.name
    path.write_text(dump(data), encoding="utf-8")
    code, output = validate(path)
    assert code == 0, output


# Text- and byte-level mutations -----------------------------------------------------------


def _alias_bomb() -> str:
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(rows) + "\n"


def _text_mutations(text: str) -> dict[str, tuple[bytes, str | None]]:
    lines = text.splitlines()
    level_line = next(i for i, line in enumerate(lines) if line.startswith("expected_level:"))
    tabbed = list(lines)
    tabbed[level_line] = "\t" + tabbed[level_line]
    dup = list(lines)
    dup.insert(level_line + 1, lines[level_line])
    unclosed = list(lines)
    unclosed[level_line] = 'expected_level: "iop'
    return {
        "broken-yaml-unclosed-quote": ("\n".join(unclosed).encode(), None),
        "broken-yaml-tab-indent": ("\n".join(tabbed).encode(), None),
        "broken-yaml-bad-indent": (
            text.replace("\nassessment:\n  ", "\nassessment:\n ", 1)
            .replace("\n  functional_impairment", "\n    functional_impairment", 1)
            .encode(),
            None,
        ),
        "duplicate-key": ("\n".join(dup).encode(), "expected_level"),
        "python-object-tag": (
            text.replace(
                "\nversion:", "\nversion: !!python/object/apply:os.system ['true']\nx:", 1
            ).encode(),
            "version",
        ),
        "python-name-tag": (
            text.replace("\ntitle:", "\ntitle: !!python/name:os.system\nx_title:", 1).encode(),
            "title",
        ),
        "empty-file": (b"", None),
        "whitespace-only": (b"   \n\n  \n", None),
        "comments-only": (b"# a draft\n# nothing here yet\n", None),
        "top-level-list": (b"- id: x\n- title: y\n", None),
        "invalid-utf8": (text.encode("utf-8").replace(b"\n", b"\n\xff\xfe", 1), None),
        "latin-1": (text.encode("utf-8") + "\n# caf\u00e9\n".encode("latin-1"), None),
        "too-large": (text.encode() + b"\n" + b"# padding\n" * (MAX_FILE_BYTES // 10), None),
        "binary-garbage": (bytes(range(256)) * 4, None),
        "alias-bomb": (_alias_bomb().encode(), None),
        "deep-nesting": (("id: " + "[" * 5000 + "]" * 5000).encode(), None),
        "local-tag": (text.replace("\ntitle:", "\ntitle: !secret\nx_title:", 1).encode(), "title"),
    }


TEXT_MUTATIONS = list(_text_mutations(FIXTURE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("mutation", TEXT_MUTATIONS, ids=TEXT_MUTATIONS)
@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_each_text_mutation_is_refused_clearly(
    source: Path, mutation: str, workdir: Path, request: pytest.FixtureRequest
) -> None:
    content, field = _text_mutations(source.read_text(encoding="utf-8"))[mutation]
    path = place(workdir, request, source.name)
    path.write_bytes(content)
    code, output = validate(path)
    assert_clear_failure(output, code, path, field)


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_duplicated_ids_across_two_files_are_reported_on_the_second(
    source: Path, tmp_path: Path
) -> None:
    data = load(source)
    data["id"] = "mutant-" + str(data["id"])[:50]
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(dump(data), encoding="utf-8")
    second.write_text(dump(data), encoding="utf-8")
    code, output = validate(first, second)
    assert_clear_failure(output, code, second, "id")
    assert "already used by" in output


# A handful through the real command ---------------------------------------------------------

SUBPROCESS_CASES = ["python-object-tag", "invalid-utf8", "broken-yaml-unclosed-quote"]


@pytest.mark.parametrize("mutation", SUBPROCESS_CASES)
def test_the_real_command_refuses_broken_files_without_a_traceback(
    mutation: str, tmp_path: Path
) -> None:
    source = SOURCES[0]
    content, field = _text_mutations(source.read_text(encoding="utf-8"))[mutation]
    path = tmp_path / source.name
    path.write_bytes(content)
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    result = subprocess.run(
        [sys.executable, "-m", "iopkit.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert_clear_failure(result.stdout + result.stderr, result.returncode, path, field)


def test_the_real_command_reports_a_deleted_required_key(tmp_path: Path) -> None:
    data = load(SOURCES[0])
    data["id"] = "mutant-case"
    del data["assessment"]["safety"]
    path = tmp_path / "case.yaml"
    path.write_text(dump(data), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "iopkit.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != ENV_VAR},
    )
    assert_clear_failure(result.stdout, result.returncode, path, "assessment.safety")
    assert "this required field is missing" in result.stdout
