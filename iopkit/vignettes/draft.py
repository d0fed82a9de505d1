"""A case being written in the editor: its values, the YAML file they make, and back.

A draft is plain data shaped like the file (a mapping of field names to words, numbers, dates,
lists and mappings). :func:`draft_to_yaml` writes it as the YAML an educator would write by
hand, in the models' field order, and :func:`draft_from_yaml` reads a file back into a draft.
YAML stays the storage format: a saved draft is checked and loaded by exactly the code that
reads a hand-written file.

>>> text = draft_to_yaml({"id": "sam-evening-iop", "title": "Sam: evenings only",
...     "presentation": "Line one.\\nA backslash \\\\ stays.", "stages": []})
>>> print(text)
id: sam-evening-iop
title: "Sam: evenings only"
presentation: |
  Line one.
  A backslash \\ stays.
<BLANKLINE>
>>> draft_from_yaml(text, "sam.yaml").data["presentation"]
'Line one.\\nA backslash \\\\ stays.\\n'
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from iopkit.errors import IopkitError
from iopkit.inputs import (
    InputError,
    Problem,
    ProblemSeverity,
    did_you_mean,
    format_path,
    parse_yaml,
)
from iopkit.vignettes.form import FieldSpec, form_fields, plain
from iopkit.vignettes.loader import ENV_VAR, env_paths
from iopkit.vignettes.model import Vignette

Draft = dict[str, Any]

_WORD = re.compile(r"[a-z][a-z0-9_]*(-[a-z0-9_]+)*", re.ASCII)
"""Text written without quotes: the vocabulary's words and slugs (``iop``, ``sam-evening``)."""


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, tuple, dict)) and not value)


def _is_default(spec: FieldSpec, value: Any) -> bool:
    if spec.required or spec.default is None:
        return False
    return bool(plain(spec.default) == value)


def leaves_out(spec: FieldSpec | None, value: Any) -> bool:
    """Whether the editor's file leaves this value out: it is empty, or the field's default
    (so the kit reads the same without it)."""
    return _is_empty(value) or (spec is not None and _is_default(spec, value))


def written_plain(text: str) -> bool:
    """Whether the editor writes this text without quotes: a word of the vocabulary or a short
    name (``iop``, ``sam-evening``) that PyYAML, which reads YAML 1.1, reads back as that same
    text (``yes``, ``no``, ``on`` and ``off`` it reads as true or false, so they are quoted).

    >>> written_plain("iop"), written_plain("yes"), written_plain("Sam: x"), written_plain("17:30")
    (True, False, False, False)
    """
    if not _WORD.fullmatch(text):
        return False
    import yaml

    return bool(yaml.safe_load(text) == text)


def ordered(data: Mapping[str, Any], model: type[BaseModel] = Vignette) -> Draft:
    """The draft in the model's field order, without empty values or values equal to the
    default (the file then reads as a hand-written one); keys the model does not know are kept,
    after the others, so nothing is lost silently."""
    out: Draft = {}
    specs = {s.name: s for s in form_fields(model)}
    for name in [*model.model_fields, *(k for k in data if k not in model.model_fields)]:
        if name not in data:
            continue
        value = data[name]
        spec = specs.get(name)
        if spec is not None and spec.model is not None:
            if spec.kind == "section" and isinstance(value, Mapping):
                value = ordered(value, spec.model) or None
            elif spec.kind == "repeat" and isinstance(value, list):
                value = [ordered(v, spec.model) if isinstance(v, Mapping) else v for v in value]
        if spec is not None and spec.kind == "per_choice" and isinstance(value, Mapping):
            order = [c.value for c in spec.choices]
            value = {
                k: value[k]
                for k in sorted(value, key=lambda k: order.index(k) if k in order else len(order))
                if not _is_empty(value[k])
            }
        if leaves_out(spec, value):
            continue
        out[name] = value
    return out


def _dumper() -> Any:
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
            return super().increase_indent(flow, False)  # "  - item", as hand-written files

    def text(dumper: Any, value: str) -> Any:
        if "\n" in value.strip():
            body = value if value.endswith("\n") else value + "\n"
            return dumper.represent_scalar("tag:yaml.org,2002:str", body, style="|")
        style = None if written_plain(value) else '"'
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


def draft_to_yaml(data: Mapping[str, Any]) -> str:
    """The YAML file for a draft: fields in the models' order, stories as ``|`` blocks, text
    in double quotes, the vocabulary's words plain, times quoted ("17:30"), dates as
    YYYY-MM-DD. Nothing is lost: a backslash, a colon or a quote in a text stays as typed."""
    import yaml

    return str(
        yaml.dump(
            ordered(data),
            Dumper=_dumper(),
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=10_000,
            indent=2,
        )
    )


@dataclass(frozen=True)
class OpenedDraft:
    """A file read into a draft, with what the form cannot show of it."""

    data: Draft
    notes: tuple[str, ...] = ()
    has_comments: bool = False


