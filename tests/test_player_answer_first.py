"""Answer first, then explore: the placement player names no level before an answer."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from app_factories import make_vignette, multi_stage_vignette

from iopkit.assessment import Assessment
from iopkit.levels import Level
from iopkit.placement import RULES, WHAT_IF_VALUES
from iopkit.vignettes import Decision, Library, Vignette, load_library
from iopkit.widgets import PlacementCasePlayer

BUILTIN: tuple[Vignette, ...] = load_library().vignettes
LEVEL_NAMES = sorted({name for lv in Level for name in (lv.label, lv.short)}, key=len)


def player(*vignettes: Vignette) -> PlacementCasePlayer:
    return PlacementCasePlayer(
        library=Library([(v, Path(f"{v.id}.yaml")) for v in vignettes]), record=False
    )


def shown_text(app: PlacementCasePlayer) -> str:
    """Everything the page would show outside the answer buttons, as plain words."""
    parts = [
        app.vignette.value,
        app.feedback.value,
        app.stage_info.value,
        app.stage_feedback.value,
        app.locked_note.value,
        app.score.value,
    ]
    if app.analysis.layout.display != "none":
        parts += [app.what_if_result.value, app.path_heading.value, app.path_figure.tooltip]
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(parts)))


def analysis_sent(app: PlacementCasePlayer) -> bool:
    return bool(
        app.what_if_result.value
        or app.path_figure.value
        or "Decision path" in app.path_figure.tooltip
    )


@pytest.mark.parametrize("v", BUILTIN, ids=[v.id for v in BUILTIN])
def test_before_an_answer_nothing_names_a_level_or_draws_the_path(v: Vignette) -> None:
    app = player(v)
    assert app.analysis.layout.display == "none" and not analysis_sent(app)
    assert "After your first answer" in app.locked_note.value
    text = shown_text(app)
    story = html.unescape(re.sub(r"<[^>]+>", " ", app.vignette.value))
    for name in LEVEL_NAMES:  # no level outside the answer buttons (unless the story says it)
        if name not in story:
            assert name not in text, name


def test_after_the_first_answer_the_feedback_what_if_and_path_appear() -> None:
    v = make_vignette()
    app = player(v)
    app.choice.value = Level.OUTPATIENT
    app.submit.click()
    assert app.feedback.value and app.analysis.layout.display == ""
    assert app.locked_note.layout.display == "none"
    assert app.what_if_result.value and bytes(app.path_figure.value).startswith(b"\x89PNG")


def test_each_later_stage_is_locked_again_until_it_has_an_answer() -> None:
    v = multi_stage_vignette()
    app = player(v)
    app.choice.value = Level.IOP
    app.submit.click()
    assert app.analysis.layout.display == ""
    app.next_stage.click()
    assert app.analysis.layout.display == "none" and not analysis_sent(app)
    stage_words = html.unescape(re.sub(r"<[^>]+>", " ", app.stage_info.value))
    expected = v.stages[0].expected_level
    if expected.label not in html.unescape(v.stages[0].update):
        assert expected.label not in stage_words
    app.stage_choice.value = Decision.CONTINUE
    app.stage_submit.click()
    assert app.analysis.layout.display == "" and app.what_if_result.value


def test_first_answers_count_retries_are_welcome_and_marked() -> None:
    v = make_vignette()
    app = player(v)
    wrong = next(lv for lv in Level if lv is not v.expected_level)
    app.choice.value = wrong
    app.submit.click()
    assert "Retry" not in app.feedback.value
    app.choice.value = v.expected_level
    app.submit.click()
    assert "Retry (practice)" in app.feedback.value
    assert "first answer to this question was not right" in app.feedback.value
    assert app.scorecard.correct == 0 and app.scorecard.answered == 1
    assert "0 right, 0 defensible, 1 not right of 1 first answer" in app.score.value
    assert "Only your first answer to each question counts" in app.score.value


def test_the_what_if_list_covers_every_field_a_rule_reads_available_hours_included() -> None:
    app = player(make_vignette())
    offered = {value for _, value in app.what_if_field.options}
    # The case's diagnoses (``conditions``) are who the person is, not a finding to vary.
    read_by_rules = {f for rule in RULES for f in rule.fields} - {"conditions"}
    assert read_by_rules <= offered
    assert "available_hours_per_week" in offered
    assert offered <= set(Assessment.model_fields)
    assert set(WHAT_IF_VALUES) == offered


@pytest.mark.parametrize("field_name", list(WHAT_IF_VALUES))
def test_the_what_if_text_and_the_figure_always_agree(field_name: str) -> None:
    v = make_vignette()
    app = player(v)
    app.choice.value = Level.IOP
    app.submit.click()
    app.what_if_field.value = field_name
    for _, value in app.what_if_value.options:
        app.what_if_value.value = value
        text = html.unescape(app.what_if_result.value)
        title = app.path_figure.tooltip.split(". Rules checked")[0]
        level = title.rsplit("Decision path: ", 1)[1]
        after = next(lv for lv in Level if lv.label == level)
        # The text names the same level as its verdict: "stays X", "to X" or "stays X:".
        verdict = text.split("</p><p>")[1] if "</p><p>" in text else text
        assert after.label in verdict, (field_name, value, level, verdict)
