"""One home for turning every result of the kit into text for people: HTML and plain text.

Results (a recommendation, a graded answer, a schedule report, a plan check, a validation
report, the debrief...) render here and nowhere else: their ``_repr_html_``, the widgets and the
CLI all call these functions, and ``tests/test_architecture.py`` fails if a core module outside
this package writes HTML. Every piece of text is escaped; nothing here computes a clinical
result, it only words one.

One module per family of results:

* :mod:`iopkit.render.placement`: recommendations, graded answers, changed findings, quiz answers;
* :mod:`iopkit.render.schedule`: schedule reports, findings, tasks and totals;
* :mod:`iopkit.render.levels`: levels of care, bands, lists of levels;
* :mod:`iopkit.render.cases`: vignettes (safe Markdown), the library, validation reports and
  problems with educators' files;
* :mod:`iopkit.render.discharge`: discharge-plan checks;
* :mod:`iopkit.render.debrief`: the facilitator's debrief page.

The names below are the ones the rest of the kit uses.
"""

from __future__ import annotations

from iopkit.render._html import about_html, image_html, percent_text, points_html, value_text
from iopkit.render.cases import library_html
from iopkit.render.discharge import plan_check_html
from iopkit.render.levels import band_html, figures_html, level_html, levels_html, levels_text
from iopkit.render.placement import (
    finding_change_html,
    placement_result_html,
    quiz_result_html,
    reasons_html,
    recommendation_html,
    recommendation_text,
    stage_result_html,
    verdict_heading,
)
from iopkit.render.schedule import (
    component_hours_html,
    findings_html,
    schedule_report_html,
    schedule_report_text,
    task_html,
    totals_summary,
)

__all__ = [
    "about_html",
    "band_html",
    "component_hours_html",
    "figures_html",
    "finding_change_html",
    "findings_html",
    "image_html",
    "level_html",
    "levels_html",
    "levels_text",
    "library_html",
    "percent_text",
    "placement_result_html",
    "plan_check_html",
    "points_html",
    "quiz_result_html",
    "reasons_html",
    "recommendation_html",
    "recommendation_text",
    "schedule_report_html",
    "schedule_report_text",
    "stage_result_html",
    "task_html",
    "totals_summary",
    "value_text",
    "verdict_heading",
]
