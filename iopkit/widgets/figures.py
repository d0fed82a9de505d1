"""The apps' figures as PNG bytes with their text alternative, the static ones drawn ahead.

A page that opens on a figure nobody has changed yet (the continuum chart, an empty week, the
default eight-week timeline) shows a copy drawn ahead and shipped in ``iopkit/widgets/drawn/``,
so the page opens without importing matplotlib; matplotlib is imported when a figure is first
drawn for something the trainee changed. ``python -m iopkit.widgets.figures`` draws the shipped
copies again (the tests check each one still matches a fresh drawing).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopkit.levels import Population

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.schedule import Schedule

FOLDER = Path(__file__).with_name("drawn")
DEFAULT_WEEKS = 8
"""The programme length a new week starts with (its timeline is drawn ahead)."""

Drawn = tuple[bytes, str]
"""A figure's PNG bytes and its text alternative."""


class Canvas:
    """One reusable matplotlib figure for an app, made at its first drawing."""

    def __init__(self, width: float, height: float) -> None:
        self.size = (width, height)
        self._fig: Any = None

    @property
    def ax(self) -> Any:
        from iopkit.widgets._common import figure

        if self._fig is None:
            self._fig = figure(*self.size)
        return self._fig.axes[0]

    def png(self) -> bytes:
        from iopkit.widgets._common import png

        return png(self._fig)


def draw_continuum(population: Population | str, canvas: Canvas) -> Drawn:
    from iopkit.plots import plot_continuum
    from iopkit.widgets._common import figure_text

    ax = plot_continuum(Population(population), ax=canvas.ax)
    return canvas.png(), figure_text(ax)


def draw_week(schedule: Schedule, canvas: Canvas) -> Drawn:
    from iopkit.plots import plot_week

    ax = plot_week(schedule, ax=canvas.ax)
    text = f"{ax.get_title()}: " + (
        "; ".join(s.describe() for s in schedule.sessions) or "no activities yet"
    )
    return canvas.png(), text


def draw_timeline(weeks: int, canvas: Canvas) -> Drawn:
    from iopkit.plots import plot_timeline
    from iopkit.widgets._common import figure_text

    ax = plot_timeline(weeks, ax=canvas.ax)
    return canvas.png(), figure_text(ax)


def _empty_week(population: Population) -> Schedule:
    from iopkit.schedule import Schedule

    return Schedule(population=population, weeks=DEFAULT_WEEKS, sessions=())


def shipped() -> dict[str, Callable[[Canvas], Drawn]]:
    """Every figure drawn ahead: its file name and how to draw it."""
    found: dict[str, Callable[[Canvas], Drawn]] = {}
    for pop in Population:
        found[f"continuum-{pop.value}"] = functools.partial(draw_continuum, pop)
        found[f"week-empty-{pop.value}"] = functools.partial(draw_week, _empty_week(pop))
    found[f"timeline-{DEFAULT_WEEKS}"] = functools.partial(draw_timeline, DEFAULT_WEEKS)
    return found


def _read(name: str) -> Drawn | None:
    try:
        data = (FOLDER / f"{name}.png").read_bytes()
        text = (FOLDER / f"{name}.txt").read_text(encoding="utf-8")
    except OSError:
        return None
    return data, text


def continuum(population: Population | str, canvas: Canvas) -> Drawn:
    """The continuum chart for a population (drawn ahead for both)."""
    return _read(f"continuum-{Population(population).value}") or draw_continuum(population, canvas)


def week(schedule: Schedule, canvas: Canvas) -> Drawn:
    """The week's calendar (an empty week drawn ahead for each population)."""
    if not schedule.sessions:
        ahead = _read(f"week-empty-{Population(schedule.population).value}")
        if ahead is not None:
            return ahead
    return draw_week(schedule, canvas)


def timeline(weeks: int, canvas: Canvas) -> Drawn:
    """The programme timeline (the default length drawn ahead)."""
    return (_read(f"timeline-{weeks}") if weeks == DEFAULT_WEEKS else None) or draw_timeline(
        weeks, canvas
    )


def build(folder: Path = FOLDER) -> list[Path]:
    """Draw every shipped figure again into ``folder``; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in shipped().items():
        data, text = draw(Canvas(*SIZES[name.split("-")[0]]))
        (folder / f"{name}.png").write_bytes(data)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        written.append(folder / f"{name}.png")
    return written


SIZES = {"continuum": (8.0, 4.4), "week": (8.0, 4.4), "timeline": (8.0, 2.8)}
"""Each figure's size in inches, as its app draws it."""


if __name__ == "__main__":
    for path in build():
        print(f"drew {path.name}")
