"""The one grading rule: the key, a defensible answer, or not right, for placements and stages."""

from __future__ import annotations

import html

import pytest
from app_factories import make_vignette, multi_stage_vignette
from factories import IOP_CANDIDATE
from pydantic import ValidationError

from iopkit.errors import IopkitError
from iopkit.grading import (
    Grade,
    PlacementAnswer,
    Scorecard,
    StageAnswer,
    grade_answer,
    grade_placement,
    grade_stage,
    key_answer,
    targets,
)
from iopkit.levels import Decision, Level, WithdrawalSetting
from iopkit.vignettes import load_library, validate_text

LIBRARY = load_library()
WITHDRAWAL = {**IOP_CANDIDATE, "withdrawal": "needs_management", "withdrawal_risk": "low"}


def kim(**stage_overrides: object):
    """Inpatient, then step down to IOP (day-10), then discharge (week-8); the stage
    overrides apply to the discharge stage."""
    base = multi_stage_vignette()
    stages = [s.model_dump(mode="json") for s in base.stages]
    stages[1].update(stage_overrides)
    return multi_stage_vignette(stages=stages)


def withdrawal_case(**overrides: object):
    return make_vignette(
        id="wes-withdrawal-test",
        conditions=["alcohol_use_disorder"],
        assessment=WITHDRAWAL,
        expected_level="withdrawal_management",
        **overrides,
    )


# --- Stages: the same level by another name ---------------------------------------------------


def test_step_down_to_outpatient_from_iop_grades_as_discharge():
    v = kim()
    assert grade_answer(v, f"{v.id}/week-8", "step_down:outpatient") is Grade.KEY
    result = grade_stage(v, "week-8", Decision.STEP_DOWN, target=Level.OUTPATIENT)
    assert result.correct and result.grade is Grade.KEY
    assert "discharge" in result.feedback and "Stage 2: feedback for Step down." in result.feedback


def test_step_down_naming_no_level_from_iop_grades_as_discharge():
    v = kim()
    assert grade_answer(v, f"{v.id}/week-8", "step_down") is Grade.KEY


def test_discharge_from_hospital_is_not_the_step_down_to_iop():
    v = kim()
    assert grade_answer(v, f"{v.id}/day-10", "discharge") is Grade.NOT_RIGHT
    assert grade_answer(v, f"{v.id}/day-10", "step_down:outpatient") is Grade.NOT_RIGHT


def test_stepping_down_to_another_level_than_the_key_is_not_right_and_names_the_key_level():
    v = kim()
    result = grade_stage(v, "day-10", "step_down:php")
    assert result.grade is Grade.NOT_RIGHT
    assert result.reached is Level.PHP
    assert result.feedback.startswith("Step down is the right decision, but to IOP, not PHP.")
    assert result.key.value == "step_down:iop"


def test_step_down_to_the_key_level_is_the_key():
    v = kim()
    assert grade_answer(v, f"{v.id}/day-10", "step_down:iop") is Grade.KEY
    assert key_answer(v, f"{v.id}/day-10") == StageAnswer(Decision.STEP_DOWN, Level.IOP)


def test_a_level_the_decision_cannot_reach_is_refused_with_the_allowed_answers():
    v = kim()
    with pytest.raises(IopkitError) as err:
        grade_answer(v, f"{v.id}/week-8", "step_down:inpatient")
    assert "step_down:outpatient" in str(err.value)
    with pytest.raises(IopkitError):
        grade_answer(v, f"{v.id}/week-8", "continue:php")


def test_step_targets_run_in_the_direction_of_the_step():
    assert targets(Decision.STEP_DOWN, Level.INPATIENT) == (
        Level.OUTPATIENT,
        Level.IOP,
        Level.PHP,
        Level.RESIDENTIAL,
    )
    assert Level.WITHDRAWAL_MANAGEMENT in targets(Decision.STEP_UP, Level.IOP)
    assert targets(Decision.STEP_UP, Level.INPATIENT) == ()


@pytest.mark.parametrize("v", [v for v in LIBRARY if v.stages], ids=lambda v: v.id)
def test_library_stage_keys_grade_as_the_key_however_named(v):
    for stage in v.stages:
        q = f"{v.id}/{stage.id}"
        assert grade_answer(v, q, stage.decision.value) is Grade.KEY
        assert grade_answer(v, q, key_answer(v, q)) is Grade.KEY


# --- Defensible answers -----------------------------------------------------------------------


