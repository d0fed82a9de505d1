"""Discharge and relapse-prevention plans in words: the plan's check and the printable plan."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.discharge import PlanCheck

_E = html.escape


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
            f"<p><b>&#10006; Not complete yet: {len(check.missing)} part(s) missing.</b>"
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
