"""Checking vignette files the way ``iopkit validate`` does.

Each file is checked on its own (the schema, then the content rules of
:mod:`iopkit.vignettes.checks`, which the library loader enforces too) and the set as a whole
(ids are unique, and do not clash with a built-in case). Every problem carries the file, line,
column and field; nothing here prints or raises for bad input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from iopkit.errors import require_text
from iopkit.inputs import (
    MAX_FILE_BYTES,
    Document,
    InputError,
    Problem,
    ProblemSeverity,
    parse_text,
    printable,
    read_text,
)
from iopkit.vignettes.checks import (
    MAX_FOLLOW_UP_DAYS,
    MAX_WORDS,
    MIN_WORDS,
    KeyCheck,
    check_vignette,
    key_check,
)
from iopkit.vignettes.loader import (
    BUILTIN_DIR,
    PathLike,
    load_files,
    vignette_files,
    vignette_from_document,
)
from iopkit.vignettes.model import Vignette
from iopkit.vignettes.texts import NOT_FREE_TEXT, privacy_problems, text_fields, todo_problems

__all__ = [  # the content rules live in iopkit.vignettes.checks; these names stay importable here
    "MAX_FOLLOW_UP_DAYS",
    "MAX_WORDS",
    "MIN_WORDS",
    "NOT_FREE_TEXT",
    "KeyCheck",
    "ValidationReport",
    "check_vignette",
    "key_check",
    "privacy_problems",
    "text_fields",
    "todo_problems",
    "validate_paths",
    "validate_text",
]


@dataclass(frozen=True)
class ValidationReport:
    """What ``iopkit validate`` found: every problem in every file, and the files checked."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]
    vignettes: tuple[Vignette, ...] = field(default=(), repr=False)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is ProblemSeverity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is not ProblemSeverity.ERROR)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings are allowed)."""
        return not self.errors

    def summary(self) -> str:
        n_files = len(self.files)
        files = f"{n_files} file{'' if n_files == 1 else 's'}"
        folders = self.files_per_folder()
        if len(folders) > 1:
            files += " (" + ", ".join(f"{n} in {printable(f)}" for f, n in folders.items()) + ")"
        e, w = len(self.errors), len(self.warnings)
        status = "OK" if self.ok else "FAILED"
        return (
            f"{status}: checked {files}: {e} error{'' if e == 1 else 's'}, "
            f"{w} warning{'' if w == 1 else 's'}."
        )

    def files_per_folder(self) -> dict[str, int]:
        """How many files were checked in each folder, in the order they were checked."""
        counts: dict[str, int] = {}
        for name in self.files:
            folder = str(Path(name).parent)
            counts[folder] = counts.get(folder, 0) + 1
        return counts

    def format(self) -> str:
        """One line per problem (``file:line:col: severity: field: message``), then a summary."""
        return "\n".join([*(p.format() for p in self.problems), self.summary()])

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "files": list(self.files),
            "files_per_folder": self.files_per_folder(),
            "vignettes": [v.id for v in self.vignettes],
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def _repr_html_(self) -> str:
        from iopkit.render.cases import validation_report_html

        return validation_report_html(self)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)


def _check_one(text: str, name: str) -> tuple[Vignette | None, Document | None, list[Problem]]:
    """Parse, validate and check one file's text; never raises for bad input."""
    try:
        doc = parse_text(text, name)
        vignette = vignette_from_document(doc)
    except InputError as exc:
        return None, None, list(exc.problems)
    return vignette, doc, check_vignette(vignette, doc, text)


