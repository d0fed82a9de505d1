"""The day's path: each trainee notebook leads to the next, ending at 07; the workshop server
lists only the trainee notebooks (the browser test of the list is in tests/browser)."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

from benchmarks.render import TRAINEE_PAGES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

#: The trainee's day, in order (the pages the render benchmark measures); 05 (educators), 06
#: and 08 (facilitators) are not on it.
DAY = TRAINEE_PAGES
NOT_FOR_TRAINEES = (
    "05_authoring_vignettes.ipynb",
    "06_facilitator_debrief.ipynb",
    "08_live_room.ipynb",
    "sample-exchange",
)
_LINK = re.compile(r"\]\(([^)#\s]+\.ipynb)\)")


def _last_cell(name: str) -> str:
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return "".join(nb["cells"][-1]["source"])


def test_each_trainee_notebook_ends_with_a_link_to_the_next_one_in_the_days_order():
    for here, after in zip(DAY, DAY[1:], strict=False):
        links = _LINK.findall(_last_cell(here))
        assert links == [after], f"{here} ends with links {links}, not one to {after}"


def test_the_day_ends_at_07_with_no_link_onwards():
    assert _LINK.findall(_last_cell(DAY[-1])) == []


def test_no_trainee_notebook_sends_the_trainee_to_the_educators_or_facilitators_pages():
    for name in DAY:
        text = (NOTEBOOKS / name).read_text(encoding="utf-8")
        for other in NOT_FOR_TRAINEES[:2]:
            assert other not in text, f"{name} links to {other}"


def test_the_workshop_config_hides_exactly_what_is_not_for_trainees():
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    globs = config["ContentsManager"]["hide_globs"]
    listed = sorted(p.name for p in NOTEBOOKS.iterdir() if p.name != ".ipynb_checkpoints")
    shown = [n for n in listed if not any(fnmatch.fnmatch(n, g) for g in globs)]
    assert shown == list(DAY)
    assert {"__pycache__", "*.pyc"} <= set(globs)  # Jupyter's own defaults are kept


def test_every_list_of_levels_on_a_trainee_page_has_a_label_right_above_it():
    lists = 0
    for name in DAY:
        cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
        for before, cell in zip(cells, cells[1:], strict=False):
            shown = "".join(
                "".join(o.get("data", {}).get("text/html", ())) for o in cell.get("outputs", ())
            )
            if not shown.startswith("<ul class='iopkit-levels'>"):
                continue
            lists += 1
            label = "".join(before["source"]).strip().splitlines()[-1]
            assert before["cell_type"] == "markdown" and label.endswith(":**"), (name, label)
    assert lists >= 2  # the two lists under "Stepping down and stepping up" in 01
