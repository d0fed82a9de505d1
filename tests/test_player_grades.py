"""The case player speaks the one grade (right, defensible, not right), asks for the level a
step moves to and the withdrawal setting, and picks up where the trainee left off."""

from __future__ import annotations

from pathlib import Path

from app_factories import make_vignette, multi_stage_vignette
from factories import IOP_CANDIDATE

from iopkit.grading import Grade
from iopkit.levels import Decision, Level, WithdrawalSetting
from iopkit.progress import restore
from iopkit.responses import default_store
from iopkit.vignettes import Library, Vignette
from iopkit.widgets import PlacementCasePlayer

DEFENSIBLE_REASON = "Her days are empty and she asks for daily structure."


def library(*vignettes: Vignette) -> Library:
    return Library([(v, Path(f"{v.id}.yaml")) for v in vignettes])


def open_player(lib: Library) -> PlacementCasePlayer:
    """A page opening (or reloading) over the trainee's answers database."""
    return PlacementCasePlayer(library=lib)


def defensible_case() -> Vignette:
    return make_vignette(also_defensible={"php": DEFENSIBLE_REASON})


def answer(app: PlacementCasePlayer, chosen: Level | str) -> str:
    app.choose(chosen)
    app.submit.click()
    return str(app.feedback.value)


def stored_rows() -> list[dict[str, object]]:
    return default_store().rows("placement")


# --- Words and score ---------------------------------------------------------------------------


def test_defensible_answer_is_worded_as_defensible_and_counted_apart():
    app = open_player(library(defensible_case()))
    page = answer(app, Level.PHP)
    assert "A defensible choice" in page and DEFENSIBLE_REASON in page
    assert "Most panels would choose <b>Intensive outpatient programme (IOP)</b>" in page
    assert "Not this time" not in page
    assert "0 right, 1 defensible, 0 not right of 1 first answer" in app.score.value


def test_answer_is_stored_with_its_grade():
    app = open_player(library(defensible_case()))
    answer(app, Level.PHP)
    answer(app, Level.IOP)
    rows = stored_rows()
    assert [(r["chosen"], r["grade"], r["correct"], r["attempt"]) for r in rows] == [
        ("php", "defensible", False, 1),
        ("iop", "key", True, 2),
    ]


def test_withdrawal_management_asks_for_the_setting():
    v = make_vignette(
        id="wes-withdrawal-test",
        conditions=["alcohol_use_disorder"],
        assessment={**IOP_CANDIDATE, "withdrawal": "needs_management", "withdrawal_risk": "low"},
        expected_level="withdrawal_management",
    )
    app = open_player(library(v))
    assert app.setting.layout.display == "none"
    app.choice.value = Level.WITHDRAWAL_MANAGEMENT
    assert app.setting.layout.display == ""
    app.submit.click()
    assert "choose the setting of withdrawal management first" in app.feedback.value
    assert app.scorecard.answered == 0
    app.setting.value = WithdrawalSetting.TWENTY_FOUR_HOUR
    app.submit.click()
    assert "iopkit-incorrect" in app.feedback.value
    assert "but as ambulatory withdrawal management, not 24-hour" in app.feedback.value
    assert stored_rows()[0]["chosen"] == "withdrawal_management:24_hour"
    assert stored_rows()[0]["expected"] == "withdrawal_management:ambulatory"


def test_a_step_asks_for_the_level_and_only_levels_that_way():
    v = multi_stage_vignette()  # inpatient, then step down to IOP, then discharge
    app = open_player(library(v))
    answer(app, Level.INPATIENT)
    app.next_stage.click()
    assert app.stage_target.layout.display == "none"
    app.stage_choice.value = Decision.STEP_DOWN
    assert app.stage_target.layout.display == ""
    assert [lv for _, lv in app.stage_target.options] == [
        Level.OUTPATIENT,
        Level.IOP,
        Level.PHP,
        Level.RESIDENTIAL,
    ]
    app.stage_submit.click()
    assert "choose the level of care the person moves to first" in app.stage_feedback.value
    app.stage_target.value = Level.PHP
    app.stage_submit.click()
    assert "Step down is the right decision, but to IOP, not PHP." in app.stage_feedback.value
    app.stage_choice.value = Decision.CONTINUE
    assert app.stage_target.layout.display == "none"


def test_step_down_to_outpatient_from_iop_grades_as_discharge_in_the_player():
    v = multi_stage_vignette()
    app = open_player(library(v))
    answer(app, Level.INPATIENT)
    app.next_stage.click()
    app.stage_choice.value = Decision.STEP_DOWN
    app.stage_target.value = Level.IOP
    app.stage_submit.click()
    app.next_stage.click()
    app.stage_choice.value = Decision.STEP_DOWN
    assert app.stage_target.value is Level.OUTPATIENT  # the only step down from IOP
    app.stage_submit.click()
    assert "iopkit-correct" in app.stage_feedback.value
    assert "3 right, 0 defensible, 0 not right" in app.score.value
    assert stored_rows()[-1]["chosen"] == "step_down:outpatient"
    assert stored_rows()[-1]["grade"] == "key"