def test_defensible_answer_is_not_counted_wrong():
    v = make_vignette(also_defensible={"php": "Daily structure would suit his empty days."})
    result = grade_placement(v, "php")
    assert result.grade is Grade.DEFENSIBLE and not result.correct
    card = Scorecard((v.id,)).record(v.id, result.grade)
    assert (card.correct, card.defensible, card.not_right) == (0, 1, 0)
    assert "0 right, 1 defensible, 0 not right" in card.summary()


def test_defensible_answer_reads_as_defensible_with_the_key_and_the_trade_off():
    reason = "Daily structure would suit his empty days."
    feedback = {lv.value: f"Feedback for {lv.value}." for lv in Level}
    feedback["iop"] = "Correct. Three days a week keeps him at work."
    v = make_vignette(also_defensible={"php": reason}, feedback=feedback)
    page = grade_placement(v, "php")._repr_html_()
    assert "A defensible choice" in page and html.escape(reason) in page
    assert "Most panels would choose <b>Intensive outpatient programme (IOP)</b>" in page
    assert "because: Three days a week keeps him at work." in page
    assert "Feedback for php." in page  # the trade-off: the chosen level's own feedback
    assert "iopkit-defensible" in page and "Not this time" not in page


def test_an_answer_not_listed_as_defensible_is_not_right():
    v = make_vignette(also_defensible={"php": "Daily structure."})
    assert grade_answer(v, v.id, "residential") is Grade.NOT_RIGHT


def test_defensible_stage_decision_grades_defensible():
    v = kim(also_defensible={"continue": "Two more weeks would see her through the move."})
    result = grade_stage(v, "week-8", "continue")
    assert result.grade is Grade.DEFENSIBLE
    assert result.defensible_because == "Two more weeks would see her through the move."
    assert "Most panels would choose <b>Discharge</b>" in result._repr_html_()


def test_defensible_level_is_never_the_key():
    with pytest.raises(ValidationError, match="also_defensible lists iop, which is the key"):
        make_vignette(also_defensible={"iop": "It is the key."})
    with pytest.raises(ValidationError, match="which is the key"):
        kim(also_defensible={"discharge": "It is the key."})


def test_defensible_level_needs_its_feedback():
    feedback = {lv.value: "Text." for lv in Level if lv is not Level.PHP}
    with pytest.raises(ValidationError, match="feedback has no entry for it"):
        make_vignette(feedback=feedback, also_defensible={"php": "A reason."})


def test_defensible_stage_decision_that_reaches_the_key_level_is_reported():
    import yaml

    v = kim(also_defensible={"step_down": "Outpatient care by another name."})
    report = validate_text(yaml.safe_dump(v.model_dump(mode="json")), "kim.yaml")
    codes = [p.code for p in report]
    assert "defensible-is-key" in codes
    (problem,) = [p for p in report if p.code == "defensible-is-key"]
    assert "stages" in problem.format() and "also_defensible" in problem.format()


def test_a_stage_key_differs_because_makes_its_difference_a_warning():
    import yaml

    def stage_key_problems(**stage: object):
        data = kim(**stage).model_dump(mode="json")
        data["stages"][1]["expected_level"] = "iop"
        data["stages"][1]["decision"] = "continue"
        data["stages"][1].pop("discharge_plan")
        report = validate_text(yaml.safe_dump(data), "kim.yaml")
        return [p for p in report if p.code == "stage-key-differs"]

    (unexplained,) = stage_key_problems()
    assert unexplained.severity.value == "error"
    (explained,) = stage_key_problems(key_differs_because="The team keeps her for the move.")
    assert explained.severity.value == "warning"
    page = grade_stage(
        kim(key_differs_because="The team keeps her for the move."), "week-8", "discharge"
    )
    assert page.key_differs_because == "The team keeps her for the move."


# --- Withdrawal management: ambulatory or 24-hour ---------------------------------------------


def test_withdrawal_management_in_the_key_setting_is_the_key():
    v = withdrawal_case()
    assert grade_answer(v, v.id, "withdrawal_management:ambulatory") is Grade.KEY


def test_withdrawal_management_in_the_wrong_setting_is_not_right():
    v = withdrawal_case()
    result = grade_placement(v, "withdrawal_management:24_hour")
    assert result.grade is Grade.NOT_RIGHT
    assert result.feedback.startswith(
        "Withdrawal management is the service this case needs, but as ambulatory"
    )
    assert "Ambulatory withdrawal management" in result._repr_html_()


