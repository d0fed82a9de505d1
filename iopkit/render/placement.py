"""Placement results in words: recommendations, graded answers, changed findings, quiz answers."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from iopkit import DISCLAIMER
from iopkit.assessment import FIELD_LABELS
from iopkit.render._html import points_html, value_text

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.grading import PlacementResult, StageResult
    from iopkit.learning_quiz import KnowledgeResult
    from iopkit.placement import FindingChange, Recommendation
    from iopkit.placement.model import Rule
    from iopkit.quiz import QuizResult

_E = html.escape


def recommendation_html(rec: Recommendation) -> str:
    """The recommendation as escaped HTML for notebooks and widgets."""
    e = _E
    items = "".join(
        f"<li><b>{e(r.title)}</b> {'&#10004; met' if r.met else '&#10006; not met'}: "
        f"{e(r.explanation)}</li>"
        for r in rec.reasons
    )
    flags = "".join(f"<li>{e(f.message)}</li>" for f in rec.flags)
    changes = "".join(
        f"<li>{e(FIELD_LABELS[w.field])}: "
        + ", ".join(f"{e(value_text(val))} &rarr; {e(lv.short)}" for val, lv in w.changes)
        + "</li>"
        for w in rec.what_if
        if w.changes_level
    )
    return (
        f"<div class='iopkit-recommendation'><h3>Recommended: {e(rec.level_text)}</h3>"
        f"<p>Rules checked, in order:</p><ol>{items}</ol>"
        + (f"<p>Cautions:</p><ul>{flags}</ul>" if flags else "")
        + (f"<p>What would change the level:</p><ul>{changes}</ul>" if changes else "")
        + f"<p><i>{e(DISCLAIMER)}</i></p></div>"
    )


def rules_html(rules: Sequence[Rule]) -> str:
    """The placement rules as a table for people: the question asked, in order, and the level
    it gives when the answer is yes (no ids, no code)."""
    left = "style='text-align:left'"  # Jupyter right-aligns table cells; words read left
    rows = "".join(
        f"<tr><td class='iopkit-num'>{i}</td><td {left}>{_E(r.title)}</td>"
        f"<td {left}>{_E(r.level.label)}</td></tr>"
        for i, r in enumerate(rules, start=1)
    )
    return (
        "<table class='iopkit-rules'><caption>The teaching rules, checked in order: the first "
        "question answered yes decides the level</caption><thead><tr><th scope='col'>Order</th>"
        f"<th scope='col' {left}>The question</th><th scope='col' {left}>If yes, the level</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


class RulesTable:
    """The kit's placement rules, shown as a table in a notebook (:func:`rules_html`)."""

    def __init__(self, rules: Sequence[Rule] | None = None) -> None:
        from iopkit.placement import RULES

        self.rules = tuple(rules if rules is not None else RULES)

    def _repr_html_(self) -> str:
        return rules_html(self.rules)

    def __repr__(self) -> str:
        return "; ".join(f"{i}. {r.title} {r.level.label}" for i, r in enumerate(self.rules, 1))


def reasons_html(rec: Recommendation) -> str:
    items = "".join(
        f"<li>{'&#10004; <b>met</b>' if r.met else '&#10006; not met'}: "
        f"<b>{_E(r.title)}</b> "
        f"{_E(r.explanation)}</li>"
        for r in rec.reasons
    )
    flags = "".join(f"<li>{_E(f.message)}</li>" for f in rec.flags)
    return (
        f"<p>The teaching engine recommends <b>{_E(rec.level_text)}</b>. "
        f"Rules checked, in order:</p><ol>{items}</ol>"
        + (f"<p>Cautions for the plan:</p><ul>{flags}</ul>" if flags else "")
    )


def verdict_heading(correct: bool, verdict: str, chosen: str, defensible: bool = False) -> str:
    """The escaped headline of a graded answer, with a text mark as well as a class."""
    if defensible:
        mark, cls = "&#9670;", "defensible"
    else:
        mark, cls = ("&#10004;", "correct") if correct else ("&#10006;", "incorrect")
    return f"<h4 class='iopkit-{cls}'>{mark} {_E(verdict)}: you chose {_E(chosen)}</h4>"


_VERDICT_WORD = re.compile(r"^\s*(correct|right)\b[\s,.:;!-]*", re.IGNORECASE)


def _key_reason(feedback: str) -> str:
    """The author's feedback for the key, read as the reason for it (without its "Correct.")."""
    text = _VERDICT_WORD.sub("", feedback, count=1)
    return text[:1].upper() + text[1:]


def key_lines(result: PlacementResult | StageResult, what: str) -> str:
    """Under the headline: for a defensible answer, why it can be defended and why most panels
    choose the key; for an answer that is not right, the key."""
    key = result.key.label
    if result.defensible:
        reason = result.defensible_because or ""
        because = _key_reason(result.key_feedback)
        return (
            f"<div class='iopkit-defensible-note'><p><b>A defensible choice.</b> {_E(reason)}"
            f"</p><p>Most panels would choose <b>{_E(key)}</b>"
            + (f", because: {_E(because)}" if because else ".")
            + "</p></div>"
        )
    if not result.correct:
        return f"<p>The author's {what}: <b>{_E(key)}</b>.</p>"
    return ""


