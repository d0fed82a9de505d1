"""Figures: tested on the data behind them (patches, texts, labels), not on pixels."""

from __future__ import annotations

import subprocess
import sys

import pytest
from factories import assessment, good_week
from matplotlib.colors import to_hex
from matplotlib.patches import FancyBboxPatch, Rectangle

from iopkit.components import Activity
from iopkit.levels import Level
from iopkit.placement import RULES, RuleStatus, recommend, rule_statuses
from iopkit.plots import (
    ABBREVIATIONS,
    ACTIVITY_COLOURS,
    LEVEL_COLOURS,
    MIN_FONT_PT,
    PALETTE,
    STATUS_COLOURS,
    legend_labels,
    new_axes,
    plot_continuum,
    plot_decision_path,
    plot_hours_by_component,
    plot_timeline,
    plot_week,
    texts,
    to_png,
)
from iopkit.schedule import Schedule, check

OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}


def _labelled(ax):
    assert ax.get_title()
    assert ax.get_xlabel()
    assert ax.get_ylabel()


def test_every_colour_comes_from_the_okabe_ito_palette():
    used = {*PALETTE, *LEVEL_COLOURS.values(), *ACTIVITY_COLOURS.values()}
    used |= {c for s, c in STATUS_COLOURS.items() if s is not RuleStatus.NOT_CHECKED}
    assert {c.lower() for c in used} <= OKABE_ITO
    assert len(set(ACTIVITY_COLOURS.values())) == len(Activity)


def test_continuum_draws_each_level_with_its_hour_band_as_text():
    ax = plot_continuum("adult")
    _labelled(ax)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    labels = {b.get_label() for b in bars}
    assert labels >= {lv.short for lv in Level if lv is not Level.WITHDRAWAL_MANAGEMENT}
    # Withdrawal management is drawn as its two settings, not as an overnight stay only.
    assert {"Withdrawal mgmt: ambulatory", "Withdrawal mgmt: 24_hour"} <= labels
    assert "Ambulatory: home each night, seen daily" in " ".join(texts(ax))
    words = " ".join(texts(ax))
    for text in ("9-19 h/week", "under 9 h/week", "20 h/week or more", "24-hour supervision"):
        assert text in words
    assert "3-5 days/week" in words and "Sources:" in words
    iop = next(b for b in bars if b.get_label() == "IOP")
    assert (iop.get_x(), iop.get_x() + iop.get_width()) == (9, 19)
    assert to_hex(iop.get_facecolor()) == LEVEL_COLOURS[Level.IOP].lower()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "Outpatient" and "Inpatient" in ticks


def test_continuum_for_adolescents_uses_the_adolescent_bands():
    ax = plot_continuum("adolescent")
    words = " ".join(texts(ax))
    assert "6-19 h/week" in words and "under 6 h/week" in words
    assert "adolescents" in ax.get_title()


def test_decision_path_highlights_the_rule_that_decided():
    rec = recommend(assessment())
    ax = plot_decision_path(rec)
    _labelled(ax)
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == len(RULES)
    statuses = [b.get_label() for b in boxes]
    assert statuses == [s for _, s in rule_statuses(rec)]
    decided = RULES.index(next(r for r in RULES if r.id == rec.decisive.rule))
    assert statuses[decided] == RuleStatus.MET.value
    assert statuses[:decided] == [RuleStatus.NOT_MET.value] * decided
    assert set(statuses[decided + 1 :]) == {RuleStatus.NOT_CHECKED.value}
    assert all(isinstance(s, RuleStatus) for _, s in rule_statuses(rec))
    words = texts(ax)
    assert "YES -> IOP" in words
    assert any(t.startswith("1. Cannot be kept safe") for t in words)
    assert legend_labels(ax) == ["Met", "Not met", "Not checked"]


def test_decision_path_for_imminent_risk_stops_at_the_first_rule():
    ax = plot_decision_path(recommend(assessment(safety="cannot_keep_safe")))
    statuses = [p.get_label() for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert statuses[0] == "met" and set(statuses[1:]) == {"not checked"}
    assert "Inpatient" in ax.get_title()


def test_week_has_one_labelled_block_per_session_at_its_time():
    schedule = Schedule.model_validate(good_week())
    ax = plot_week(schedule)
    _labelled(ax)
    blocks = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_label()]
    assert len(blocks) == len(schedule.sessions)
    first = schedule.sessions[0]
    block = blocks[0]
    assert block.get_x() == pytest.approx(first.day.order - 0.42)
    assert block.get_y() == pytest.approx(first.start_minute / 60)
    assert block.get_height() == pytest.approx(first.minutes / 60)
    assert to_hex(block.get_facecolor()) == ACTIVITY_COLOURS[first.activity].lower()
    assert any("09:00-10:00" in t for t in texts(ax))
    # Legend entries name each activity, prefixed by its code where a block shows the code.
    assert {label.split(": ")[-1] for label in legend_labels(ax)} == {
        s.activity.label for s in schedule.sessions
    }
    bottom, top = ax.get_ylim()
    assert bottom > top  # time runs downwards
    assert "9 h on 3 days" in ax.get_title()


