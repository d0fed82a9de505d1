"""The continuum explorer, driven through its controls (no kernel, no browser)."""

from __future__ import annotations

import html

import pytest
from app_factories import unlabelled

from iopkit.levels import LEVELS, STEP_DOWN, STEP_SOURCE, Level
from iopkit.placement import recommend
from iopkit.quiz import QUIZ
from iopkit.render import level_html
from iopkit.widgets import ContinuumExplorer


@pytest.mark.parametrize("level", list(Level), ids=[lv.value for lv in Level])
def test_picking_a_level_shows_its_facts_sources_and_paths(level):
    app = ContinuumExplorer()
    app.level.value = level
    page = app.level_info.value
    info = LEVELS[level]
    assert html.escape(info.description) in page
    assert html.escape(info.typical_patients) in page
    assert "Step up to:" in page and "Step down to:" in page
    for target in STEP_DOWN.get(level, ()):
        assert html.escape(target.label) in page
    if info.weekly_hours_adult is not None:
        assert html.escape(info.weekly_hours_adult.describe()) in page
        assert html.escape(info.weekly_hours_adult.source.title) in page  # a short citation


@pytest.mark.parametrize("level", list(Level), ids=[lv.value for lv in Level])
def test_a_level_card_shows_only_what_belongs_to_that_level(level):
    page = level_html(level)
    # the source of IOP's paths appears on IOP's card, not on every level's
    assert (html.escape(STEP_SOURCE) in page) is (level is Level.IOP)
    # a Figures heading only over a table of figures
    assert ("<b>Figures</b>" in page) is bool(LEVELS[level].figures().rows)
    assert ("<b>Figures</b>" in page) is ("iopkit-figures" in page)


def test_withdrawal_management_has_no_empty_figures_heading():
    assert not LEVELS[Level.WITHDRAWAL_MANAGEMENT].figures().rows  # the case the card must meet
    assert "<b>Figures</b>" not in level_html(Level.WITHDRAWAL_MANAGEMENT)


def test_iop_lists_its_components():
    page = level_html(Level.IOP)
    for name in ("Process group", "Individual therapy", "Medication management"):
        assert name in page


def test_population_toggle_redraws_the_chart():
    app = ContinuumExplorer()
    adult = bytes(app.chart.value)
    assert adult.startswith(b"\x89PNG")
    app.population.value = app.population.options[1][1]
    assert bytes(app.chart.value) != adult
    assert "adolescents" in app.level_info.value


@pytest.mark.parametrize("index", range(len(QUIZ)))
def test_quiz_feedback_comes_from_the_engine(index):
    app = ContinuumExplorer()
    item = QUIZ[index]
    app.quiz_item.value = item.id
    assert html.escape(item.prompt) in app.quiz_prompt.value
    rec = recommend(item.assessment)
    app.quiz_answer.value = rec.level
    app.quiz_check.click()
    assert "Correct" in app.quiz_feedback.value
    wrong = next(lv for lv in Level if lv is not rec.level)
    app.quiz_answer.value = wrong
    app.quiz_check.click()
    assert "Not this time" in app.quiz_feedback.value
    assert html.escape(rec.decisive.explanation) in app.quiz_feedback.value


def test_quiz_without_an_answer_asks_for_one_and_a_new_scenario_clears_feedback():
    app = ContinuumExplorer()
    app.quiz_check.click()
    assert "choose a level first" in app.quiz_feedback.value
    app.quiz_answer.value = Level.IOP
    app.quiz_check.click()
    app.quiz_item.value = QUIZ[1].id
    assert app.quiz_feedback.value == "" and app.quiz_answer.label == "Choose a level"


def test_the_level_drop_down_shows_its_prompt_not_a_blank():
    app = ContinuumExplorer()
    assert app.quiz_answer.index == 0  # the page draws the option at this index; None is blank
    assert app.quiz_answer.label == "Choose a level"


def test_every_control_has_a_visible_label_and_the_chart_a_text_alternative():
    app = ContinuumExplorer()
    assert unlabelled(app) == []
    assert app.quiz_check.description == "Check"
    assert "9-19 h/week" in app.chart.tooltip
