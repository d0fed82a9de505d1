"""Loading vignette files and libraries of them.

A library is the built-in cases shipped in the package (``iopkit/vignettes/library``), plus the
folders or files named in the ``IOPKIT_VIGNETTES`` environment variable (separated like ``PATH``),
plus any paths a caller passes. The loader enforces what ``iopkit validate`` calls an error
(:mod:`iopkit.vignettes.checks`: the privacy lint, the key against the engine, missing feedback,
the story's length...): a file with an error is refused, so no trainee ever sees it. Refused
files never raise here: their errors are kept in :attr:`Library.problems`, so one broken file
does not hide the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from pydantic import ValidationError

from iopkit.components import Condition
from iopkit.errors import UnknownNameError, choose
from iopkit.inputs import (
    Document,
    InputError,
    Problem,
    ProblemSeverity,
    as_mapping,
    parse_text,
    parse_yaml,
    problems_from_pydantic,
    read_text,
)
from iopkit.vignettes.model import Vignette

BUILTIN_DIR = Path(__file__).resolve().parent / "library"
"""Where the built-in vignettes live (package data)."""

ENV_VAR = "IOPKIT_VIGNETTES"
"""Environment variable naming extra vignette folders or files, separated by ``os.pathsep``."""

SUFFIXES = (".yaml", ".yml")
"""File endings read as vignettes when a folder is given."""

PathLike = str | os.PathLike[str]


def vignette_from_document(doc: Document) -> Vignette:
    """Validate a parsed document as a vignette; raise :class:`InputError` with every problem."""
    data = as_mapping(doc, "a vignette")
    try:
        return Vignette.model_validate(data)
    except ValidationError as exc:
        raise InputError(_without_echoes(problems_from_pydantic(exc, doc, Vignette))) from None


def _without_echoes(problems: list[Problem]) -> list[Problem]:
    """Drop "too short" on a list whose item is already reported (a misspelt only item)."""
    paths = [p.path for p in problems]
    return [
        p
        for p in problems
        if not (
            p.message.startswith("should have at least")
            and any(other.startswith(p.path + "[") for other in paths)
        )
    ]


def load_vignette(path: PathLike) -> Vignette:
    """Read one vignette file; raise :class:`InputError` listing every error in it (the
    schema's, then the content rules' that ``iopkit validate`` reports as errors)."""
    vignette, _, errors = read_vignette(Path(path))
    if vignette is None or errors:
        raise InputError(errors)
    return vignette


def read_vignette(
    path: Path, *, check: bool = True
) -> tuple[Vignette | None, Document | None, list[Problem]]:
    """Read, parse and check one file: the vignette (``None`` if the schema refused it), the
    parsed document, and its errors, sorted by line (warnings are ``iopkit validate``'s).

    A vignette with errors is returned beside them: the caller decides; the library refuses it.
    """
    try:
        text = read_text(path)
        doc = parse_text(text, str(path))
        vignette = vignette_from_document(doc)
    except InputError as exc:
        return None, None, list(exc.problems)
    if not check:
        return vignette, doc, []
    from iopkit.vignettes.checks import check_vignette  # only for files not checked ahead

    checked = check_vignette(vignette, doc, text, warnings=False)
    errors = [p for p in checked if p.severity is ProblemSeverity.ERROR]
    return vignette, doc, sorted(errors, key=lambda p: (p.line or 0, p.column or 0))


def vignette_from_text(text: str, name: str = "draft.yaml") -> Vignette:
    """Read a vignette from YAML text (for example a draft typed in a notebook)."""
    if not text.strip():
        raise InputError([Problem("the text is empty", file=name, code="empty")])
    return vignette_from_document(parse_yaml(text, name))


def env_paths(environ: dict[str, str] | None = None) -> list[Path]:
    """The folders or files named in ``IOPKIT_VIGNETTES`` (empty entries ignored)."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def _os_problem(path: Path | str, exc: OSError, what: str) -> Problem:
    reason = exc.strerror or type(exc).__name__
    hint = (
        ": ask whoever manages this computer for read access, or copy the files somewhere "
        "you can read"
        if isinstance(exc, PermissionError)
        else ""
    )
    return Problem(f"cannot read the {what} ({reason}){hint}", file=str(path), code="os-error")


def vignette_files(
    paths: Iterable[PathLike], seen: set[Path] | None = None
) -> tuple[list[Path], list[Problem]]:
    """Expand folders (and their subfolders) into their ``*.yaml``/``*.yml`` files, sorted;
    keep files as given. Each file is listed once however it is named (``seen`` holds the
    resolved paths already listed, so several calls can share it).

    Hidden files and folders (``.git``, ``.ipynb_checkpoints``) are skipped. A path that does
    not exist or cannot be read is a problem naming it, never an exception.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen = set() if seen is None else seen
    for raw in paths:
        if not os.fspath(raw).strip():
            problems.append(
                Problem("the path is empty: give a file or folder", file="''", code="not-found")
            )
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:
            problems.append(_os_problem(path, exc, "path"))
            continue
        if not exists:
            problems.append(Problem("no such file or folder", file=str(path), code="not-found"))
            continue
        found = _walk_folder(path, problems) if is_dir else [path]
        for p in found:
            try:
                key = p.resolve()
            except (OSError, RuntimeError):  # a symlink loop
                key = p.absolute()
            if key not in seen:
                seen.add(key)
                files.append(p)
    return files, problems


def _walk_folder(folder: Path, problems: list[Problem]) -> list[Path]:
    """The vignette files under ``folder``, sorted, each subfolder after its own files."""
    found: list[Path] = []
    stack = [folder]
    visited: set[Path] = set()
    while stack:
        current = stack.pop()
        try:
            real = current.resolve()
            if real in visited:  # a symlink back up the tree
                continue
            visited.add(real)
            entries = sorted(current.iterdir())
        except (OSError, RuntimeError) as exc:
            if isinstance(exc, OSError):
                problems.append(_os_problem(current, exc, "folder"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    subfolders.append(entry)
                elif entry.suffix.lower() in SUFFIXES and entry.is_file():
                    found.append(entry)
            except OSError as exc:
                problems.append(_os_problem(entry, exc, "path"))
        stack.extend(reversed(subfolders))
    return found


def library_files(
    paths: Iterable[PathLike] | None = None, include_builtin: bool = True
) -> tuple[list[Path], list[Problem]]:
    """The files a library is read from: built-in, then ``IOPKIT_VIGNETTES``, then ``paths``."""
    sources: list[PathLike] = []
    if include_builtin and BUILTIN_DIR.is_dir():
        sources.append(BUILTIN_DIR)
    sources.extend(env_paths())
    sources.extend(paths or ())
    return vignette_files(sources)


class ProblemReport:
    """Problems met loading case files, rendering themselves for people (no Python repr)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)

    def __repr__(self) -> str:
        if not self.problems:
            return "Every case file loaded: no problems."
        return "\n".join(p.format() for p in self.problems)

    def _repr_html_(self) -> str:
        from iopkit.render.cases import problem_report_html

        return problem_report_html(self.problems)


