"""The workshop in words: what the kit records, and the facilitator's debrief (a fragment for
the notebook, or a printable page).

The figures are drawn by :mod:`iopkit.debrief_plots` and passed in as PNG bytes, so this module
stays free of plotting.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from iopkit import DISCLAIMER
from iopkit.errors import IopkitError
from iopkit.grading import StageAnswer
from iopkit.levels import Level
from iopkit.render._html import image_html
from iopkit.render._html import percent_text as _pct
from iopkit.render._html import table_html as _table
from iopkit.words import count

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.debrief import Debrief

_E = html.escape


def _level_label(value: str) -> str:
    try:
        return Level(value).short
    except ValueError:
        return value.replace("_", " ")


def _decision_label(value: str) -> str:
    """A stored stage answer in words: ``step_down:iop`` is "Step down to IOP"."""
    try:
        return StageAnswer.parse(value).label
    except IopkitError:
        return value.replace("_", " ").capitalize()


def debrief_html(
    d: Debrief,
    *,
    standalone: bool = True,
    top: int = 5,
    figures: Sequence[tuple[str, bytes]] = (),
) -> str:
    """The report as HTML: a fragment for a notebook, or a printable page; ``figures`` are
    (title, PNG) pairs drawn by :func:`iopkit.debrief_plots.report_page`."""
    parts = [
        "<div class='iopkit-debrief'>",
        _contents_html(),
        _room_html(d),
        _ranking_html(d, top),
        _cases_html(d),
        _confidence_html(d),
        _schedule_plan_html(d),
        _gain_html(d),
        "</div>",
    ]
    if not standalone:
        return "".join(parts)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>iopkit: facilitator's debrief</title>"
        f"<style>{REPORT_CSS}</style></head><body>"
        "<h1>Facilitator's debrief</h1>"
        f"<p class='note'>{_E(DISCLAIMER)} Trainees appear under their pseudonyms only.</p>"
        + "".join(parts[:2])
        + _figures_html(figures)
        + "".join(parts[2:])
        + "</body></html>"
    )


REPORT_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1.5rem auto;
       line-height: 1.45; color: #111; }
h1, h2, h3 { line-height: 1.2; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #999; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
figure { margin: 1rem 0; } figure img { max-width: 100%; }
.note { color: #333; font-style: italic; }
.names { font-size: .85em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-before: page; } h2.first { break-before: auto; }
  table, figure, .iopkit-case-block { break-inside: avoid; }
}
"""


SECTIONS: tuple[tuple[str, str], ...] = (
    ("iopkit-debrief-first", "Cases to debrief first"),
    ("iopkit-debrief-cases", "Case by case"),
    ("iopkit-debrief-confidence", "Confidence and correctness"),
    ("iopkit-debrief-schedules", "Schedules and plans"),
    ("iopkit-debrief-gain", "Learning gain"),
)


def _contents_html() -> str:
    links = " &middot; ".join(f"<a href='#{i}'>{_E(t)}</a>" for i, t in SECTIONS)
    return f"<nav aria-label='Debrief sections'><p><b>Sections:</b> {links}</p></nav>"


def _room_html(d: Debrief) -> str:
    c = d.answer_counts
    names = ", ".join(f"{p} ({n})" for p, n in d.pseudonyms) if d.pseudonyms else "none yet"
    skipped = ""
    if d.problems:
        items = "".join(f"<li>{_E(p)}</li>" for p in d.problems)
        skipped = f"<p><b>Not read ({len(d.problems)}):</b></p><ul>{items}</ul>"
    if d.refused:
        skipped += f"<p>{_E(d.refused)}</p>"
    if d.not_counted:
        items = "".join(f"<li>{_E(p)}</li>" for p in d.not_counted)
        skipped += (
            "<p><b>Answers not counted</b> (each answer is graded against this kit's key for "
            f"the case version answered):</p><ul>{items}</ul>"
        )
    source = f"<p>Hand-ins read from: {_E(d.source)}.</p>" if d.source else ""
    return (
        "<h2 class='first'>The room</h2>"
        + source
        + f"<p><b>{count(d.trainees, 'trainee')} handed in</b> (pseudonym and number of answers): "
        f"<span class='names'>{_E(names)}</span>.</p>"
        f"<p>{c.get('placement', 0)} placement answers, {c.get('quiz', 0)} quiz answers, "
        f"{c.get('schedule', 0)} checked schedules, {c.get('plan', 0)} plan checks.</p>" + skipped
    )


def _ranking_html(d: Debrief, top: int) -> str:
    ranked = d.ranking[:top]
    if not ranked:
        return (
            "<h2 id='iopkit-debrief-first'>Cases to debrief first</h2>"
            "<p>No placement answers yet.</p>"
        )
    items = []
    for c in ranked:
        prompts = "".join(f"<li>{_E(p)}</li>" for p in c.discussion) or (
            "<li>The author wrote no discussion prompts for this case.</li>"
        )
        wrong = (
            f" Most common wrong answer: {_E(_level_label(c.common_wrong))} "
            f"({c.common_wrong_count}). The deciding rule it missed: {_E(c.missed_rule)}"
            if c.common_wrong
            else ""
        )
        items.append(
            f"<li class='iopkit-case-block'><p><b>{_E(c.title)}</b>: {_pct(c.accuracy)} right "
            f"at the first answer ({count(c.answers, 'answer')}), {c.confident_wrong} confidently "
            f"wrong.{wrong}</p><p>Discussion prompts:</p><ul>{prompts}</ul></li>"
        )
    return (
        "<h2 id='iopkit-debrief-first'>"
        "Cases to debrief first</h2><p>Ranked by wrong first answers, counting confident "
        f"wrong answers twice.</p><ol>{''.join(items)}</ol>"
    )


