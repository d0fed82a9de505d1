"""The committed notebooks are executed, clean and small, so strict nbval really checks them.

A notebook stripped of its outputs would "pass" nbval while checking nothing; these rules make
sure every code cell was run, in order, in one go, and that nothing private or volatile was
saved with it. Regenerate with ``make notebooks`` (tools/run_notebooks.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = (
    "00_start_here.ipynb",
    "01_continuum_of_care.ipynb",
    "02_placement_decisions.ipynb",
    "03_schedule_design.ipynb",
    "04_relapse_prevention_and_discharge.ipynb",
    "05_authoring_vignettes.ipynb",
    "06_facilitator_debrief.ipynb",
    "07_end_of_day.ipynb",
    "08_live_room.ipynb",
)
MAX_BYTES = 1_000_000
PRIVATE_PATH = re.compile(r"(?<![\w.])/(?:work|root|home|tmp|Users)/")
MEMORY_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{6,}")
#: Text between triple quotes (an educator's YAML draft in notebook 05) is data, not code.
TRIPLE_QUOTED = re.compile(r'"""(.*?)"""', re.DOTALL)


def _load(name: str) -> dict[str, Any]:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))


def _code_cells(nb: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _output_texts(nb: dict[str, Any]) -> list[str]:
    """Every textual output (streams, text/*, JSON), not images."""
    texts = []
    for cell in _code_cells(nb):
        for out in cell.get("outputs", []):
            if "text" in out:
                texts.append(_text(out["text"]))
            for mime, data in out.get("data", {}).items():
                if not mime.startswith("image/"):
                    texts.append(data if isinstance(data, str) else json.dumps(data))
            texts.extend(_text(x) for x in out.get("traceback", []))
    return texts


def _markdown(nb: dict[str, Any]) -> list[str]:
    return [_text(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def test_the_training_notebooks_exist_and_nothing_else() -> None:
    found = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert found == sorted(EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_every_code_cell_ran_once_top_to_bottom_in_one_run(name: str) -> None:
    cells = _code_cells(_load(name))
    assert cells, f"{name} has no code cells"
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{name}: execution counts {counts}; re-run with `make notebooks`"
    )


@pytest.mark.parametrize("name", EXPECTED)
def test_no_cell_saved_an_error(name: str) -> None:
    for i, cell in enumerate(_code_cells(_load(name)), start=1):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{name}, code cell {i}: {out.get('ename')}"
            if out["output_type"] == "stream":
                assert out["name"] != "stderr", f"{name}, code cell {i} wrote to stderr"


@pytest.mark.parametrize("name", EXPECTED)
def test_outputs_hold_no_absolute_paths_user_names_or_addresses(name: str) -> None:
    import getpass

    user = getpass.getuser()
    for text in _output_texts(_load(name)):
        assert not PRIVATE_PATH.search(text), f"{name}: absolute path in output: {text[:200]}"
        assert not MEMORY_ADDRESS.search(text), f"{name}: memory address in output"
        if len(user) > 3 and user != "root":
            assert user not in text, f"{name}: the user name {user!r} is in an output"


@pytest.mark.parametrize("name", EXPECTED)
def test_kernel_is_python3(name: str) -> None:
    assert _load(name)["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_is_under_one_megabyte(name: str) -> None:
    assert (NOTEBOOKS / name).stat().st_size < MAX_BYTES


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_opens_with_learning_objectives_and_ends_with_a_recap(name: str) -> None:
    cells = _load(name)["cells"]
    first_two = " ".join(_text(c["source"]) for c in cells[:2] if c["cell_type"] == "markdown")
    assert "learning objectives" in first_two.lower(), f"{name}: no learning objectives at top"
    last = next(c for c in reversed(cells) if c["cell_type"] == "markdown")
    assert "recap" in _text(last["source"]).lower(), f"{name}: last text cell is not a recap"


@pytest.mark.parametrize("name", EXPECTED)
def test_code_cells_are_short_and_define_no_functions(name: str) -> None:
    for i, cell in enumerate(_code_cells(_load(name)), start=1):
        source = TRIPLE_QUOTED.sub('""""""', _text(cell["source"]))
        lines = [line for line in source.splitlines() if line.strip()]
        assert len(lines) <= 3, f"{name}, code cell {i} has {len(lines)} lines: keep cells short"
        assert not re.search(r"^\s*(def|class) ", source, re.MULTILINE), (
            f"{name}, code cell {i} defines a function or class; put it in iopkit instead"
        )


@pytest.mark.parametrize("name", EXPECTED)
def test_text_names_where_its_facts_come_from(name: str) -> None:
    text = "\n".join(_markdown(_load(name))).lower()
    assert "overview" in text or re.search(r"\b(19|20)\d\d\b", text), f"{name}: no source named"