def _plain_data(value: Any) -> Any:
    """Parsed YAML as plain Python (the kit's reader keeps unusual numbers as their text)."""
    if isinstance(value, Mapping):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def file_values(text: str, name: str) -> Any:
    """A file's values as the kit reads them (PyYAML, YAML 1.1, through the kit's checked
    reader), as plain Python; raises :class:`InputError` for text that is not readable YAML."""
    return _plain_data(parse_yaml(text, name).data)


_COMMENT = re.compile(r"(^|\s)#")


def has_comments(text: str) -> bool:
    """True when the file holds a comment line or a comment after a value (a ``#`` after a
    space). Inside a story a ``#`` may be a Markdown heading; the editor then warns too, which
    errs on the side of telling the educator."""
    return any(_COMMENT.search(line) for line in text.splitlines())


def draft_from_yaml(text: str, name: str) -> OpenedDraft:
    """Read a file's text into a draft; raise :class:`InputError` when it is not readable YAML.

    Field names from an older version of the format are brought up to date by the models
    themselves; any other entry the form cannot show is named in ``notes``.
    """
    doc = parse_yaml(text, name)
    if not isinstance(doc.data, Mapping):
        raise InputError(
            [Problem("the file does not hold a case (a list of names and values)", file=name)]
        )
    notes: list[str] = []
    data = _update(_plain_data(doc.data), Vignette, (), notes)
    return OpenedDraft(data, tuple(notes), has_comments(text))


def _update(
    data: Draft, model: type[BaseModel], at: tuple[str | int, ...], notes: list[str]
) -> Draft:
    """Bring a section up to date: nested sections first, then unknown names through the
    model (an old field name its validator renames); report what is still unknown."""
    specs = {s.name: s for s in form_fields(model)}
    out = dict(data)
    for name, spec in specs.items():
        value = out.get(name)
        if spec.kind == "multi" and isinstance(value, list):
            out[name] = _known_choices(spec, value, (*at, name), notes)
        if spec.model is None:
            continue
        if spec.kind == "section" and isinstance(value, Mapping):
            out[name] = _update(dict(value), spec.model, (*at, name), notes)
        elif spec.kind == "repeat" and isinstance(value, list):
            out[name] = [
                _update(dict(v), spec.model, (*at, name, i), notes) if isinstance(v, Mapping) else v
                for i, v in enumerate(value)
            ]
    unknown = [k for k in out if k not in specs]
    where = f" (in {format_path(at)})" if at else ""
    if unknown:
        try:
            migrated = model.model_validate(out)
        except ValidationError:
            pass
        else:  # the model took the unknown names: they were older names for its fields
            fresh = {k: plain(v) for k, v in migrated if k in migrated.model_fields_set}
            for old in unknown:
                notes.append(
                    f"'{old}'{where} is an older field name: the editor shows it under its "
                    "current name and saves it that way."
                )
            return {**{k: v for k, v in out.items() if k in specs}, **fresh}
    where = f" (in {format_path(at)})" if at else ""
    for key in unknown:
        guess = did_you_mean(key, specs)
        hint = f" Did you mean '{guess}'? Choose its value in the form." if guess else ""
        notes.append(
            f"'{key}'{where} is not part of the case format, so the form cannot show it; "
            f"saving from the editor leaves it out.{hint}"
        )
    return out


def _known_choices(
    spec: FieldSpec, values: list[Any], at: tuple[str | int, ...], notes: list[str]
) -> list[Any]:
    """The values a tick-box list can show; each other one is named in ``notes``."""
    allowed = [c.value for c in spec.choices]
    for value in values:
        if value not in allowed:
            guess = did_you_mean(str(value), allowed)
            hint = f" Did you mean '{guess}'?" if guess else ""
            notes.append(
                f"'{value}' in {format_path(at)} is not one of the allowed values, so the form "
                f"leaves it out: tick the ones that apply.{hint}"
            )
    return [v for v in values if v in allowed]


def blank_draft(today: dt.date | None = None) -> Draft:
    """A new case: one version, reviewed today, an adult; every other answer left for the
    educator to choose (Check names each one still missing)."""
    return {
        "version": 1,
        "last_reviewed": today or dt.date.today(),
        "population": "adult",
    }


# --- where drafts are saved --------------------------------------------------------------------

DEFAULT_FOLDER = Path("~/iop-cases")
"""Where the editor saves when no case folder is set (the guide's example folder)."""


def _is_folder(path: Path) -> bool:
    return path.suffix.lower() not in (".yaml", ".yml") and not path.is_file()


def cases_folder(environ: Mapping[str, str] | None = None) -> tuple[Path, bool]:
    """The educator's case folder and whether the apps read it: the first folder named in
    ``IOPKIT_VIGNETTES``, else :data:`DEFAULT_FOLDER` (which the apps read only once
    ``IOPKIT_VIGNETTES`` names it)."""
    for path in env_paths(dict(os.environ if environ is None else environ)):
        if _is_folder(path):
            return path, True
    return DEFAULT_FOLDER.expanduser(), False


