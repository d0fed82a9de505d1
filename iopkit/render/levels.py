"""The levels of care in words: a level's card, a band with its source, a list of levels."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from iopkit import DISCLAIMER
from iopkit.components import COMPONENTS
from iopkit.levels import (
    LEVELS,
    STEP_DOWN,
    STEP_SOURCE,
    STEP_UP,
    Level,
    LevelList,
    Population,
    steps_into,
)
from iopkit.sources import Band

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.components import ModalityGuide, ModalityInfo
    from iopkit.levels import Figures

    pass

_E = html.escape


def figures_html(figures: Figures) -> str:
    """Figures as a table: the figure, its value with the unit, and its source."""
    rows = "".join(
        f"<tr><td>{_E(name)}</td><td>{_E(band.describe())}</td>"
        f"<td><i>{_E(band.source.cite())}</i></td></tr>"
        for name, band in figures.rows
    )
    return (
        "<table class='iopkit-figures'><thead><tr><th>Figure</th><th>Value</th>"
        f"<th>Source</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _levels(levels: tuple[Level, ...]) -> str:
    return str(LevelList(levels))


def level_html(level: Level, population: Population = Population.ADULT) -> str:
    """What a level is, who it is for, its hours with sources, and the paths in and out."""
    info = LEVELS[level]
    figures = info.figures()
    who = "adolescents" if population is Population.ADOLESCENT else "adults"
    table = (
        f"<p><b>Figures</b> (hours shown on the chart are for {_E(who)}):</p>"
        + figures_html(figures)
        if figures.rows
        else ""  # no heading over nothing
    )
    supervision = info.supervision_text()
    components = ""
    if level in (Level.IOP, Level.PHP):
        items = "".join(
            f"<li><b>{_E(c.label)}</b> ({_E(c.emphasis.value)}): {_E(c.description)}</li>"
            for c in COMPONENTS.values()
        )
        components = f"<p><b>Components</b> (from the overview):</p><ul>{items}</ul>"
    into = steps_into(level)
    notes = f"<p><i>{_E(info.notes)}</i></p>" if info.notes else ""
    # The source of the paths speaks of IOP's paths, so it belongs on IOP's card alone.
    paths = f"<p><i>Paths: {_E(STEP_SOURCE)}</i></p>" if level is Level.IOP else ""
    return (
        f"<div class='iopkit-level'><h3>{_E(info.label)}</h3>"
        f"<p>{_E(info.description)}</p>"
        f"<p><b>Typical patients:</b> {_E(info.typical_patients)}</p>"
        f"<p><b>24-hour supervision:</b> {_E(supervision)}</p>"
        f"{table}"
        f"{components}"
        f"<p><b>Step up to:</b> {_E(_levels(STEP_UP.get(level, ())))}<br>"
        f"<b>Step down to:</b> {_E(_levels(STEP_DOWN.get(level, ())))}<br>"
        f"<b>People step down into it from:</b> {_E(_levels(into['step_down_from']))}<br>"
        f"<b>People step up into it from:</b> {_E(_levels(into['step_up_from']))}</p>"
        f"{paths}{notes}</div>"
    )


def band_html(band: Band) -> str:
    """A figure with its unit and, in smaller type, its source."""
    return (
        f"<span class='iopkit-band'>{_E(band.describe())} <i>({_E(band.source.cite())})</i></span>"
    )


def levels_html(levels: Iterable[Level]) -> str:
    """Levels of care as a list a trainee reads (their full names)."""
    items = "".join(f"<li>{_E(lv.label)}</li>" for lv in levels)
    return f"<ul class='iopkit-levels'>{items}</ul>" if items else "<p>None.</p>"


def levels_text() -> str:
    """The levels of care with their figures and sources, as ``iopkit levels`` prints them."""
    lines = []
    for info in sorted(LEVELS.values(), key=lambda i: i.rank):
        lines += [f"{info.rank}. {info.label} [{info.level.value}]", f"   {info.description}"]
        lines += [f"   {line}" for line in str(info.figures()).splitlines()]
        lines.append(f"   24-hour supervision: {info.supervision_text()}")
    return "\n".join([*lines, "", f"Step-up and step-down: {STEP_SOURCE}", DISCLAIMER])


def modality_html(m: ModalityInfo) -> str:
    """One therapy method: what it is, skills a trainee will hear named, a worked example."""
    e = _E
    skills = ", ".join(m.example_skills)
    return (
        f"<div class='iopkit-modality'><h3>{e(m.label)}</h3>"
        f"<p>{e(m.what_it_is)}</p>"
        f"<p><b>Skills you will hear named:</b> {e(skills)}.</p>"
        f"<p><b>Worked example (fictional):</b> {e(m.worked_example)}</p>"
        f"<p><i>Source: {e(m.source.cite())}</i></p></div>"
    )


def modality_guide_html(guide: ModalityGuide) -> str:
    """Every method the kit teaches, one after the other."""
    return (
        "<div class='iopkit-modality-guide'>"
        + "".join(modality_html(m) for m in guide.modalities)
        + "</div>"
    )
