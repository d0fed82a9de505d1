"""Continuum explorer: the levels of care on one chart, a level picker and a short quiz."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from iopkit.levels import (
    BY_INTENSITY,
    Level,
    Population,
)
from iopkit.quiz import QUIZ, QUIZ_BY_ID, grade_quiz
from iopkit.render import level_html
from iopkit.widgets import figures
from iopkit.widgets._common import WIDE, App, figure_image, image_layout
from iopkit.widgets.accessible import choice_buttons

_E = html.escape


NO_LEVEL = ""
"""The level drop-down's prompt: a value of its own, so the page shows "Choose a level" (a
drop-down whose value is None shows nothing at all)."""


class ContinuumExplorer(App):
    """A chart of the continuum, a level picker with the level's facts, and a short quiz.

    Controls: ``population`` ("Hours for"), ``chart`` (Image), ``level`` ("Level"),
    ``level_info`` (HTML), ``quiz_item`` ("Scenario"), ``quiz_prompt`` (HTML),
    ``quiz_answer`` ("Your level"), ``quiz_check`` ("Check"), ``quiz_feedback`` (HTML).
    """

    def __init__(self, population: Population | str = Population.ADULT) -> None:
        self._canvas = figures.Canvas(*figures.SIZES["continuum"])
        self.population = choice_buttons(
            [("Adults", Population.ADULT), ("Adolescents", Population.ADOLESCENT)],
            "Hours for",
            value=Population(population),
        )
        self.chart = figure_image(layout=image_layout(8.0))  # tooltip = text alternative
        self.level = choice_buttons([(lv.short, lv) for lv in BY_INTENSITY], "Level", Level.IOP)
        self.level_info = w.HTML()
        self.quiz_item = w.Dropdown(
            options=[(f"Scenario {i + 1}", q.id) for i, q in enumerate(QUIZ)],
            value=QUIZ[0].id,
            description="Scenario",
        )
        self.quiz_prompt = w.HTML()
        self.quiz_answer = w.Dropdown(
            options=[("Choose a level", NO_LEVEL), *((lv.label, lv) for lv in BY_INTENSITY)],
            value=NO_LEVEL,
            description="Your level",
            style=WIDE,
        )
        self.quiz_check = w.Button(description="Check", button_style="primary")
        self.quiz_feedback = w.HTML()

        self.population.observe(self._on_population, names="value")
        self.level.observe(self._on_level, names="value")
        self.quiz_item.observe(self._on_quiz_item, names="value")
        self.quiz_check.on_click(self._on_check)
        self._draw()
        self._on_level()
        self._on_quiz_item()

        self.widget = self._box(
            [
                w.HTML("<h3>The continuum of care</h3>"),
                self.population,
                self.chart,
                self.level,
                self.level_info,
                w.HTML("<h3>Which level fits?</h3>"),
                self.quiz_item,
                self.quiz_prompt,
                w.HBox([self.quiz_answer, self.quiz_check]),
                self.quiz_feedback,
            ]
        )

    def _draw(self) -> None:
        self.chart.value, self.chart.tooltip = figures.continuum(
            self.population.value, self._canvas
        )

    def _on_population(self, _: Any = None) -> None:
        self._draw()
        self._on_level()

    def _on_level(self, _: Any = None) -> None:
        self.level_info.value = level_html(self.level.value, self.population.value)

    def _on_quiz_item(self, _: Any = None) -> None:
        item = QUIZ_BY_ID[self.quiz_item.value]
        self.quiz_prompt.value = f"<p class='iopkit-scenario'>{_E(item.prompt)}</p>"
        self.quiz_answer.value = NO_LEVEL
        self.quiz_feedback.value = ""

    def _on_check(self, _: Any = None) -> None:
        if self.quiz_answer.value == NO_LEVEL:
            self.quiz_feedback.value = "<p><b>Note:</b> choose a level first.</p>"
            return
        result = grade_quiz(self.quiz_item.value, self.quiz_answer.value)
        self.quiz_feedback.value = result._repr_html_()
        from iopkit.responses import record_safely

        saved = record_safely(
            lambda s: s.record_quiz("levels", result.item.id, result.chosen.value, result.correct)
        )
        if isinstance(saved, str):
            self.quiz_feedback.value += f"<p><b>Note:</b> {_E(saved)}</p>"
