"""What a trainee reads is for people: the rule list is a table with no ids or arrows, a
recommendation names each rule by its question, the debrief names schedule rules in words."""

from __future__ import annotations

import html
import re
from pathlib import Path

from matplotlib.text import Text

from iopkit.placement import RULES, recommend
from iopkit.render.placement import RulesTable, recommendation_html
from iopkit.schedule import ERROR_NAMES, SCHEDULE_RULES, TASK_FINDING_CODES, finding_name
from iopkit.vignettes import load_library


def test_the_rule_list_is_a_table_of_questions_and_levels_with_no_ids_arrows_or_monospace():
    page = RulesTable()._repr_html_()
    assert page.startswith("<table") and ">The question</th>" in page
    assert page.count("<tr>") == len(RULES) + 1
    for rule in RULES:
        assert html.escape(rule.title) in page
        assert rule.id not in page
    assert "->" not in page and "<pre" not in page and "<code" not in page


def test_a_recommendation_names_each_rule_by_its_question_not_its_id():
    rec = recommend(load_library().vignettes[0].assessment)
    page = recommendation_html(rec)
    for reason in rec.reasons:
        assert f"<b>{reason.rule}</b>" not in page
    for flag in rec.flags:
        assert f"<b>{flag.code}</b>" not in page
    assert not re.search(r"<b>[a-z]+(-[a-z]+)+</b>", page)  # no slug in bold anywhere


def test_every_schedule_error_has_a_name_in_words():
    errors = [r.code for r in SCHEDULE_RULES if r.severity.value == "error"]
    assert set(ERROR_NAMES) == {*errors, *TASK_FINDING_CODES}
    for code in (r.code for r in SCHEDULE_RULES):
        name = finding_name(code)
        assert "-" not in name and name[0].isupper()


def test_the_facilitators_charts_use_9_point_text_or_larger():
    from iopkit.debrief import debrief_folder
    from iopkit.debrief_plots import (
        new_debrief_axes,
        plot_case_levels,
        plot_confidence,
        plot_learning_gain,
    )
    from iopkit.plots import MIN_FONT_PT

    report = debrief_folder(Path(__file__).resolve().parents[1] / "notebooks" / "sample-exchange")
    for plot in (plot_case_levels, plot_confidence, plot_learning_gain):
        ax = plot(report, new_debrief_axes(8.0, 6.0))
        words = [t for t in ax.figure.findobj(Text) if t.get_text().strip()]
        assert words
        small = [(t.get_text(), t.get_fontsize()) for t in words if t.get_fontsize() < MIN_FONT_PT]
        assert small == [], plot.__name__