class Library:
    """A set of vignettes with unique ids, sorted by id, and the problems met loading them."""

    def __init__(
        self,
        vignettes: Iterable[tuple[Vignette, Path]] = (),
        problems: Iterable[Problem] = (),
    ) -> None:
        pairs = sorted(vignettes, key=lambda pair: pair[0].id)
        self._paths: dict[str, Path] = {v.id: p for v, p in pairs}
        self._by_id: dict[str, Vignette] = {v.id: v for v, _ in pairs}
        self.vignettes: tuple[Vignette, ...] = tuple(self._by_id.values())
        self.problems: tuple[Problem, ...] = tuple(problems)

    def get(self, vignette_id: str) -> Vignette:
        """The vignette with this id (``KeyError`` naming the known ids if absent)."""
        try:
            return self._by_id[vignette_id]
        except (KeyError, TypeError):
            raise UnknownNameError("vignette_id", vignette_id, self._by_id) from None

    def path_of(self, vignette_id: str) -> Path:
        """The file the vignette was read from."""
        self.get(vignette_id)
        return self._paths[vignette_id]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def filter(self, condition: Condition | str | None = None) -> list[Vignette]:
        """Vignettes with this condition (``"co_occurring"`` for co-occurring cases)."""
        if condition is None:
            return list(self.vignettes)
        if condition == "co_occurring":
            return [v for v in self.vignettes if v.co_occurring]
        wanted = choose(Condition, condition, "condition")
        return [v for v in self.vignettes if wanted in v.conditions]

    @property
    def problem_report(self) -> ProblemReport:
        """The files that could not be loaded, as a page shows them (a collapsible panel)."""
        return ProblemReport(self.problems)

    def __len__(self) -> int:
        return len(self.vignettes)

    def __iter__(self) -> Iterator[Vignette]:
        return iter(self.vignettes)

    def __contains__(self, vignette_id: object) -> bool:
        return vignette_id in self._by_id

    def __repr__(self) -> str:
        return f"<Library: {len(self)} vignettes, {len(self.problems)} problems>"

    def _repr_html_(self) -> str:
        from iopkit.render import library_html

        return library_html(self)


