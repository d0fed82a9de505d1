"""`validate_paths` / `validate_text`: the content rules, the privacy lint, the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from iopkit.inputs import ProblemSeverity
from iopkit.vignettes import BUILTIN_DIR, ValidationReport, validate_paths, validate_text
from iopkit.vignettes.privacy import scan

FIXTURES = Path(__file__).parent / "fixtures" / "vignettes"
VALID = FIXTURES / "evening-iop.yaml"


def valid_data() -> dict[str, Any]:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def check(data: dict[str, Any]) -> ValidationReport:
    return validate_text(yaml.safe_dump(data, sort_keys=False), "case.yaml")


def codes(report: ValidationReport, severity: str | None = None) -> list[str]:
    return [p.code for p in report.problems if severity is None or p.severity == severity]


def test_the_valid_fixture_has_no_problems() -> None:
    report = validate_paths([VALID])
    assert report.ok
    assert report.problems == ()
    assert report.files == (str(VALID),)
    assert [v.id for v in report.vignettes] == ["fixture-evening-iop"]


def test_the_built_in_library_passes_with_no_errors() -> None:
    report = validate_paths()
    assert report.errors == (), report.format()
    assert len(report.files) == len(list(BUILTIN_DIR.glob("*.yaml")))


def test_a_key_that_differs_from_the_engine_is_an_error() -> None:
    data = valid_data()
    data["expected_level"] = "php"
    report = check(data)
    assert not report.ok
    (problem,) = report.problems
    assert (problem.code, problem.path, problem.severity) == (
        "key-differs",
        "expected_level",
        "error",
    )
    assert "engine recommends iop" in problem.message
    assert "key_differs_because" in problem.message


def test_an_explained_key_difference_is_only_a_warning() -> None:
    data = valid_data()
    data["expected_level"] = "php"
    data["key_differs_because"] = "The team wants to show a cautious choice."
    report = check(data)
    assert report.ok
    assert codes(report, "warning") == ["key-differs"]


def test_feedback_is_needed_for_every_level() -> None:
    data = valid_data()
    del data["feedback"]["php"], data["feedback"]["inpatient"]
    report = check(data)
    (problem,) = report.errors
    assert problem.path == "feedback" and problem.code == "feedback-missing"
    assert "php, inpatient" in problem.message


def test_a_presentation_shorter_than_250_words_is_an_error() -> None:
    data = valid_data()
    data["presentation"] = "A short story. " * 10
    assert codes(check(data)) == ["presentation-length"]


def test_a_presentation_longer_than_600_words_is_an_error() -> None:
    data = valid_data()
    data["presentation"] = "word " * 601
    assert codes(check(data)) == ["presentation-length"]


def test_the_assessment_population_must_match_the_vignette() -> None:
    data = valid_data()
    data["assessment"]["population"] = "adolescent"
    assert "population-mismatch" in codes(check(data))


def test_a_stage_key_that_differs_from_the_engine_is_an_error() -> None:
    data = valid_data()
    data["stages"][0]["assessment"]["symptom_severity"] = "severe"
    data["stages"][0]["assessment"]["functional_impairment"] = "severe"
    report = check(data)
    assert "stage-key-differs" in codes(report, "error")
    assert any(p.path == "stages[0].expected_level" for p in report.errors)


@pytest.mark.parametrize(
    ("decision", "level", "fragment"),
    [
        ("continue", "outpatient", "'continue' keeps the same level"),
        ("step_up", "outpatient", "'step_up' needs a more intensive level"),
        ("step_down", "iop", "'step_down' needs a less intensive level"),
    ],
)
def test_a_stage_decision_must_match_the_move_from_the_previous_level(
    decision: str, level: str, fragment: str
) -> None:
    data = valid_data()
    stage = data["stages"][0]
    stage["decision"] = decision
    stage["expected_level"] = level
    if level == "iop":  # keep the engine agreeing, so only the decision is wrong
        stage["assessment"]["symptom_severity"] = "moderate"
        stage["assessment"]["functional_impairment"] = "moderate"
    report = check(data)
    moves = [p for p in report.errors if p.code == "decision-mismatch"]
    assert [p.path for p in moves] == ["stages[0].decision"]
    assert fragment in moves[0].message


def test_a_discharge_needs_outpatient_and_a_plan_with_follow_up_within_7_days() -> None:
    data = valid_data()
    stage = data["stages"][0]
    stage["decision"] = "discharge"
    report = check(data)
    assert codes(report) == ["discharge-plan-missing"]
    stage["discharge_plan"] = {
        "follow_up_within_days": 14,
        "relapse_prevention_focus": ["Early signs of low mood"],
    }
    report = check(data)
    assert [(p.code, p.path) for p in report.problems] == [
        ("follow-up-late", "stages[0].discharge_plan.follow_up_within_days")
    ]
    stage["discharge_plan"]["follow_up_within_days"] = 7
    assert check(data).problems == ()


def test_a_discharge_to_a_level_other_than_outpatient_is_an_error() -> None:
    data = valid_data()
    data["stages"][0].update(
        decision="discharge",
        expected_level="iop",
        discharge_plan={"follow_up_within_days": 7, "relapse_prevention_focus": ["Sleep"]},
    )
    data["stages"][0]["assessment"]["symptom_severity"] = "moderate"
    data["stages"][0]["assessment"]["functional_impairment"] = "moderate"
    report = check(data)
    assert codes(report) == ["decision-mismatch"]
    assert "'discharge' leaves the programme" in report.problems[0].message


def test_every_stage_needs_feedback_for_all_four_decisions() -> None:
    data = valid_data()
    del data["stages"][0]["feedback"]["step_up"]
    (problem,) = check(data).problems
    assert (problem.code, problem.path) == ("feedback-missing", "stages[0].feedback")
    assert "step_up" in problem.message


def test_the_first_stage_compares_with_the_answer_key_then_each_with_the_one_before() -> None:
    data = valid_data()
    later = json.loads(json.dumps(data["stages"][0]))
    later["id"] = "week-8-review"
    later["decision"] = "continue"
    later["assessment"]["current_setting"] = "outpatient"
    data["stages"].append(later)
    assert check(data).problems == ()
    later["decision"] = "step_down"
    assert [p.path for p in check(data).errors] == ["stages[1].decision"]


def test_stage_ids_are_unique_within_a_vignette() -> None:
    data = valid_data()
    second = json.loads(json.dumps(data["stages"][0]))
    second["decision"] = "continue"
    data["stages"].append(second)
    assert codes(check(data)) == ["duplicate-stage-id"]


def test_a_schedule_window_that_ends_before_it_starts_is_an_error() -> None:
    data = valid_data()
    data["schedule_task"]["latest_end"] = "15:00"
    assert codes(check(data)) == ["schedule-window"]


def test_template_placeholders_left_in_are_errors() -> None:
    data = valid_data()
    data["learning_points"] = ["TODO: write this"]
    report = check(data)
    assert [(p.code, p.path) for p in report.problems] == [("todo-left", "learning_points[0]")]


def test_duplicate_ids_across_two_files_are_an_error_on_the_second(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(VALID.read_bytes())
    (tmp_path / "b.yaml").write_bytes(VALID.read_bytes())
    report = validate_paths([tmp_path])
    (problem,) = report.problems
    assert problem.code == "duplicate-id"
    assert problem.file == str(tmp_path / "b.yaml")
    assert (problem.path, problem.line) == ("id", 2)
    assert "a.yaml" in problem.message


def test_an_id_taken_by_a_built_in_vignette_is_an_error(tmp_path: Path) -> None:
    builtin = sorted(BUILTIN_DIR.glob("*.yaml"))
    if not builtin:
        pytest.skip("no built-in vignettes yet")
    taken = yaml.safe_load(builtin[0].read_text(encoding="utf-8"))["id"]
    data = valid_data()
    data["id"] = taken
    report = check(data)
    assert [(p.code, p.path) for p in report.errors] == [("duplicate-id", "id")]
    assert builtin[0].name in report.errors[0].message
    assert validate_text(yaml.safe_dump(data), against_builtin=False).ok


def test_validating_a_built_in_file_itself_is_not_a_clash() -> None:
    builtin = sorted(BUILTIN_DIR.glob("*.yaml"))[:1]
    assert not [p for p in validate_paths(builtin).problems if p.code == "duplicate-id"]


def test_a_folder_without_vignette_files_is_an_error(tmp_path: Path) -> None:
    report = validate_paths([tmp_path])
    assert codes(report) == ["no-files"]
    assert not report.ok


# The privacy lint -------------------------------------------------------------------------

IDENTIFIERS = [
    ("She was referred by Dr Okafor at the clinic.", "name-with-title"),
    ("Her neighbour, Mrs. Jansen, drove her in.", "name-with-title"),
    ("He can be reached on 555-201-3344 in the evenings.", "phone-number"),
    ("Her mobile is 07700 900123.", "phone-number"),
    ("Call +44 20 7946 0958 to rebook.", "phone-number"),
    ("He wrote from jo.bloggs@example.org last week.", "e-mail"),
    ("She lives at 14 Elm Street with her aunt.", "street-address"),
    ("Their flat is at 221B Baker Street.", "street-address"),
    ("DOB: 03/04/1985.", "date-of-birth"),
    ("She was born on 4 March 1985 in a small town.", "date-of-birth"),
    ("Her SSN 123-45-6789 was on the form.", "id-number"),
    ("His NI number AB123456C is on the letter.", "id-number"),
    ("MRN 4471923 appears on the letter.", "record-number"),
    ("Record number: 88231 was copied in.", "record-number"),
    ("The number 20458812 is on her wristband.", "long-number"),
    ("See https://example.org/patient for more.", "url"),
    ("The clinic page at www.example.org lists groups.", "url"),
]


@pytest.mark.parametrize(("sentence", "kind"), IDENTIFIERS)
def test_text_that_looks_like_a_real_identifier_is_a_privacy_error(
    sentence: str, kind: str
) -> None:
    data = valid_data()
    data["presentation"] = data["presentation"] + "\n" + sentence + "\n"
    report = check(data)
    assert codes(report) == [f"privacy-{kind}"], report.format()
    assert report.problems[0].path == "presentation"
    assert report.problems[0].severity is ProblemSeverity.ERROR


CLINICAL_TEXT = [
    "Her PHQ-9 is 17 (moderately severe); GAD-7 of 15; AUDIT 24; CIWA-Ar 12.",
    "She attends 9-12 hours a week, 3-5 days, from 17:30 to 21:00, weeks 1-4.",
    "He was born in 1985, moved in 2019-2020, earns 45,000 a year and eats 1,200 kcal.",
    "A 12-step group meets on Tuesday; his pulse is 48 and his BMI is 16.5.",
    "Ms and Mr are titles; she said 'Dr' without a name. Miss a session? Never.",
    "He lives in a flat near the station and calls his sister 3 times a day.",
]


@pytest.mark.parametrize("sentence", CLINICAL_TEXT)
def test_ordinary_clinical_text_is_not_flagged(sentence: str) -> None:
    assert scan(sentence) == []


def test_the_privacy_lint_scans_stages_feedback_and_references_and_gives_the_line() -> None:
    data = valid_data()
    data["stages"][0]["update"] = "Better.\nHer sister phoned from 555-201-3344.\n"
    data["feedback"]["php"] = "Ask Dr Mendes."
    data["references"].append("www.example.org/guide")
    data["authors"] = ["Dr Real Author"]  # authors are real people and are not scanned
    text = yaml.safe_dump(data, sort_keys=False)
    report = validate_text(text, "case.yaml")
    found = {p.path: p for p in report.problems}
    assert set(found) == {"stages[0].update", "feedback.php", "references[1]"}
    lines = text.splitlines()
    phone = found["stages[0].update"]
    assert phone.line is not None and phone.column is not None
    assert lines[phone.line - 1][phone.column - 1 :].startswith("555-201-3344")


def test_privacy_findings_in_a_file_point_at_the_exact_line(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace(
        "He drinks two or three", "He emails tomasz@example.com and drinks two or three"
    )
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    (problem,) = validate_paths([path]).problems
    expected = next(i for i, line in enumerate(text.splitlines(), 1) if "tomasz@" in line)
    assert (problem.code, problem.line) == ("privacy-e-mail", expected)


@settings(max_examples=1000, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 -.()+@:/wDrMsABC\nphonecallbornDOB")),
        max_size=60,
    )
)
def test_the_fast_pre_checks_never_change_what_the_lint_finds(text: str) -> None:
    assert scan(text) == scan(text, fast=False)


# The report --------------------------------------------------------------------------------


def test_the_report_formats_one_line_per_problem_and_a_summary() -> None:
    data = valid_data()
    data["expected_level"] = "php"
    data["presentation"] = "Too short."
    lines = check(data).format().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("case.yaml:")
    assert ": error: " in lines[0]
    assert lines[-1] == "FAILED: checked 1 file: 2 errors, 0 warnings."


def test_the_report_to_dict_is_json_with_file_line_and_field() -> None:
    data = valid_data()
    data["population"] = "adultt"
    payload = json.loads(json.dumps(check(data).to_dict()))
    assert payload["ok"] is False and payload["errors"] == 1
    (problem,) = payload["problems"]
    assert problem["file"] == "case.yaml" and problem["path"] == "population"
    assert problem["line"] == 7 and problem["suggestion"] == "adult"


def test_the_report_html_escapes_what_came_from_the_file() -> None:
    data = valid_data()
    data["feedback"]["<script>alert(1)</script>"] = "x"
    html = check(data)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_validate_text_refuses_oversized_text() -> None:
    report = validate_text("a: b\n" * 200_000)
    assert codes(report) == ["too-large"]


def test_validate_text_and_validate_paths_agree(tmp_path: Path) -> None:
    data = valid_data()
    data["expected_level"] = "php"
    text = yaml.safe_dump(data, sort_keys=False)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    from_file = [(p.code, p.path, p.line) for p in validate_paths([path]).problems]
    from_text = [(p.code, p.path, p.line) for p in validate_text(text).problems]
    assert from_file == from_text


# --- the privacy lint reaches every free-text field, read from the model ---------------------


def _text_paths(value: object, at: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Paths of every text value of a dumped vignette (enums and the exempt fields aside)."""
    from enum import Enum

    from iopkit.vignettes.validate import NOT_FREE_TEXT

    if isinstance(value, dict):
        return [
            p
            for key, item in value.items()
            if not (isinstance(key, str) and not isinstance(key, Enum) and key in NOT_FREE_TEXT)
            for p in _text_paths(item, (*at, getattr(key, "value", key)))
        ]
    if isinstance(value, (list, tuple)):
        return [p for i, item in enumerate(value) for p in _text_paths(item, (*at, i))]
    if isinstance(value, str) and not isinstance(value, Enum):
        return [at]
    return []


