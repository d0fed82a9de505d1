"""Form controls drawn from :mod:`iopkit.vignettes.form`'s field descriptions (wiring only).

Each field gets a labelled control, a line of help (the model's own description) and a place
for the problems Check finds in it. :class:`SectionForm` holds the fields of one model and
reads or sets them as a plain mapping, the shape of the YAML file.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from iopkit.inputs import format_path
from iopkit.vignettes.form import FieldSpec, form_fields, label_of, word_limits
from iopkit.widgets._common import CheckboxGroup

_E = html.escape
LABEL_STYLE = {"description_width": "16em"}
FULL = w.Layout(width="min(62em, 100%)")
LEFT = w.Layout(width="auto", align_self="flex-start")
Path_ = tuple[str | int, ...]
UNSET = ""
"""A drop-down's value for "Choose..." and "Not stated" (a browser shows no label for None)."""


def count_words(text: str) -> int:
    """Words as the length check counts them (runs of non-space characters)."""
    return len(text.split())


def _help_html(spec: FieldSpec, extra: str = "") -> str:
    about = (
        f"<details><summary>More about these values</summary><p>{_E(spec.about)}</p></details>"
        if spec.about and spec.about.lower() != spec.help.lower()
        else ""
    )
    text = _E(spec.help) + (f" <i>{_E(extra)}</i>" if extra else "")
    style = "margin-left:16.5em;max-width:60em;color:#444"
    return f"<div class='iopkit-help' style='{style}'>{text}{about}</div>"


def _named(label: str, where: str) -> str:
    """A control's label, with where it is when the same label appears elsewhere on the page
    (a screen reader names each control by its label alone)."""
    return f"{label} ({where})" if where else label


