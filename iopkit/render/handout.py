"""Printable case packets in words: the one-page summary, each case, the whole page.

See :mod:`iopkit.handout` for what the trainee packet and the answer key hold.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from iopkit import DISCLAIMER
from iopkit.levels import BY_INTENSITY, LEVELS
from iopkit.placement import RULES
from iopkit.render._html import value_text

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.sources import Band
    from iopkit.vignettes import DischargePlanBrief, Stage, Vignette

_E = html.escape


PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm; }
body { font-family: Georgia, 'DejaVu Serif', serif; font-size: 11pt; line-height: 1.4;
       color: #000; max-width: 46rem; margin: 1rem auto; }
h1 { font-size: 17pt; margin: 0 0 .3rem; } h2 { font-size: 14pt; margin: 0 0 .4rem; }
h3 { font-size: 12pt; margin: .8rem 0 .3rem; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: .3rem 0 .6rem; }
th, td { border: 1px solid #555; padding: .15rem .3rem; text-align: left; vertical-align: top; }
.summary { font-size: 9.5pt; }
.summary p { margin: .2rem 0; }
.summary ol { margin: .2rem 0; padding-left: 1.3rem; } .summary li { margin: 0; }
.case, .stage { break-before: page; page-break-before: always; }
.meta { font-style: italic; }
.question, .tick, .answer-box, .key, .key li, .plan {
  break-inside: avoid; page-break-inside: avoid; }
.question h3 { break-after: avoid; page-break-after: avoid; }
.tick { list-style: none; padding-left: 0; columns: 2; }
.tick li::before { content: "\\2610  "; }
.answer-box { border: 1px solid #000; min-height: 5.5rem; padding: .2rem .5rem;
              display: flex; flex-direction: column; justify-content: space-between; }
.answer-box p { margin: .1rem 0; }
.sure { font-size: 9.5pt; }
.key { border: 2px solid #000; padding: .3rem .6rem; margin-top: .6rem; }
.turn { font-style: italic; margin-top: .8rem; break-before: avoid; page-break-before: avoid; }
@media screen { .case, .stage { border-top: 2px dashed #888; margin-top: 2rem;
                                padding-top: 1rem; } }
"""


def _band(band: Band | None) -> str:
    return band.describe() if band is not None else "-"


def summary_html() -> str:
    """The levels of care and the placement rules, short enough for one printed page."""
    rows = "".join(
        "<tr>"
        f"<th scope='row'>{_E(info.label)}</th>"
        f"<td>{_E(_band(info.days_per_week))}</td>"
        f"<td>{_E(_band(info.hours_per_day))}</td>"
        f"<td>{_E(_band(info.weekly_hours_adult))}</td>"
        f"<td>{value_text(info.supervision_24h)}</td>"
        f"<td>{_E(info.source.title)}</td>"
        "</tr>"
        for info in (LEVELS[lv] for lv in BY_INTENSITY)
    )
    rules = "".join(
        f"<li><b>{_E(r.title)}</b> If so: {_E(LEVELS[r.level].short)}. "
        f"<i>({_E(r.source.title)})</i></li>"
        for r in RULES
    )
    return (
        "<section class='summary'>"
        "<h1>Levels of care and how a level is chosen</h1>"
        f"<p>{_E(DISCLAIMER)}</p>"
        "<table><thead><tr><th scope='col'>Level</th><th scope='col'>Days a week</th>"
        "<th scope='col'>Hours a day</th><th scope='col'>Hours a week (adults)</th>"
        "<th scope='col'>24-hour care</th><th scope='col'>Source</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        "<h3>The teaching rules, checked in this order; the first that applies decides</h3>"
        f"<ol>{rules}</ol>"
        "<p>The kit's rules are simplified for teaching; a real placement rests on a full "
        "clinical assessment.</p></section>"
    )


def _ticks(labels: Sequence[str]) -> str:
    return "<ul class='tick'>" + "".join(f"<li>{_E(x)}</li>" for x in labels) + "</ul>"


