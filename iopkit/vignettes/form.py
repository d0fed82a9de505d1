"""The case form, described from the vignette models themselves.

The case editor (``iopkit.widgets.editor``) draws one control per field of
:class:`~iopkit.vignettes.model.Vignette` and of the models inside it (the assessment, stages,
the schedule task, the discharge plan). Nothing here lists those fields by hand: each
:class:`FieldSpec` is read from a pydantic field (its type, whether it is required, its default
and its description), so a field added to a model, or a value added to an enum, appears in the
editor with no change to it.

>>> from iopkit.vignettes.model import Vignette
>>> spec = {s.name: s for s in form_fields(Vignette)}
>>> spec["expected_level"].kind, spec["stages"].kind, spec["presentation"].kind
('choice', 'repeat', 'markdown')
>>> [c.value for c in spec["population"].choices]
['adult', 'adolescent']
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

#: The kinds of control a field gets.
KINDS = (
    "choice",  # one value from an enum (a drop-down)
    "multi",  # several values from an enum (tick boxes)
    "yesno",  # yes or no
    "number",  # a whole or decimal number
    "date",  # a calendar date
    "line",  # one line of text (a title, a short name, a time of day)
    "paragraph",  # a few sentences (feedback, a reason)
    "markdown",  # a story in Markdown, with a word count
    "lines",  # a list of short texts, one per line
    "per_choice",  # one paragraph for each value of an enum (feedback for every level)
    "section",  # a group of fields (the assessment, the schedule task)
    "repeat",  # a list of groups (the stages)
)

LABELS: dict[str, str] = {
    "id": "Short name (id)",
    "expected_level": "Answer key: the level you expect",
    "presentation": "Story (what trainees read)",
    "update": "Update (what is new at this stage)",
    "decision": "Answer key: the decision you expect",
    "key_differs_because": "Why your key differs from the engine",
    "stages": "Later stages",
    "schedule_task": "Schedule task",
    "discharge_plan": "Discharge plan",
    "last_reviewed": "Last clinical review",
}
"""Labels that read better than the field's name; every other label comes from the name
(``symptom_severity`` -> "Symptom severity") or from the assessment's own labels."""


@dataclass(frozen=True)
class Choice:
    """One allowed value: what the file holds, what the educator reads, and what it means."""

    value: Any
    label: str
    help: str = ""


@dataclass(frozen=True)
class FieldSpec:
    """One field of a model as the form shows it."""

    name: str
    label: str
    kind: str
    help: str
    required: bool
    default: Any = None
    choices: tuple[Choice, ...] = ()
    optional_value: bool = False  # the field may be left unstated (None)
    model: type[BaseModel] | None = None  # for "section" and "repeat"
    about: str = ""  # what the enum's own docstring says about its values


IN_THE_FORM: tuple[tuple[str, str], ...] = (
    ("iopkit's vocabulary", "the kit's vocabulary"),
    ('"HH:MM" in quotes', "HH:MM"),
    ("Stable slug", "A short name that stays the same"),
)
"""Wording in the models' descriptions that is about the file, reworded for the form (the
form quotes times itself, and a page for educators names the kit, not its package)."""

_FILE_WORD = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def for_the_form(description: str) -> str:
    """A model's field description as the form shows it: file words (``needs_management``)
    as the drop-downs show them.

    >>> for_the_form('Earliest start time, "HH:MM" in quotes.')
    'Earliest start time, HH:MM.'
    >>> for_the_form("'needs_management' if withdrawal still has to be managed")
    "'needs management' if withdrawal still has to be managed"
    """
    text = " ".join(description.split())
    for old, new in IN_THE_FORM:
        text = text.replace(old, new)
    return _FILE_WORD.sub(lambda m: m.group(0).replace("_", " "), text)


def word_limits(name: str) -> tuple[int, int] | None:
    """The length a story field must have, in words (None when any length will do)."""
    if name != "presentation":
        return None
    from iopkit.vignettes.validate import MAX_WORDS, MIN_WORDS

    return MIN_WORDS, MAX_WORDS


def label_of(name: str) -> str:
    """The label an educator reads for a field name.

    >>> label_of("functional_impairment"), label_of("expected_level")
    ('Functional impairment', 'Answer key: the level you expect')
    """
    if name in LABELS:
        return LABELS[name]
    from iopkit.assessment import FIELD_LABELS

    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