def _cases_html(d: Debrief) -> str:
    rows = []
    for c in d.cases:
        if not c.answers:
            continue
        spread = "; ".join(f"{_level_label(k)} {n}" for k, n in c.chosen.items())
        rows.append(
            (
                c.title,
                _level_label(c.key),
                str(c.answers),
                _pct(c.accuracy),
                str(c.defensible),
                spread,
                _level_label(c.common_wrong) if c.common_wrong else "none",
                "n/a" if c.median_seconds is None else f"{c.median_seconds:.0f} s",
            )
        )
    table = _table(
        (
            "Case",
            "Key",
            "First answers",
            "Right",
            "Defensible",
            "Chosen levels",
            "Most common wrong",
            "Time",
        ),
        rows,
        num=(2, 3, 4, 7),
    )
    stage_rows = [
        (
            c.title,
            s.title,
            _decision_label(s.expected),
            str(s.answers),
            _pct(s.accuracy),
            str(s.defensible),
            "; ".join(f"{_decision_label(k)} {n}" for k, n in s.decisions.items()),
        )
        for c in d.cases
        for s in c.stages
    ]
    stages = (
        "<h3>Later stages</h3>"
        + _table(
            ("Case", "Stage", "Author's decision", "Answers", "Right", "Defensible", "Decisions"),
            stage_rows,
            num=(3, 4, 5),
        )
        if stage_rows
        else ""
    )
    return (
        "<h2 id='iopkit-debrief-cases'>"
        "Case by case</h2><p>First answers only, each graded again from the choice against "
        "this kit's key: <b>Right</b> is the author's key; <b>Defensible</b> counts answers the "
        "author accepts as defensible, shown apart and not counted as right or as wrong. The "
        f"time is the median from opening the case to the first answer.</p>{table}{stages}"
    )


def _confidence_html(d: Debrief) -> str:
    rows = [
        (r.label, str(r.answers), str(r.correct), str(r.defensible), _pct(r.accuracy))
        for r in d.confidence
    ]
    sure = [c for c in d.cases if c.confident_wrong]
    sure.sort(key=lambda c: (-c.confident_wrong, c.case_id))
    per_case = _table(
        ("Case", "Confidently wrong", "First answers"),
        [(c.title, str(c.confident_wrong), str(c.answers)) for c in sure],
        num=(1, 2),
    )
    return (
        "<h2 id='iopkit-debrief-confidence'>"
        "Confidence and correctness</h2><p>First placement answers by the confidence the "
        "trainee stated. Confidently wrong means fairly or very sure, and not right; a "
        "defensible answer (one the case's author lists as a choice a panel could defend) is "
        "counted apart, never as wrong.</p>"
        + _table(
            ("Confidence", "Answers", "Right", "Defensible", "Share right"), rows, num=(1, 2, 3, 4)
        )
        + (per_case if sure else "<p>Nobody was confidently wrong.</p>")
    )


def _schedule_plan_html(d: Debrief) -> str:
    from iopkit.discharge import FOCUS_FIELD, FOCUS_LABEL, PLACE_LABELS
    from iopkit.schedule import finding_name

    plan_labels = dict(PLACE_LABELS)
    plan_labels["follow_up_days"] = "Follow-up appointment"
    plan_labels[FOCUS_FIELD] = FOCUS_LABEL
    sched = (
        _table(
            ("Rule broken", "Trainees"),
            [(finding_name(code), str(n)) for code, n in d.schedule_errors],
            num=(1,),
        )
        if d.schedule_errors
        else "<p>No recurring schedule errors.</p>"
    )
    plans = (
        _table(
            ("Part missing", "Plans"),
            [(plan_labels.get(f, f.replace("_", " ")), str(n)) for f, n in d.plan_gaps],
            num=(1,),
        )
        if d.plan_gaps
        else "<p>No plan gaps.</p>"
    )
    return (
        "<h2 id='iopkit-debrief-schedules'>"
        "Schedules and plans</h2>"
        f"<p>Each trainee's last checked week per case ({count(d.schedule_checked, 'week')}): the "
        f"errors that recur.</p>{sched}"
        f"<p>Each trainee's last plan check per case ({count(d.plans_checked, 'plan')}): the parts "
        f"still missing.</p>{plans}"
    )


def _gain_html(d: Debrief) -> str:
    from iopkit.render.measurement import measurement_html

    return measurement_html(d.measurement, heading_id="iopkit-debrief-gain")


def _figures_html(figures: Sequence[tuple[str, bytes]]) -> str:
    if not figures:
        return ""
    out = []
    for title, data in figures:
        out.append(
            f"<figure>{image_html(data, title)}<figcaption>{_E(title)}</figcaption></figure>"
        )
    return "<h2>At a glance</h2>" + "".join(out)


def recorded_notice_html() -> str:
    """What the kit records about a trainee, as a table they can read."""
    from iopkit.responses import RECORDED

    left = "style='text-align:left'"  # Jupyter right-aligns table cells; words read left
    rows = "".join(
        f"<tr><th scope='row' {left}>{_E(k)}</th><td {left}>{_E(v)}</td></tr>" for k, v in RECORDED
    )
    return (
        "<table class='iopkit-recorded'><caption>What the kit records about you"
        f"</caption><tbody>{rows}</tbody></table>"
        "<p>Nothing else: no text you type, no names of real people.</p>"
    )
