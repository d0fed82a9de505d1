"""Saving an opened case file with the editor's changes, keeping the educator's comments.

An educator who opens a file in the case editor, changes a field and saves expects the rest of
the file as it was: the comments (``# why I chose this``), the order of the fields, the quoting
and layout of what was not touched. :func:`edited_text` makes that file. It reads the opened
text with ruamel.yaml's round-trip loader (which keeps comments and order), changes in place
only what the draft changed, and writes it back:

- a value the draft left as the kit read it stays exactly as written;
- a changed value is written as the editor writes any value (:func:`draft_to_yaml`'s style:
  a story as a ``|`` block, other text in double quotes, the vocabulary's words plain, and
  never a bare ``yes``, ``no`` or time of day, which the kit's YAML 1.1 reader would take for
  true, false or a number);
- a field the draft added goes after the field before it in the case format's order;
- a field the draft emptied, and an entry the case format does not know, is removed with its
  comment; an entry the kit reads as the field's default stays.

The kit reads files with PyYAML (YAML 1.1), ruamel.yaml reads YAML 1.2: they differ on ``yes``,
``no``, ``on``, ``off``, unquoted times and some numbers. So nothing is decided on ruamel's
reading: a value is "unchanged" when the *kit's* reading of it equals the draft's. And the
result is checked: when the kit would not read the new text exactly as it reads the file the
editor writes without comments, that file is written instead, and the editor says so.

ruamel.yaml is imported only here, when a file is saved (``import iopkit`` and the command
line stay quick).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from iopkit.inputs import InputError
from iopkit.vignettes.draft import draft_to_yaml, file_values, leaves_out, ordered, written_plain
from iopkit.vignettes.form import FieldSpec, form_fields
from iopkit.vignettes.model import Vignette

_STORY = re.compile(r"(?:^-|:)\s+[|>][-+\d]*\s*(#.*)?$")
"""The end of a line that opens a ``|`` or ``>`` block (a story)."""

NOT_KEPT = (
    "The comments could not be kept this time: the file was written as the editor writes a "
    "new case (the case means the same)."
)
"""What the editor says when the file is written without the opened file's comments."""


@dataclass(frozen=True)
class EditedText:
    """The text to save, and whether the opened file's comments and layout are in it."""

    text: str
    kept: bool


def edited_text(original: str, data: Mapping[str, Any], name: str = "case.yaml") -> EditedText:
    """The opened file's text (``original``) with the draft's values (``data``), its comments,
    field order and untouched values kept; or, when that cannot be done safely, the draft as
    :func:`draft_to_yaml` writes it (``kept`` false).

    >>> text = "# my notes\\nid: sam  # short\\nversion: 1\\ntitle: Old\\n"
    >>> print(edited_text(text, {"id": "sam", "version": 2, "title": "Old"}).text)
    # my notes
    id: sam  # short
    version: 2
    title: Old
    <BLANKLINE>
    """
    from ruamel.yaml.error import YAMLError

    after = ordered(data)
    plain = draft_to_yaml(after)
    try:
        before = file_values(original, name)
        text = _merged(original, before, after)
        same = _reading(text, name) == _reading(plain, name)
    except (InputError, YAMLError, ValueError):  # the plain file is always right
        return EditedText(plain, kept=False)
    return EditedText(text if same else plain, kept=same)


def _reading(text: str, name: str) -> Any:
    """What the kit reads from a file, without what the editor's file leaves out (defaults)."""
    return ordered(file_values(text, name))


def _yaml(original: str) -> Any:
    """A round-trip reader and writer laid out like ``original``."""
    from ruamel.yaml import YAML

    mapping, dash = layout(original)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 10_000
    yaml.allow_unicode = True
    yaml.indent(mapping=mapping, sequence=dash + 2, offset=dash)
    return yaml


def layout(text: str) -> tuple[int, int]:
    r"""How a file is indented: the spaces a field takes under its section, and the spaces
    before a list's ``-`` under its field (2 and 2, as the editor writes, when the file does
    not say). Lines inside a ``|`` or ``>`` story are not looked at.

    >>> layout("a:\n    b: 1\nc:\n- x\n"), layout("s: |\n  x:\n  - y\n")
    ((4, 0), (2, 2))
    """
    mapping: int | None = None
    dash: int | None = None
    parent: int | None = None  # the indentation of a line that is only "name:"
    story: int | None = None  # the indentation of the line that opened a story
    for line in text.splitlines():
        content = line.strip()
        spaces = len(line) - len(line.lstrip(" "))
        if not content or content.startswith("#") or (story is not None and spaces > story):
            continue
        story = spaces if _STORY.search(content) else None
        if parent is not None and content.startswith("- ") and spaces >= parent:
            dash = spaces - parent if dash is None else dash
        elif parent is not None and spaces > parent:
            mapping = spaces - parent if mapping is None else mapping
        parent = spaces if content.endswith(":") else None
        if mapping is not None and dash is not None:
            break
    return mapping or 2, 2 if dash is None else dash


