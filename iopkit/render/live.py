"""The live room for a projector, and what a trainee's player shows from the room.

Large type, colour-blind-safe colours always with a text label (the Okabe-Ito blue for the
author's key, orange for a defensible answer, grey for the rest), and nothing that names a
trainee unless the facilitator asks for the pseudonyms.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from iopkit.errors import IopkitError
from iopkit.grading import Grade
from iopkit.render._html import percent_text as _pct
from iopkit.render.debrief import _decision_label
from iopkit.words import count

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.debrief import CaseSummary, Choice
    from iopkit.live_room import LiveRoom

_E = html.escape

KEY_COLOUR = "#0072B2"
DEFENSIBLE_COLOUR = "#E69F00"
OTHER_COLOUR = "#8c8c8c"
MARKS: dict[Grade, tuple[str, str]] = {
    Grade.KEY: ("\u2714 the author's answer", KEY_COLOUR),
    Grade.DEFENSIBLE: ("\u25d0 defensible", DEFENSIBLE_COLOUR),
    Grade.NOT_RIGHT: ("", OTHER_COLOUR),
}

LIVE_CSS = """<style>
.iopkit-live { font-size: 1.35rem; line-height: 1.4; max-width: 72rem; }
.iopkit-live h2 { font-size: 2rem; margin: 1.2rem 0 0.4rem; }
.iopkit-live h3 { font-size: 1.6rem; margin: 1rem 0 0.3rem; }
.iopkit-live h4 { font-size: 1.3rem; margin: 0.6rem 0 0.2rem; }
.iopkit-live table { border-collapse: collapse; margin: 0.3rem 0 0.8rem; }
.iopkit-live td, .iopkit-live th { padding: 0.2rem 0.8rem 0.2rem 0; text-align: left;
  vertical-align: middle; font-size: 1.25rem; }
.iopkit-live .iopkit-bar { display: inline-block; height: 1.1rem; min-width: 2px;
  vertical-align: middle; }
