"""The vignette loader: every problem in a file, with its place; libraries from three sources."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from iopkit.components import Condition
from iopkit.inputs import MAX_FILE_BYTES, InputError
from iopkit.vignettes import (
    BUILTIN_DIR,
    ENV_VAR,
    Library,
    Vignette,
    load_library,
    load_vignette,
    vignette_from_text,
)

FIXTURES = Path(__file__).parent / "fixtures" / "vignettes"
VALID = FIXTURES / "evening-iop.yaml"


def valid_data() -> dict[str, Any]:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def write(folder: Path, name: str, data: dict[str, Any] | str) -> Path:
    path = folder / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Any]:
    with pytest.raises(InputError) as info:
        load_vignette(path)
    return info.value.problems


def line_of(text: str, needle: str, start: int = 0) -> int:
    """1-based line of the first line containing ``needle`` at or after line ``start``."""
    for number, line in enumerate(text.splitlines()[start:], start + 1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.fixture(autouse=True)
def no_env_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


def test_the_fixture_loads_as_a_vignette() -> None:
    v = load_vignette(VALID)
    assert isinstance(v, Vignette)
    assert v.id == "fixture-evening-iop"
    assert v.expected_level.value == "iop"
    assert len(v.stages) == 1


def test_a_file_with_several_mistakes_reports_every_one_with_file_line_and_field(
    tmp_path: Path,
) -> None:
    data = valid_data()
    data["severty"] = "high"
    data["population"] = "adullt"
    data["version"] = "seven"
    del data["title"]
    problems = problems_of(write(tmp_path, "case.yaml", data))
    by_path = {p.path: p for p in problems}
    assert set(by_path) == {"severty", "population", "version", "title"}
    assert all(p.file.endswith("case.yaml") and p.line for p in problems)
    assert by_path["population"].suggestion == "adult"
    assert "adolescent" in (by_path["population"].allowed or "")
    assert by_path["population"].value == "'adullt'"
    assert by_path["title"].code == "missing"
    assert by_path["severty"].code == "unknown-field"


def test_unknown_keys_are_errors_with_a_did_you_mean(tmp_path: Path) -> None:
    data = valid_data()
    data["learning_point"] = data.pop("learning_points")
    problems = problems_of(write(tmp_path, "case.yaml", data))
    unknown = [p for p in problems if p.code == "unknown-field"]
    assert [p.suggestion for p in unknown] == ["learning_points"]
    assert "learning_points" in (unknown[0].allowed or "")


def test_a_misspelt_value_inside_a_list_gets_a_suggestion_and_no_echo(tmp_path: Path) -> None:
    data = valid_data()
    data["conditions"] = ["major_depresive_disorder"]
    problems = problems_of(write(tmp_path, "case.yaml", data))
    assert [(p.path, p.suggestion) for p in problems] == [
        ("conditions[0]", "major_depressive_disorder")
    ]


def test_nested_errors_point_at_the_line_of_the_field_in_its_stage() -> None:
    text = VALID.read_text(encoding="utf-8")
    stage_start = line_of(text, "- id: week-4-review")
    bad = text.splitlines()
    risk_line = line_of(text, "safety:", stage_start)
    bad[risk_line - 1] = bad[risk_line - 1].replace("no_concerns", "hgih")
    with pytest.raises(InputError) as info:
        vignette_from_text("\n".join(bad), "case.yaml")
    (problem,) = info.value.problems
    assert problem.path == "stages[0].assessment.safety"
    assert problem.line == risk_line
    assert problem.value == "'hgih'"
    assert problem.allowed == "no_concerns, safety_plan, frequent_review, cannot_keep_safe"


def test_a_missing_nested_field_points_at_its_parent_mapping() -> None:
    text = VALID.read_text(encoding="utf-8")
    stage_start = line_of(text, "- id: week-4-review")
    lines = [
        line
        for i, line in enumerate(text.splitlines(), 1)
        if not (i > stage_start and "medically_stable:" in line)
    ]
    with pytest.raises(InputError) as info:
        vignette_from_text("\n".join(lines), "case.yaml")
    (problem,) = info.value.problems
    assert problem.path == "stages[0].assessment.medically_stable"
    assert problem.code == "missing"
    assert problem.line is not None and stage_start < problem.line <= stage_start + 5


def test_a_python_object_tag_is_refused_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = VALID.read_text(encoding="utf-8").replace(
        "version: 1", f"version: !!python/object/apply:os.system ['touch {marker}']"
    )
    problems = problems_of(write(tmp_path, "case.yaml", text))
    assert not marker.exists()
    assert [p.code for p in problems] == ["yaml-tag"]
    assert problems[0].path == "version"
    assert problems[0].line == 4


def test_duplicate_keys_are_problems_not_silently_overwritten(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("version: 1", "version: 1\nversion: 2")
    problems = problems_of(write(tmp_path, "case.yaml", text))
    assert [(p.code, p.path, p.line) for p in problems] == [("duplicate-key", "version", 5)]


def test_an_impossible_date_is_located_and_explained(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("2026-11-28", "2026-02-30")
    (problem,) = problems_of(write(tmp_path, "case.yaml", text))
    assert problem.path == "last_reviewed"
    assert problem.line == 6
    assert "YYYY-MM-DD" in problem.message


def test_anchors_that_expand_exponentially_are_refused_quickly(tmp_path: Path) -> None:
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    problems = problems_of(write(tmp_path, "bomb.yaml", "\n".join(rows)))
    assert time.perf_counter() - start < 2
    assert [p.code for p in problems] == ["yaml-aliases"]


def test_deeply_nested_lists_are_refused_without_a_recursion_error(tmp_path: Path) -> None:
    for depth in (100, 3000):
        text = "id: " + "[" * depth + "]" * depth
        problems = problems_of(write(tmp_path, f"deep{depth}.yaml", text))
        assert problems[0].code in ("too-deep", "yaml-syntax")


def test_oversized_non_utf8_and_empty_files_are_refused_with_a_clear_message(
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 10), encoding="utf-8")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(VALID.read_bytes().replace(b"Tomasz", b"Tom\xe1sz"))
    empty = tmp_path / "empty.yaml"
    empty.write_text("  \n", encoding="utf-8")
    comments = tmp_path / "comments.yaml"
    comments.write_text("# nothing yet\n", encoding="utf-8")
    codes = {p.name: problems_of(p)[0].code for p in (big, latin, empty, comments)}
    assert codes == {
        "big.yaml": "too-large",
        "latin.yaml": "not-utf8",
        "empty.yaml": "empty",
        "comments.yaml": "empty",
    }
    assert problems_of(latin)[0].line == line_of(VALID.read_text(encoding="utf-8"), "Tomasz")


def test_library_combines_paths_and_sorts_by_id(tmp_path: Path) -> None:
    second = valid_data()
    second["id"] = "aaa-first-by-id"
    write(tmp_path, "z.yaml", second)
    lib = load_library([FIXTURES, tmp_path], include_builtin=False)
    assert isinstance(lib, Library)
    assert [v.id for v in lib] == ["aaa-first-by-id", "fixture-evening-iop"]
    assert len(lib) == 2 and "fixture-evening-iop" in lib and "nope" not in lib
    assert lib.path_of("aaa-first-by-id") == tmp_path / "z.yaml"
    assert lib.get("fixture-evening-iop").title.startswith("Fixture")
    assert lib.problems == ()


def test_get_names_the_known_ids_when_an_id_is_absent() -> None:
    lib = load_library([FIXTURES], include_builtin=False)
    with pytest.raises(KeyError, match="fixture-evening-iop"):
        lib.get("no-such-case")


def test_a_broken_file_is_skipped_and_reported_while_the_others_load(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", valid_data())
    write(tmp_path, "broken.yaml", "id: [unclosed\n")
    lib = load_library([tmp_path], include_builtin=False)
    assert lib.ids == ("fixture-evening-iop",)
    assert [p.file for p in lib.problems] == [str(tmp_path / "broken.yaml")]
    assert lib.problems[0].code == "yaml-syntax"


def test_a_later_duplicate_id_is_a_problem_and_the_first_file_wins(tmp_path: Path) -> None:
    copy = write(tmp_path, "copy.yaml", valid_data())
    lib = load_library([VALID, copy], include_builtin=False)
    assert lib.path_of("fixture-evening-iop") == VALID
    (problem,) = lib.problems
    assert problem.code == "duplicate-id" and problem.file == str(copy) and problem.path == "id"


def test_a_missing_folder_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    lib = load_library([tmp_path / "nowhere"], include_builtin=False)
    assert len(lib) == 0
    assert [p.code for p in lib.problems] == ["not-found"]


def test_the_environment_variable_adds_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    data = valid_data()
    data["id"] = "from-env-a"
    write(a, "one.yaml", data)
    data["id"] = "from-env-b"
    write(b, "two.yml", data)
    import os

    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(a), "", str(b)]))
    lib = load_library(include_builtin=False)
    assert lib.ids == ("from-env-a", "from-env-b")


def test_filter_by_condition_and_by_co_occurring(tmp_path: Path) -> None:
    data = valid_data()
    data["id"] = "co-occurring-case"
    data["conditions"] = ["alcohol_use_disorder", "major_depressive_disorder"]
    write(tmp_path, "co.yaml", data)
    lib = load_library([FIXTURES, tmp_path], include_builtin=False)
    assert [v.id for v in lib.filter("co_occurring")] == ["co-occurring-case"]
    assert [v.id for v in lib.filter(Condition.ALCOHOL_USE_DISORDER)] == ["co-occurring-case"]
    assert len(lib.filter("major_depressive_disorder")) == 2
    assert len(lib.filter()) == 2


def test_the_built_in_library_loads_without_problems() -> None:
    lib = load_library()
    files = sorted(BUILTIN_DIR.glob("*.yaml"))
    assert lib.problems == ()
    assert len(lib) == len(files)
    assert {lib.path_of(v.id) for v in lib} == set(files)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_given_as_a_file_is_refused_not_read() -> None:
    (problem,) = problems_of(Path("/dev/null"))
    assert problem.code == "not-a-file"
    lib = load_library([Path("/dev/null")], include_builtin=False)
    assert [p.code for p in lib.problems] == ["not-a-file"]
