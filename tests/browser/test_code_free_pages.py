"""Every trainee page in Voilà reads as plain clinical English: no code, ids, environment
variables, file paths or YAML; screenshots at 1366 and 1024 px for a person to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_trainee_path import DAY

from benchmarks.browser import READY_BUTTON
from iopkit.placement import RULES
from iopkit.schedule import SCHEDULE_RULES, TASK_FINDING_CODES
from iopkit.vignettes import load_library

pytestmark = pytest.mark.browser

WIDTHS = (1366, 1024)

#: (what it is, pattern) for everything that is code, not words for a trainee.
NOT_FOR_PEOPLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an environment variable", re.compile(r"\b(?:IOPKIT|JUPYTER|VOILA)_[A-Z_]+\b")),
    ("a make target", re.compile(r"\bmake (?:workshop|test|lab|notebooks|bench|hub-test)\b")),
    ("a docs path", re.compile(r"\bdocs/\S+")),
    ("a server path", re.compile(r"(?<![\w.])/(?:home|tmp|work|root|usr|var|srv|etc)/")),
    ("a file name", re.compile(r"\b[\w-]+\.(?:py|ya?ml|json|ipynb|sqlite|db)\b")),
    ("Python", re.compile(r"\bfrom iopkit\b|\bimport iopkit\b|\biopkit\.\w|object at 0x")),
    ("an ASCII arrow", re.compile(r"->|=>")),
    ("a menu path", re.compile(r"Run\s*(?:→|->)\s*Run All")),
    ("a snake_case name", re.compile(r"\b[a-z]+_[a-z_]+\b")),
    (
        "a YAML key",
        re.compile(
            r"^\s*-?\s*(?:population|weeks|sessions|day|start|minutes|activity|"
            r"follow_up_within_days|relapse_prevention_focus):",
            re.M,
        ),
    ),
)


def _ids() -> set[str]:
    """Ids a person should never read: rule ids, case ids and finding codes."""
    ids = {r.id for r in RULES} | {v.id for v in load_library().vignettes}
    ids |= {r.code for r in SCHEDULE_RULES} | set(TASK_FINDING_CODES)
    return {i for i in ids if "-" in i}  # one-word ids are ordinary words ("inpatient")


def code_on_page(text: str, ids: set[str]) -> list[str]:
    """What in ``text`` is code rather than words, each with what it is."""
    found = [f"{what}: {m.group(0)!r}" for what, rx in NOT_FOR_PEOPLE for m in rx.finditer(text)]
    found += [f"an id: {i!r}" for i in sorted(ids) if re.search(rf"(?<![\w-]){i}(?![\w-])", text)]
    return found


def test_the_scan_finds_each_kind_of_code() -> None:
    ids = {"imminent-risk", "marcus-depression"}
    for sample in (
        "Set IOPKIT_DATA_DIR first",
        "start it with make workshop",
        "see docs/sources.md",
        "saved in /home/root/iopkit/exports",
        "Run → Run All Cells",
        "1. Imminent risk? -> Inpatient",
        "risk_of_harm is none",
        "population: adult\nweeks: 8",
        "imminent-risk ✖",
        "Case marcus-depression",
    ):
        assert code_on_page(sample, ids), sample
    assert code_on_page("A step-down to outpatient care, with follow-up in 7 days.", ids) == []


@pytest.fixture(scope="module")
def context(chromium: Any) -> Iterator[Any]:
    ctx = chromium.new_context(viewport={"width": WIDTHS[0], "height": 900})
    yield ctx
    ctx.close()


def _shot(page: Any, width: int, path: Path) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(400)
    height = page.evaluate(
        "() => { const el = document.querySelector('#rendered_cells');"
        " return el ? el.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": width, "height": min(int(height) + 80, 16_000)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))


@pytest.mark.parametrize("name", DAY)
def test_a_trainee_page_shows_no_code_ids_env_vars_paths_or_yaml(
    name: str, context: Any, voila_url: str, screenshots: Path
) -> None:
    page = context.new_page()
    try:
        page.goto(f"{voila_url}/voila/render/{name}", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Recap").wait_for(timeout=90_000)
        page.get_by_role("button", name=READY_BUTTON[name], exact=True).first.wait_for(
            timeout=60_000
        )
        text = page.inner_text("#rendered_cells")
        for width in WIDTHS:
            _shot(page, width, screenshots / name.replace(".ipynb", f"_trainee_{width}.png"))
    finally:
        page.close()
    assert code_on_page(text, _ids()) == []
