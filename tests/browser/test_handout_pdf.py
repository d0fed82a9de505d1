"""The handouts printed to PDF by Chromium: page count, and no answer in the trainee version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from iopkit.handout import handout_html, select_cases

pytestmark = pytest.mark.browser

CASES = ("lena-worry", "marcus-depression", "viktor-alcohol-use")


def _print(chromium: Any, page_html: str, tmp_path: Path, name: str) -> list[str]:
    source = tmp_path / f"{name}.html"
    source.write_text(page_html, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    page = chromium.new_page()
    try:
        page.goto(source.as_uri())
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]


def _words(text: str) -> str:
    return " ".join(text.split())


def test_printed_packets_put_the_summary_alone_first_and_each_case_on_new_pages(
    chromium: Any, tmp_path: Path
) -> None:
    cases = select_cases(CASES)
    trainee = _print(chromium, handout_html(CASES)[0], tmp_path, "trainee")
    keyed = _print(chromium, handout_html(CASES, answer_key=True)[0], tmp_path, "key")
    # One summary page, then at least one page per case and per set of later stages.
    sections = len(cases) + sum(1 for v in cases if v.stages)
    assert len(trainee) >= 1 + sections
    assert len(keyed) > len(trainee)  # keys and feedback take room
    assert trainee[0].startswith("Levels of care and how a level is chosen")
    assert not any(v.title in trainee[0] for v in cases)  # the summary fits on page 1
    starts = [i for i, text in enumerate(trainee) if any(text.startswith(v.title) for v in cases)]
    assert len(starts) == sections  # every case and stage section starts a page
    assert starts[0] == 1


def test_trainee_pdf_has_no_key_feedback_or_discussion_text(chromium: Any, tmp_path: Path) -> None:
    trainee = " ".join(_print(chromium, handout_html(CASES)[0], tmp_path, "trainee"))
    keyed = " ".join(_print(chromium, handout_html(CASES, answer_key=True)[0], tmp_path, "key"))
    secrets: list[str] = []
    for v in select_cases(CASES):
        secrets += [*v.feedback.values(), *v.learning_points, *v.discussion]
        for stage in v.stages:
            secrets += [*stage.feedback.values(), *stage.learning_points]
    # Compare the first eight words: PDF text wraps lines, but words stay in order.
    probes = [" ".join(_words(s).split()[:8]) for s in secrets]
    leaked = [p for p in probes if p in trainee]
    assert leaked == []
    found = [p for p in probes if p in keyed]
    assert len(found) >= 0.9 * len(probes), set(probes) - set(found)
    assert "Author's answer" not in trainee and "Author's answer" in keyed
