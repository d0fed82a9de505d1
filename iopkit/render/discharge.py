"""Discharge and relapse-prevention plans in words: the plan's check and the printable plan."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from iopkit import sources as S
from iopkit.words import count

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.discharge import DischargePlan, PlanCheck
    from iopkit.vignettes.model import DischargePlanBrief, Stage

_E = html.escape


def _parts(n: int) -> str:
    return f"{n} part{'' if n == 1 else 's'}"


def plan_check_html(check: PlanCheck) -> str:
    if check.complete:
        head = "<p><b>&#10004; Complete:</b> the plan has every part it needs.</p>"
    else:
        items = "".join(
            f"<li><b>Missing: {_E(m.label)}</b> &ndash; {_E(m.message)} "
            f"<i>({_E(m.source)})</i></li>"
            for m in check.missing
        )
        head = (
            f"<p><b>&#10006; Not complete yet: {_parts(len(check.missing))} missing.</b>"
            f"</p><ul>{items}</ul>"
        )
    tips = "".join(f"<li>Suggestion: {_E(s)}</li>" for s in check.suggestions)
    focus = "".join(f"<li>{_E(f)}</li>" for f in check.focus)
    return (
        f"<div class='iopkit-plan-check'>{head}"
        + (f"<ul>{tips}</ul>" if tips else "")
        + (f"<p>This case asks the plan to cover:</p><ul>{focus}</ul>" if focus else "")
        + "</div>"
    )


PRINT_CSS = """
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; color: #000;
       line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; border-bottom: 1px solid #555;
     margin-top: 1.4rem; }
.note { font-size: 0.9rem; color: #333; }
@media print { body { margin: 1cm; } .note { color: #000; } }
"""


def plan_html(plan: DischargePlan, check: PlanCheck | None = None) -> str:
    """A printable, standalone HTML page of the plan; every piece of text is escaped."""
    from iopkit.discharge import OVERDOSE_SECTION, SAFETY_SECTION, SECTIONS, check_plan

    check = check or check_plan(plan)
    title = "Relapse-prevention and discharge plan"
    sub = f"<p class='note'>Case: {_E(plan.case_title)}</p>" if plan.case_title else ""
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_E(title)}</title><style>{PRINT_CSS}</style></head><body>",
        f"<h1>{_E(title)}</h1>{sub}",
        "<p class='note'>Training exercise with a fictional case; not a clinical document.</p>",
    ]
    sections = list(SECTIONS)
    if plan.safety_plan_needed or plan.safer_environment:
        sections.append(SAFETY_SECTION)
    if plan.overdose_prevention_needed or plan.overdose_prevention:
        sections.append(OVERDOSE_SECTION)
    for attr, label, why in sections:
        items: tuple[str, ...] = getattr(plan, attr)
        body = (
            "<ul>" + "".join(f"<li>{_E(i)}</li>" for i in items) + "</ul>"
            if items
            else "<p><i>Not filled in yet.</i></p>"
        )
        parts.append(f"<h2>{_E(label)}</h2><p class='note'>{_E(why)}</p>{body}")
    if plan.follow_up_days is None:
        follow = "Not booked yet."
    else:
        follow = f"Booked {count(plan.follow_up_days, 'day')} after discharge."
    parts.append(
        f"<h2>Follow-up</h2><p>{_E(follow)}</p><p class='note'>Within "
        f"{S.FOLLOW_UP_WITHIN_DAYS} days of discharge, not on the day itself "
        f"({_E(S.FOLLOW_UP_7_DAYS.cite())}).</p>"
    )
    medication = _E(plan.medication_plan) if plan.medication_plan else "<i>Not filled in yet.</i>"
    parts.append(f"<h2>Medication</h2><p>{medication}</p>")
    status = (
        "Complete."
        if check.complete
        else "Still missing: " + ", ".join(m.label for m in check.missing) + "."
    )
    parts.append(f"<h2>Checklist</h2><p>{_E(status)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def plan_brief_html(
    case_title: str | None,
    stage: Stage | None,
    brief: DischargePlanBrief | None,
    overdose_prevention: bool,
) -> str:
    """What a case asks of the trainee's plan, shown above the plan builder (escaped)."""
    from iopkit.discharge import follow_up_limit
    from iopkit.render.cases import markdown_html

    parts = ["<div class='iopkit-plan-brief'>"]
    if case_title is not None:
        parts.append(f"<p><b>Case:</b> {_E(case_title)}</p>")
    if stage is not None:
        parts.append(f"<p><b>{_E(stage.title)}</b></p>{markdown_html(stage.update)}")
    if brief is not None:
        focus = "".join(f"<li>{_E(x)}</li>" for x in brief.relapse_prevention_focus)
        parts.append(f"<p>The plan should cover:</p><ul>{focus}</ul>")
        if brief.safety_plan_needed:
            parts.append(
                "<p><b>Safety plan needed:</b> suicidal ideation has been present, so "
                "include the Stanley-Brown steps, with making the environment safer.</p>"
            )
    if overdose_prevention:
        parts.append(
            "<p><b>Overdose prevention needed:</b> this is an opioid case, so cover naloxone "
            "(at home, and who can give it), never using alone, and what to do after a "
            f"lapse ({_E(S.SAMHSA_ODT.cite())}).</p>"
        )
    parts.append(
        f"<p>Book follow-up within {follow_up_limit(brief)} days of discharge (a visit on the "
        f"day itself does not count; {_E(S.FOLLOW_UP_7_DAYS.title)}). One item per line in "
        "each box; tick every coping strategy that fits.</p></div>"
    )
    return "".join(parts)
