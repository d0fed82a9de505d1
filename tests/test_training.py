"""Training logic: grading placements and stages, score keeping, schedule tasks, timeline."""

from __future__ import annotations

import html

import pytest
from app_factories import make_vignette, multi_stage_vignette
from factories import assessment, good_week

from iopkit.grading import Scorecard, grade_placement, grade_stage
from iopkit.levels import Level
from iopkit.placement import change_finding, recommend
from iopkit.quiz import QUIZ, grade_quiz
from iopkit.render import findings_html, totals_summary
from iopkit.schedule import TASK_FINDING_CODES, Schedule, check, check_task
from iopkit.timeline import programme_timeline
from iopkit.vignettes.model import Decision, ScheduleTask
from iopkit.widgets.schedule import session_from_inputs


def test_choosing_the_key_is_correct_and_shows_the_authors_feedback_for_it():
    v = make_vignette()
    result = grade_placement(v, "iop")
    assert result.correct
    assert result.feedback == v.feedback[Level.IOP]
    assert result.recommendation.level is Level.IOP
    assert result.learning_points == v.learning_points


@pytest.mark.parametrize("level", [lv for lv in Level if lv is not Level.IOP])
def test_any_other_level_is_incorrect_with_that_levels_feedback(level):
    v = make_vignette()
    result = grade_placement(v, level, confidence="very sure")
    assert not result.correct
    assert result.feedback == v.feedback[level]
    page = result._repr_html_()
    assert "Not this time" in page
    assert html.escape(v.feedback[level]) in page
    assert "very sure" in page


def test_placement_result_lists_the_engines_reasons_in_order():
    v = make_vignette()
    result = grade_placement(v, Level.OUTPATIENT)
    rules = [r["rule"] for r in result.to_dict()["engine_reasons"]]
    assert rules == list(recommend(v.assessment).path)
    assert rules[-1] == "needs-more-than-weekly"


def test_a_custom_engine_is_used_for_the_reasons():
    v = make_vignette()
    inpatient = assessment(safety="cannot_keep_safe")
    result = grade_placement(v, "iop", engine=lambda _a: recommend(inpatient))
    assert result.recommendation.level is Level.INPATIENT
    assert not result.engine_agrees


def test_key_differs_explanation_shows_only_when_engine_disagrees():
    v = make_vignette(
        expected_level="php", key_differs_because="The author wants daily contact at first."
    )
    assert "daily contact" in grade_placement(v, "php")._repr_html_()
    agrees = make_vignette(key_differs_because="Not needed here.")
    assert "Not needed here" not in grade_placement(agrees, "iop")._repr_html_()


def test_stage_decisions_are_graded_with_the_stage_feedback():
    v = multi_stage_vignette()
    right = grade_stage(v, 0, "step_down")
    assert right.correct and right.expected_level is Level.IOP
    assert right.feedback == v.stages[0].feedback[Decision.STEP_DOWN]
    wrong = grade_stage(v, "week-8", Decision.CONTINUE)
    assert not wrong.correct
    assert wrong.feedback == v.stages[1].feedback[Decision.CONTINUE]
    assert wrong.recommendation.level is Level.OUTPATIENT
    with pytest.raises(KeyError):
        grade_stage(v, "no-such-stage", "continue")


def test_only_the_first_answer_to_a_question_counts():
    card = Scorecard(("a", "b", "c"))
    card = card.record("a", False).record("a", True).record("b", True).record("b/s1", True)
    assert (card.answered, card.correct, card.cases_done, card.total) == (3, 2, 2, 3)
    narrowed = card.for_cases(("b",))
    assert (narrowed.answered, narrowed.correct, narrowed.cases_done) == (2, 2, 1)


@pytest.mark.parametrize("item", QUIZ, ids=[q.id for q in QUIZ])
def test_quiz_answer_is_the_engines_level_and_explained_by_its_deciding_rule(item):
    rec = recommend(item.assessment)
    assert grade_quiz(item, rec.level).correct
    wrong = next(lv for lv in Level if lv is not rec.level)
    result = grade_quiz(item.id, wrong)
    assert not result.correct
    assert html.escape(rec.decisive.explanation) in result._repr_html_()


def test_quiz_covers_several_levels():
    assert len({q.answer for q in QUIZ}) >= 3


def test_what_if_imminent_risk_moves_an_iop_case_to_inpatient():
    result = change_finding(assessment(), "safety", "cannot_keep_safe")
    assert result.before.level is Level.IOP
    assert result.after.level is Level.INPATIENT
    assert result.changes_level
    assert "moves" in result._repr_html_()