class Field:
    """One field: its control, its help and its problems."""

    def __init__(
        self, spec: FieldSpec, path: Path_, on_change: Callable[[], None], where: str = ""
    ) -> None:
        self.spec = spec
        self.where = where
        self.path = path
        self.on_change = on_change
        self.help = w.HTML(_help_html(spec))
        self.problems = w.HTML()
        self.control = self._control()
        self.widget = w.VBox([self.control, self.help, self.problems])

    # --- controls by kind ---

    def _control(self) -> Any:
        s = self.spec
        desc = {  # the help is also the control's accessible description (its title)
            "description": _named(s.label, self.where),
            "style": LABEL_STYLE,
            "tooltip": s.help or None,
        }
        if s.kind in ("choice", "yesno"):
            self._extra: list[tuple[str, Any]] = []
            self.input = w.Dropdown(
                options=self._options(), layout=w.Layout(width="min(40em, 100%)"), **desc
            )
            self.input.value = self._start_value()
            self.input.observe(self._on_choice, names="value")
            return self.input
        if s.kind == "multi":
            self._order: list[Any] = []
            self.group = CheckboxGroup(
                [(c.label, c.value) for c in s.choices], _named(s.label, self.where)
            )
            if s.default:
                self.group.value = [getattr(v, "value", v) for v in s.default]
            for box in self.group.boxes:
                box.observe(lambda _: self.on_change(), names="value")
            return self.group.widget
        if s.kind == "date":
            self.input = w.DatePicker(**desc)
        elif s.kind in ("markdown", "paragraph", "lines"):
            rows = {"markdown": 14, "paragraph": 3, "lines": 3}[s.kind]
            placeholder = "One per line." if s.kind == "lines" else ""
            self.input = w.Textarea(rows=rows, placeholder=placeholder, layout=FULL, **desc)
        else:
            self.input = w.Text(layout=FULL if s.kind == "line" else w.Layout(), **desc)
        self.input.observe(self._on_text, names="value")
        if s.kind == "markdown":
            self.words = w.HTML()
            self._on_text()
            return w.VBox([self.input, self.words])
        return self.input

    def _options(self) -> list[tuple[str, Any]]:
        s = self.spec
        values: list[tuple[str, Any]] = (
            [(c.label, c.value) for c in s.choices]
            if s.kind == "choice"
            else [("Yes", True), ("No", False)]
        )
        if s.optional_value:
            values.insert(0, ("Not stated", UNSET))
        elif s.default is None:
            values.insert(0, ("Choose...", UNSET))
        return [*values, *self._extra]

    def _start_value(self) -> Any:
        default = getattr(self.spec.default, "value", self.spec.default)
        return UNSET if default is None and self.spec.kind in ("choice", "yesno") else default

    def reset(self) -> None:
        """Back to the model's default (or empty, for a field without one)."""
        default = self.spec.default
        if self.spec.kind == "multi":
            self.value = [getattr(v, "value", v) for v in default or ()]
        else:
            self.value = getattr(default, "value", default)

    def _on_choice(self, _: Any = None) -> None:
        chosen = next((c for c in self.spec.choices if c.value == self.input.value), None)
        self.help.value = _help_html(
            self.spec, f"{chosen.label}: {chosen.help}" if chosen and chosen.help else ""
        )
        self.on_change()

    def _on_text(self, _: Any = None) -> None:
        if self.spec.kind == "markdown":
            n = count_words(self.input.value)
            limits = word_limits(self.spec.name)
            target = f" (write {limits[0]}-{limits[1]})" if limits else ""
            self.words.value = (
                f"<div style='margin-left:16.5em' aria-live='polite'><b>{n}</b> "
                f"word{'' if n == 1 else 's'}{target}</div>"
            )
        self.on_change()

    # --- value ---

    @property
    def value(self) -> Any:
        kind = self.spec.kind
        if kind == "multi":  # the order the file gave first, then new ticks in list order
            ticked = list(self.group.value)
            return [v for v in self._order if v in ticked] + [
                v for v in ticked if v not in self._order
            ]
        raw = self.input.value
        if kind == "lines":
            return [line.strip() for line in raw.splitlines() if line.strip()]
        if kind == "number":
            return _number(raw)
        if kind in ("line", "paragraph"):
            return raw.strip()
        if kind == "markdown":  # spaces at line ends would force an escaped, quoted story
            return "\n".join(line.rstrip() for line in raw.splitlines())
        if kind in ("choice", "yesno") and raw == UNSET:
            return None
        return raw

    @value.setter
    def value(self, value: Any) -> None:
        kind = self.spec.kind
        if kind == "multi":
            values = value if isinstance(value, list) else [] if value is None else [value]
            self._order = [v for v in values if _hashable(v)]
            self.group.value = self._order
            return
        if kind in ("choice", "yesno"):
            if value is None or not _hashable(value):
                value = UNSET
            self._extra = []
            allowed = {v for _, v in self._options()}
            if value == UNSET and UNSET not in allowed:
                value = self._start_value()
            elif value not in allowed:  # keep it, so that Check names it
                self._extra = [(f"{value} (not allowed)", value)]
            self.input.options = self._options()
            self.input.value = value
            return
        if kind == "date":
            self.input.value = value if isinstance(value, dt.date) else None
        elif kind == "lines":
            items = value if isinstance(value, list) else [] if value is None else [value]
            self.input.value = "\n".join(str(v) for v in items)
        else:
            self.input.value = "" if value is None else str(value)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _number(text: str) -> Any:
    """A typed number as a number; anything else is kept as typed, for Check to name."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


class PerChoice:
    """One text box for each value of an enum (feedback for every level or decision)."""

    def __init__(
        self, spec: FieldSpec, path: Path_, on_change: Callable[[], None], where: str = ""
    ) -> None:
        self.spec, self.path = spec, path
        self.boxes = {
            c.value: w.Textarea(
                rows=3,
                description=_named(f"{spec.label}: {c.label}", where),
                tooltip=spec.help or None,
                style=LABEL_STYLE,
                layout=FULL,
            )
            for c in spec.choices
        }
        for box in self.boxes.values():
            box.observe(lambda _: on_change(), names="value")
        self.problems = w.HTML()
        self.item_problems = {k: w.HTML() for k in self.boxes}
        heading = w.HTML(f"<h4>{_E(spec.label)}</h4><p style='color:#444'>{_E(spec.help)}</p>")
        rows = [w.VBox([box, self.item_problems[k]]) for k, box in self.boxes.items()]
        self.widget = w.VBox([heading, self.problems, *rows])

    @property
    def value(self) -> dict[Any, str]:
        return {k: box.value.strip() for k, box in self.boxes.items() if box.value.strip()}

    @value.setter
    def value(self, value: Any) -> None:
        value = value if isinstance(value, Mapping) else {}
        for k, box in self.boxes.items():
            box.value = str(value.get(k) or "")

    def slots(self) -> dict[str, Any]:
        out = {format_path(self.path): self.problems}
        out.update({format_path((*self.path, k)): h for k, h in self.item_problems.items()})
        return out


class SectionForm:
    """The fields of one model, read and set as a mapping shaped like the file."""

    def __init__(
        self,
        model: Any,
        path: Path_ = (),
        on_change: Callable[[], None] = lambda: None,
        heading: str = "",
        where: str = "",
        taken: frozenset[str] = frozenset(),
        show_heading: bool = True,
    ) -> None:
        self.model, self.path, self.on_change = model, path, on_change
        self.parts: dict[str, Any] = {}
        specs = form_fields(model)
        seen = taken | {s.label for s in specs}
        for spec in specs:
            at = (*path, spec.name)
            here = where
            if spec.label in taken and heading:
                here = ", ".join(x for x in (heading.lower(), where) if x)
            if spec.kind == "section":
                self.parts[spec.name] = OptionalSection(spec, at, on_change, where, seen)
            elif spec.kind == "repeat":
                self.parts[spec.name] = Repeat(spec, at, on_change)
            elif spec.kind == "per_choice":
                self.parts[spec.name] = PerChoice(spec, at, on_change, here)
            else:
                self.parts[spec.name] = Field(spec, at, on_change, here)
        self.problems = w.HTML()
        top = [w.HTML(f"<h3>{_E(heading)}</h3>")] if heading and show_heading else []
        self.widget = w.VBox([*top, self.problems, *(p.widget for p in self.parts.values())])

    @property
    def value(self) -> dict[str, Any]:
        return {name: part.value for name, part in self.parts.items()}

    @value.setter
    def value(self, data: Any) -> None:
        data = data if isinstance(data, Mapping) else {}
        for name, part in self.parts.items():
            if name in data:
                part.value = data[name]
            elif isinstance(part, Field):
                part.reset()
            else:
                part.value = None

    def part(self, path: str) -> Any:
        """The control group for a field, by its path in the file (``"stages[0].decision"``).

        ``KeyError`` for a path the form does not have."""
        current: Any = self
        for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
            if index:
                current = current.items[int(index)]
            else:
                current = (
                    current.parts[name]
                    if isinstance(current, SectionForm)
                    else (current.form.parts[name])
                )
        return current

    def slots(self) -> dict[str, Any]:
        """The place to show each field's problems, by its path in the file."""
        out = {format_path(self.path): self.problems}
        for part in self.parts.values():
            if isinstance(part, Field):
                out[format_path(part.path)] = part.problems
            else:
                out.update(part.slots())
        return out


