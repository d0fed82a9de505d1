"""The decision path: the placement rules in order, each marked met, not met or not
checked, down to the one that decided the level."""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

from iopkit.placement import RULES, Recommendation, RuleStatus, rule_statuses
from iopkit.plots.style import (
    STATUS_COLOURS,
    _axes,
    text_colour,
)


def plot_decision_path(rec: Recommendation, ax: Axes | None = None) -> Axes:
    """The placement rules as a vertical flow, the path this case took highlighted."""
    ax = _axes(ax, 7.0, 7.5)
    n = len(RULES)
    statuses = dict(rule_statuses(rec))
    for i, rule in enumerate(RULES):
        y = n - 1 - i
        status = statuses[rule.id]
        colour = STATUS_COLOURS[status]
        box = FancyBboxPatch(
            (0.02, y - 0.36),
            0.66,
            0.72,
            boxstyle="round,pad=0.02",
            facecolor=colour,
            edgecolor="black",
            linewidth=2.5 if status is RuleStatus.MET else 1.0,
            label=status.value,
        )
        ax.add_patch(box)
        ax.text(
            0.04,
            y,
            textwrap.fill(f"{i + 1}. {rule.title}", 44),
            va="center",
            ha="left",
            fontsize=8,
            color=text_colour(colour),
            fontweight="bold" if status is RuleStatus.MET else "normal",
        )
        verdict = {
            RuleStatus.MET: f"YES -> {rule.level.short}",
            RuleStatus.NOT_MET: "no, next rule",
            RuleStatus.NOT_CHECKED: "not checked",
        }[status]
        ax.text(
            0.72,
            y,
            f"{verdict}"
            if status is not RuleStatus.NOT_CHECKED
            else f"(yes -> {rule.level.short})",
            va="center",
            ha="left",
            fontsize=8,
            fontweight="bold" if status is RuleStatus.MET else "normal",
            color="black" if status is not RuleStatus.NOT_CHECKED else "#555555",
        )
        if i < n - 1:
            ax.add_patch(
                FancyArrowPatch(
                    (0.35, y - 0.36),
                    (0.35, y - 0.64),
                    arrowstyle="-|>",
                    mutation_scale=10,
                    color="black" if status is RuleStatus.NOT_MET else "#999999",
                )
            )
    handles = [
        Patch(facecolor=STATUS_COLOURS[s], edgecolor="black", label=s.value.capitalize())
        for s in RuleStatus
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.07),
        ncol=3,
        fontsize=7,
        title="Rule",
        title_fontsize=7,
    )
    ax.set_xlim(0, 1.0)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("First rule met decides the level")
    ax.set_ylabel("Rules in the order they are checked")
    ax.set_title(f"Decision path: {rec.level_text}")
    return ax
