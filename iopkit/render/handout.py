"""Printable case packets in words: the one-page summary, each case, the whole page.

See :mod:`iopkit.handout` for what the trainee packet and the answer key hold.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from iopkit import DISCLAIMER
from iopkit.grading import key_answer
from iopkit.levels import BY_INTENSITY, LEVELS
from iopkit.placement import RULES
from iopkit.render._html import value_text

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.sources import Band
    from iopkit.vignettes import Vignette

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
.case, .stages { break-before: page; page-break-before: always; }
.meta { font-style: italic; }
.tick { list-style: none; padding-left: 0; columns: 2; }
.tick li::before { content: "\\2610  "; }
.key { border: 2px solid #000; padding: .3rem .6rem; margin-top: .6rem; }
.turn { font-style: italic; margin-top: .8rem; }
@media screen { .case, .stages { border-top: 2px dashed #888; margin-top: 2rem;
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


def _feedback_list(items: Sequence[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f"<li><b>{_E(k)}:</b> {_E(t)}</li>" for k, t in items) + "</ul>"


def case_html(v: Vignette, answer_key: bool = False) -> str:
    """One case: its page, and its stages on the next page (with keys only if asked)."""
    from iopkit.render.cases import markdown_html
    from iopkit.vignettes import Decision, vignette_html

    levels = [LEVELS[lv].label for lv in BY_INTENSITY]
    parts = [
        f"<section class='case' data-case='{_E(v.id, quote=True)}'>",
        vignette_html(v, heading_level=2),
        "<h3>Which level of care fits now?</h3>",
        _ticks(levels),
        "<p>Your reasons: ____________________________________________</p>",
    ]
    if answer_key:
        parts.append(
            "<div class='key'>"
            f"<p><b>Author's answer:</b> {_E(key_answer(v, v.id).label)}</p>"
            + _also_defensible([(LEVELS[lv].label, why) for lv, why in v.also_defensible.items()])
            + _feedback_list([(LEVELS[lv].label, v.feedback[lv]) for lv in BY_INTENSITY])
            + "<p><b>Learning points</b></p>"
            + "<ul>"
            + "".join(f"<li>{_E(p)}</li>" for p in v.learning_points)
            + "</ul>"
            + (
                "<p><b>Discussion</b></p><ul>"
                + "".join(f"<li>{_E(p)}</li>" for p in v.discussion)
                + "</ul>"
                if v.discussion
                else ""
            )
            + "</div>"
        )
    if v.stages:
        parts.append("<p class='turn'>Answer first, then turn the page for what happened next.</p>")
    parts.append("</section>")
    if v.stages:
        parts.append(f"<section class='stages'><h2>{_E(v.title)}: what happened next</h2>")
        for stage in v.stages:
            parts.append(f"<h3>{_E(stage.title)}</h3>{markdown_html(stage.update)}")
            parts.append("<p><b>What should the team decide now?</b></p>")
            parts.append(_ticks([d.label for d in Decision]))
            if answer_key:
                parts.append(
                    "<div class='key'>"
                    f"<p><b>Author's decision:</b> {_E(stage.decision.label)}; level of care "
                    f"after it: {_E(stage.expected_level.label)}</p>"
                    + _also_defensible([(d.label, why) for d, why in stage.also_defensible.items()])
                    + _feedback_list([(d.label, stage.feedback[d]) for d in Decision])
                    + "".join(f"<p>{_E(p)}</p>" for p in stage.learning_points)
                    + "</div>"
                )
        parts.append("</section>")
    return "".join(parts)


def _also_defensible(options: Sequence[tuple[str, str]]) -> str:
    """The answers the author lists as defensible, each with its reason (graded apart)."""
    if not options:
        return ""
    items = "".join(f"<li><b>{_E(label)}</b>: {_E(why)}</li>" for label, why in options)
    return f"<p><b>Also defensible</b> (graded apart, not wrong):</p><ul>{items}</ul>"


def handout_page(cases: Sequence[Vignette], answer_key: bool = False) -> str:
    """The packet for ``cases`` as one printable HTML page (the summary page first)."""
    kind = "answer key" if answer_key else "trainee packet"
    body = summary_html() + "".join(case_html(v, answer_key) for v in cases)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>iopkit cases: {_E(kind)}</title><style>{PRINT_CSS}</style></head>"
        f"<body>{body}</body></html>"
    )