def test_every_free_text_field_of_a_vignette_goes_through_the_privacy_lint() -> None:
    from app_factories import multi_stage_vignette

    from iopkit.inputs import format_path

    full = multi_stage_vignette(
        key_differs_because="The author wants the trainee to weigh the home.",
        discussion=["What would you ask first?"],
        schedule_task={"brief": "Evenings only.", "earliest_start": "17:00"},
    )
    paths = _text_paths(full.model_dump())
    names = {part for p in paths for part in p if isinstance(part, str)}
    assert {"title", "presentation", "brief", "update", "relapse_prevention_focus"} <= names
    assert "id" not in names and len(paths) > 20
    data = full.model_dump(mode="json")
    for path in paths:
        holder: Any = data
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = f"{holder[path[-1]]} Call 555-201-3344."
    report = validate_text(yaml.safe_dump(data, sort_keys=False), against_builtin=False)
    linted = {p.path for p in report.problems if p.code == "privacy-phone-number"}
    assert linted == {format_path(p) for p in paths}  # type: ignore[arg-type]


def test_the_fields_kept_out_of_the_lint_are_real_fields_with_a_reason() -> None:
    from iopkit.vignettes.model import DischargePlanBrief, ScheduleTask, Stage, Vignette
    from iopkit.vignettes.validate import NOT_FREE_TEXT

    fields = {
        name
        for model in (Vignette, Stage, ScheduleTask, DischargePlanBrief)
        for name in model.model_fields
    }
    assert set(NOT_FREE_TEXT) <= fields and all(NOT_FREE_TEXT.values())