def test_empty_week_says_so():
    ax = plot_week(Schedule(sessions=()))
    assert "No activities yet" in texts(ax)


def test_timeline_marks_reviews_and_discharge():
    ax = plot_timeline(8, review_every=4)
    _labelled(ax)
    words = texts(ax)
    assert "Week 4: plan review" in words
    assert "Week 8: step down to outpatient" in words
    assert "Follow-up within 7 days" in words
    assert {"Start", "Review", "Discharge", "Follow-up"} <= set(legend_labels(ax))


def test_hours_by_component_labels_each_bar_with_hours():
    report = check(good_week())
    ax = plot_hours_by_component(report)
    _labelled(ax)
    assert "3 h" in texts(ax)
    assert len(ax.patches) == len(report.hours_per_component)


def test_redrawing_on_the_same_axes_replaces_the_old_drawing():
    ax = new_axes()
    plot_week(Schedule.model_validate(good_week()), ax=ax)
    plot_week(Schedule(sessions=()), ax=ax)
    assert [p for p in ax.patches if p.get_label()] == []


def test_png_export_is_a_png():
    assert to_png(plot_timeline(6).figure).startswith(b"\x89PNG")


def test_core_modules_do_not_import_matplotlib_or_ipywidgets():
    code = (
        "import sys, iopkit, iopkit.placement, iopkit.schedule, iopkit.grading, "
        "iopkit.quiz, iopkit.timeline, iopkit.render, iopkit.progress, "
        "iopkit.discharge, iopkit.widgets\n"
        "bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _drawn_boxes(ax):
    """(text, window bbox) of every text drawn on the figure: labels, legend, title, ticks."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    drawn = [*ax.texts, ax.title, *ax.get_legend().get_texts(), ax.get_legend().get_title()]
    drawn += [*ax.get_xticklabels(), ax.xaxis.label]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in drawn if t.get_text()]


@pytest.mark.parametrize("weeks", range(1, 17))
def test_timeline_labels_never_overlap_and_stay_on_the_figure(weeks):
    ax = plot_timeline(weeks)
    boxes = _drawn_boxes(ax)
    assert len([t for t in ax.texts if t.get_text().startswith("Week")]) >= (1 if weeks > 1 else 0)
    clashes = [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]
    assert clashes == []
    figure_box = ax.figure.bbox
    frame = ax.get_window_extent(ax.figure.canvas.get_renderer())
    for text in ax.texts:  # point labels stay inside the plot, clear of the legend
        box = text.get_window_extent(ax.figure.canvas.get_renderer())
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and box.y1 <= frame.y1, text.get_text()
    for label, box in boxes:
        assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1, label
    assert all(t.get_fontsize() >= MIN_FONT_PT for t in ax.texts)


def test_timeline_label_overlap_check_can_fail():
    """The overlap test above would catch two labels drawn at the same place."""
    ax = plot_timeline(8)
    ax.text(0, 0.44, "Admission: start planning discharge", transform=ax.texts[1].get_transform())
    boxes = _drawn_boxes(ax)
    assert any(
        box_a.overlaps(box_b) for i, (_, box_a) in enumerate(boxes) for _, box_b in boxes[i + 1 :]
    )


def test_calendar_labels_are_readable_and_inside_their_blocks():
    from iopkit.widgets._common import figure

    week = Schedule.model_validate(
        {
            "sessions": [
                {
                    "day": "mon",
                    "start": "09:00",
                    "minutes": 180,
                    "activity": "psychoeducation_group",
                },
                {
                    "day": "mon",
                    "start": "12:00",
                    "minutes": 30,
                    "activity": "medication_management",
                },
                {"day": "tue", "start": "09:00", "minutes": 60, "activity": "individual_therapy"},
                {"day": "wed", "start": "17:30", "minutes": 180, "activity": "process_group"},
            ]
        }
    )
    ax = plot_week(week, ax=figure(8.0, 4.4).axes[0])
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    blocks = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_label()]
    assert len(ax.texts) == len(blocks) == 4
    for block, text in zip(blocks, ax.texts, strict=True):
        assert text.get_fontsize() >= MIN_FONT_PT
        inner, outer = text.get_window_extent(renderer), block.get_window_extent(renderer)
        assert outer.x0 <= inner.x0 and inner.x1 <= outer.x1, text.get_text()
        if block.get_height() >= 0.75:  # 45 minutes or more: the label fits in full height too
            assert outer.y0 <= inner.y0 and inner.y1 <= outer.y1, text.get_text()
        else:  # shorter: a code centred on the block, explained in the legend
            assert text.get_text() in ABBREVIATIONS.values()
    codes = {t.get_text().split("\n")[0] for t in ax.texts} & set(ABBREVIATIONS.values())
    assert codes, "a short block shows its activity's code"
    legend = legend_labels(ax)
    for code in codes:  # every code on the calendar is spelled out in the legend
        activity = next(a for a, c in ABBREVIATIONS.items() if c == code)
        assert f"{code}: {activity.label}" in legend
    assert all(t.get_fontsize() >= MIN_FONT_PT for t in ax.get_legend().get_texts())