.iopkit-live .iopkit-status { font-size: 1.1rem; color: #333; }
.iopkit-spread td, .iopkit-spread th { padding: 0.1rem 0.6rem 0.1rem 0; text-align: left; }
.iopkit-spread .iopkit-bar { display: inline-block; height: 0.9rem; min-width: 2px;
  vertical-align: middle; }
</style>"""


def _bar(n: int, total: int, colour: str, width_rem: float = 16.0) -> str:
    width = width_rem * n / total if total else 0.0
    return (
        f"<span class='iopkit-bar' aria-hidden='true' style='width: {width:.2f}rem; "
        f"background: {colour}'></span>"
    )


def answer_label(value: str) -> str:
    """A stored answer in words: ``withdrawal_management:ambulatory`` is "Withdrawal
    management, ambulatory"; a stage decision such as ``step_down:iop`` is "Step down to IOP"."""
    from iopkit.grading import PlacementAnswer

    try:
        return PlacementAnswer.parse(value).label
    except (IopkitError, ValueError):
        return _decision_label(value)


def spread_rows(choices: Sequence[Choice], total: int, width_rem: float = 16.0) -> str:
    """Table rows: each answer in words, a bar, its count and what the author made of it."""
    rows = []
    for c in choices:
        mark, colour = MARKS[c.grade]
        rows.append(
            f"<tr><th scope='row'>{_E(answer_label(c.value))}</th>"
            f"<td>{_bar(c.count, total, colour, width_rem)} {c.count}</td><td>{_E(mark)}</td></tr>"
        )
    return "".join(rows)


def _case_html(c: CaseSummary) -> str:
    sure = f", {c.confident_wrong} of them confidently not right" if c.confident_wrong else ""
    parts = [
        f"<h3>{_E(c.title)}</h3>",
        f"<p>{_E(count(c.answers, 'trainee'))} answered: {_pct(c.accuracy)} chose the author's "
        f"answer, {c.defensible} a defensible one{_E(sure)}.</p>",
        f"<table>{spread_rows(c.spread, c.answers)}</table>",
    ]
    for s in c.stages:
        parts.append(
            f"<h4>{_E(s.title)}: {_E(count(s.answers, 'decision'))}, {_pct(s.accuracy)} the "
            f"author's</h4><table>{spread_rows(s.spread, s.answers)}</table>"
        )
    return "".join(parts)


def _hardest_html(room: LiveRoom, top: int) -> str:
    ranked = [c for c in room.debrief.ranking if c.accuracy is not None and c.accuracy < 1][:top]
    if not ranked:
        return ""
    items = []
    for c in ranked:
        prompts = "".join(f"<li>{_E(p)}</li>" for p in c.discussion) or (
            "<li>The author wrote no discussion prompts for this case.</li>"
        )
        items.append(
            f"<li><b>{_E(c.title)}</b>: {_pct(c.accuracy)} chose the author's answer "
            f"({_E(count(c.answers, 'trainee'))}), {c.confident_wrong} confidently not right."
            f"<ul>{prompts}</ul></li>"
        )
    return f"<h2>Cases the room finds hardest</h2><ol>{''.join(items)}</ol>"


def _confidence_html(room: LiveRoom) -> str:
    rows = [r for r in room.debrief.confidence if r.answers]
    if not rows:
        return ""
    body = "".join(
        f"<tr><th scope='row'>{_E(r.label)}</th><td>{r.answers}</td><td>{r.correct}</td>"
        f"<td>{r.defensible}</td><td>{r.not_right}</td></tr>"
        for r in rows
    )
    return (
        "<h2>Confidence and correctness</h2><p>First answers, by how sure trainees said they "
        "were.</p><table><thead><tr><th scope='col'>Confidence</th><th scope='col'>Answers"
        "</th><th scope='col'>The author's</th><th scope='col'>Defensible</th>"
        f"<th scope='col'>Not right</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _pretest_html(room: LiveRoom) -> str:
    objectives = [o for o in room.debrief.measurement.objectives if o.pre_n]
    if not objectives:
        return ""
    body = "".join(
        f"<tr><th scope='row'>{_E(o.objective.short)}</th>"
        f"<td>{_bar(o.pre_right, o.pre_n, KEY_COLOUR, 10)} {o.pre_right} of {o.pre_n}</td></tr>"
        for o in objectives
    )
    return (
        "<h2>Knowledge check before the day</h2><p>Right answers per topic so far (the "
        "questions and their answers stay hidden until the end of the day).</p>"
        f"<table><tbody>{body}</tbody></table>"
    )


def live_room_html(room: LiveRoom, *, pseudonyms: bool = False, top: int = 3) -> str:
    """The live room for a projector (see the module's description)."""
    d = room.debrief
    when = room.read_at.astimezone().strftime("%H:%M:%S")
    answered = sum(c.answers for c in d.cases)
    status = (
        f"<p class='iopkit-status' role='status'>Last updated {when}. "
        f"{_E(count(d.trainees, 'trainee'))} sending answers; "
        f"{_E(count(answered, 'first answer'))} to cases so far.</p>"
    )
    if not d.trainees:
        body = "<p>No answers yet. They appear here a few seconds after trainees give them.</p>"
    else:
        cases = "".join(_case_html(c) for c in d.cases if c.answers) or (
            "<p>No placement answers yet.</p>"
        )
        body = (
            _hardest_html(room, top)
            + "<h2>Case by case</h2>"
            + cases
            + _confidence_html(room)
            + _pretest_html(room)
        )
    names = ""
    if pseudonyms and d.pseudonyms:
        listed = ", ".join(f"{p} ({n})" for p, n in d.pseudonyms)
        names = f"<h2>Pseudonyms and answers sent</h2><p>{_E(listed)}</p>"
    refused = f"<p class='iopkit-status'>{_E(d.refused)}</p>" if d.refused else ""
    return f"{LIVE_CSS}<div class='iopkit-live'>{status}{body}{names}{refused}</div>"


def room_spread_html(choices: Sequence[Choice], answers: int) -> str:
    """The room's first answers, as a trainee's player shows them once released."""
    return (
        f"{LIVE_CSS}<div class='iopkit-spread'><p><b>How the room answered</b> "
        f"({_E(count(answers, 'first answer'))} so far)</p><table>"
        + spread_rows(choices, answers, width_rem=10)
        + "</table></div>"
    )


def prompts_html(prompts: tuple[str, ...]) -> str:
    """The author's discussion prompts, as released by the facilitator."""
    if not prompts:
        return (
            "<p><b>From your facilitator:</b> talk this case through with the people next to "
            "you.</p>"
        )
    items = "".join(f"<li>{_E(p)}</li>" for p in prompts)
    return f"<p><b>From your facilitator: questions to discuss</b></p><ul>{items}</ul>"


def held_html() -> str:
    return (
        "<p><b>Your facilitator is holding this case for now.</b> It opens for the whole room "
        "at once; meanwhile, choose another case or review one you have answered.</p>"
    )


__all__ = [
    "answer_label",
    "held_html",
    "live_room_html",
    "prompts_html",
    "room_spread_html",
    "spread_rows",
]