def test_built_in_ids_are_read_by_the_library_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    from iopkit.vignettes import ENV_VAR, load_library
    from iopkit.vignettes.validate import _builtin_ids

    monkeypatch.delenv(ENV_VAR, raising=False)
    library = load_library()
    assert _builtin_ids() == {v.id: library.path_of(v.id) for v in library}


def only_cue(data: dict[str, Any]) -> str:
    """The path of the one problem validate finds in ``data``: an answer-cue warning."""
    report = check(data)
    assert report.ok
    (problem,) = report.warnings
    assert problem.code == "answer-cue", problem.format()
    return problem.path or ""


CUE_TITLES = [
    "IOP week 12: discharge planning",
    "PHP week 4: ready for IOP?",
    "Day 10: leaving hospital",
    "Week 6: time to step down",
]


@pytest.mark.parametrize("title", CUE_TITLES)
def test_validate_warns_when_a_stage_title_names_a_level_or_decision(title: str) -> None:
    data = valid_data()
    data["stages"][0]["title"] = title
    assert only_cue(data) == "stages[0].title"


ARRANGED_ENDINGS = [
    "The day programme has a place, five days a week from nine until three.",
    "He agrees, without much feeling, to stay in hospital.",
    "By the evening she is on the ward.",
    "The regional service has a bed in ten days.",
    "The team plans to discharge him on Friday.",
]


