"""Choices that assistive technology can read: a named radio group, one Tab stop, arrow keys.

ipywidgets 8 draws ``ToggleButtons`` as plain buttons (no pressed state, no group), and
``RadioButtons`` as radio inputs with no shared ``name`` and no group role: a screen reader
hears neither which option is chosen nor what the group is, and every option is a Tab stop
of its own. The kit's choices are therefore ``RadioButtons`` (each option a native radio with
its checked state), styled as a row of buttons, and every app carries :data:`CHOICES_HTML`,
which gives each radio group on the page what ipywidgets leaves out: ``role="radiogroup"``
named by the group's description, and one ``name`` shared by its options, so the browser
makes the group one Tab stop with the arrow keys moving inside it. It also gives a Voila page
the main landmark that Voila's template leaves out.

The upgrade needs no front-end extension, so it works alike in JupyterLab and in Voila: the
script rides on the ``load`` event of an empty image inside the app's style widget (an HTML
widget's ``<script>`` does not run). Without it the choices still work and still say which
option is checked.
"""

from __future__ import annotations

import html
from typing import Any

CHOICE_CLASS = "iopkit-choice"
"""The DOM class of the kit's choice groups (styled as a row of buttons)."""

CHOICES_SCRIPT = """
(function () {
  var fix = function () {
    var groups = document.querySelectorAll('.iopkit-app .widget-radio');
    for (var g = 0; g < groups.length; g++) {
      var el = groups[g];
      var box = el.querySelector('.widget-radio-box');
      if (!box) continue;
      if (!box.id) box.id = 'iopkit-group-' + (++window.iopkitGroups);
      box.setAttribute('role', 'radiogroup');
      var label = el.querySelector('.widget-label');
      if (label && label.textContent.trim()) {
        if (!label.id) label.id = box.id + '-name';
        box.setAttribute('aria-labelledby', label.id);
      }
      var radios = box.querySelectorAll('input[type=radio]');
      for (var r = 0; r < radios.length; r++) {
        if (radios[r].name !== box.id) radios[r].name = box.id;
      }
    }
  };
  var cells = document.getElementById('rendered_cells');
  if (cells && !document.querySelector('main, [role=main]')) cells.setAttribute('role', 'main');
  if (!window.iopkitGroups) {
    window.iopkitGroups = 0;
    new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
  }
  fix();
})();
"""
"""Give every radio group in the kit's apps a group role, a name and one shared input name;
on a Voila page, mark the notebook's cells as the page's main landmark (Voila's template has
none, so a screen reader cannot jump to the content, and axe-core finds text outside any
landmark; JupyterLab has its own).

It runs again whenever the page's content changes (ipywidgets redraws a group's inputs when
its options change), and only touches attributes, so it never triggers itself."""

_PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="

CHOICES_CSS = """<style>
.iopkit-app .iopkit-choice { width: auto; }
.iopkit-app .iopkit-choice .widget-radio-box { flex-wrap: wrap; gap: 4px; margin-bottom: 0; }
.iopkit-app .iopkit-choice .widget-radio-box label {
  display: inline-flex; flex-direction: row-reverse; align-items: center; gap: 0.4em;
  margin: 0; padding: 0 0.9em 0 0.6em; border: 1px solid #5a5a5a; border-radius: 2px;
  background: #ffffff; color: #1a1a1a; cursor: pointer; white-space: nowrap; }
.iopkit-app .iopkit-choice .widget-radio-box input { margin: 0; float: none; cursor: pointer; }
.iopkit-app .iopkit-choice .widget-radio-box label:has(input:checked) {
  background: #dbe6f6; border-color: #0b57d0; box-shadow: inset 0 0 0 1px #0b57d0;
  font-weight: bold; }
.iopkit-app .iopkit-choice .widget-radio-box label:has(input:focus-visible) {
  outline: 2px solid #0b57d0; outline-offset: 2px; }
.iopkit-app .iopkit-choice .widget-radio-box label:has(input:disabled) {
  opacity: 0.45; cursor: not-allowed; border-style: dashed; }
.iopkit-app .widget-radio .widget-radio-box label { height: auto; min-height: 28px; }
</style>"""
"""A choice group looks like a row of buttons; the chosen one is outlined, bold and tinted
(not colour alone), and the keyboard focus shows."""

CHOICES_HTML = CHOICES_CSS + (
    f"<img src='{_PIXEL}' alt='' hidden onload='{html.escape(' '.join(CHOICES_SCRIPT.split()))}'>"
)
"""The styles and the script, as the value of an HTML widget (see the module's docstring)."""


def choice_buttons(
    options: Any, description: str, value: Any = None, disabled: bool = False
) -> Any:
    """A single choice shown as a row of buttons: a radio group named ``description``.

    ``options`` are (label, value) pairs, as for any ipywidgets selection; ``value`` is the
    chosen value (``None``: nothing chosen yet).
    """
    import ipywidgets as w

    group = w.RadioButtons(
        options=options,
        value=value,
        description=description,
        orientation="horizontal",
        disabled=disabled,
        layout=w.Layout(width="auto"),
        style={"description_width": "initial"},
    )
    group.add_class(CHOICE_CLASS)
    return group
