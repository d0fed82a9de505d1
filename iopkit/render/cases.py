"""Cases in words: a vignette and its stages, the library, and problems with educators' files.

Nothing in a vignette file can run script in a trainee's browser: Markdown is rendered by
markdown-it-py with raw HTML turned off (so ``<script>`` comes out as visible text), links and
images are kept only for ``http``, ``https`` and ``mailto`` addresses, and every other piece of
text (title, conditions, file names, messages) goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from iopkit.words import count

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it import MarkdownIt

    from iopkit.inputs import Problem
    from iopkit.vignettes.loader import Library
    from iopkit.vignettes.model import Vignette
    from iopkit.vignettes.validate import KeyCheck, ValidationReport

_E = html.escape

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
    from iopkit.vignettes.compiled import story_html

    ahead = story_html(str(text))  # the built-in stories are rendered ahead
    if ahead is not None:
        return ahead
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


PROBLEMS_SHOWN_PER_FILE = 3
"""How many of a refused file's problems the panel lists (``iopkit validate`` lists them all)."""


def refused_files(problems: Sequence[Problem]) -> dict[str, list[Problem]]:
    """The problems grouped by the file they concern, in the order the files were met.

    >>> from iopkit.inputs import Problem
    >>> list(refused_files([Problem("x", file="a.yaml"), Problem("y", file="b.yaml"),
    ...                     Problem("z", file="a.yaml")]))
    ['a.yaml', 'b.yaml']
    """
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.file, []).append(p)
    return groups


def problems_html(problems: Sequence[Problem]) -> str:
    """A collapsible panel (``<details>``) naming each case file that was refused, with its
    first problems (file, line, field, what is wrong) and what to do, escaped. Empty when
    there is no problem.

    >>> from iopkit.inputs import Problem
    >>> html_text = problems_html([Problem("unknown field 'x'", file="a<b>.yaml", line=3)])
    >>> "<details" in html_text and "a&lt;b&gt;.yaml:3" in html_text
    True
    """
    if not problems:
        return ""
    from iopkit.inputs import printable

    groups = refused_files(problems)
    n = len(groups)
    files = []
    for name, found in groups.items():
        shown = "".join(
            f"<li><code>{_E(p.format())}</code></li>" for p in found[:PROBLEMS_SHOWN_PER_FILE]
        )
        more = len(found) - PROBLEMS_SHOWN_PER_FILE
        rest = (
            f"<li>... and {more} more: <code>iopkit validate {_E(printable(name))}</code> "
            "lists them all</li>"
            if more > 0
            else ""
        )
        count = f"{len(found)} problem{'' if len(found) == 1 else 's'}"
        files.append(
            f"<li><b>{_E(printable(name) or 'a case folder')}</b> ({count}):<ul>{shown}{rest}"
            "</ul></li>"
        )
    return (
        "<details class='iopkit-problems'><summary><b>Note:</b> "
        f"{n} case file{'' if n == 1 else 's'} not loaded, so trainees do not see "
        f"{'it' if n == 1 else 'them'}; every other case works (open for details)</summary>"
        f"<ul>{''.join(files)}</ul><p>What to do: fix each problem at the line shown (or ask "
        "the educator who wrote the file), check the folder with "
        "<code>iopkit validate FOLDER</code> until it reports no error, then run this page "
        "again: a file is used as soon as it has no error.</p></details>"
    )


def library_html(library: Library) -> str:
    """The case library as a table: title, population, conditions and stages (no answer key)."""
    rows = "".join(
        f"<tr><td>{_E(v.title)}</td><td>{_E(v.population.value.capitalize())}</td>"
        f"<td>{_E(', '.join(v.condition_labels()))}</td><td>{len(v.stages)}</td></tr>"
        for v in library
    )
    refused = refused_files(library.problems)
    problems = (
        f"<p><b>{count(len(refused), 'file')} not loaded</b> (errors; trainees do not see them): "
        f"{_E(', '.join(refused))}. Run <code>iopkit validate</code> on the case folder for "
        "the details.</p>"
        if refused
        else ""
    )
    return (
        f"<div class='iopkit-library'><p><b>{count(len(library), 'case')}</b></p>"
        "<table><thead><tr><th>Case</th><th>Population</th><th>Conditions</th>"
        f"<th>Later stages</th></tr></thead><tbody>{rows}</tbody></table>{problems}</div>"
    )


def problem_report_html(problems: Sequence[Problem]) -> str:
    """Problems met loading case files: the collapsible panel, or a line saying there are none."""
    return problems_html(problems) or "<p>Every case file loaded: no problems.</p>"


def validation_report_html(report: ValidationReport) -> str:
    """What ``iopkit validate`` found, for a notebook: the summary, then one line per problem."""
    from iopkit.inputs import printable

    colour = "#009E73" if report.ok else "#D55E00"  # Okabe-Ito green / vermilion
    rows = []
    for p in report.problems:
        path = printable(p.path)
        prefix = f"{p.where()}: {p.severity.value}: " + (f"{path}: " if p.path else "")
        detail = p.format()[len(prefix) :]
        rows.append(
            f"<li><strong>{_E(p.severity.value)}</strong> <code>{_E(p.where())}</code>"
            + (f" <code>{_E(path)}</code>" if p.path else "")
            + f": {_E(detail)}</li>"
        )
    items = f"<ul>{''.join(rows)}</ul>" if rows else ""
    return (
        # The palette colour marks the summary with a bar; the text keeps the page's own
        # colour, because Okabe-Ito green and vermilion on white fall below WCAG AA
        # contrast for text (4.5:1) and the words "OK"/"FAILED" carry the meaning.
        '<div class="iopkit-validation">'
        f'<p style="border-left: 0.4em solid {colour}; padding-left: 0.5em">'
        f"<strong>{_E(report.summary())}</strong></p>{items}</div>"
    )


def key_check_html(check: KeyCheck) -> str:
    """The author's key and the engine's level side by side, and what to do when they differ."""
    rec = check.recommendation
    rows = (
        f"<li><b>Your key:</b> {_E(check.key.label)}</li>"
        f"<li><b>The engine:</b> {_E(rec.level_text)} (decided by: {_E(rec.decisive.title)})</li>"
    )
    if check.agrees:
        verdict = "<p>&#10004; They agree.</p>"
    elif check.key_differs_because:
        verdict = (
            "<p>&#9888; They differ, and the case explains why (a warning, not an error): "
            f"<i>{_E(check.key_differs_because)}</i></p>"
        )
    else:
        verdict = (
            "<p>&#10006; They differ. Read the engine's reasons; if the difference is "
            "deliberate, say why in <code>key_differs_because</code>, or the checker reports "
            "an error.</p>"
        )
    return f"<div class='iopkit-key-check'><ul>{rows}</ul>{verdict}</div>"
