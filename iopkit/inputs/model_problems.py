"""The wording of problems a model (pydantic) finds in a parsed file, for a clinician to act on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from iopkit.inputs.document import Document, PathKey
from iopkit.inputs.problems import Problem, did_you_mean, format_path, short_value


def problems_from_pydantic(
    exc: Any, doc: Document, model: Any = None, prefix: PathKey = ()
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into problems a clinician can act on."""
    problems = []
    for err in exc.errors(include_url=False):
        inner = _data_path(err["loc"], _at(doc.data, prefix), err["type"] == "missing")
        known = fields_at(model, inner[:-1]) if model is not None else []
        problems.append(_problem_for(err, (*prefix, *inner), doc, known))
    return problems


def _at(data: Any, path: Sequence[str | int]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _data_path(loc: Sequence[Any], data: Any, missing: bool) -> PathKey:
    """The parts of a pydantic error location that are keys and indexes in the data.

    pydantic adds names of its own (union members such as ``function-after[...]``,
    ``[key]``); a key the person wrote is kept exactly as written, whatever it looks like,
    because it is found in the data. For a missing field the last part is the field's name.
    """
    if not isinstance(data, Mapping):  # the data is not at hand: drop pydantic's own names
        return tuple(
            p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))
        )
    kept: list[str | int] = []
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        in_mapping = isinstance(data, Mapping) and part in data
        in_list = isinstance(data, list | tuple) and isinstance(part, int) and 0 <= part < len(data)
        if in_mapping or in_list:
            kept.append(part)
            data = data[part]
        elif last and missing and isinstance(data, Mapping) and isinstance(part, str):
            kept.append(part)
    return tuple(kept)


def _allowed_for(err: dict[str, Any]) -> list[str]:
    ctx = err.get("ctx") or {}
    expected = ctx.get("expected")
    if not expected:
        return []
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",")]


def _problem_for(err: dict[str, Any], loc: PathKey, doc: Document, known: list[str]) -> Problem:
    kind = err["type"]
    line, column = doc.locate(loc)
    path = format_path(loc)
    value = err.get("input")
    base = dict(file=doc.path, path=path, line=line, column=column)
    if kind == "missing":
        return Problem("this required field is missing", code="missing", **base)  # type: ignore[arg-type]
    if kind == "extra_forbidden":
        field_name = str(loc[-1]) if loc else ""
        allowed = known
        return Problem(
            f"unknown field '{field_name}'",
            allowed=", ".join(allowed) if allowed else None,
            suggestion=did_you_mean(field_name, allowed) if allowed else None,
            code="unknown-field",
            **base,  # type: ignore[arg-type]
        )
    if kind in ("enum", "literal_error"):
        allowed = _allowed_for(err)
        return Problem(
            "not one of the allowed values"
            + (
                " (YAML reads a bare yes/no/on/off as true/false: write one of the words below)"
                if isinstance(value, bool)
                else ""
            ),
            value=short_value(value),
            allowed=", ".join(allowed),
            suggestion=did_you_mean(str(value), allowed),
            code="bad-value",
            **base,  # type: ignore[arg-type]
        )
    message = str(err.get("msg", "invalid value"))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    friendly = _FRIENDLY.get(kind)
    if friendly:
        message = friendly
    if kind == "string_type":
        message += _text_read_as_other(value)
    ctx = err.get("ctx") or {}
    bounds = {
        "greater_than": ("should be more than", "gt"),
        "greater_than_equal": ("should be at least", "ge"),
        "less_than": ("should be less than", "lt"),
        "less_than_equal": ("should be at most", "le"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        bound = ctx.get(key)
        message = f"{words} {bound:g}" if isinstance(bound, float) else f"{words} {bound}"
    elif kind == "too_short":
        message = f"should have at least {ctx.get('min_length')} item(s) or character(s)"
    elif kind == "too_long":
        message = f"should have at most {ctx.get('max_length')} item(s) or character(s)"
    elif kind == "string_pattern_mismatch":
        message = "should use lowercase letters, digits and single hyphens only (a slug)"
    return Problem(
        message,
        value=None if isinstance(value, (dict, list)) else short_value(value),
        code="bad-value",
        **base,  # type: ignore[arg-type]
    )


def _text_read_as_other(value: object) -> str:
    """Why YAML read a text as something else, and what to type (the same cause as the YAML
    syntax errors of :mod:`iopkit.inputs.yaml_advice`)."""
    if isinstance(value, Mapping) and len(value) == 1:
        ((key, inner),) = value.items()
        written = f"{key}: {inner}".replace("\\", "\\\\").replace('"', '\\"')
        return f"; text containing ': ' must be in double quotes: write \"{written}\""
    if isinstance(value, bool):
        return (
            "; YAML reads a bare yes, no, on, off, true or false as a yes/no value: put the "
            'text in double quotes ("yes")'
        )
    if isinstance(value, int | float):
        return '; YAML reads a bare number as a number: put the text in double quotes ("12")'
    return ""


_FRIENDLY = {
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "string_type": "should be text",
    "list_type": "should be a list",
    "tuple_type": "should be a list (one item per line starting with '- ', or [a, b])",
    "dict_type": "should be a mapping of names to values",
    "model_type": "should be a mapping of names to values",
    "model_attributes_type": "should be a mapping of names to values",
    "date_from_datetime_parsing": "should be a date written YYYY-MM-DD",
    "date_parsing": "should be a date written YYYY-MM-DD",
    "date_type": "should be a date written YYYY-MM-DD",
}


def fields_at(model: Any, loc: Sequence[str | int]) -> list[str]:
    """The field names a pydantic model allows at ``loc`` (a path to a mapping)."""
    current = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = fields[part].annotation
    current = _unwrap(current)
    fields = getattr(current, "model_fields", None)
    if not fields:
        return []
    return [f.alias or name for name, f in fields.items()]


def _unwrap(tp: Any) -> Any:
    import typing

    while True:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        origin = typing.get_origin(tp)
        if origin is None or not args:
            return tp
        if origin is dict or getattr(origin, "__name__", "") == "Mapping":
            tp = args[-1]
        elif hasattr(args[0], "model_fields") or len(args) == 1 or origin is tuple:
            tp = args[0]
        else:
            model_args = [a for a in args if hasattr(a, "model_fields")]
            if not model_args:
                return tp
            tp = model_args[0]
