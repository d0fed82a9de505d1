"""What assistive technology and the keyboard get from a trainee page in Voila, read in Chromium:
the case player's level choice is a named radio group whose checked state follows a click, each
knowledge-check question is one Tab stop with the arrow keys inside, and prose keeps a readable
measure in text cells and in the apps alike."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from benchmarks.browser import stop
from iopkit.levels import BY_INTENSITY

from .conftest import ROOT, SERVER_START_SECONDS, _free_port, open_notebook

pytestmark = pytest.mark.browser

PLACEMENT = "02_placement_decisions.ipynb"
START = "00_start_here.ipynb"
METHODS = "04_relapse_prevention_and_discharge.ipynb"
CONTINUUM = "01_continuum_of_care.ipynb"
#: A readable measure: about 70-80 characters a line (a little either way for word breaks).
MEASURE = (60, 85)


def _radio_groups(page: Any) -> dict[str, dict[str, bool]]:
    """Chromium's accessibility tree: each radio group's name, with its options' checked state."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    by_id = {n["nodeId"]: n for n in nodes}

    def role(n: dict[str, Any]) -> str:
        return str(n.get("role", {}).get("value", ""))

    def name(n: dict[str, Any]) -> str:
        return str(n.get("name", {}).get("value", ""))

    def radios(n: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for child in n.get("childIds", ()):
            c = by_id.get(child)
            if c is None:
                continue
            if role(c) == "radio":
                yield c
            else:
                yield from radios(c)

    def checked(n: dict[str, Any]) -> bool:
        props = {p["name"]: p["value"].get("value") for p in n.get("properties", ())}
        return props.get("checked") == "true"

    return {
        name(g): {name(r): checked(r) for r in radios(g)}
        for g in nodes
        if role(g) == "radiogroup" and not g.get("ignored")
    }


def test_level_choice_is_a_named_radio_group_whose_checked_state_follows_a_click(
    page: Any, voila_url: str, screenshots: Any
) -> None:
    open_notebook(page, voila_url, PLACEMENT)
    page.get_by_role("radiogroup", name="Your level").wait_for()
    before = _radio_groups(page)
    assert "Your level" in before, f"no radio group named 'Your level': {sorted(before)}"
    assert list(before["Your level"]) == [lv.short for lv in BY_INTENSITY]
    assert not any(before["Your level"].values())  # nothing chosen yet, and the tree says so

    levels = page.get_by_role("radiogroup", name="Your level")
    levels.get_by_text("PHP", exact=True).click()  # the button-like label, as a trainee clicks
    page.wait_for_function(
        "() => document.querySelector('.iopkit-choice input:checked') !== null", timeout=10_000
    )
    after = _radio_groups(page)["Your level"]
    assert after == {name: name == "PHP" for name in before["Your level"]}
    levels.get_by_text("Residential", exact=True).click()
    page.wait_for_timeout(300)
    after = _radio_groups(page)["Your level"]
    assert [name for name, on in after.items() if on] == ["Residential"]

    # a group shown only after a choice is a named radio group as well
    levels.get_by_text("Withdrawal mgmt", exact=True).click()
    page.get_by_role("radiogroup", name="Withdrawal setting").wait_for()
    assert _radio_groups(page)["Withdrawal setting"] == {"Ambulatory": False, "24-hour": False}


def test_case_player_choices_are_one_tab_stop_with_arrow_keys_inside(
    page: Any, voila_url: str
) -> None:
    open_notebook(page, voila_url, PLACEMENT)
    group = page.get_by_role("radiogroup", name="Your level")
    group.wait_for()
    group.get_by_role("radio", name="Outpatient").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.parentElement.textContent") == "IOP"
    assert _radio_groups(page)["Your level"]["IOP"]
    page.keyboard.press("Tab")  # out of the group at once: the next control, not PHP
    assert page.evaluate("() => document.activeElement.type") != "radio"


@pytest.fixture(scope="module")
def lab_notebook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """JupyterLab (test-only settings: no token, bound to 127.0.0.1) over a folder holding one
    notebook that opens the case player: the URL of that notebook."""
    folder = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from iopkit.widgets import PlacementCasePlayer\nPlacementCasePlayer(record=False)"
        )
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, folder / "player.ipynb")
    port = _free_port()
    env = dict(os.environ, IOPKIT_DATA_DIR=str(folder / "data"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", "--allow-root", "--IdentityProvider.token=",
        "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={folder}", "--LabApp.news_url=None",
    ]  # fmt: skip
    with open(folder / "lab.log", "wb") as log:
        proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                urllib.request.urlopen(base + "/lab", timeout=2).close()
                break
            except (urllib.error.URLError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"JupyterLab did not start:\n{Path(folder / 'lab.log').read_text()}"
                    )
                time.sleep(0.3)
        yield f"{base}/lab/tree/player.ipynb"
    finally:
        stop(proc)


def test_level_choice_is_a_named_radio_group_in_jupyterlab_too(
    chromium: Any, lab_notebook: str
) -> None:
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(lab_notebook)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.wait_for_function(  # the kernel is ready (the status bar says so)
            "() => document.body.innerText.includes('| Idle')", timeout=60_000
        )
        page.keyboard.press("Shift+Enter")
        levels = page.get_by_role("radiogroup", name="Your level")
        levels.wait_for(timeout=90_000)
        groups = _radio_groups(page)
        assert list(groups["Your level"]) == [lv.short for lv in BY_INTENSITY]
        assert not any(groups["Your level"].values())
        levels.get_by_text("PHP", exact=True).click()
        page.wait_for_timeout(300)
        chosen = _radio_groups(page)["Your level"]
        assert [name for name, on in chosen.items() if on] == ["PHP"]
        names = levels.locator("input").evaluate_all("els => els.map(e => e.name)")
        assert len(set(names)) == 1 and names[0]  # one group: one Tab stop, arrows inside
    finally:
        context.close()


#: Which question (1-based, in page order) holds the focused radio; 0 for anything else.
FOCUSED_QUESTION = """
() => {
  const groups = [...document.querySelectorAll('.iopkit-question .widget-radio-box')];
  const el = document.activeElement;
  return el && el.type === 'radio' ? groups.findIndex(g => g.contains(el)) + 1 : 0;
}
"""


def test_each_knowledge_check_question_is_one_tab_stop_with_arrow_keys_inside(
    page: Any, voila_url: str
) -> None:
    open_notebook(page, voila_url, START)
    questions = page.locator(".iopkit-question .widget-radio-box")
    n = questions.count()
    assert n == 12
    for i in range(n):  # each question is a radio group named by its number
        assert questions.nth(i).get_attribute("role") == "radiogroup"
    groups = _radio_groups(page)
    assert all(f"Question {i}" in groups for i in range(1, n + 1)), sorted(groups)

    questions.first.locator("input[type=radio]").first.focus()
    visited = [page.evaluate(FOCUSED_QUESTION)]
    for _ in range(n):
        page.keyboard.press("Tab")
        visited.append(page.evaluate(FOCUSED_QUESTION))
    # one Tab press per question, in order, then out of the check (the save button)
    assert visited == [*range(1, n + 1), 0]
    assert page.evaluate("() => document.activeElement.textContent") == "Save my answers"

    first = questions.first.locator("input[type=radio]")
    first.first.focus()
    page.keyboard.press("ArrowDown")  # moves within the question and chooses
    assert page.evaluate(FOCUSED_QUESTION) == 1
    assert first.nth(1).evaluate("el => el === document.activeElement && el.checked")
    assert not first.first.is_checked()


#: Characters on each line of an element's text, in order (lines found by where each
#: character is drawn; spaces at a line's end are not counted).
LINE_LENGTHS = """
el => {
  const lines = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let node, last = null;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.length; i++) {
      if (/\\s/.test(node.data[i])) {
        if (lines.length) lines[lines.length - 1].text += ' ';
        continue;
      }
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (last === null || rect.top > last + rect.height / 2) {
        lines.push({text: ''});
        last = rect.top;
      }
      lines[lines.length - 1].text += node.data[i];
    }
  }
  return lines.map(l => l.text.trim().length);
}
"""

#: The paragraph with the most characters among the elements a selector finds.
LONGEST = """
selector => {
  const all = [...document.querySelectorAll(selector)];
  all.sort((a, b) => b.textContent.length - a.textContent.length);
  if (!all.length) return null;
  all[0].setAttribute('data-longest', '1');
  return all[0].textContent.length;
}
"""


def _full_lines(page: Any, selector: str) -> list[int]:
    """Lengths of the full lines (all but the last) of the longest paragraph matched."""
    page.evaluate(
        "() => document.querySelectorAll('[data-longest]')"
        ".forEach(e => e.removeAttribute('data-longest'))"
    )
    size = page.evaluate(LONGEST, selector)
    assert size and size > 200, f"no long paragraph at {selector}"
    lengths: list[int] = page.locator("[data-longest]").evaluate(LINE_LENGTHS)
    assert len(lengths) >= 3
    return lengths[:-1]


@pytest.mark.parametrize("width", [1366, 1024])
def test_prose_keeps_a_readable_measure_in_text_cells_and_in_the_apps(
    page: Any, voila_url: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_notebook(page, voila_url, METHODS)
    low, high = MEASURE
    text_cell = _full_lines(page, ".jp-RenderedMarkdown p")
    assert all(n <= high for n in text_cell), f"text cell lines: {text_cell}"
    assert sum(text_cell) / len(text_cell) >= low, f"text cell lines: {text_cell}"

    open_notebook(page, voila_url, CONTINUUM)  # a level's card, shown by a cell as HTML
    card = _full_lines(page, ".jp-OutputArea-output.jp-RenderedHTML .iopkit-level p")
    assert all(n <= high for n in card), f"level card lines: {card}"
    assert sum(card) / len(card) >= low, f"level card lines: {card}"
    aligned = page.locator(".jp-OutputArea-output .iopkit-level td").evaluate_all(
        "cells => [...new Set(cells.map(c => getComputedStyle(c).textAlign))]"
    )
    assert aligned == ["left"]  # a table's words read from the left

    open_notebook(page, voila_url, PLACEMENT)
    page.get_by_role("radiogroup", name="Your level").get_by_text("IOP", exact=True).click()
    page.get_by_role("button", name="Check my answer").click()
    page.locator(".iopkit-app h4.iopkit-correct, .iopkit-app h4.iopkit-incorrect").first.wait_for()
    feedback = _full_lines(
        page, ".iopkit-app .widget-html-content:has(.iopkit-correct, .iopkit-incorrect) p"
    )
    assert all(n <= high for n in feedback), f"feedback lines: {feedback}"
    assert sum(feedback) / len(feedback) >= low, f"feedback lines: {feedback}"