def test_withdrawal_answer_without_a_setting_grades_on_the_level():
    v = withdrawal_case()
    assert grade_answer(v, v.id, "withdrawal_management") is Grade.KEY


def test_authors_withdrawal_setting_overrides_the_rules():
    v = withdrawal_case(withdrawal_setting="24_hour")
    assert grade_answer(v, v.id, "withdrawal_management:24_hour") is Grade.KEY
    assert grade_answer(v, v.id, "withdrawal_management:ambulatory") is Grade.NOT_RIGHT


def test_withdrawal_setting_belongs_only_to_a_withdrawal_management_key():
    with pytest.raises(ValidationError, match="withdrawal_setting is only used"):
        make_vignette(withdrawal_setting="ambulatory")


@pytest.mark.parametrize(
    ("case", "setting"),
    [
        ("declan-alcohol-use", "24_hour"),
        ("ilse-sedative-and-alcohol-use", "24_hour"),
        ("rosa-opioid-use", "ambulatory"),
        ("sunita-alcohol-use", "ambulatory"),
    ],
)
def test_library_withdrawal_keys_mean_the_setting_their_feedback_names(case, setting):
    v = LIBRARY.get(case)
    key = key_answer(v, case)
    assert key == PlacementAnswer(Level.WITHDRAWAL_MANAGEMENT, WithdrawalSetting(setting))
    form = "24-hour" if setting == "24_hour" else "ambulatory"
    assert f"in its {form} form" in v.feedback[Level.WITHDRAWAL_MANAGEMENT]


def test_a_setting_on_another_level_is_refused():
    with pytest.raises(IopkitError, match="only withdrawal management has"):
        PlacementAnswer.parse("iop:ambulatory")


# --- One rule everywhere ----------------------------------------------------------------------


@pytest.mark.parametrize("v", list(LIBRARY), ids=lambda v: v.id)
def test_results_take_their_grade_from_grade_answer(v):
    answers = [lv.value for lv in Level] + [
        f"withdrawal_management:{s.value}" for s in WithdrawalSetting
    ]
    for chosen in answers:
        result = grade_placement(v, chosen)
        assert result.grade is grade_answer(v, v.id, chosen)
        assert result.correct is (result.grade is Grade.KEY)
        assert grade_answer(v, v.id, result.to_dict()["chosen"]) is result.grade
    for i, stage in enumerate(v.stages):
        for decision in Decision:
            result = grade_stage(v, i, decision)
            assert result.grade is grade_answer(v, f"{v.id}/{stage.id}", decision.value)
            assert grade_answer(v, f"{v.id}/{stage.id}", result.answer.value) is result.grade


def test_answers_round_trip_through_their_stored_form():
    for answer in (
        PlacementAnswer(Level.IOP),
        PlacementAnswer(Level.WITHDRAWAL_MANAGEMENT, WithdrawalSetting.TWENTY_FOUR_HOUR),
    ):
        assert PlacementAnswer.parse(answer.value) == answer
    for step in (StageAnswer(Decision.DISCHARGE), StageAnswer(Decision.STEP_UP, Level.PHP)):
        assert StageAnswer.parse(step.value) == step


def test_a_question_of_another_case_or_an_unknown_stage_is_refused():
    v = kim()
    with pytest.raises(IopkitError, match="is not a question of"):
        grade_answer(v, "someone-else", "iop")
    with pytest.raises(IopkitError, match="week-9"):
        grade_answer(v, f"{v.id}/week-9", "discharge")
    with pytest.raises(IopkitError, match="chosen"):
        grade_answer(v, v.id, "the-best-level")


def test_grade_labels_are_plain_english():
    assert [g.label for g in Grade] == ["Right", "Defensible", "Not right"]
    assert [g.value for g in Grade] == ["key", "defensible", "not_right"]


def test_scorecard_counts_the_first_answer_by_its_grade():
    card = Scorecard(("a",)).record("a", Grade.NOT_RIGHT).record("a", Grade.KEY)
    assert (card.correct, card.not_right) == (0, 1)
    assert Scorecard(("a",)).record("a", True).correct == 1  # a bool still reads


def test_the_answer_key_handout_lists_defensible_answers_with_their_reasons():
    from iopkit.render.handout import case_html

    v = make_vignette(also_defensible={"php": "Her days are empty."})
    assert "Also defensible" not in case_html(v, answer_key=False)
    page = case_html(v, answer_key=True)
    assert "Also defensible" in page and "Her days are empty." in page
    assert "Also defensible" not in case_html(make_vignette(), answer_key=True)