@pytest.mark.parametrize("ending", ARRANGED_ENDINGS)
def test_validate_warns_when_a_story_ends_by_arranging_the_answer(ending: str) -> None:
    data = valid_data()
    data["presentation"] = data["presentation"].rstrip() + "\n\n" + ending + "\n"
    assert only_cue(data) == "presentation"
    assert "last paragraph" in check(data).warnings[0].message


@pytest.mark.parametrize("ending", ARRANGED_ENDINGS)
def test_validate_warns_when_a_stage_update_ends_by_arranging_the_answer(ending: str) -> None:
    data = valid_data()
    data["stages"][0]["update"] = data["stages"][0]["update"] + "\n\n" + ending
    assert only_cue(data) == "stages[0].update"


def test_a_level_named_earlier_in_the_story_is_not_an_answer_cue() -> None:
    """History belongs in a story ("two years ago she was in hospital"); only the ending, where
    a story arranges the answer, is checked."""
    data = valid_data()
    data["presentation"] = (
        "Two years ago she spent a week in hospital and then a month in a day programme.\n\n"
        + data["presentation"]
    )
    assert check(data).problems == ()


def test_the_built_in_library_warns_of_nothing_but_documented_key_differences() -> None:
    report = validate_paths()
    explained = {v.id for v in report.vignettes if v.key_differs_because}
    for problem in report.warnings:
        assert problem.code in ("key-differs", "stage-key-differs"), problem.format()
        assert any(Path(problem.file).stem == case for case in explained), problem.format()
