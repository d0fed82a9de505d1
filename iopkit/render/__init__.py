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
* :mod:`iopkit.render.measurement`: the knowledge check's gain and item analysis, and a
  trainee's own before and after.

The names below are the ones the rest of the kit uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopkit._lazy import lazy_attributes

# Each name loads its module on first use, so importing one renderer (or the package) does not
# load every other one; the type checker reads the imports below.
if TYPE_CHECKING:  # pragma: no cover
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

_LAZY = {
    "about_html": "iopkit.render._html",
    "band_html": "iopkit.render.levels",
    "component_hours_html": "iopkit.render.schedule",
    "figures_html": "iopkit.render.levels",
    "finding_change_html": "iopkit.render.placement",
    "findings_html": "iopkit.render.schedule",
    "image_html": "iopkit.render._html",
    "level_html": "iopkit.render.levels",
    "levels_html": "iopkit.render.levels",
    "levels_text": "iopkit.render.levels",
    "library_html": "iopkit.render.cases",
    "percent_text": "iopkit.render._html",
    "placement_result_html": "iopkit.render.placement",
    "plan_check_html": "iopkit.render.discharge",
    "points_html": "iopkit.render._html",
    "quiz_result_html": "iopkit.render.placement",
    "reasons_html": "iopkit.render.placement",
    "recommendation_html": "iopkit.render.placement",
    "recommendation_text": "iopkit.render.placement",
    "schedule_report_html": "iopkit.render.schedule",
    "schedule_report_text": "iopkit.render.schedule",
    "stage_result_html": "iopkit.render.placement",
    "task_html": "iopkit.render.schedule",
    "totals_summary": "iopkit.render.schedule",
    "value_text": "iopkit.render._html",
    "verdict_heading": "iopkit.render.placement",
}

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

__getattr__, __dir__ = lazy_attributes("iopkit.render", _LAZY, globals())