class OptionalSection:
    """A group of fields; one that may be left out has a tick box to include it."""

    def __init__(
        self,
        spec: FieldSpec,
        path: Path_,
        on_change: Callable[[], None],
        where: str = "",
        taken: frozenset[str] = frozenset(),
    ) -> None:
        self.spec = spec
        self.form = SectionForm(spec.model, path, on_change, spec.label, where, taken, False)
        self.include = w.Checkbox(
            value=not spec.optional_value,
            description=_named(f"Include: {spec.label}", where),
            indent=False,
        )
        self.include.layout.display = "" if spec.optional_value else "none"
        self.include.observe(self._show, names="value")
        self.include.observe(lambda _: on_change(), names="value")
        heading = w.HTML(f"<h4>{_E(spec.label)}</h4><p style='color:#444'>{_E(spec.help)}</p>")
        self.widget = w.VBox([heading, self.include, self.form.widget])
        self._show()

    def _show(self, _: Any = None) -> None:
        self.form.widget.layout.display = "" if self.include.value else "none"

    @property
    def value(self) -> dict[str, Any] | None:
        return self.form.value if self.include.value else None

    @value.setter
    def value(self, data: Any) -> None:
        if self.spec.optional_value:
            self.include.value = data is not None
        self.form.value = data if isinstance(data, Mapping) else {}

    def slots(self) -> dict[str, Any]:
        return self.form.slots()


class Repeat:
    """A list of groups (the stages): add one at the end, remove any."""

    def __init__(self, spec: FieldSpec, path: Path_, on_change: Callable[[], None]) -> None:
        self.spec, self.path, self.on_change = spec, path, on_change
        self.noun = label_of(spec.name).removeprefix("Later ").rstrip("s").lower() or "item"
        self.items: list[SectionForm] = []
        self.add = w.Button(description=f"Add a {self.noun}", layout=LEFT)
        self.add.on_click(self._on_add)
        self.problems = w.HTML()
        self.box = w.VBox()
        heading = w.HTML(f"<h3>{_E(spec.label)}</h3><p style='color:#444'>{_E(spec.help)}</p>")
        self.widget = w.VBox([heading, self.problems, self.box, self.add])

    def _build(self, values: list[Any]) -> None:
        self.items = []
        rows = []
        for i, data in enumerate(values):
            form = SectionForm(
                self.spec.model,
                (*self.path, i),
                self.on_change,
                f"{self.noun.capitalize()} {i + 1}",
                where=f"{self.noun} {i + 1}",
            )
            form.value = data
            remove = w.Button(description=f"Remove {self.noun} {i + 1}", layout=LEFT)
            remove.on_click(lambda _, i=i: self.remove(i))
            self.items.append(form)
            rows.append(
                w.VBox(
                    [form.widget, remove],
                    layout=w.Layout(border="1px solid #999", padding="0.5em", margin="0.5em 0"),
                )
            )
        self.box.children = rows

    def _on_add(self, _: Any = None) -> None:
        self._build([*self.value, {}])
        self.on_change()

    def remove(self, index: int) -> None:
        values = self.value
        del values[index]
        self._build(values)
        self.on_change()

    @property
    def value(self) -> list[dict[str, Any]]:
        return [form.value for form in self.items]

    @value.setter
    def value(self, data: Any) -> None:
        self._build([d for d in data if isinstance(d, Mapping)] if isinstance(data, list) else [])

    def slots(self) -> dict[str, Any]:
        out = {format_path(self.path): self.problems}
        for form in self.items:
            out.update(form.slots())
        return out