def internal_error(name: str, exc: Exception) -> Problem:
    """A problem for an exception iopkit did not expect (a bug), so a file never crashes a page."""
    return Problem(
        f"iopkit could not read this file ({type(exc).__name__}); please report this as a bug "
        "in iopkit, with the file",
        file=name,
        code="internal-error",
    )


def _is_builtin(path: Path) -> bool:
    try:
        return BUILTIN_DIR in path.resolve().parents
    except (OSError, RuntimeError):
        return False


def load_files(
    files: Sequence[Path], *, check: bool = True, use_compiled: bool = True
) -> tuple[list[tuple[Vignette, Path]], list[Problem]]:
    """Load each file; the first file with an id wins, a later duplicate is a problem. With
    ``check`` (the default) a file with any error ``iopkit validate`` reports is refused.

    The built-in files are read from the library checked ahead (:mod:`iopkit.vignettes.compiled`)
    when it was made from exactly these files and this code (``use_compiled``)."""
    loaded: list[tuple[Vignette, Path]] = []
    problems: list[Problem] = []
    first: dict[str, Path] = {}
    builtin = [p for p in files if _is_builtin(p)]
    if check and use_compiled and builtin:
        from iopkit.vignettes.compiled import builtin_vignettes

        ready = builtin_vignettes(builtin)
        if ready is not None:
            first.update((v.id, p) for v, p in ready)
            loaded.extend(ready)
            files = [p for p in files if p not in set(builtin)]
    for path in files:
        try:
            vignette, doc, errors = read_vignette(path, check=check)
        except Exception as exc:  # a bug in iopkit must not hide the other cases
            problems.append(internal_error(str(path), exc))
            continue
        if vignette is None or doc is None or errors:
            problems.extend(errors)
            continue
        if vignette.id in first:
            line, column = doc.locate(("id",))
            problems.append(
                Problem(
                    f"the id '{vignette.id}' is already used by {first[vignette.id]}; "
                    "every vignette needs its own id",
                    file=str(path),
                    path="id",
                    line=line,
                    column=column,
                    value=repr(vignette.id),
                    code="duplicate-id",
                )
            )
            continue
        first[vignette.id] = path
        loaded.append((vignette, path))
    return loaded, problems


def load_library(paths: Iterable[PathLike] | None = None, include_builtin: bool = True) -> Library:
    """The built-in library, plus ``$IOPKIT_VIGNETTES``, plus ``paths``; never raises for bad files.

    >>> lib = load_library(include_builtin=False, paths=[])
    >>> len(lib), lib.problems
    (0, ())
    """
    files, problems = library_files(paths, include_builtin)
    loaded, more = load_files(files)
    return Library(loaded, [*problems, *more])
