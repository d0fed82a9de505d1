"""The workshop server's file list, in Chromium: trainees see their day and nothing else, and
the educators' and facilitators' notebooks still open by their own link."""

from __future__ import annotations

import urllib.request
from pathlib import Path
from typing import Any

import pytest
from test_trainee_path import DAY

pytestmark = pytest.mark.browser


def test_the_voila_file_list_shows_only_the_trainee_notebooks(
    chromium: Any, voila_url: str, screenshots: Path
):
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{voila_url}/", wait_until="domcontentloaded")
        # Voilà's file list is a JupyterLab file browser: one row per entry, no links.
        rows = page.locator(".jp-DirListing-item .jp-DirListing-itemText")
        rows.first.wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshots / "file_list_1366.png"))
        names = sorted(t.strip() for t in rows.all_inner_texts())
        text = page.inner_text("body")
    finally:
        context.close()
    assert names == sorted(DAY)
    for hidden in ("05_authoring", "06_facilitator", "08_live_room", "sample-exchange"):
        assert hidden not in text


@pytest.mark.parametrize(
    "name",
    ["05_authoring_vignettes.ipynb", "06_facilitator_debrief.ipynb", "08_live_room.ipynb"],
)
def test_the_hidden_notebooks_still_open_by_their_own_link(voila_url: str, name: str):
    with urllib.request.urlopen(f"{voila_url}/voila/render/{name}", timeout=120) as response:
        assert response.status == 200
        assert b"<html" in response.read(4096).lower()
