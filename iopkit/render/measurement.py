"""The knowledge check in words: the room's gain and item analysis for the facilitator, and a
trainee's own before and after, item by item, for notebook 07."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from iopkit.learning_quiz import FORMS, Form
from iopkit.render._html import percent_text as _pct
from iopkit.render._html import table_html

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.learning_quiz import KnowledgeItem
    from iopkit.measurement import (
        ItemAnalysis,
        Measurement,
        ObjectivePair,
        RoomGain,
        TraineeCheck,
    )

_E = html.escape


def _points(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:+.0f} points"


def _r(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def gain_text(g: RoomGain) -> str:
    """The room's gain in one or two sentences."""
    if g.n == 0 or g.mean is None:
        return "No trainee has taken both the check before the day and the check after it yet."
    base = (
        f"{_plural(g.n, 'trainee')} took both checks: {_pct(g.pre_mean)} right before the day, "
        f"{_pct(g.post_mean)} after. Mean gain {_points(g.mean)}"
    )
    if g.low is None or g.high is None:
        ci = " (a confidence interval needs at least 2 trainees with both checks)."
    else:
        ci = (
            f" (95% confidence interval {_points(g.low)} to {_points(g.high)}, from Student's t "
            f"on the {g.n} paired differences)."
        )
    hake = (
        "Hake's normalised gain is not defined: the room was all right before the day."
        if g.hake is None
        else f"Hake's normalised gain {g.hake:.2f}: the room made {_pct(g.hake)} of the gain "
        "that was possible."
    )
    return f"{base}{ci} {hake}"


def _missing_html(g: RoomGain) -> str:
    parts = [
        (g.pre_only, "Took only the check before the day"),
        (g.post_only, "Took only the check after the day"),
        (g.neither, "Handed in without either check"),
    ]
    lines = [f"<li>{_E(label)}: {_E(', '.join(who))}</li>" for who, label in parts if who]
    if not lines:
        return ""
    return f"<p>Not in the gain (they did not take both checks):</p><ul>{''.join(lines)}</ul>"


def _off_plan_html(m: Measurement) -> str:
    if not m.off_plan:
        return ""
    return (
        f"<p>The forms answered by {_E(', '.join(m.off_plan))} do not follow the order their "
        "hand-in records (the form meant for after the day was answered before it, or the "
        "reverse). Their scores count as answered; ask whether a check was taken out of "
        "order.</p>"
    )


def _forms_html(m: Measurement) -> str:
    """The two forms' mean scores per phase: close means say the forms are parallel."""
    if not any(f.n for f in m.forms):
        return ""
    cells = {(f.phase.value, f.form.value): f"{_pct(f.mean)} (of {f.n})" for f in m.forms}
    rows = [
        (label, cells[(phase, "A")], cells[(phase, "B")])
        for phase, label in (("pre", "Before the day"), ("post", "After the day"))
    ]
    return (
        "<p>Are the two forms parallel? Half the room takes each form first, so in the same "
        "phase the two forms' mean scores should be close; a large gap in a big room means one "
        "form is harder.</p>" + table_html(("", "Form A", "Form B"), rows, num=(1, 2))
    )


def _options_text(a: ItemAnalysis) -> str:
    return "; ".join(f"{o.text}{' (right)' if o.right else ''}: {o.chosen}" for o in a.options)


def _items_rows(items: tuple[ItemAnalysis, ...]) -> list[tuple[str, ...]]:
    return [
        (
            a.item.prompt,
            f"{a.item.objective.text} ({a.item.form.value})",
            str(a.n),
            _pct(a.difficulty),
            _r(a.discrimination),
            _options_text(a),
        )
        for a in items
    ]


_ITEM_HEAD = ("Question", "Objective (form)", "Took it", "Right", "Discrimination", "Chosen")


