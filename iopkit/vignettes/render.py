"""Vignettes as safe HTML for the notebooks.

Nothing in a vignette file can run script in a trainee's browser: Markdown is rendered by
markdown-it-py with raw HTML turned off (so ``<script>`` comes out as visible text), links and
images are kept only for ``http``, ``https`` and ``mailto`` addresses, and every other piece of
text (title, conditions) goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from iopkit.inputs import Problem
    from iopkit.vignettes.model import Vignette

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def _safe_link(url: str) -> bool:
    url = url.strip().lower()
    if ":" not in url.split("/", 1)[0]:
        return True  # relative link or #anchor: no scheme, nothing to run
    return url.startswith(SAFE_SCHEMES)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = _safe_link  # type: ignore[method-assign]
    md.disable("image")  # a vignette has no images; an <img> could fetch a URL
    return md


def markdown_html(text: str) -> str:
    """Render Markdown with raw HTML disabled; only http(s)/mailto links survive.

    >>> markdown_html("**PHQ-9** is 17 <script>alert(1)</script>")
    '<p><strong>PHQ-9</strong> is 17 &lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
    >>> markdown_html("[x](javascript:alert(1))")
    '<p>[x](javascript:alert(1))</p>\\n'
    """
    html_text: str = _parser().render(str(text))
    return html_text


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def vignette_html(v: Vignette, *, heading_level: int = 3) -> str:
    """The case as a trainee reads it: title, population, conditions and the story."""
    h = min(max(int(heading_level), 1), 6)
    conditions = ", ".join(_esc(label) for label in v.condition_labels())
    return (
        f'<div class="iopkit-vignette" data-vignette-id="{_esc(v.id)}">'
        f"<h{h}>{_esc(v.title)}</h{h}>"
        f'<p class="iopkit-vignette-meta"><strong>Population:</strong> '
        f"{_esc(v.population.value.capitalize())} &middot; "
        f"<strong>Conditions:</strong> {conditions}</p>"
        f'<div class="iopkit-vignette-story">{markdown_html(v.presentation)}</div>'
        "</div>"
    )


def stage_html(v: Vignette, index: int, *, heading_level: int = 4) -> str:
    """One later stage of a case: its title and what is new, as safe HTML."""
    stage = v.stages[index]
    h = min(max(int(heading_level), 1), 6)
    return (
        f'<div class="iopkit-stage" data-stage-id="{_esc(stage.id)}">'
        f"<h{h}>{_esc(stage.title)}</h{h}>"
        f"{markdown_html(stage.update)}</div>"
    )


def problems_html(problems: Sequence[Problem]) -> str:
    """A collapsible panel (``<details>``) listing files that could not be loaded, escaped.

    Each line names the file, line, field and what is wrong; the panel says what to do. Empty
    when there is no problem.

    >>> from iopkit.inputs import Problem
    >>> html_text = problems_html([Problem("unknown field 'x'", file="a<b>.yaml", line=3)])
    >>> "<details" in html_text and "a&lt;b&gt;.yaml:3" in html_text
    True
    """
    if not problems:
        return ""
    n = len(problems)
    items = "".join(f"<li><code>{html.escape(p.format())}</code></li>" for p in problems)
    return (
        "<details class='iopkit-problems'><summary><b>Note:</b> "
        f"{n} problem{'' if n == 1 else 's'} in the case files: the files concerned were "
        "skipped, every other case works (open for details)</summary>"
        f"<ul>{items}</ul><p>What to do: fix each file at the line shown (or ask the educator "
        "who wrote it), check the folder with <code>iopkit validate FOLDER</code>, then run "
        "this page again.</p></details>"
    )
