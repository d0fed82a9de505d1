"""Printable case packets: pick the cases, then one HTML page to print or save as PDF.

The packet opens with the levels of care and the placement rules on one page, then each case on
a page of its own: the story and the question, with boxes to tick and a box for reasons. Each
later stage follows on a page of its own ("turn the page once you have answered"), since a
stage's update can give the answer to the question before it away. No question, box or group of
options is split across pages. The trainee packet holds nothing more; with ``answer_key=True``
each case adds the author's key (and why it differs from the teaching rules, when it does), the
other defensible answers, the feedback for every level and decision, the learning points, the
discussion prompts, each discharge stage's plan, and the case's authors, version and date of
last review. The page itself is written by :mod:`iopkit.render.handout`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from iopkit.errors import ArgumentTypeError, IopkitError

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes import Library, Vignette


class HandoutError(IopkitError):
    """The packet cannot be made (an unknown case id); the message says what is allowed."""


def select_cases(ids: Sequence[str], library: Library | None = None) -> list[Vignette]:
    """The vignettes named (all of them when none is named); unknown ids raise HandoutError."""
    if library is None:
        from iopkit.vignettes import load_library

        library = load_library()
    if not ids:
        return list(library.vignettes)
    known = {v.id for v in library.vignettes}
    unknown = [i for i in ids if i not in known]
    if unknown:
        import difflib

        refused = {Path(p.file).stem: p.file for p in library.problems}
        hints = []
        for bad in unknown:
            if bad in refused:
                hints.append(
                    f"{bad!r} (its file {refused[bad]} has errors, so it is left out: run "
                    "'iopkit validate' on it)"
                )
                continue
            close = difflib.get_close_matches(bad, sorted(known), n=1)
            hints.append(f"{bad!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise HandoutError(
            f"IDS: no case {', '.join(hints)}; allowed: the ids that 'iopkit vignettes list' shows"
        )
    return [library.get(i) for i in dict.fromkeys(ids)]


def handout_html(
    ids: Sequence[str] = (), answer_key: bool = False, library: Library | None = None
) -> tuple[str, int]:
    """The whole packet as a printable HTML page, and the number of cases in it.

    Wrong kinds of argument are refused, never converted: ``ids`` is a list of case ids (one
    id as plain text would be read letter by letter), ``answer_key`` is ``True`` or ``False``
    (the text ``"no"`` would print the key).

    >>> handout_html("lena-worry")
    Traceback (most recent call last):
    ...
    iopkit.errors.ArgumentTypeError: ids: expected a list of case ids, got str 'lena-worry'
    """
    from iopkit.render.handout import handout_page

    if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence):
        raise ArgumentTypeError("ids", ids, "a list of case ids")
    for one in ids:
        if not isinstance(one, str):
            raise ArgumentTypeError("ids", one, "a case id (text)")
    if not isinstance(answer_key, bool):
        raise ArgumentTypeError("answer_key", answer_key, "True or False")

    cases = select_cases(ids, library)
    return handout_page(cases, answer_key), len(cases)


__all__ = ["HandoutError", "handout_html", "select_cases"]