class _Checker:
    """Collects vignettes across files and checks that their ids are unique."""

    def __init__(self, against_builtin: bool) -> None:
        self.problems: list[Problem] = []
        self.vignettes: list[Vignette] = []
        self.files: list[str] = []
        self.first: dict[str, str] = {}
        self.builtin: dict[str, Path] = _builtin_ids() if against_builtin else {}

    def add(self, text: str, name: str, path: Path | None = None) -> None:
        self.files.append(name)
        try:
            vignette, doc, problems = _check_one(text, name)
        except Exception as exc:  # a bug in iopkit must not become a traceback for an author
            problems = [
                Problem(
                    f"iopkit could not check this file ({type(exc).__name__}: {exc}); "
                    "please report this as a bug in iopkit",
                    file=name,
                    code="internal-error",
                )
            ]
            vignette = doc = None
        self.problems.extend(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
        if vignette is None or doc is None:
            return
        other = self.first.get(vignette.id)
        builtin = self.builtin.get(vignette.id)
        same_builtin = builtin is not None and path is not None and _same(builtin, path)
        if other is not None:
            self.problems.append(
                doc.problem(
                    ("id",),
                    f"the id '{vignette.id}' is already used by {other}; every vignette "
                    "needs its own id",
                    code="duplicate-id",
                    value=vignette.id,
                )
            )
        elif builtin is not None and not same_builtin:
            self.problems.append(
                doc.problem(
                    ("id",),
                    f"the id '{vignette.id}' is already used by the built-in vignette "
                    f"{builtin.name}; choose another id (the library would skip this file)",
                    code="duplicate-id",
                    value=vignette.id,
                )
            )
        else:
            self.first[vignette.id] = name
        self.vignettes.append(vignette)

    def report(self) -> ValidationReport:
        return ValidationReport(tuple(self.files), tuple(self.problems), tuple(self.vignettes))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


_BUILTIN_IDS: dict[tuple[tuple[str, int, int], ...], dict[str, Path]] = {}


def _builtin_ids() -> dict[str, Path]:
    """Ids of the built-in vignettes, as the library loader reads them (cached until the files
    change)."""
    if not BUILTIN_DIR.is_dir():
        return {}
    files, _ = vignette_files([BUILTIN_DIR])
    stamp = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        stamp.append((str(path), info.st_mtime_ns, info.st_size))
    key = tuple(stamp)
    if key not in _BUILTIN_IDS:
        _BUILTIN_IDS.clear()
        _BUILTIN_IDS[key] = _read_ids(files)
    return _BUILTIN_IDS[key]


def _read_ids(files: list[Path]) -> dict[str, Path]:
    """The id of each built-in file, read by the library loader (the first file wins)."""
    loaded, _ = load_files(files)
    return {v.id: path for v, path in loaded}


def validate_paths(
    paths: Iterable[PathLike] | None = None, *, against_builtin: bool = True
) -> ValidationReport:
    """Check vignette files and folders (``None``: the built-in library).

    ``against_builtin`` also reports ids already taken by a built-in vignette (the library
    would skip such a file).
    """
    sources: list[PathLike] = [BUILTIN_DIR] if paths is None else list(paths)
    checker = _Checker(against_builtin)
    seen: set[Path] = set()
    for source in sources:
        files, problems = vignette_files([source], seen)
        checker.problems.extend(problems)
        empty = not files and not problems and not vignette_files([source])[0]
        if empty and paths is not None and _is_dir(source):
            checker.problems.append(
                Problem(
                    "this folder has no vignette files (*.yaml or *.yml)",
                    file=str(source),
                    code="no-files",
                )
            )
        for path in files:
            try:
                text = read_text(path)
            except InputError as exc:
                checker.files.append(str(path))
                checker.problems.extend(exc.problems)
                continue
            checker.add(text, str(path), path)
    return checker.report()


def _is_dir(path: PathLike) -> bool:
    try:
        return Path(path).is_dir()
    except OSError:
        return False


def validate_text(
    yaml_text: str, name: str = "draft.yaml", *, against_builtin: bool = True
) -> ValidationReport:
    """The same checks on YAML text (for a draft typed in a notebook)."""
    require_text(yaml_text, "yaml_text")
    require_text(name, "name")
    checker = _Checker(against_builtin)
    size = len(yaml_text.encode("utf-8", errors="replace"))
    if size > MAX_FILE_BYTES:
        checker.files.append(name)
        checker.problems.append(
            Problem(
                f"the text is {size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB",
                file=name,
                code="too-large",
            )
        )
        return checker.report()
    checker.add(yaml_text, name)
    return checker.report()