def placement_result_html(result: PlacementResult) -> str:
    head = verdict_heading(
        result.correct, result.verdict, result.answer.label, result.defensible
    ) + key_lines(result, "answer")
    if result.confidence:
        head += f"<p>Your confidence: {_E(result.confidence)}.</p>"
    differs = ""
    if not result.engine_agrees and result.key_differs_because:
        differs = (
            "<p><b>Why the author's key differs from the engine:</b> "
            f"{_E(result.key_differs_because)}</p>"
        )
    return (
        f"<div class='iopkit-placement-result'>{head}"
        f"<p><b>Feedback for your choice</b></p><p>{_E(result.feedback)}</p>"
        f"{reasons_html(result.recommendation)}{differs}"
        f"{points_html(result.learning_points)}</div>"
    )


def stage_result_html(result: StageResult) -> str:
    head = verdict_heading(
        result.correct, result.verdict, result.answer.label, result.defensible
    ) + key_lines(result, "decision")
    head += f"<p>Level of care after this stage: <b>{_E(result.expected_level.label)}</b>.</p>"
    differs = ""
    if not result.engine_agrees and result.key_differs_because:
        differs = (
            "<p><b>Why the author's decision differs from the engine:</b> "
            f"{_E(result.key_differs_because)}</p>"
        )
    return (
        f"<div class='iopkit-stage-result'>{head}"
        f"<p><b>Feedback for your decision</b></p><p>{_E(result.feedback)}</p>"
        f"{reasons_html(result.recommendation)}{differs}"
        f"{points_html(result.learning_points)}</div>"
    )


def finding_change_html(result: FindingChange) -> str:
    label = FIELD_LABELS.get(result.field, result.field)
    if result.new_value == result.old_value:
        change = f"{_E(label)}: <b>{_E(value_text(result.new_value))}</b> (as in the case)"
    else:
        change = (
            f"{_E(label)}: <b>{_E(value_text(result.new_value))}</b> instead of "
            f"{_E(value_text(result.old_value))}"
        )
    if result.new_value == result.old_value:
        verdict = (
            "This is the case's own value: the recommendation stays "
            f"<b>{_E(result.before.level.label)}</b>."
        )
    elif result.changes_level:
        verdict = (
            f"The recommendation <b>moves</b> from {_E(result.before.level.label)} to "
            f"<b>{_E(result.after.level.label)}</b>."
        )
    else:
        verdict = (
            f"The recommendation <b>stays</b> {_E(result.after.level.label)}: this finding "
            "alone does not change the level here."
        )
    return (
        f"<div class='iopkit-what-if'><p>{change}</p><p>{verdict}</p>"
        f"<p>Deciding rule: {_E(result.after.decisive.title)} "
        f"{_E(result.after.decisive.explanation)}</p></div>"
    )


def quiz_result_html(result: QuizResult) -> str:
    rec = result.item.recommendation
    mark = "&#10004; Correct" if result.correct else "&#10006; Not this time"
    decisive = rec.decisive
    return (
        f"<div class='iopkit-quiz-result'><p><b>{mark}</b>: you chose "
        f"{_E(result.chosen.label)}; the teaching engine says "
        f"<b>{_E(rec.level_text)}</b>.</p>"
        f"<p>Why: {_E(decisive.explanation)}</p>"
        f"<p><i>Deciding rule: {_E(decisive.title)} (source: {_E(decisive.source)})</i></p>"
        "</div>"
    )


def recommendation_text(rec: Recommendation) -> str:
    """The recommendation as ``iopkit place`` prints it."""
    lines = [f"Recommended level: {rec.level_text}", "", "Rules checked, in order:"]
    for i, r in enumerate(rec.reasons, 1):
        lines.append(f"  {i}. [{r.rule}] {'MET' if r.met else 'not met'}: {r.explanation}")
    if rec.flags:
        lines += ["", "Cautions:", *(f"  - [{f.code}] {f.message}" for f in rec.flags)]
    changes = [w for w in rec.what_if if w.changes_level]
    if changes:
        lines += ["", "What would change the level (one finding at a time):"]
        for w in changes:
            alts = ", ".join(f"{getattr(v, 'value', v)} -> {lv.value}" for v, lv in w.changes)
            lines.append(f"  - {w.field}: {alts}")
    return "\n".join([*lines, "", DISCLAIMER])


def knowledge_result_html(result: KnowledgeResult) -> str:
    """A knowledge-check answer: saved (before the workshop) or graded with its reason (after)."""
    from iopkit.learning_quiz import Phase

    item = result.item
    if result.phase is Phase.PRE:
        return f"<p><b>Answer saved.</b> {_E(item.citation)}</p>"
    mark = "&#10004; Correct" if result.correct else "&#10006; Not this time"
    return (
        f"<p><b>{mark}</b>: {_E(item.option_text(item.answer))}. "
        f"{_E(item.explanation)} <i>({_E(item.citation)})</i></p>"
    )