# --- Progress that survives a reload -----------------------------------------------------------


def test_reload_restores_the_score_and_the_case_progress():
    single, multi = defensible_case(), multi_stage_vignette()
    lib = library(single, multi)
    app = open_player(lib)
    app.case.value = single.id
    answer(app, Level.PHP)
    app.case.value = multi.id
    answer(app, Level.INPATIENT)
    app.next_stage.click()
    app.stage_choice.value = Decision.STEP_DOWN
    app.stage_target.value = Level.IOP
    app.stage_submit.click()
    before = app.score.value

    again = open_player(lib)  # the page is reloaded
    summary = "2 right, 1 defensible, 0 not right of 3 first answers; 2 of 2 cases done"
    assert summary in before and summary in again.score.value
    assert "Your saved answers are back" in again.score.value
    again.case.value = multi.id
    assert again.stage_index == 0  # the stage answered last
    assert "Day 10: leaving hospital" in again.stage_info.value
    assert "iopkit-correct" in again.stage_feedback.value
    assert not again.next_stage.disabled  # go on to the next stage
    assert "You answered this before" in again.feedback.value
    assert again.unlocked  # the analysis stays open for an answered question
    again.next_stage.click()
    assert again.stage_index == 1


def test_retry_after_reload_is_a_retry():
    v = defensible_case()
    lib = library(v)
    answer(open_player(lib), Level.RESIDENTIAL)  # not right

    again = open_player(lib)
    page = answer(again, Level.IOP)
    assert "Retry (practice)" in page and "was not right" in page
    assert "0 right, 0 defensible, 1 not right of 1 first answer" in again.score.value
    assert [r["attempt"] for r in stored_rows()] == [1, 2]


def test_a_page_that_does_not_record_restores_nothing():
    v = defensible_case()
    answer(open_player(library(v)), Level.IOP)
    quiet = PlacementCasePlayer(library=library(v), record=False)
    assert quiet.scorecard.answered == 0


# --- restore(): the rows, regraded --------------------------------------------------------------


def row(case_id: str, chosen: str, stage: str = "", **extra: object) -> dict[str, object]:
    return {"case_id": case_id, "stage": stage, "chosen": chosen, "vignette_version": 1, **extra}


def test_restore_regrades_first_answers_and_ignores_the_stored_verdict():
    v = defensible_case()
    back = restore(library(v), [row(v.id, "residential", correct=True, grade="key")])
    assert back.card.results == {v.id: Grade.NOT_RIGHT}


def test_restore_keeps_the_grade_of_an_answer_to_an_older_case_version():
    v = defensible_case().model_copy(update={"version": 2})
    back = restore(library(v), [row(v.id, "residential", grade="defensible")])
    assert back.card.results == {v.id: Grade.DEFENSIBLE}


def test_restore_skips_unknown_cases_stages_and_answers():
    v = multi_stage_vignette()
    rows = [
        row("someone-else", "iop"),
        row(v.id, "discharge", stage="week-99"),
        row(v.id, "the-best-level"),
        row(v.id, "inpatient"),
    ]
    back = restore(library(v), rows)
    assert back.skipped == 3
    assert back.card.results == {v.id: Grade.KEY}


def test_switching_back_to_a_case_keeps_where_the_trainee_was():
    single, multi = defensible_case(), multi_stage_vignette()
    app = open_player(library(single, multi))
    app.case.value = multi.id
    answer(app, Level.INPATIENT)
    app.next_stage.click()
    app.case.value = single.id
    assert app.stage_index == -1 and app.feedback.value == ""
    app.case.value = multi.id
    assert app.stage_index == 0  # the stage opened before, still waiting for a decision
    assert "Day 10: leaving hospital" in app.stage_info.value
    assert not app.stage_choice.disabled and app.stage_feedback.value == ""


def test_a_restored_stage_answer_the_case_can_no_longer_read_is_not_shown():
    v = multi_stage_vignette()
    default_store().record_placement(v.id, "", "inpatient", "inpatient", True, vignette_version=0)
    default_store().record_placement(
        v.id, "week-8", "step_down:php", "discharge", False, vignette_version=0, grade="not_right"
    )
    app = open_player(library(v))  # from IOP no step down reaches PHP: an older version's answer
    assert "0 not right" not in app.score.value and "1 not right" in app.score.value
    app.case.value = v.id
    assert app.stage_index == 1
    assert app.stage_feedback.value.startswith("<p><b>End of this case")