def _items(texts: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{_E(t)}</li>" for t in texts) + "</ul>"


def _feedback_list(items: Sequence[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f"<li><b>{_E(k)}:</b> {_E(t)}</li>" for k, t in items) + "</ul>"


SURE_LABELS = ("Guessing", "Fairly sure", "Very sure")
"""How sure the trainee is, ticked in the answer box (the apps ask the same)."""


def question_html(prompt: str, options: Sequence[str]) -> str:
    """A question, its boxes to tick and the box for reasons: one block, never split across
    a page break (the box closes with how sure the trainee is)."""
    sure = " ".join(f"&#9744; {_E(label)}" for label in SURE_LABELS)
    return (
        f"<div class='question'><h3>{_E(prompt)}</h3>{_ticks(options)}"
        "<div class='answer-box'><p>Your reasons:</p>"
        f"<p class='sure'>How sure are you? {sure}</p></div></div>"
    )


def _about(v: Vignette) -> str:
    """Who wrote the case, its version and its last review (the answer key's record)."""
    return (
        f"<p class='meta'>Version {v.version}, last reviewed {v.last_reviewed.isoformat()}, "
        f"by {_E(', '.join(v.authors))}.</p>"
    )


def _why_and_others(what: str, differs: str | None, others: Sequence[tuple[str, str]]) -> str:
    """Why the author's key differs from the teaching rules, and the other defensible answers."""
    why = (
        f"<p><b>Why the author's {what} differs from the teaching rules:</b> {_E(differs)}</p>"
        if differs
        else ""
    )
    return why + ("<p><b>Also defensible</b></p>" + _feedback_list(others) if others else "")


def _case_key(v: Vignette) -> str:
    parts = [
        "<div class='key'>",
        f"<p><b>Author's answer:</b> {_E(v.expected_level.label)}</p>",
    ]
    parts.append(
        _why_and_others(
            "answer", v.key_differs_because, [(lv.label, t) for lv, t in v.also_defensible.items()]
        )
    )
    parts.append(_feedback_list([(LEVELS[lv].label, v.feedback[lv]) for lv in BY_INTENSITY]))
    parts.append("<p><b>Learning points</b></p>" + _items(v.learning_points))
    if v.discussion:
        parts.append("<p><b>Discussion</b></p>" + _items(v.discussion))
    parts.append(_about(v) + "</div>")
    return "".join(parts)


def _stage_key(stage: Stage) -> str:
    from iopkit.vignettes import Decision

    parts = [
        "<div class='key'>",
        f"<p><b>Author's decision:</b> {_E(stage.decision.label)}; level of care after it: "
        f"{_E(stage.expected_level.label)}</p>",
    ]
    others = [(d.label, why) for d, why in stage.also_defensible.items()]
    parts.append(_why_and_others("decision", stage.key_differs_because, others))
    parts.append(_feedback_list([(d.label, stage.feedback[d]) for d in Decision]))
    if stage.learning_points:
        parts.append("<p><b>Learning points</b></p>" + _items(stage.learning_points))
    if stage.discharge_plan is not None:
        parts.append(_plan_html(stage.discharge_plan))
    parts.append("</div>")
    return "".join(parts)


def _plan_html(plan: DischargePlanBrief) -> str:
    """What the author's discharge plan asks for."""
    safety = (
        "a safety plan is needed (suicidal thoughts have been present)"
        if plan.safety_plan_needed
        else "no safety plan is asked for"
    )
    return (
        "<div class='plan'><p><b>Discharge plan</b>: follow-up booked within "
        f"{plan.follow_up_within_days} days of discharge; {safety}. Relapse prevention "
        "covers:</p>" + _items(plan.relapse_prevention_focus) + "</div>"
    )


def case_html(v: Vignette, answer_key: bool = False) -> str:
    """One case: its page, then each later stage on a page of its own (keys only if asked).

    A stage's update can give away the answer to the question before it, so no stage shares
    a page with an earlier question: each starts a new page, after "turn the page".
    """
    from iopkit.render.cases import markdown_html
    from iopkit.vignettes import Decision, vignette_html

    turn = "<p class='turn'>Answer first, then turn the page for what happened next.</p>"
    parts = [
        f"<section class='case' data-case='{_E(v.id, quote=True)}'>",
        vignette_html(v, heading_level=2),
        question_html("Which level of care fits now?", [LEVELS[lv].label for lv in BY_INTENSITY]),
    ]
    if answer_key:
        parts.append(_case_key(v))
    if v.stages:
        parts.append(turn)
    parts.append("</section>")
    for i, stage in enumerate(v.stages, 1):
        parts.append(
            f"<section class='stage' data-case='{_E(v.id, quote=True)}'>"
            f"<h2>{_E(v.title)}: what happened next</h2>"
            f"<p class='meta'>Later stage {i} of {len(v.stages)}</p>"
            f"<h3>{_E(stage.title)}</h3>{markdown_html(stage.update)}"
            + question_html("What should the team decide now?", [d.label for d in Decision])
        )
        if answer_key:
            parts.append(_stage_key(stage))
        if i < len(v.stages):
            parts.append(turn)
        parts.append("</section>")
    return "".join(parts)


def handout_page(cases: Sequence[Vignette], answer_key: bool = False) -> str:
    """The packet for ``cases`` as one printable HTML page (the summary page first)."""
    kind = "answer key" if answer_key else "trainee packet"
    body = summary_html() + "".join(case_html(v, answer_key) for v in cases)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>iopkit cases: {_E(kind)}</title><style>{PRINT_CSS}</style></head>"
        f"<body>{body}</body></html>"
    )
