"""Regression tests for issue 10: no traceback, no hang and no silent misreading for any input.

Each test is named after the rule it proves; the fuzzer (test_fuzz_inputs.py) checks the same
rules on generated inputs.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from factories import IOP_CANDIDATE, good_week

from iopkit.cli import main
from iopkit.errors import ArgumentError, ArgumentTypeError, IopkitError, UnknownNameError
from iopkit.inputs import InputError, load_document
from iopkit.vignettes import ENV_VAR, load_library, privacy, validate_text

FIXTURES = Path(__file__).parent / "fixtures" / "vignettes"
VALID = FIXTURES / "evening-iop.yaml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(list(argv), out, err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def no_env_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


def assessment_yaml(**lines: str) -> str:
    fields = {k: json.dumps(v) for k, v in IOP_CANDIDATE.items()}
    fields.update(lines)
    return "assessment:\n" + "".join(f"  {k}: {v}\n" for k, v in fields.items())


def schedule_yaml(first_session: str) -> str:
    text = yaml.safe_dump(good_week(), sort_keys=False, default_flow_style=None)
    head, _, rest = text.partition("sessions:\n")
    return head + "sessions:\n" + first_session + rest


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def one_line_problems(text: str) -> list[str]:
    assert "Traceback" not in text
    return [line for line in text.splitlines() if ": error: " in line]


# --- 1. explicit YAML tags ------------------------------------------------------------------

BAD_TAGGED = [
    "!!bool maybe",
    "!!timestamp x",
    "!!int abc",
    "!!float x",
    "!!null x",
    "!!binary aGVsbG8=",
    "!!set {a: null}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!!map [1]",
    "!!seq {a: 1}",
    "!!str [1]",
    "!custom x",
]


@pytest.mark.parametrize("tagged", BAD_TAGGED)
def test_explicit_tags_that_do_not_fit_are_problems_naming_file_line_and_field(
    tmp_path: Path, tagged: str
) -> None:
    path = write(tmp_path, "case.yaml", assessment_yaml(medically_stable=tagged))
    code, out, err = run("place", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert problem.startswith(f"{path}:5:")
    assert "assessment.medically_stable" in problem
    assert "bug" not in problem


@pytest.mark.parametrize("tagged", ["!!bool maybe", "!!timestamp x", "!!int 9:99"])
def test_explicit_tags_in_a_schedule_are_problems_not_tracebacks(
    tmp_path: Path, tagged: str
) -> None:
    path = write(
        tmp_path,
        "week.yaml",
        schedule_yaml(f"- {{day: mon, start: {tagged}, minutes: 60, activity: skills_group}}\n"),
    )
    code, _, err = run("schedule", "check", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert "sessions[0].start" in problem and str(path) in problem


def test_a_tagged_value_in_the_educators_folder_leaves_the_built_in_cases_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = VALID.read_text(encoding="utf-8").replace(
        "medically_stable: true", "medically_stable: !!bool maybe", 1
    )
    bad = write(tmp_path, "bad.yaml", text)
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    lib = load_library()
    assert len(lib) >= 18
    [problem] = lib.problems
    assert problem.file == str(bad) and problem.line and "medically_stable" in problem.path


def test_validate_reports_a_tagged_value_as_a_problem_not_a_bug(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("version: 1", "version: !!int x", 1)
    path = write(tmp_path, "case.yaml", text)
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert "internal-error" not in out and "bug" not in out
    assert f"{path}:" in out and "version" in out


# --- 3. JSON --------------------------------------------------------------------------------


def test_json_nested_100000_deep_is_refused_with_a_line_not_a_recursion_error(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "case.json", '{"assessment": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, _, err = run("place", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert problem.startswith(f"{path}:1:") and "nested more than" in problem


def test_json_huge_numbers_are_refused_without_python_advice(tmp_path: Path) -> None:
    path = write(tmp_path, "week.json", '{"weeks": ' + "9" * 5000 + ', "sessions": []}')
    code, _, err = run("schedule", "check", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert "5000 digits" in problem and "weeks" in problem
    assert "set_int_max_str_digits" not in err


def test_json_duplicate_keys_are_errors_with_line_and_column(tmp_path: Path) -> None:
    data = good_week()
    text = json.dumps(data, indent=2).replace('"weeks": 8,', '"weeks": 8,\n  "weeks": 9,', 1)
    path = write(tmp_path, "week.json", text)
    code, _, err = run("schedule", "check", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert problem.startswith(f"{path}:4:3: error: weeks: the key 'weeks' appears twice")


def test_json_field_errors_carry_the_line_and_column_of_the_field(tmp_path: Path) -> None:
    data = good_week()
    data["sessions"][2]["minutes"] = "lots"
    path = write(tmp_path, "week.json", json.dumps(data, indent=2))
    code, _, err = run("schedule", "check", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    line = json.dumps(data, indent=2).splitlines().index('      "minutes": "lots",') + 1
    assert problem.startswith(f"{path}:{line}:7: error: sessions[2].minutes:")


def test_json_syntax_errors_and_control_characters_carry_line_and_column(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "case.json", '{\n  "assessment": "a\tb"\n}')
    code, _, err = run("place", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert problem.startswith(f"{path}:2:19:") and "a tab (U+0009)" in problem


# --- 2./4. times and booleans ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "quoted"),
    [
        ("9", "9"),
        ("25:00", "25:00"),
        ("17:00", "17:00"),
        ("true", "true"),
        ('"\u0660\u0669:\u0663\u0660"', "\u0660\u0669:\u0663\u0660"),
        ('"9:5"', "9:5"),
    ],
)
def test_times_are_quoted_hh_mm_and_anything_else_is_refused_quoting_what_was_written(
    tmp_path: Path, written: str, quoted: str
) -> None:
    session = f"- {{day: mon, start: {written}, minutes: 60, activity: skills_group}}\n"
    path = write(tmp_path, "week.yaml", schedule_yaml(session))
    code, _, err = run("schedule", "check", str(path))
    assert code == 1, err
    [problem] = one_line_problems(err)
    assert "sessions[0].start" in problem
    assert quoted in problem or ascii(quoted)[1:-1] in problem
    assert "'1500'" not in problem and "00:09" not in problem


def test_a_quoted_time_is_read_as_written(tmp_path: Path) -> None:
    session = '- {day: mon, start: "17:00", minutes: 60, activity: skills_group}\n'
    path = write(tmp_path, "week.yaml", schedule_yaml(session))
    code, out, err = run("schedule", "check", str(path), "--json")
    assert "Traceback" not in err and json.loads(out)["hours_per_week"] == 10.0


@pytest.mark.parametrize(
    ("kind", "field", "written"),
    [
        ("schedule", "minutes", "true"),
        ("schedule", "weeks", "yes"),
        ("place", "available_hours_per_week", "yes"),
        ("place", "medically_stable", "1"),
        ("place", "acute_phase", '"no"'),
    ],
)
def test_booleans_are_never_numbers_and_numbers_never_booleans(
    tmp_path: Path, kind: str, field: str, written: str
) -> None:
    if kind == "place":
        path = write(tmp_path, "case.yaml", assessment_yaml(**{field: written}))
        code, _, err = run("place", str(path))
    else:
        text = schedule_yaml("")
        text = (
            text.replace("weeks: 8", f"weeks: {written}")
            if field == "weeks"
            else text.replace("minutes: 60", f"minutes: {written}", 1)
        )
        path = write(tmp_path, "week.yaml", text)
        code, _, err = run("schedule", "check", str(path))
    assert code == 1, err
    [problem] = one_line_problems(err)
    assert field in problem


@pytest.mark.parametrize("written", ["0x1A", "0b11", ".inf", ".nan", "1:30"])
def test_numbers_in_unusual_yaml_notations_are_refused_as_written(
    tmp_path: Path, written: str
) -> None:
    path = write(tmp_path, "week.yaml", schedule_yaml("").replace("weeks: 8", f"weeks: {written}"))
    code, _, err = run("schedule", "check", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert f"'{written}'" in problem


# --- 9./10. names and characters in messages ------------------------------------------------


@pytest.mark.parametrize("key", ["a[b]", "function-after[x]", "[key]", "str"])
def test_unknown_keys_are_named_exactly_as_written_at_their_own_line(
    tmp_path: Path, key: str
) -> None:
    path = write(tmp_path, "case.yaml", assessment_yaml(**{json.dumps(key): "1"}))
    code, _, err = run("place", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert problem.startswith(f"{path}:13:3: error: assessment.{key}: unknown field '{key}'")


def test_messages_escape_control_characters_from_the_file(tmp_path: Path) -> None:
    key = '"\\e]0;owned\\a"'
    text = assessment_yaml(**{key: "1"}) + f"  {key}: 2\n"
    path = write(tmp_path, "case.yaml", text)
    code, _, err = run("place", str(path))
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b]0;owned\\x07" in err


def test_a_nul_byte_is_reported_with_its_line_and_named(tmp_path: Path) -> None:
    path = write(tmp_path, "case.yaml", assessment_yaml(motivation="hi\x00gh"))
    code, _, err = run("place", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert problem.startswith(f"{path}:9:17:") and "NUL byte (U+0000)" in problem
    assert "<unicode string>" not in problem


def test_a_tab_is_reported_as_a_tab_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "case.yaml", assessment_yaml().replace("  motivation", "\tmotivation"))
    code, _, err = run("place", str(path))
    assert code == 1
    [problem] = one_line_problems(err)
    assert problem.startswith(f"{path}:9:1:") and "a tab (U+0009)" in problem


@pytest.mark.parametrize("argv", [["place", ""], ["schedule", "check", ""]])
def test_an_empty_file_argument_is_reported_as_an_empty_name(argv: list[str]) -> None:
    code, _, err = run(*argv)
    assert code == 1
    assert "the file name is empty" in err and "folder" not in err


def test_the_python_readers_raise_input_error_for_the_same_inputs(tmp_path: Path) -> None:
    for text in ["a: !!bool maybe", "a: !!timestamp x", "[" * 70 + "]" * 70]:
        path = write(tmp_path, "x.yaml", text)
        with pytest.raises(InputError):
            load_document(path)


# --- 2. linear regular expressions ----------------------------------------------------------

CRAFTED = [
    "call" + " " * 30_000 + "x 12345",
    "born" + " " * 30_000 + "x",
    "born on" + " " * 30_000 + ":" + " " * 30_000 + "x",
    "record number" + " " * 30_000 + "x",
    "MRN" + " " * 30_000 + "#" + " " * 30_000 + "x",
    "a" * 60_000 + " @",
    ("x " + "a" * 50) * 1_000 + "@",
]


@pytest.mark.parametrize("text", CRAFTED, ids=lambda t: repr(t[:14]))
def test_the_privacy_lint_finishes_quickly_on_runs_that_used_to_backtrack(text: str) -> None:
    # Cubic or quadratic patterns took minutes on 3,000 spaces; these are 30,000 and more.
    # The bound is loose on purpose (a shared CI machine); `make bench` measures the time.
    start = time.perf_counter()
    privacy.scan(text)
    assert time.perf_counter() - start < 2.0


def test_validate_text_on_a_field_that_used_to_hang_returns_a_report() -> None:
    text = VALID.read_text(encoding="utf-8").replace(
        "title:", "key_differs_because: call" + " " * 3000 + "x 12345\ntitle:", 1
    )
    start = time.perf_counter()
    report = validate_text(text, "crafted.yaml")
    assert time.perf_counter() - start < 5.0
    assert report.files == ("crafted.yaml",)


def test_a_field_with_thousands_of_identifiers_lists_ten_and_counts_the_rest() -> None:
    text = VALID.read_text(encoding="utf-8").replace(
        "title:", "key_differs_because: " + "call 555-201-3344, " * 2000 + "\ntitle:", 1
    )
    report = validate_text(text, "many.yaml")
    privacy_problems = [p for p in report.problems if p.code.startswith("privacy-")]
    assert len(privacy_problems) == 11
    assert any("1990 more things" in p.message for p in privacy_problems)


# --- 5./6./8. folders, permissions and ids --------------------------------------------------


def _case(folder: Path, name: str, vignette_id: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = VALID.read_text(encoding="utf-8").replace("fixture-evening-iop", vignette_id, 1)
    return write(folder, name, text)


def test_validate_recurses_into_subfolders_and_says_how_many_files_in_each(
    tmp_path: Path,
) -> None:
    _case(tmp_path / "d", "a.yaml", "case-one")
    _case(tmp_path / "d" / "sub", "b.yaml", "case-two")
    _case(tmp_path / "d" / "sub" / "deeper", "c.yml", "case-three")
    _case(tmp_path / "d" / ".ipynb_checkpoints", "a-checkpoint.yaml", "case-one")
    code, out, _ = run("validate", str(tmp_path / "d"))
    assert code == 0, out
    d = tmp_path / "d"
    assert out.strip() == (
        f"OK: checked 3 files (1 in {d}, 1 in {d / 'sub'}, 1 in {d / 'sub' / 'deeper'}): "
        "0 errors, 0 warnings."
    )


def test_validate_counts_a_file_once_however_it_is_named(tmp_path: Path) -> None:
    path = _case(tmp_path / "d", "a.yaml", "case-one")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    same = tmp_path / "d" / "." / "a.yaml"
    code, out, _ = run("validate", str(path), str(tmp_path / "d"), str(same))
    assert code == 0, out
    assert out.strip() == "OK: checked 1 file: 0 errors, 0 warnings."


def test_validate_an_empty_path_argument_is_reported_as_empty(tmp_path: Path) -> None:
    code, out, _ = run("validate", "")
    assert code == 1
    assert "the path is empty" in out and "checked 0 files" in out


@pytest.mark.parametrize("bad_id", ["abc\n", "abc\r\n", "abc\x1b[2J"])
def test_new_refuses_ids_that_do_not_fully_match_and_shows_them_escaped(
    tmp_path: Path, bad_id: str
) -> None:
    code, _, err = run("new", bad_id, "--dir", str(tmp_path))
    assert code == 1
    assert "not a valid slug" in err and "\x1b" not in err
    assert list(tmp_path.iterdir()) == []


def _unprivileged(
    argv: list[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command that cannot read what its permissions forbid, even when tests run as root."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be denied")
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    return subprocess.run(
        [*prefix, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def locked(tmp_path: Path) -> Any:
    folder = tmp_path / "locked"
    _case(folder, "a.yaml", "locked-case")
    readable = _case(tmp_path / "open", "b.yaml", "open-case")
    unreadable_file = _case(tmp_path / "open", "c.yaml", "closed-case")
    unreadable_file.chmod(0)
    folder.chmod(0)
    yield folder, readable.parent, unreadable_file
    folder.chmod(0o755)
    unreadable_file.chmod(0o644)


def test_unreadable_folders_and_files_are_messages_naming_the_path(locked: Any) -> None:
    folder, open_folder, unreadable_file = locked
    cli = [sys.executable, "-m", "iopkit"]
    done = _unprivileged([*cli, "validate", str(folder), str(open_folder)])
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{folder}: error: cannot read the folder (Permission denied)" in done.stdout
    assert f"{unreadable_file}: error: cannot read the file: Permission denied" in done.stdout

    done = _unprivileged([*cli, "vignettes", "list", str(folder)])
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{folder}: error: cannot read the folder" in done.stderr

    done = _unprivileged([*cli, "new", "a-new-case", "--dir", str(folder / "inner")])
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"error: {folder / 'inner'}: cannot use the folder (Permission denied)" in done.stderr

    code = "from iopkit.vignettes import load_library; lib = load_library(); " + (
        "print(len(lib)); print(*(p.format() for p in lib.problems), sep='\\n')"
    )
    done = _unprivileged(
        [sys.executable, "-c", code],
        env={ENV_VAR: os.pathsep.join([str(folder), str(open_folder)])},
    )
    assert done.returncode == 0, done.stderr
    count, *problems = done.stdout.splitlines()
    assert int(count) >= 19  # the built-in cases and the readable file
    assert any(p.startswith(f"{folder}: error: cannot read the folder") for p in problems)
    assert any(p.startswith(f"{unreadable_file}: error: cannot read the file") for p in problems)


# --- 11. the Python API ---------------------------------------------------------------------


def _api_calls() -> list[tuple[str, Callable[[], object], type[Exception], list[str]]]:
    from iopkit.discharge import DischargePlan
    from iopkit.grading import grade_placement, grade_stage
    from iopkit.placement import change_finding
    from iopkit.quiz import QUIZ, grade_quiz
    from iopkit.schedule import check
    from iopkit.vignettes import load_library

    lib = load_library()
    staged = next(v for v in lib if v.stages)
    plain = lib.vignettes[0]
    return [
        ("check(None)", lambda: check(None), ArgumentTypeError, ["schedule", "None"]),
        (
            "grade_placement(v, 'IOP')",
            lambda: grade_placement(plain, "IOP"),
            ArgumentError,
            ["chosen", "'IOP'", "Allowed: ", "Did you mean 'iop'?"],
        ),
        (
            "grade_stage(v, 99, ...)",
            lambda: grade_stage(staged, 99, "continue"),
            ArgumentError,
            ["stage", "99", "Allowed: 0"],
        ),
        (
            "grade_stage(v, 0, 'carry on')",
            lambda: grade_stage(staged, 0, "carry on"),
            ArgumentError,
            ["chosen", "continue, step_down, step_up, discharge"],
        ),
        (
            "change_finding(a, 'xx', ...)",
            lambda: change_finding(QUIZ[0].assessment, "xx", 1),
            UnknownNameError,
            ["field_name", "'xx'", "symptom_severity"],
        ),
        (
            "change_finding(a, 'safety', 'huge')",
            lambda: change_finding(QUIZ[0].assessment, "safety", "huge"),
            InputError,
            ["safety", "'huge'", "cannot_keep_safe"],
        ),
        (
            "grade_quiz('nope', ...)",
            lambda: grade_quiz("nope", "iop"),
            UnknownNameError,
            ["item", "'nope'", QUIZ[0].id],
        ),
        ("lib.filter('x')", lambda: lib.filter("x"), ArgumentError, ["condition", "'x'"]),
        ("lib.get('x')", lambda: lib.get("x"), UnknownNameError, ["vignette_id", plain.id]),
        (
            "DischargePlan.from_texts(medication_plan=None)",
            lambda: DischargePlan.from_texts(medication_plan=None),  # type: ignore[arg-type]
            ArgumentTypeError,
            ["medication_plan", "None", "text"],
        ),
        (
            "validate_text(None)",
            lambda: validate_text(None),  # type: ignore[arg-type]
            ArgumentTypeError,
            ["yaml_text", "None"],
        ),
    ]


@pytest.mark.parametrize("index", range(11))
def test_api_misuse_raises_the_documented_family_naming_argument_value_and_allowed(
    index: int,
) -> None:
    label, call, kind, words = _api_calls()[index]
    with pytest.raises(kind) as info:
        call()
    assert isinstance(info.value, IopkitError), label
    if not isinstance(info.value, TypeError):
        assert isinstance(info.value, ValueError), label
    message = str(info.value)
    for word in words:
        assert word in message, (label, word, message)


def test_unknown_names_are_also_key_errors_for_code_that_caught_key_error() -> None:
    lib = load_library()
    with pytest.raises(KeyError):
        lib.get("no-such-case")


# --- 5./7. one bad file never stops the apps ------------------------------------------------


def test_every_case_app_loads_the_good_cases_and_lists_a_bad_files_problems_in_a_panel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iopkit.widgets import DischargePlanBuilder, PlacementCasePlayer, ScheduleDesigner

    bad_text = VALID.read_text(encoding="utf-8").replace(
        "medically_stable: true", "medically_stable: !!bool maybe", 1
    )
    write(tmp_path, "bad.yaml", bad_text)
    write(tmp_path, "broken.yml", "id: x\nid: y\n")
    _case(tmp_path, "good.yaml", "an-educators-case")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))

    lib = load_library()
    assert "an-educators-case" in lib and len(lib) >= 19
    staged = next(v for v in lib if any(s.discharge_plan for s in v.stages))
    discharge_stage = next(i for i, s in enumerate(staged.stages) if s.discharge_plan)
    apps = [
        PlacementCasePlayer(record=False),
        ScheduleDesigner(record=False),
        DischargePlanBuilder(staged, discharge_stage, record=False),
    ]
    for app in apps:
        panel = app.problems
        assert panel in app.widget.children and panel.layout.display != "none"
        text = panel.value
        assert text.startswith("<details") and "2 case files not loaded" in text
        assert f"{tmp_path / 'bad.yaml'}:" in text and "assessment.medically_stable" in text
        assert f"{tmp_path / 'broken.yml'}:2:" in text and "appears twice" in text
        assert "What to do" in text
    assert "an-educators-case" in apps[0].library


def test_without_problems_the_panel_is_hidden() -> None:
    from iopkit.widgets import ScheduleDesigner

    app = ScheduleDesigner(record=False)
    assert app.problems.value == "" and app.problems not in app.widget.children


def test_the_librarys_problem_report_renders_for_people_not_as_a_python_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert repr(load_library().problem_report) == "Every case file loaded: no problems."
    write(tmp_path, "broken.yml", "id: x\nid: y\n")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    report = load_library().problem_report
    assert repr(report).startswith(f"{tmp_path / 'broken.yml'}:2:1: error: id:")
    assert report._repr_html_().startswith("<details") and "[" not in repr(report)[:1]


def test_the_validation_report_page_escapes_control_characters_in_field_names() -> None:
    text = VALID.read_text(encoding="utf-8").replace("title:", '"\\e[2Jx": 1\ntitle:', 1)
    page = validate_text(text, "draft.yaml")._repr_html_()
    assert "\x1b" not in page and "unknown field &#x27;\\x1b[2Jx&#x27;" in page
