"""The case editor: write or edit a case through a form, check it, preview it, save it.

The form is drawn from the vignette models (:mod:`iopkit.vignettes.form`); the values become
a YAML file through :mod:`iopkit.vignettes.draft`; **Check** runs the same checks as
``iopkit validate`` and shows each problem beside its field; **Preview** runs the real case
player on the draft; **Save** writes the file into the educator's case folder, keeping the
comments and layout of the file it was opened from (:mod:`iopkit.vignettes.roundtrip`).
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as w

from iopkit.inputs import InputError, Problem, ProblemSeverity, read_text
from iopkit.vignettes.draft import (
    FileExistsProblem,
    blank_draft,
    cases_folder,
    draft_from_yaml,
    draft_to_yaml,
    file_name_for,
    has_comments,
    id_clashes,
    other_case_places,
    place_name,
    save_draft,
)
from iopkit.vignettes.form import label_of
from iopkit.vignettes.model import Vignette
from iopkit.vignettes.roundtrip import NOT_KEPT, edited_text
from iopkit.widgets._common import App, download_link, message_html
from iopkit.widgets.form import SectionForm

_E = html.escape
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_LAST = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")

KIT = "kit:"
"""Prefix of the Open list's values for the kit's own cases (a file's value is its path)."""
OTHER = "other:"
"""Prefix of the Open list's values for files in the other case folders (opened as copies)."""


def field_title(path: str) -> str:
    """A problem's field as an educator reads it.

    >>> field_title("stages[1].assessment.symptom_severity")
    'Later stages › 2 › Assessment › Symptom severity'
    """
    parts = []
    for name, index in _PART.findall(path):
        parts.append(str(int(index) + 1) if index else label_of(name))
    return " › ".join(parts) or "The case as a whole"


def problem_text(p: Problem) -> str:
    """A problem without the file and line (the form shows where it is)."""
    text = p.message
    if p.value is not None:
        text += f" (got {p.value})"
    if p.allowed:
        text += f". Allowed: {p.allowed}"
    if p.suggestion:
        text += f". Did you mean '{p.suggestion}'?"
    return text


def _problem_item(p: Problem) -> str:
    label = "Error" if p.severity is ProblemSeverity.ERROR else "Warning"
    return f"<li><b>{label}:</b> {_E(problem_text(p))}</li>"


class CaseEditor(App):
    """Write or edit a case: a form built from the case format, Check, Preview, Save, Open.

    ``folder`` is where cases are saved (default: the educator's case folder, the first folder
    named in ``IOPKIT_VIGNETTES``). Open lists its files, the files of every other folder (or
    file) ``IOPKIT_VIGNETTES`` names (``others``, by default), and the kit's cases; a file from
    another folder, like a kit case, opens as a copy that Save writes into ``folder``.
    """

    def __init__(
        self, folder: Path | str | None = None, others: Sequence[Path | str] | None = None
    ) -> None:
        if folder is None:
            self.folder, self.folder_is_read = cases_folder()
        else:
            self.folder, self.folder_is_read = Path(folder), True
        self.others = (
            other_case_places(self.folder) if others is None else [Path(p) for p in others]
        )
        self._own: Path | None = None  # the file this draft was opened from or saved as
        self._text: str | None = None  # that file's text, whose comments a save keeps
        self._pending: Path | None = None  # a save waiting for "Replace"
        self._changed = False
        self._warned: str | None = None
        self.player: Any = None  # the case player of the last preview

        self.open_choice = w.Dropdown(
            description="Case to open",
            style={"description_width": "initial"},
            layout=w.Layout(width="min(40em, 100%)"),
        )
        self.open_button = w.Button(description="Open")
        self.new_button = w.Button(description="New case")
        self.open_button.on_click(self._on_open)
        self.new_button.on_click(self._on_new)
        self.open_status = w.HTML()
        self.where = w.HTML(self._where_html())

        self.form = SectionForm(Vignette, (), self._on_change)
        self.file_name = w.Text(
            description="File name",
            placeholder="the short name, then .yaml",
            style={"description_width": "initial"},
        )
        self.check_button = w.Button(description="Check")
        self.preview_button = w.Button(description="Preview")
        self.save_button = w.Button(description="Save", button_style="primary")
        self.replace_button = w.Button(description="Replace it", button_style="warning")
        self.cancel_button = w.Button(description="Keep the old file")
        self.confirm = w.HBox([self.replace_button, self.cancel_button])
        self.confirm.layout.display = "none"
        self.status = w.HTML()
        self.report = w.HTML()
        self.preview = w.VBox()
        self.check_button.on_click(self._on_check)
        self.preview_button.on_click(self._on_preview)
        self.save_button.on_click(self._on_save)
        self.replace_button.on_click(self._on_replace)
        self.cancel_button.on_click(self._on_cancel)

        self._fill_open_list()
        self.form.value = blank_draft()
        style = w.HTML(
            "<style>.iopkit-editor .widget-label { white-space: normal; line-height: 1.2; "
            "height: auto; min-height: 28px; }</style>"
        )
        self._changed = False
        self.widget = self._box(
            [
                style,
                w.HBox([self.open_choice, self.open_button, self.new_button]),
                self.where,
                self.open_status,
                self.form.widget,
                w.HTML("<h3>Check, preview and save</h3>"),
                w.HBox([self.file_name, self.check_button, self.preview_button, self.save_button]),
                self.status,
                self.confirm,
                self.report,
                self.preview,
            ]
        )
        self.widget.add_class("iopkit-editor")

    # --- the draft ------------------------------------------------------------------------------

    @property
    def draft(self) -> dict[str, Any]:
        """The form's values, shaped like the file."""
        return self.form.value

    @property
    def yaml_text(self) -> str:
        """The file Save would write."""
        return draft_to_yaml(self.draft)

    def _name(self) -> str:
        return file_name_for(self.file_name.value, str(self.draft.get("id") or ""))

    def _on_change(self) -> None:
        self._changed = True

    # --- open -----------------------------------------------------------------------------------

    def _fill_open_list(self) -> None:
        from iopkit.vignettes.loader import BUILTIN_DIR, load_files, vignette_files

        options: list[tuple[str, str]] = [("Choose a case to open", "")]
        seen: set[Path] = set()
        mine, _ = vignette_files([self.folder], seen) if self.folder.is_dir() else ([], [])
        for path in mine:
            options.append((f"Your file: {path.relative_to(self.folder)}", str(path)))
        for place in self.others:
            files, _ = vignette_files([place], seen) if place.exists() else ([], [])
            for path in files:
                folder = place.parent if path == place else place  # a file named on its own
                label = f"In {place_name(folder)}: {path.relative_to(folder)}"
                options.append((label, OTHER + str(path)))
        kit, _ = load_files(vignette_files([BUILTIN_DIR])[0])
        for v, path in sorted(kit, key=lambda pair: pair[0].title):
            options.append((f"A kit case, as a starting point: {v.title}", KIT + str(path)))
        self.open_choice.options = options
        self.open_choice.value = ""

    def _where_html(self) -> str:
        """Where Save writes, said when Open lists files from more than one folder."""
        if not self.others:
            return ""
        return (
            "<p class='iopkit-where'>Open lists the cases in every case folder the kit reads. "
            f"<b>Save writes into your case folder, {_E(place_name(self.folder))}</b>: a file "
            "opened from another folder is saved there as a copy.</p>"
        )

    def _unsaved(self, action: str) -> bool:
        """True (and a warning shown) the first time an action would drop unsaved changes;
        pressing the same button again goes ahead."""
        if self._changed and self._warned != action:
            self._warned = action
            self.open_status.value = message_html(
                f"the form has changes that are not saved. Save them first, or press "
                f"{action} again to leave them.",
                "info",
            )
            return True
        self._warned = None
        return False

    def _on_open(self, _: Any = None) -> None:
        choice = self.open_choice.value
        if not choice:
            self.open_status.value = message_html("choose a case to open first.", "error")
            return
        if self._unsaved("Open"):
            return
        from_kit = choice.startswith(KIT)
        from_other = choice.startswith(OTHER)
        path = Path(choice.removeprefix(KIT).removeprefix(OTHER))
        try:
            text = read_text(path)
            opened = draft_from_yaml(text, path.name)
        except InputError as exc:
            items = "".join(
                f"<li>{'line ' + str(p.line) + ': ' if p.line else ''}{_E(problem_text(p))}</li>"
                for p in exc.problems
            )
            self.open_status.value = (
                message_html(
                    f"{path.name} could not be read into the form. Open it in a text editor, fix "
                    "the line named below, then open it here again.",
                    "error",
                )
                + f"<ul>{items}</ul>"
            )
            return
        self.form.value = opened.data
        self._changed = False
        self._text = text
        self._own = None if from_kit or from_other else path
        self.file_name.value = "" if from_kit else path.name
        self.report.value = ""
        self.preview.children = ()
        notes = [*opened.notes]
        if from_kit:
            notes.insert(
                0,
                "This is a copy of a case from the kit: give it its own short name (id) and "
                "title before you save it (a case folder cannot reuse a kit case's short name).",
            )
        if from_other:
            notes.insert(
                0,
                f"This file is in {path.parent}, not in your case folder: Save writes a copy "
                f"of it into your case folder, {place_name(self.folder)}, and leaves this one "
                "as it is.",
            )
        if opened.has_comments and not from_kit:
            notes.append(
                "This file has comments (text after #). The editor keeps them when it saves, "
                "with the order of the fields and everything you do not change; a comment on a "
                "field you empty goes with it."
            )
        shown = "a kit case" if from_kit else path.name
        self.open_status.value = message_html(f"opened {shown}.", "ok") + (
            "<ul>" + "".join(f"<li>{_E(n)}</li>" for n in notes) + "</ul>" if notes else ""
        )

    def _on_new(self, _: Any = None) -> None:
        if self._unsaved("New case"):
            return
        self.form.value = blank_draft()
        self._changed = False
        self._own = None
        self._text = None
        self.file_name.value = ""
        self.report.value = ""
        self.preview.children = ()
        self.open_status.value = message_html("a new, empty case.", "ok")

    # --- check ----------------------------------------------------------------------------------

    def check(self) -> Any:
        """Run the checks on the draft and show each problem beside its field."""
        from iopkit.vignettes import validate_text

        try:
            name = self._name()
        except ValueError:
            name = "draft.yaml"
        report = validate_text(self.yaml_text, name=name)
        clash = id_clashes(str(self.draft.get("id") or ""), self.folder, self._own, self.others)
        if clash:
            report = dataclasses.replace(report, problems=(*clash, *report.problems))
        slots = self.form.slots()
        found: dict[str, list[Problem]] = {}
        unplaced: list[Problem] = []
        for p in report.problems:
            key = p.path
            while key and key not in slots:
                key = _LAST.sub("", key)
            if key in slots and key:
                found.setdefault(key, []).append(p)
            else:
                unplaced.append(p)
        for key, slot in slots.items():
            items = found.get(key, [])
            slot.value = (
                "<ul class='iopkit-field-problems' style='color:#8a1c00;margin-left:16.5em'>"
                + "".join(_problem_item(p) for p in items)
                + "</ul>"
                if items
                else ""
            )
        self.report.value = self._summary(report, unplaced)
        return report

    def _summary(self, report: Any, unplaced: list[Problem]) -> str:
        errors, warnings = len(report.errors), len(report.warnings)
        if not report.problems:
            head = message_html(
                "Check found no problems. Trainees will see this case once it is saved in "
                "the case folder.",
                "ok",
            )
        else:
            head = message_html(
                f"Check found {errors} error{'' if errors == 1 else 's'} and {warnings} "
                f"warning{'' if warnings == 1 else 's'}; each is shown beside its field too. "
                + ("Trainees will not see this case until the errors are fixed." if errors else ""),
                "error" if errors else "info",
            )
        listing = "".join(
            f"<li><b>{_E(field_title(p.path))}</b>: "
            f"{'Error' if p.severity is ProblemSeverity.ERROR else 'Warning'}: "
            f"{_E(problem_text(p))}</li>"
            for p in report.problems
        )
        key = ""
        if report.vignettes:
            from iopkit.vignettes import key_check

            key = (
                "<h4>Your key and the teaching engine</h4>"
                + key_check(report.vignettes[0])._repr_html_()
            )
        return head + (f"<ul>{listing}</ul>" if listing else "") + key

    def _on_check(self, _: Any = None) -> None:
        self.check()

    # --- preview --------------------------------------------------------------------------------

    def _on_preview(self, _: Any = None) -> None:
        from iopkit.vignettes import vignette_from_text
        from iopkit.vignettes.loader import Library
        from iopkit.widgets.placement import PlacementCasePlayer

        report = self.check()
        try:
            vignette = vignette_from_text(self.yaml_text, "draft.yaml")
        except InputError:
            self.preview.children = (
                w.HTML(
                    message_html(
                        "the preview needs every required part of the case: fix the errors Check "
                        "lists above, then press Preview again.",
                        "error",
                    )
                ),
            )
            return
        player = PlacementCasePlayer(
            library=Library([(vignette, Path("draft.yaml"))]), case=vignette.id, record=False
        )
        self.player = player
        note = (
            "<p><i>Check still finds errors: trainees will not see this case until they are "
            "fixed.</i></p>"
            if report.errors
            else ""
        )
        self.preview.children = (
            w.HTML(
                "<h3>Preview: the case as trainees meet it</h3><p>This is the trainees' case "
                "player. Answer it as a trainee would; nothing is recorded.</p>" + note
            ),
            player.widget,
        )

    # --- save -----------------------------------------------------------------------------------

    def _target(self) -> Path:
        name = self._name()
        if self._own is not None and self._own.name == name:
            return self._own
        return self.folder / name

    def _on_save(self, _: Any = None) -> None:
        try:
            target = self._target()
        except ValueError as exc:
            self.status.value = message_html(f"{exc}.", "error")
            return
        if (target.exists() or target.is_symlink()) and target != self._own:
            self._pending = target
            self.confirm.layout.display = ""
            self.status.value = message_html(
                f"a file named {target.name} is already in your case folder. Replace it with "
                "this case, or keep the old file and change the file name?",
                "info",
            )
            return
        self._write(target, replace=True)

    def _on_replace(self, _: Any = None) -> None:
        if self._pending is not None:
            self._write(self._pending, replace=True)

    def _on_cancel(self, _: Any = None) -> None:
        self._pending = None
        self.confirm.layout.display = "none"
        self.status.value = message_html(
            "nothing was saved. Change the file name to save this case beside the other.", "info"
        )

    def _write(self, target: Path, *, replace: bool) -> None:
        self._pending = None
        self.confirm.layout.display = "none"
        opened = self._text
        edited = None if opened is None else edited_text(opened, self.draft, target.name)
        try:
            saved = save_draft(
                self.draft,
                target.parent,
                target.name,
                replace=replace,
                text=None if edited is None else edited.text,
            )
        except FileExistsProblem:
            self.status.value = message_html(f"{target.name} is already there.", "error")
            return
        except OSError as exc:
            self.status.value = message_html(
                f"{target.name} could not be saved ({exc.strerror or type(exc).__name__}). "
                "Ask whoever runs the kit for a case folder you can write to.",
                "error",
            )
            return
        self._own = saved.path
        self._text = saved.path.read_text(encoding="utf-8")
        self.file_name.value = saved.path.name
        self._changed = False
        self._fill_open_list()
        report = self.check()
        where = (
            "in your case folder"
            if self.folder_is_read
            else "in the folder iop-cases in your home folder; trainees' apps read it once the "
            "kit is started with it as the case folder (see the authoring guide)"
        )
        after = (
            " Trainees will see it in the case player."
            if report.ok and self.folder_is_read
            else " Check found errors (listed below): trainees will not see it until they "
            "are fixed."
            if not report.ok
            else ""
        )
        verb = "Replaced" if saved.replaced else "Saved as"
        link = download_link(
            saved.path.read_bytes(),
            "application/yaml",
            saved.path.name,
            f"Download {saved.path.name}",
        )
        lost = (
            f"<p>{_E(NOT_KEPT)}</p>"
            if opened and edited and not edited.kept and has_comments(opened)
            else ""
        )
        self.status.value = (
            f"<p class='iopkit-message iopkit-ok'><b>Done:</b> {verb} "
            f"<b>{_E(saved.path.name)}</b> {_E(where)}.{_E(after)}</p>{lost}"
            f"<p>{link} (a copy on your own computer)</p>"
        )
