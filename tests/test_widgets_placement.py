"""The placement case player, driven through its controls (no kernel, no browser)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from app_factories import (
    HOSTILE,
    decide,
    decision_feedback,
    educator_case_file,
    make_vignette,
    multi_stage_vignette,
    unlabelled,
    walk,
)

from iopkit.assessment import Home, Safety
from iopkit.grading import Grade, PlacementAnswer, grade_answer, key_answer
from iopkit.levels import Level, WithdrawalSetting
from iopkit.placement import recommend
from iopkit.vignettes import Decision, Library, Vignette, load_library
from iopkit.widgets import PlacementCasePlayer

BUILTIN: tuple[Vignette, ...] = load_library().vignettes
FIXTURES: tuple[Vignette, ...] = (make_vignette(), multi_stage_vignette())
CASES = BUILTIN + FIXTURES
MULTI_STAGE = tuple(v for v in CASES if v.stages)
#: Every answer a trainee can give to a placement question.
ANSWERS = tuple(
    PlacementAnswer(lv) for lv in Level if lv is not Level.WITHDRAWAL_MANAGEMENT
) + tuple(PlacementAnswer(Level.WITHDRAWAL_MANAGEMENT, s) for s in WithdrawalSetting)


def player(*vignettes: Vignette) -> PlacementCasePlayer:
    return PlacementCasePlayer(library=Library([(v, Path(f"{v.id}.yaml")) for v in vignettes]))


def answered(app: PlacementCasePlayer, level: Level = Level.IOP) -> PlacementCasePlayer:
    """The what-if panel and the path open once the question has an answer."""
    app.choice.value = level
    app.submit.click()
    return app


def test_the_builtin_library_is_played_by_default():
    app = PlacementCasePlayer()
    assert [value for _, value in app.case.options] == [v.id for v in BUILTIN]


@pytest.mark.parametrize("v", CASES, ids=[v.id for v in CASES])
def test_golden_path_key_is_correct_and_every_other_level_gets_its_feedback(v):
    app = player(v)
    assert app.case.value == v.id
    assert html.escape(v.title) in app.vignette.value
    engine_level = recommend(v.assessment).level
    for answer in ANSWERS:
        app.choose(answer)
        app.submit.click()
        page = app.feedback.value
        assert html.escape(v.feedback[answer.level]) in page
        headline_right = "class='iopkit-correct'" in page
        assert headline_right is (grade_answer(v, v.id, answer) is Grade.KEY)
        assert html.escape(engine_level.label) in page  # the engine's reasons
        for point in v.learning_points:
            assert html.escape(point) in page


@pytest.mark.parametrize("v", MULTI_STAGE, ids=[v.id for v in MULTI_STAGE])
def test_stages_advance_to_the_end_with_feedback_for_every_decision(v):
    app = player(v)
    assert app.next_stage.disabled  # answer the admission question first
    app.choose(key_answer(v, v.id))
    app.submit.click()
    for i, stage in enumerate(v.stages):
        assert not app.next_stage.disabled
        app.next_stage.click()
        assert app.stage_index == i
        assert html.escape(stage.title) in app.stage_info.value
        assert app.next_stage.disabled
        for decision in Decision:
            decide(app, decision)
            page = app.stage_feedback.value
            assert html.escape(stage.feedback[decision]) in page
            chosen = app._last[f"{v.id}/{stage.id}"]  # with the level a step named
            key = grade_answer(v, f"{v.id}/{stage.id}", chosen) is Grade.KEY
            assert ("class='iopkit-correct'" in page) is key
            assert html.escape(stage.expected_level.label) in page
    assert "End of this case" in app.stage_feedback.value
    assert app.next_stage.disabled


def test_score_counts_first_answers_and_progress_counts_cases():
    single, multi = make_vignette(), multi_stage_vignette()
    app = player(single, multi)
    assert (app.progress.value, app.progress.max) == (0, 2)
    app.case.value = multi.id
    app.choice.value = Level.IOP  # wrong first answer
    app.submit.click()
    app.choice.value = Level.INPATIENT  # right, but too late to count
    app.submit.click()
    app.next_stage.click()
    decide(app, Decision.STEP_DOWN, Level.IOP)
    assert app.progress.value == 1
    assert (
        "1 right, 0 defensible, 1 not right of 2 first answers; 1 of 2 cases done"
        in app.score.value
    )
    app.case.value = single.id
    app.choice.value = Level.IOP
    app.submit.click()
    assert app.progress.value == 2
    assert (
        "2 right, 0 defensible, 1 not right of 3 first answers; 2 of 2 cases done"
        in app.score.value
    )


def test_filter_narrows_list_not_score():
    depression = make_vignette()
    alcohol = make_vignette(
        id="ana-alcohol-test",
        title="Ana: alcohol and low mood",
        conditions=["alcohol_use_disorder", "major_depressive_disorder"],
    )
    app = player(depression, alcohol)
    values = [value for _, value in app.condition_filter.options]
    assert values[:2] == ["all", "co_occurring"]
    app.case.value = depression.id
    answered(app)
    whole = "1 right, 0 defensible, 0 not right of 1 first answer; 1 of 2 cases done"
    assert whole in app.score.value
    app.condition_filter.value = "co_occurring"
    assert [v for _, v in app.case.options] == [alcohol.id]
    assert whole in app.score.value  # the filter narrows the list, not the score
    assert (app.progress.value, app.progress.max) == (1, 2)
    app.condition_filter.value = "alcohol_use_disorder"
    assert app.case.value == alcohol.id
    app.condition_filter.value = "major_depressive_disorder"
    assert {v for _, v in app.case.options} == {depression.id, alcohol.id}


@pytest.mark.parametrize("v", CASES, ids=[v.id for v in CASES])
def test_what_if_imminent_risk_gives_inpatient(v):
    app = answered(player(v))
    app.what_if_field.value = "safety"
    labels = {value: label for label, value in app.what_if_value.options}
    assert labels[v.assessment.safety].endswith("(this case)")
    app.what_if_value.value = Safety.CANNOT_KEEP_SAFE
    page = app.what_if_result.value
    assert html.escape(Level.INPATIENT.label) in page
    if recommend(v.assessment).level is not Level.INPATIENT:
        assert "moves" in page


def test_what_if_home_change_moves_a_substance_use_iop_case_to_residential():
    app = answered(player(make_vignette(conditions=["alcohol_use_disorder"])))
    app.what_if_field.value = "home_environment"
    app.what_if_value.value = Home.UNSAFE
    assert "moves" in app.what_if_result.value
    assert "Residential treatment" in app.what_if_result.value


def test_what_if_home_change_keeps_a_depression_case_at_its_clinical_level():
    app = answered(player(make_vignette()))
    app.what_if_field.value = "home_environment"
    app.what_if_value.value = Home.UNSAFE
    assert "Residential treatment" not in app.what_if_result.value
    assert "stays" in app.what_if_result.value


def test_what_if_follows_the_stage_shown():
    v = multi_stage_vignette()
    app = answered(player(v), Level.INPATIENT)
    app.what_if_field.value = "safety"
    assert app.what_if_value.value.value == "cannot_keep_safe"  # admission findings
    app.next_stage.click()
    app.stage_choice.value = Decision.CONTINUE
    app.stage_submit.click()
    assert app.what_if_field.value == "safety"
    assert app.what_if_value.value.value == "safety_plan"  # the stage's findings


def test_decision_path_figure_is_drawn_and_redrawn_for_a_stage():
    v = multi_stage_vignette()
    app = answered(player(v), Level.INPATIENT)
    first = bytes(app.path_figure.value)
    assert first.startswith(b"\x89PNG")
    app.next_stage.click()
    assert bytes(app.path_figure.value) == b""  # locked until the stage has an answer
    app.stage_choice.value = Decision.CONTINUE
    app.stage_submit.click()
    assert bytes(app.path_figure.value) != first


def test_submitting_without_a_choice_asks_for_one():
    app = player(make_vignette())
    app.submit.click()
    assert "choose a level first" in app.feedback.value
    assert app.scorecard.answered == 0


def test_changing_case_resets_the_question():
    a, b = make_vignette(), multi_stage_vignette()
    app = player(a, b)
    app.case.value = a.id
    app.choice.value = Level.IOP
    app.submit.click()
    app.case.value = b.id
    assert app.feedback.value == "" and app.choice.value is None
    assert app.stage_index == -1 and app.next_stage.disabled


def test_hostile_vignette_text_is_escaped_in_every_widget():
    stages = [
        {
            **s.model_dump(mode="json"),
            "update": s.update + HOSTILE,
            "title": s.title + HOSTILE,
            "feedback": {k: HOSTILE for k in decision_feedback("x")},
            "learning_points": [HOSTILE],
        }
        for s in multi_stage_vignette().stages
    ]
    v = make_vignette(
        id="hostile-test",
        title=f"Evil {HOSTILE}",
        presentation="Story " * 60 + HOSTILE,
        feedback={lv.value: HOSTILE for lv in Level},
        learning_points=[HOSTILE],
        assessment={**multi_stage_vignette().assessment.to_dict()},
        expected_level="inpatient",
        stages=stages,
    )
    app = player(v)
    app.choice.value = Level.IOP
    app.submit.click()
    app.next_stage.click()
    app.stage_choice.value = Decision.CONTINUE
    app.stage_submit.click()
    pages = [app.vignette.value, app.feedback.value, app.stage_info.value, app.stage_feedback.value]
    for page in pages:
        assert "<script>" not in page
        assert "&lt;script&gt;" in page


def test_an_educators_folder_appears_without_code_changes(tmp_path, monkeypatch):
    educator_case_file(tmp_path, "educator-added-case")
    monkeypatch.setenv("IOPKIT_VIGNETTES", str(tmp_path))
    app = PlacementCasePlayer()
    assert "educator-added-case" in [v for _, v in app.case.options]


def test_the_app_displays_as_its_box_and_as_a_line_of_text_where_widgets_cannot_run():
    app = player(make_vignette())
    bundle = app._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == app.widget.model_id
    assert bundle["text/plain"] == "Run the notebook to start this app."


def test_every_control_has_a_visible_label_and_the_figure_a_text_alternative():
    app = player(make_vignette())
    assert unlabelled(app) == []
    assert app.submit.description == "Check my answer"
    assert app.next_stage.description == "Next stage"
    answered(app)
    assert "needs-more-than-weekly met" in app.path_figure.tooltip


def test_stage_controls_show_only_for_cases_with_stages_once_a_stage_is_open():
    single, multi = make_vignette(), multi_stage_vignette()
    app = player(single, multi)
    app.case.value = single.id
    assert app.next_stage in walk(app.widget)
    assert app._stage_box.layout.display == "none"
    assert app.next_stage.layout.display == "none"
    app.case.value = multi.id
    assert app.next_stage.layout.display == ""
    assert app._stage_box.layout.display == "none"  # nothing to decide before the admission
    answered(app)
    app.next_stage.click()
    assert app._stage_box.layout.display == ""


def _after(box, first, then) -> bool:
    """True when ``then`` is the first thing shown after ``first`` in ``box`` (hidden widgets,
    boxes themselves and empty text between them do not count)."""
    leaves = [x for x in walk(box) if not hasattr(x, "children") and _visible(box, x)]
    later = leaves[leaves.index(first) + 1 :]
    return [x for x in later if getattr(x, "value", None) != ""][:1] == [then]


def _visible(box, widget) -> bool:
    """Neither ``widget`` nor any box on the way down to it from ``box`` is hidden."""

    def path(node, trail):
        if node is widget:
            return [*trail, node]
        for child in getattr(node, "children", ()):
            found = path(child, [*trail, node])
            if found:
                return found
        return []

    return all(x.layout.display != "none" for x in path(box, []))


def test_next_stage_and_next_case_sit_directly_under_the_admission_feedback():
    app = player(multi_stage_vignette(), make_vignette())
    answered(app)
    assert app.feedback.value
    assert _after(app.widget, app.feedback, app.next_stage)
    assert app.nav.children[:2] == (app.next_stage, app.next_case)
    assert not app.next_stage.disabled and not app.next_case.disabled
    assert "just below" in app.feedback.value


def test_next_stage_sits_directly_under_the_stage_feedback():
    v = multi_stage_vignette()
    app = player(v, make_vignette())
    answered(app)
    app.next_stage.click()
    decide(app, v.stages[0].decision)
    assert app.stage_feedback.value
    assert _after(app.widget, app.stage_feedback, app.next_stage)
    assert "Press <b>Next stage</b> just below" in app.stage_feedback.value


def test_next_case_opens_the_next_case_in_the_list_and_wraps_after_the_last():
    cases = (make_vignette(id="a-case"), multi_stage_vignette(), make_vignette(id="c-case"))
    app = player(*cases)
    ids = [value for _, value in app.case.options]
    for expected in (*ids[1:], ids[0]):
        app.next_case.click()
        assert app.case.value == expected
        assert app.feedback.value == ""  # the new case is not answered yet


def test_the_last_stage_points_to_next_case():
    v = multi_stage_vignette()
    app = player(v, make_vignette())
    answered(app)
    for stage in v.stages:
        app.next_stage.click()
        decide(app, stage.decision)
    assert "Press <b>Next case</b> just below" in app.stage_feedback.value
    app.next_case.click()
    assert app.case.value != v.id


def test_next_case_is_disabled_when_the_filter_shows_one_case():
    app = player(make_vignette())
    assert app.next_case.disabled
    app.next_case.click()
    assert app.case.value == make_vignette().id


def test_the_trainee_s_place_shows_beside_the_buttons_that_move_on():
    v = multi_stage_vignette()
    app = player(make_vignette(), v)
    app.case.value = v.id
    n = [value for _, value in app.case.options].index(v.id) + 1
    assert app.where in app.nav.children
    assert f"Case {n} of 2" in app.where.value and "0 of 2 cases done" in app.where.value
    answered(app)
    assert "1 of 2 cases done" in app.where.value
    app.next_stage.click()
    assert f"stage 1 of {len(v.stages)}" in app.where.value


def test_confidence_is_echoed_in_the_feedback():
    app = player(make_vignette())
    app.choice.value = Level.IOP
    app.confidence.value = "very sure"
    app.submit.click()
    assert "Your confidence: very sure" in app.feedback.value
    app.confidence.value = ""
    app.submit.click()
    assert "Your confidence" not in app.feedback.value


def test_what_if_offers_the_case_s_own_weight_among_the_values():
    jonas = next(v for v in BUILTIN if v.id == "jonas-anorexia")
    weighed = jonas.assessment.model_copy(update={"percent_expected_weight": 82.0})
    app = answered(player(jonas.model_copy(update={"assessment": weighed})), Level.RESIDENTIAL)
    app.what_if_field.value = "percent_expected_weight"
    labels = {value: label for label, value in app.what_if_value.options}
    assert app.what_if_value.value == 82.0 and labels[82.0] == "82.0 (this case)"
    app.what_if_value.value = 70.0
    assert "Inpatient" in app.what_if_result.value


def test_the_player_s_instructions_name_the_buttons_where_they_are():
    import json

    path = Path(__file__).parents[1] / "notebooks" / "02_placement_decisions.ipynb"
    text = "".join(
        "".join(c["source"])
        for c in json.loads(path.read_text())["cells"]
        if c["cell_type"] == "markdown"
    )
    assert "at the top" not in text  # the progress sits beside the Case list, not above it
    assert "just under the feedback" in text and "**Next case**" in text