def choice_label(value: Any) -> str:
    """How a value of an enum reads in a drop-down: its own label when it has one."""
    label = getattr(value, "label", None)
    if isinstance(label, str) and label:
        return label
    from iopkit.render import value_text

    text = value_text(value)
    return text[:1].upper() + text[1:]


def _choice_help(value: Any) -> str:
    for attr in ("explanation", "description", "meaning"):
        text = getattr(value, attr, None)
        if isinstance(text, str) and text:
            return text
    return ""


def _choices(enum: type[Enum]) -> tuple[Choice, ...]:
    return tuple(Choice(m.value, choice_label(m), _choice_help(m)) for m in enum)


def _enum_about(enum: type[Enum]) -> str:
    """The enum's docstring when it explains its values (more than its one-line summary,
    which repeats the field's description)."""
    doc = inspect.getdoc(enum) or ""
    if doc == inspect.getdoc(Enum) or "\n\n" not in doc:
        return ""
    return " ".join(doc.split())


def _strip(tp: Any) -> tuple[Any, bool]:
    """The type without ``Annotated`` and ``| None``, and whether None was allowed."""
    optional = False
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(tp))
            if len(args) != 1:
                return tp, optional
            tp = args[0]
        else:
            return tp, optional


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Enum)


def _text_kind(name: str, description: str, metadata: list[Any]) -> str:
    if "markdown" in description.lower():
        return "markdown"
    if name in ("id", "title") or "HH:MM" in description:
        return "line"
    if any(getattr(m, "pattern", None) for m in metadata):
        return "line"
    return "paragraph"


def _default(info: Any) -> Any:
    if info.default_factory is not None:
        return info.default_factory()
    return None if info.default is PydanticUndefined else info.default


def spec_for(name: str, info: Any) -> FieldSpec | None:
    """The form's view of one pydantic field (None for a type the form cannot show)."""
    tp, optional = _strip(info.annotation)
    description = for_the_form(info.description or "")
    required = info.is_required()
    default = _default(info)
    optional = optional or (not required and default is None)
    base = {"name": name, "label": label_of(name), "help": description, "required": required}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if _is_enum(tp):
        return FieldSpec(
            **base,
            kind="choice",
            default=default,
            choices=_choices(tp),
            optional_value=optional,
            about=_enum_about(tp),
        )
    if tp is bool:
        return FieldSpec(**base, kind="yesno", default=default, optional_value=optional)
    if tp in (int, float):
        return FieldSpec(**base, kind="number", default=default, optional_value=optional)
    if tp is dt.date:
        return FieldSpec(**base, kind="date", default=default)
    if tp is str:
        return FieldSpec(**base, kind=_text_kind(name, description, _metadata(info)))
    if _is_model(tp):
        return FieldSpec(**base, kind="section", model=tp, optional_value=optional)
    if origin is tuple and args:
        item, _ = _strip(args[0])
        if _is_enum(item):
            return FieldSpec(
                **base,
                kind="multi",
                default=default,
                choices=_choices(item),
                about=_enum_about(item),
            )
        if _is_model(item):
            return FieldSpec(**base, kind="repeat", model=item)
        if item is str:
            return FieldSpec(**base, kind="lines")
    if origin is dict and len(args) == 2:
        key, _ = _strip(args[0])
        if _is_enum(key):
            return FieldSpec(**base, kind="per_choice", choices=_choices(key))
    return None


def _metadata(info: Any) -> list[Any]:
    found = list(info.metadata)
    for arg in typing.get_args(info.annotation):
        found.extend(getattr(arg, "__metadata__", ()))
    return found


@functools.cache
def form_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of ``model`` in the order the model declares them (the file's order)."""
    specs = (spec_for(name, info) for name, info in model.model_fields.items())
    return tuple(s for s in specs if s is not None)


def unshown_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Fields of ``model`` the form has no control for (a type it does not know yet)."""
    shown = {s.name for s in form_fields(model)}
    return tuple(n for n in model.model_fields if n not in shown)


def plain(value: Any) -> Any:
    """A model's value as a file holds it: enums as their words, tuples as lists, recursively.

    >>> from iopkit.levels import Level
    >>> plain({Level.IOP: "yes", "days": (Level.PHP,)})
    {'iop': 'yes', 'days': ['php']}
    """
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):
        return {k: plain(v) for k, v in value}
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