def measurement_html(m: Measurement, heading_id: str = "iopkit-debrief-gain") -> str:
    """The facilitator's section: gain, who is missing, objectives, flagged items, item tables."""
    g = m.gain
    objectives = table_html(
        ("Objective", "Safety-critical", "Right before", "Right after"),
        [
            (
                o.objective.text,
                "yes" if o.objective.safety else "no",
                f"{_pct(o.pre)} (of {o.pre_n})",
                f"{_pct(o.post)} (of {o.post_n})",
            )
            for o in m.objectives
        ],
        num=(2, 3),
    )
    flagged = "".join(
        f"<li><b>{_E(a.item.prompt)}</b> ({_E('before' if a.phase.value == 'pre' else 'after')} "
        f"the day): {_E('; '.join(a.flags))}</li>"
        for a in m.flagged
    )
    flagged_html = (
        f"<p><b>Items to look at:</b></p><ul>{flagged}</ul>"
        if flagged
        else "<p>No item misbehaves in these hand-ins.</p>"
    )
    return (
        f"<h2 id='{_E(heading_id)}'>Learning gain</h2>"
        f"<p><b>{_E(gain_text(g))}</b></p>{_missing_html(g)}{_off_plan_html(m)}"
        "<p>Each trainee took one of two parallel forms before the day and the other after it "
        "(the order drawn per trainee), so the gain is not one form being easier. A score is the "
        f"share of the form's {len(FORMS[Form.A])} items answered right; only first answers "
        "count, regraded from the option chosen.</p>"
        f"<h3>By objective</h3>{objectives}{_forms_html(m)}"
        f"<h3>Item analysis</h3>{flagged_html}"
        "<p><i>Right</i> is the item's difficulty (the share right). <i>Discrimination</i> is "
        "the point-biserial correlation between the item and the rest of its form: 0.3 or more "
        "separates well, near 0 says little, and below 0 means those who did worse overall got it "
        "right more often (check the wording and the key). <i>Chosen</i> counts each option: a "
        "wrong option nobody picks is no distractor; one picked more than the right answer points "
        "to a shared misconception, or to a flawed item.</p>"
        "<h4>Before the day</h4>"
        + table_html(_ITEM_HEAD, _items_rows(m.items_pre), num=(2, 3, 4))
        + "<h4>After the day</h4>"
        + table_html(_ITEM_HEAD, _items_rows(m.items_post), num=(2, 3, 4))
    )


# --- A trainee's own before and after (notebook 07) ------------------------------------------


def _answer_text(item: KnowledgeItem, chosen: str | None) -> str:
    if chosen is None:
        return "left open"
    mark = "right" if chosen == item.answer else "not right"
    return f"“{item.option_text(chosen)}” ({mark})"


def before_after_html(pair: ObjectivePair) -> str:
    """After the post-check: this question's result, with the trainee's own answer before the
    day to the parallel question on the same objective."""
    parts = []
    post, pre = pair.post_item, pair.pre_item
    if post is not None:
        ok = pair.post_chosen == post.answer
        mark = "&#10004; Right" if ok else "&#10006; Not this time"
        parts.append(
            f"<p><b>{mark}.</b> Now: you chose {_E(_answer_text(post, pair.post_chosen))}. "
            f"The answer: {_E(post.right_option)}. {_E(post.explanation)} "
            f"<i>({_E(post.citation)})</i></p>"
        )
    if pre is not None:
        parts.append(
            "<p>Before the day, on the same objective, you were asked: "
            f"<i>{_E(pre.prompt)}</i> You chose {_E(_answer_text(pre, pair.pre_chosen))}; the "
            f"answer was “{_E(pre.right_option)}”.</p>"
        )
    else:
        parts.append("<p>You did not take the check before the day, so there is no before.</p>")
    return f"<div class='iopkit-before-after'>{''.join(parts)}</div>"


def own_summary_html(check: TraineeCheck) -> str:
    """One line: the trainee's own score before and after."""
    if check.post is None:
        return ""
    n = len(check.post.items)
    after = f"after the day you answered {check.post.n_right} of {n} right"
    if check.pre is None:
        return f"<p><b>Your result:</b> {after}.</p>"
    return (
        f"<p><b>Your result:</b> before the day {check.pre.n_right} of {len(check.pre.items)} "
        f"right; {after}. Each question below shows your answer now and your answer before "
        "the day to its twin question on the same objective.</p>"
    )


__all__ = ["before_after_html", "gain_text", "measurement_html", "own_summary_html"]