def test_what_if_a_non_decisive_change_keeps_the_level():
    result = change_finding(assessment(), "motivation", "moderate")
    assert not result.changes_level
    assert "stays" in result._repr_html_()


EVENINGS = ScheduleTask(
    brief="Evenings only",
    allowed_days=["mon", "tue", "wed", "thu"],
    earliest_start="17:30",
    latest_end="21:00",
    required_activities=["individual_therapy", "skills_group"],
    max_hours_per_week=12,
)


def test_a_week_that_fits_the_task_has_no_task_findings():
    sessions = [
        {"day": d, "start": "17:30", "minutes": 180, "activity": "skills_group"}
        for d in ("mon", "tue", "wed")
    ] + [{"day": "thu", "start": "18:00", "minutes": 60, "activity": "individual_therapy"}]
    assert check_task(Schedule.model_validate({"sessions": sessions}), EVENINGS) == ()


def test_task_findings_name_each_broken_constraint():
    sessions = [
        {"day": "fri", "start": "17:30", "minutes": 60, "activity": "skills_group"},
        {"day": "mon", "start": "16:00", "minutes": 60, "activity": "skills_group"},
        {"day": "tue", "start": "20:00", "minutes": 120, "activity": "skills_group"},
        {"day": "wed", "start": "17:30", "minutes": 210, "activity": "process_group"},
        {"day": "thu", "start": "17:30", "minutes": 210, "activity": "process_group"},
        {"day": "mon", "start": "17:30", "minutes": 200, "activity": "process_group"},
    ]
    findings = check_task(Schedule.model_validate({"sessions": sessions}), EVENINGS)
    codes = [f.code for f in findings]
    assert codes.count("day-not-allowed") == 1
    assert "Fri" in findings[codes.index("day-not-allowed")].message
    assert "starts-too-early" in codes and "ends-too-late" in codes
    assert codes.count("missing-required-activity") == 1
    assert "individual therapy" in findings[codes.index("missing-required-activity")].message
    assert "over-task-hours" in codes
    assert all(f.severity is TASK_FINDING_CODES[f.code] for f in findings)


def test_findings_html_lists_errors_before_warnings_with_text_labels():
    report = check(
        {
            "sessions": [
                {"day": "mon", "start": "09:00", "minutes": 60, "activity": "individual_therapy"}
            ]
        }
    )
    page = findings_html(report.findings)
    assert page.index("Error:") < page.index("Warning:")
    assert page.count("Error:") == len(report.errors)
    assert page.count("Warning:") == len(report.warnings)
    assert "meets every rule of a typical IOP week" in findings_html(())


def test_totals_summary_matches_the_report_and_the_adolescent_band():
    report = check(good_week())
    assert totals_summary(report).startswith(f"{report.hours_per_week:g} h a week on 3 days")
    teen = check({**good_week(), "population": "adolescent"})
    assert "IOP band for adolescents 6-19 h/week" in totals_summary(teen)


@pytest.mark.parametrize(
    ("start", "minutes", "field"),
    [
        ("25:00", 60, "Start"),
        ("9am", 60, "Start"),
        ("09:00", 0, "Minutes"),
        ("09:00", -30, "Minutes"),
        ("09:00", 2000, "Minutes"),
    ],
)
def test_bad_session_inputs_name_the_field(start, minutes, field):
    with pytest.raises(ValueError, match=field):
        session_from_inputs("mon", start, minutes, "process_group")


def test_good_session_inputs_make_a_session():
    s = session_from_inputs("tue", " 17:30", 90, "skills_group")
    assert (s.day.value, s.start, s.minutes) == ("tue", "17:30", 90)


def test_timeline_has_reviews_reassessment_discharge_and_follow_up_within_7_days():
    points = programme_timeline(12, review_every=4)
    kinds = [(p.week, p.kind) for p in points]
    assert kinds[0] == (0, "start")
    assert (4, "review") in kinds and (8, "review") in kinds
    assert (11, "reassessment") in kinds and (12, "discharge") in kinds
    follow = points[-1]
    assert follow.kind == "follow-up" and 12 < follow.week <= 13
    assert all(p.source for p in points)


def test_a_one_week_programme_still_has_discharge_and_follow_up():
    kinds = [p.kind for p in programme_timeline(1)]
    assert kinds == ["start", "discharge", "follow-up"]
    with pytest.raises(ValueError):
        programme_timeline(0)
