"""What a trainee page costs when a room opens it: no matplotlib until a figure is drawn for
something the trainee changed, and the figures drawn ahead are the ones the apps would draw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from benchmarks.render import TRAINEE_PAGES
from iopkit.levels import Population
from iopkit.widgets import figures

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _run_page(name: str, extra: str = "") -> list[str]:
    """Run a notebook's code cells in a fresh interpreter; the heavy modules it imported."""
    cells = [
        "".join(c["source"])
        for c in json.loads((NOTEBOOKS / name).read_text())["cells"]
        if c["cell_type"] == "code"
    ] + ([extra] if extra else [])
    code = (
        "import sys\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        f"for cell in {cells!r}:\n"
        "    r = shell.run_cell(cell)\n"
        "    assert r.success, (cell, r.error_in_exec)\n"
        "print('HEAVY=' + ','.join(m for m in ('matplotlib',) if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("IOPKIT_VIGNETTES", None)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=NOTEBOOKS
    )
    assert out.returncode == 0, out.stderr[-2000:]
    line = [x for x in out.stdout.splitlines() if x.startswith("HEAVY=")][-1]
    return [m for m in line.removeprefix("HEAVY=").split(",") if m]


@pytest.mark.parametrize("name", TRAINEE_PAGES)
def test_trainee_page_opens_without_matplotlib(name: str) -> None:
    assert _run_page(name) == []


def test_placement_player_imports_matplotlib_only_when_the_path_is_first_drawn() -> None:
    answer = (
        "player.choice.value = player.choice.options[0][1]\n"
        "player.submit.click()\n"
        "assert player.path_figure.value, 'the decision path is drawn after the first answer'\n"
    )
    assert _run_page("02_placement_decisions.ipynb", answer) == ["matplotlib"]


@pytest.mark.parametrize("name", sorted(figures.shipped()))
def test_each_figure_drawn_ahead_matches_a_fresh_drawing(name: str, tmp_path: Path) -> None:
    shipped_png = figures.FOLDER / f"{name}.png"
    data, text = figures.shipped()[name](figures.Canvas(*figures.SIZES[name.split("-")[0]]))
    fresh = tmp_path / "fresh.png"
    fresh.write_bytes(data)
    assert np.array_equal(imread(shipped_png), imread(fresh)), (
        f"{shipped_png.name} is out of date: run `python -m iopkit.widgets.figures`"
    )
    assert (figures.FOLDER / f"{name}.txt").read_text(encoding="utf-8") == text


def test_a_changed_week_is_drawn_not_read_from_the_shipped_copies() -> None:
    from iopkit.schedule import Day, Schedule, Session

    canvas = figures.Canvas(*figures.SIZES["week"])
    empty = Schedule(population=Population.ADULT, weeks=8, sessions=())
    busy = empty.model_copy(
        update={
            "sessions": (
                Session(day=Day.MON, start="09:00", minutes=180, activity="process_group"),
            )
        }
    )
    assert figures.week(empty, canvas)[0] == (figures.FOLDER / "week-empty-adult.png").read_bytes()
    drawn, text = figures.week(busy, canvas)
    assert drawn != figures.week(empty, canvas)[0]
    assert "no activities yet" not in text


def test_the_builtin_library_checked_ahead_is_up_to_date_and_equal_to_loading_the_files() -> None:
    from iopkit.vignettes.compiled import builtin_vignettes
    from iopkit.vignettes.loader import BUILTIN_DIR, load_files, vignette_files

    files, _ = vignette_files([BUILTIN_DIR])
    ahead = builtin_vignettes(files)
    assert ahead is not None, (
        "builtin.json is out of date: run `python -m iopkit.vignettes.compiled`"
    )
    slow, problems = load_files(files, use_compiled=False)
    assert problems == []
    assert sorted(ahead, key=lambda pair: pair[0].id) == sorted(slow, key=lambda pair: pair[0].id)


def test_a_changed_builtin_file_is_loaded_from_the_file_not_the_json(tmp_path: Path) -> None:
    from iopkit.vignettes.compiled import builtin_vignettes
    from iopkit.vignettes.loader import BUILTIN_DIR, vignette_files

    files, _ = vignette_files([BUILTIN_DIR])
    copies = []
    for path in files:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    assert builtin_vignettes(copies) is not None
    copies[0].write_text(copies[0].read_text() + "\n# an educator's edit\n")
    assert builtin_vignettes(copies) is None


def test_seconds_taken_count_from_when_the_page_opens_not_when_a_pool_kernel_built_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import iopkit.widgets.placement as placement
    from iopkit.levels import Level
    from iopkit.responses import default_store
    from iopkit.widgets.opened import page_opened

    clock = [1000.0]
    monkeypatch.setattr(placement.time, "monotonic", lambda: clock[0])
    player = placement.PlacementCasePlayer()
    clock[0] += 600  # the preheated kernel waits ten minutes in Voilà's pool
    page_opened()  # a trainee opens the page
    clock[0] += 42
    player.choice.value = Level.IOP
    player.submit.click()
    (row,) = default_store().rows("placement")
    assert row["seconds"] == 42.0


def test_without_a_browser_the_clock_keeps_the_time_the_app_was_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import iopkit.widgets.placement as placement
    from iopkit.levels import Level
    from iopkit.responses import default_store

    clock = [1000.0]
    monkeypatch.setattr(placement.time, "monotonic", lambda: clock[0])
    player = placement.PlacementCasePlayer()
    clock[0] += 42
    player.choice.value = Level.IOP
    player.submit.click()
    (row,) = default_store().rows("placement")
    assert row["seconds"] == 42.0


def test_every_builtin_story_rendered_ahead_equals_a_fresh_render() -> None:
    from iopkit.render.cases import _parser
    from iopkit.vignettes import load_library
    from iopkit.vignettes.compiled import story_html

    lib = load_library()
    stories = [v.presentation for v in lib] + [s.update for v in lib for s in v.stages]
    assert stories
    for text in stories:
        assert story_html(text) == _parser().render(text)


def test_a_story_not_rendered_ahead_is_rendered_safely() -> None:
    from iopkit.render.cases import markdown_html

    assert markdown_html("An educator's **new** case <script>x</script>") == (
        "<p>An educator's <strong>new</strong> case &lt;script&gt;x&lt;/script&gt;</p>\n"
    )
