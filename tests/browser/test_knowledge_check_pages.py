"""The knowledge check as a trainee meets it in Voilà: nothing above the pre-check in notebook
00 answers an item, and notebook 07 shows each result under its own question, beside the
trainee's answer before the day."""

from __future__ import annotations

from typing import Any

import pytest
from pretest_scan import answers_given_away, plain

from .conftest import open_notebook

pytestmark = pytest.mark.browser

#: The visible text of the page above the pre-check's heading (scripts, styles, hidden
#: elements and the widget state left out), with the values of the inputs there.
TEXT_ABOVE_THE_CHECK = """
() => {
  const marker = [...document.querySelectorAll('h3')]
    .find(h => h.textContent.includes('knowledge check'));
  if (!marker) return null;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (marker.compareDocumentPosition(node) &
        (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY)) break;
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, template')) continue;
    if (parent.getClientRects().length === 0) continue;
    out.push(node.textContent);
  }
  for (const input of document.querySelectorAll('input, textarea, select')) {
    if (marker.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_PRECEDING) {
      out.push(input.value || '');
    }
  }
  return out.join(' ');
}
"""


def test_no_item_is_answered_above_the_pre_test_in_voila(page: Any, voila_url: str) -> None:
    open_notebook(page, voila_url, "00_start_here.ipynb")
    text = page.evaluate(TEXT_ABOVE_THE_CHECK)
    assert text is not None, "notebook 00 shows no knowledge check"
    shown = plain(text)
    assert "keep this pseudonym" in shown  # the scan read the apps above the check
    assert answers_given_away(shown) == []


def _answer_every_question(page: Any) -> int:
    groups = page.locator(".iopkit-question .widget-radio-box")
    for i in range(groups.count()):
        groups.nth(i).locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Save my answers").click()
    return int(groups.count())


def test_07_shows_each_result_beside_its_question(page: Any, voila_url: str) -> None:
    open_notebook(page, voila_url, "00_start_here.ipynb")
    assert _answer_every_question(page) == 12
    page.get_by_text("The answers come at the end of the day").wait_for(timeout=30_000)
    open_notebook(page, voila_url, "07_end_of_day.ipynb")
    n = _answer_every_question(page)
    assert n == 12
    page.get_by_text("Your result:").wait_for(timeout=30_000)
    order = page.evaluate(
        """() => [...document.querySelectorAll(
                   '.iopkit-question .widget-radio-box, .iopkit-before-after')]
                 .map(e => e.classList.contains('widget-radio-box') ? 'Q' : 'R').join('')"""
    )
    assert order == "QR" * 12  # each result directly under its own question
    results = page.locator(".iopkit-before-after")
    for i in range(n):
        said = plain(results.nth(i).inner_text())
        assert "now: you chose" in said and "the answer:" in said
        assert "before the day, on the same objective, you were asked" in said