def _merged(original: str, before: Any, after: Mapping[str, Any]) -> str:
    yaml = _yaml(original)
    document = yaml.load(original)
    if not isinstance(before, Mapping) or not _is_map(document):
        raise ValueError("the file does not hold a case")
    _merge_map(document, before, after, Vignette)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _is_map(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap

    return isinstance(node, CommentedMap)


def _is_seq(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedSeq

    return isinstance(node, CommentedSeq)


def _merge_map(
    node: Any, before: Mapping[str, Any], after: Mapping[str, Any], model: type[BaseModel] | None
) -> None:
    """Make ``node`` (read from the file, which the kit reads as ``before``) hold ``after``."""
    specs: dict[str, FieldSpec] = {s.name: s for s in form_fields(model)} if model else {}
    for key in list(node):
        if str(key) in after:
            continue
        known = model is None or str(key) in specs
        if known and str(key) in before and leaves_out(specs.get(str(key)), before[str(key)]):
            continue  # the kit reads the field's default here, as without it: keep it
        del node[key]
    previous = -1
    for key, value in after.items():
        keys = [str(k) for k in node]
        if key in keys:
            _merge_value(node, key, before.get(key), value, specs.get(key))
            previous = keys.index(key)
        else:
            previous += 1
            node.insert(previous, key, _fresh(value))


def _merge_value(node: Any, key: str, old: Any, new: Any, spec: FieldSpec | None) -> None:
    """Keep the entry ``node[key]`` when the kit reads it as ``new``, else update it."""
    if _same(old, new):
        return
    current = node[key]
    kind = spec.kind if spec is not None else None
    model = spec.model if spec is not None else None
    if _is_map(current) and isinstance(new, Mapping) and isinstance(old, Mapping):
        _merge_map(current, old, new, model if kind == "section" else None)
    elif _is_seq(current) and isinstance(new, list) and isinstance(old, list):
        _merge_list(current, old, new, model if kind == "repeat" else None)
    else:
        node[key] = _fresh(new)


def _merge_list(
    node: Any, before: list[Any], after: list[Any], model: type[BaseModel] | None
) -> None:
    """Update a list in place: items that are sections (stages) are matched by their ``id``
    when they have one (a stage removed from the middle takes its comments with it), other
    items by position."""
    if len(node) != len(before):
        raise ValueError("the file's list and the kit's reading of it differ")
    ids = [item.get("id") if isinstance(item, Mapping) else None for item in before]
    wanted = [item.get("id") if isinstance(item, Mapping) else None for item in after]
    by_id = all(ids) and all(wanted) and len(set(ids)) == len(ids)
    if not by_id:
        for i, new in enumerate(after):
            if i < len(node):
                _merge_item(node, i, before[i], new, model)
            else:
                node.append(_fresh(new))
        del node[len(after) :]
        return
    for i in reversed(range(len(before))):
        if ids[i] not in wanted:
            del node[i]
    kept = [i for i in ids if i in wanted]
    olds = {i: before[ids.index(i)] for i in kept}
    for position, new in enumerate(after):
        if position < len(kept) and kept[position] == new.get("id"):
            _merge_item(node, position, olds[kept[position]], new, model)
        else:
            node.insert(position, _fresh(new))
            kept.insert(position, new.get("id"))
    del node[len(after) :]  # stages put in another order: the old places of the moved ones


def _merge_item(node: Any, index: int, old: Any, new: Any, model: type[BaseModel] | None) -> None:
    if _same(old, new):
        return
    if _is_map(node[index]) and isinstance(old, Mapping) and isinstance(new, Mapping):
        _merge_map(node[index], old, new, model)
    else:
        node[index] = _fresh(new)


def _same(old: Any, new: Any) -> bool:
    """The kit reads ``old`` as ``new`` (``12`` as ``12.0``, but ``True`` is not ``1``)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return bool(old == new)
    if type(old) is not type(new):
        return False
    if isinstance(new, Mapping):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in new)
    if isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    return bool(old == new)


def _fresh(value: Any) -> Any:
    """A new value written as the editor writes one (see :func:`draft_to_yaml`)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, str):
        if "\n" in value.strip():
            return LiteralScalarString(value if value.endswith("\n") else value + "\n")
        return str(value) if written_plain(value) else DoubleQuotedScalarString(value)
    if isinstance(value, Mapping):
        fresh = CommentedMap()
        for k, v in value.items():
            fresh[k] = _fresh(v)
        return fresh
    if isinstance(value, (list, tuple)):
        return CommentedSeq(_fresh(v) for v in value)
    return value


__all__ = ["NOT_KEPT", "EditedText", "edited_text"]