def other_case_places(save_folder: Path, environ: Mapping[str, str] | None = None) -> list[Path]:
    """Every other folder (or file) the apps read cases from, in ``IOPKIT_VIGNETTES``'s order:
    the places the editor opens files from besides ``save_folder``, where it saves.

    >>> other_case_places(Path("/a"), {"IOPKIT_VIGNETTES": "/a:/b:/c/x.yaml:/a"})
    [PosixPath('/b'), PosixPath('/c/x.yaml')]
    """
    seen = {_same_place(save_folder)}
    places = []
    for path in env_paths(dict(os.environ if environ is None else environ)):
        key = _same_place(path)
        if key not in seen:
            seen.add(key)
            places.append(path)
    return places


def _same_place(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.expanduser().absolute()


_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}", re.ASCII)


def file_name_for(name: str, case_id: str = "") -> str:
    """The file name to save as: the name typed (``.yaml`` added when it has no ending), or
    the case's short name; ``ValueError`` with a plain reason for a name that cannot be used."""
    name = name.strip() or (f"{case_id.strip()}.yaml" if case_id.strip() else "")
    if not name:
        raise ValueError("give the case a short name (id) or a file name first")
    if not name.lower().endswith((".yaml", ".yml")):
        name += ".yaml"
    if not _FILE_NAME.fullmatch(name) or ".." in name:
        raise ValueError(
            "a file name is letters, digits, hyphens and dots only, with no folder in it "
            "(for example sam-evening-iop.yaml)"
        )
    return name


def id_clashes(
    case_id: str, folder: Path, own: Path | None = None, others: Sequence[Path] = ()
) -> list[Problem]:
    """A problem when another case file already uses ``case_id``: in ``folder`` (an error: the
    library would skip one of the two) or in the ``others`` places the apps read (a warning:
    the apps serve the one they read first and leave the other out)."""
    from iopkit.vignettes.loader import load_files, vignette_files

    if not case_id:
        return []
    mine = own.resolve() if own is not None else None
    for index, place in enumerate([folder, *others]):
        if not place.exists():
            continue
        files, _ = vignette_files([place])
        loaded, _ = load_files([f for f in files if f.resolve() != mine])
        for v, path in loaded:
            if v.id != case_id:
                continue
            if index == 0:
                return [
                    Problem(
                        f"the short name '{case_id}' is already used by {path.name} in your "
                        "case folder; every case needs its own",
                        path="id",
                        code="duplicate-id",
                    )
                ]
            return [
                Problem(
                    f"the short name '{case_id}' is also used by {path.name} in "
                    f"{place_name(place)}: the apps show only the one they read first (the "
                    "case folders are read in the order they are listed), so give this case "
                    "its own short name unless it replaces that one",
                    path="id",
                    severity=ProblemSeverity.WARNING,
                    code="duplicate-id",
                )
            ]
    return []


def place_name(place: Path) -> str:
    """A case folder (or file) as the editor names it: its name and the folder above it.

    >>> place_name(Path("/srv/shared/iop-cases"))
    'iop-cases (in /srv/shared)'
    """
    place = place.expanduser()
    return f"{place.name} (in {place.parent})" if place.name else str(place)


class FileExistsProblem(IopkitError):
    """Saving would replace a file that is already there."""


@dataclass
class SavedFile:
    path: Path
    replaced: bool = False
    notes: list[str] = field(default_factory=list)


def save_draft(
    data: Mapping[str, Any], folder: Path, name: str, *, replace: bool, text: str | None = None
) -> SavedFile:
    """Write the draft as ``folder/name`` (the folder is created when missing), replacing an
    existing file only when ``replace`` is true (else :class:`FileExistsProblem`). The file is
    written under a temporary name and then renamed, so no app ever reads half a case.

    ``text`` is the file's text when it is made already (an opened file's text with the
    draft's changes, :func:`iopkit.vignettes.roundtrip.edited_text`); else the draft is written
    by :func:`draft_to_yaml`."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    exists = target.exists() or target.is_symlink()
    if exists and not replace:
        raise FileExistsProblem(name)
    text = draft_to_yaml(data) if text is None else text
    fd, tmp = tempfile.mkstemp(prefix=".draft-", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return SavedFile(target, replaced=exists)


__all__ = [
    "ENV_VAR",
    "DEFAULT_FOLDER",
    "Draft",
    "FileExistsProblem",
    "OpenedDraft",
    "SavedFile",
    "blank_draft",
    "cases_folder",
    "draft_from_yaml",
    "draft_to_yaml",
    "file_name_for",
    "file_values",
    "has_comments",
    "id_clashes",
    "leaves_out",
    "ordered",
    "other_case_places",
    "place_name",
    "save_draft",
    "written_plain",
]
