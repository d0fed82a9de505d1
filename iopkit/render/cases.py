"""The case library and educators' plans in words."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes.loader import Library

_E = html.escape


def library_html(library: Library) -> str:
    """The case library as a table: title, population, conditions and stages (no answer key)."""
    rows = "".join(
        f"<tr><td>{_E(v.title)}</td><td>{_E(v.population.value.capitalize())}</td>"
        f"<td>{_E(', '.join(v.condition_labels()))}</td><td>{len(v.stages)}</td></tr>"
        for v in library
    )
    problems = (
        f"<p><b>{len(library.problems)} file(s) could not be loaded</b>; run "
        "<code>iopkit validate</code> on the case folder for the details.</p>"
        if library.problems
        else ""
    )
    return (
        f"<div class='iopkit-library'><p><b>{len(library)} case(s)</b></p>"
        "<table><thead><tr><th>Case</th><th>Population</th><th>Conditions</th>"
        f"<th>Later stages</th></tr></thead><tbody>{rows}</tbody></table>{problems}</div>"
    )
