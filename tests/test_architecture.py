"""The layers of the package, read from the import statements of every module.

The core (models, rules, grading, rendering to HTML and text) knows nothing of its faces:

- the core imports no face (``plots``, ``widgets``, ``cli``) and no notebook library
  (matplotlib, ipywidgets, Jupyter);
- ``plots`` (the ``iopkit.plots`` package and every ``*_plots`` module) never imports the
  widgets or the CLI;
- the CLI never imports the widgets.

Every ``import`` counts, at the top of a module or inside a function, so a lazy import cannot
hide a dependency. The rules are checked on the source text, without importing anything.

One more rule keeps every renderer in one home: in the core, only the ``iopkit.render`` package
writes HTML. A core object's ``_repr_html_`` calls a function there; the faces (widgets, plots)
lay out their own controls.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import iopkit

PACKAGE = Path(iopkit.__file__).resolve().parent

NOTEBOOK_LIBRARIES = ("matplotlib", "ipywidgets", "jupyter", "IPython", "voila", "traitlets")
"""Top-level names the core must not import (``jupyter`` covers jupyter_core, jupyterlab...)."""


def layer(module: str) -> str:
    """``widgets``, ``cli``, ``plots`` or ``core`` for a dotted module name."""
    parts = module.split(".")
    if parts[:2] == ["iopkit", "widgets"]:
        return "widgets"
    if parts[:2] in (["iopkit", "cli"], ["iopkit", "__main__"]):
        return "cli"
    if parts[:2] == ["iopkit", "plots"] or parts[-1].endswith("_plots"):
        return "plots"
    return "core"


FORBIDDEN: dict[str, tuple[str, ...]] = {
    "core": ("plots", "widgets", "cli"),
    "plots": ("widgets", "cli"),
    "cli": ("widgets",),
    "widgets": (),
}


def imported_names(module: str, source: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, dotted name) of everything a module imports, relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    names: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                where = ".".join([*base, node.module] if node.module else base)
            else:
                where = node.module or ""
            if where == "iopkit":  # ``from iopkit import plots`` imports a module by name
                names.extend((node.lineno, f"iopkit.{alias.name}") for alias in node.names)
            else:
                names.append((node.lineno, where))
    return names


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    """Every import in ``source`` that breaks the layering, as ``module:line imports name``."""
    here = layer(module)
    found = []
    for line, name in imported_names(module, source, is_package):
        if name.startswith("iopkit.") and name.split(".")[1] in ("plots", "widgets", "cli"):
            there = layer(name)
        elif name.startswith("iopkit.") and name.rsplit(".", 1)[-1].endswith("_plots"):
            there = "plots"
        else:
            there = None
        if there in FORBIDDEN[here]:
            found.append(f"{module}:{line} imports {name} (a {here} module must not use {there})")
        if here == "core" and name.split(".")[0].startswith(NOTEBOOK_LIBRARIES):
            found.append(
                f"{module}:{line} imports {name} (the core stays free of notebook libraries)"
            )
    return found


def package_modules() -> list[tuple[str, Path, bool]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        out.append((name, path, is_package))
    return out


def test_every_module_respects_the_layers() -> None:
    found = [
        v
        for name, path, is_package in package_modules()
        for v in violations(name, path.read_text(encoding="utf-8"), is_package)
    ]
    assert found == []


def test_the_layers_are_what_the_package_holds() -> None:
    layers = {name: layer(name) for name, _, _ in package_modules()}
    assert layers["iopkit.placement"] == "core"
    assert layers["iopkit.render"] == "core"
    assert layers["iopkit.vignettes.validate"] == "core"
    assert layers["iopkit.plots"] == layers["iopkit.debrief_plots"] == "plots"
    assert layers["iopkit.plots.week"] == layers["iopkit.plots.style"] == "plots"
    assert layers["iopkit.schedule.rules"] == "core"
    assert layers["iopkit.widgets.placement"] == "widgets"
    assert layers["iopkit.cli.care"] == layers["iopkit.__main__"] == "cli"
    assert sum(1 for lv in layers.values() if lv == "core") > 20


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("iopkit.placement", "from iopkit.widgets import PlacementCasePlayer\n", "widgets"),
        ("iopkit.schedule", "def f():\n    import iopkit.plots\n", "plots"),
        ("iopkit.grading", "from iopkit import cli\n", "cli"),
        ("iopkit.vignettes.loader", "from ..widgets._common import png\n", "widgets"),
        ("iopkit.render", "import matplotlib.pyplot as plt\n", "notebook libraries"),
        ("iopkit.progress", "from ipywidgets import HTML\n", "notebook libraries"),
        ("iopkit.discharge", "import jupyter_core\n", "notebook libraries"),
        ("iopkit.plots", "from iopkit.widgets._common import figure\n", "widgets"),
        ("iopkit.plots.week", "from iopkit.cli import main\n", "cli"),
        ("iopkit.schedule.rules", "from iopkit.plots.week import plot_week\n", "plots"),
        ("iopkit.debrief_plots", "from iopkit.cli import main\n", "cli"),
        ("iopkit.cli.care", "from iopkit.widgets import ScheduleDesigner\n", "widgets"),
        ("iopkit.debrief", "from iopkit.debrief_plots import charts\n", "plots"),
    ],
)
def test_the_check_catches_a_module_that_breaks_a_layer(
    module: str, source: str, broken: str
) -> None:
    found = violations(module, source)
    assert len(found) == 1 and broken in found[0], found


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("iopkit.widgets.placement", "import ipywidgets as w\nfrom iopkit.plots import png\n"),
        ("iopkit.plots", "from matplotlib.figure import Figure\nfrom iopkit.levels import Level\n"),
        ("iopkit.cli.care", "from iopkit.placement import recommend\nfrom iopkit import plots\n"),
        ("iopkit.placement", "from iopkit.assessment import Assessment\nimport html\n"),
    ],
)
def test_the_check_allows_what_the_layers_allow(module: str, source: str) -> None:
    assert violations(module, source) == []


# --- One home for HTML ---------------------------------------------------------------------------

HTML_TAG = re.compile(
    r"<(?:/?)(?:p|div|span|li|ul|ol|table|thead|tbody|tr|td|th|h[1-6]|b|i|strong|em|code|a|br|"
    r"img|details|summary|nav|figure|figcaption|caption|html|body|style|blockquote)\b[^<>]*>",
    re.IGNORECASE,
)


def html_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string in ``source`` that holds an HTML tag, docstrings excepted
    (a docstring may show a payload such as ``<script>`` in an example)."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and HTML_TAG.search(node.value)
    ]


def writes_html_outside_render(module: str) -> bool:
    return layer(module) == "core" and not (
        module == "iopkit.render" or module.startswith("iopkit.render.")
    )


def test_only_the_render_package_writes_html_in_the_core() -> None:
    found = [
        f"{name}:{line} {text[:60]!r}"
        for name, path, _ in package_modules()
        if writes_html_outside_render(name)
        for line, text in html_literals(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_render_package_is_where_the_html_is() -> None:
    """The check above is not vacuous: the package it exempts does hold the kit's HTML."""
    rendered = [
        name
        for name, path, _ in package_modules()
        if name.startswith("iopkit.render.") and html_literals(path.read_text(encoding="utf-8"))
    ]
    assert {"iopkit.render.placement", "iopkit.render.schedule", "iopkit.render.debrief"} <= set(
        rendered
    )


@pytest.mark.parametrize(
    "source",
    [
        'def f(x):\n    return f"<p>{x}</p>"\n',
        'ROW = "<tr><td>{}</td></tr>"\n',
        "class R:\n    def _repr_html_(self):\n        return '<div class=\"x\">' + 'y'\n",
    ],
)
def test_the_html_check_catches_a_core_module_that_writes_html(source: str) -> None:
    assert writes_html_outside_render("iopkit.placement")
    assert html_literals(source) != []


def test_the_html_check_allows_docstrings_and_text_with_angle_brackets() -> None:
    source = (
        '"""Module. <p> in a docstring is fine."""\n'
        "def f():\n"
        '    """>>> markdown_html(\'<script>\')"""\n'
        "    return 'a < b and c > d'\n"
    )
    assert html_literals(source) == []
    assert not writes_html_outside_render("iopkit.render.placement")
    assert not writes_html_outside_render("iopkit.widgets.placement")
