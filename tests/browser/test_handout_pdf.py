"""The handouts printed to PDF by Chromium: the pages, no answer in the trainee version, one
stage a page, and no question, group of options or answer box split across a page break."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from iopkit.handout import handout_html, select_cases
from iopkit.levels import BY_INTENSITY, LEVELS
from iopkit.render.handout import handout_page
from iopkit.vignettes import Decision

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
    # NFKC undoes the ligatures of the PDF's text ("ﬁ" back to "fi")
    pages = PdfReader(pdf).pages
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text() or "").split()) for p in pages]


def _words(text: str) -> str:
    return " ".join(text.split())


def test_printed_packets_put_the_summary_alone_first_and_each_case_on_new_pages(
    chromium: Any, tmp_path: Path
) -> None:
    cases = select_cases(CASES)
    trainee = _print(chromium, handout_html(CASES)[0], tmp_path, "trainee")
    keyed = _print(chromium, handout_html(CASES, answer_key=True)[0], tmp_path, "key")
    # One summary page, then at least one page per case and per later stage.
    sections = len(cases) + sum(len(v.stages) for v in cases)
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


LEVEL_OPTIONS = [LEVELS[lv].label for lv in BY_INTENSITY]
DECISION_OPTIONS = [d.label for d in Decision]
PROMPTS = {
    "Which level of care fits now?": LEVEL_OPTIONS,
    "What should the team decide now?": DECISION_OPTIONS,
}


def test_later_stages_are_never_on_the_page_of_an_earlier_question(
    chromium: Any, tmp_path: Path
) -> None:
    cases = [v for v in select_cases(()) if len(v.stages) >= 2][:3]
    assert cases
    pages = _print(chromium, handout_page(cases), tmp_path, "stages")
    for v in cases:
        updates = [" ".join(_words(s.update).split()[:8]) for s in v.stages]
        for i in range(len(v.stages)):
            (where,) = [n for n, text in enumerate(pages) if updates[i] in text]
            page = pages[where]
            assert page.startswith(f"{v.title}: what happened next Later stage {i + 1}")
            assert "Which level of care fits now?" not in page
            assert page.count("What should the team decide now?") == 1
            # and no later stage is on this page either
            assert not any(later in page for later in updates[i + 1 :])


def _with_story_of(v: Any, paragraphs: int) -> Any:
    story = "\n\n".join([v.presentation] + [v.presentation.split("\n\n")[0]] * paragraphs)
    return v.model_copy(update={"presentation": story, "id": f"{v.id}-{paragraphs}"})


def test_no_answer_box_or_option_group_is_split_across_pages(chromium: Any, tmp_path: Path) -> None:
    # Stories of growing length put the question at every height of a page, so without the
    # print rules some question would straddle a page break.
    base = select_cases(("marcus-depression",))[0]
    cases = [_with_story_of(base, n) for n in range(12)]
    for answer_key in (False, True):
        pages = _print(chromium, handout_page(cases, answer_key), tmp_path, f"split-{answer_key}")
        asked = 0
        for text in pages:
            for prompt, options in PROMPTS.items():
                start = 0
                while (at := text.find(prompt, start)) >= 0:
                    block = text[at:]
                    end = block.find("How sure are you?")
                    assert end >= 0, (prompt, "the answer box ends on another page")
                    for option in options:
                        assert option in block[:end], (prompt, option)
                    assert "Your reasons:" in block[:end]
                    asked += 1
                    start = at + len(prompt)
        assert asked == len(cases) * (1 + len(base.stages))
