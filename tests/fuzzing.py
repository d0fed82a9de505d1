"""The input fuzzer behind ``tests/test_fuzz_inputs.py`` (bounded) and ``make fuzz`` (large).

It starts from valid assessment, schedule, vignette, discharge-plan and hand-in files and breaks
them by structural mutation: deleting, duplicating, retyping and renaming keys; explicit tags of
every YAML core type with random scalars; deep nesting; huge numbers; control characters; wrong
encodings. Each input is written as YAML or JSON and given, in-process, to the command and the
loaders that read such a file. The rule checked: an exit status of 0, 1 or 2 (1 or 2 with a
message naming the file), never an exception, never a traceback or a raw control character in
the output, never "please report this as a bug", and no input takes more than a few seconds.
A hostile hand-in is put in a drop box beside a good one: the model accepts it or names the file
and field, the writer accepts what the debrief accepts, the debrief still counts the good one,
and the report and the ``debrief`` command show its text escaped.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import signal
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from factories import IOP_CANDIDATE, good_week
from hypothesis import strategies as st

from iopkit.cli import main
from iopkit.debrief import build_debrief, read_exchange
from iopkit.handins import TABLES, HandInProblem, handin_text, parse_handin
from iopkit.inputs import InputError, printable
from iopkit.vignettes import load_library, vignette_from_text
from iopkit.vignettes.loader import BUILTIN_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "vignettes"
SAMPLE_EXCHANGE = Path(__file__).resolve().parents[1] / "notebooks" / "sample-exchange"
HANDIN_SEED, OTHER_HANDIN = sorted(SAMPLE_EXCHANGE.glob("handin-*.json"))[:2]

SECONDS_PER_INPUT = 10
"""An input taking longer than this is a hang (the slowest legitimate input takes well under
a second)."""

# A tree is a mapping written as a list of (key, value) pairs, so keys can be duplicated, and
# scalars are either Python values (written as JSON/YAML would) or Raw text written verbatim.


@dataclass(frozen=True)
class Raw:
    """A scalar written exactly as given (a tag, an unquoted YAML number, a broken token)."""

    text: str


Pairs = list[tuple[str, Any]]


def to_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return [(str(k), to_tree(v)) for k, v in value.items()]
    if isinstance(value, list | tuple):
        return tuple(to_tree(v) for v in value)
    if isinstance(value, dt.date):
        return Raw(value.isoformat())
    return value


SEEDS: dict[str, Any] = {}


def seeds() -> dict[str, Any]:
    """The valid starting points, one per kind of file."""
    if not SEEDS:
        with_plan = yaml.safe_load((BUILTIN_DIR / "marcus-depression.yaml").read_text("utf-8"))
        SEEDS.update(
            {
                "assessment": to_tree(
                    {
                        "assessment": {
                            **IOP_CANDIDATE,
                            "pregnant": False,
                            "medications": ["methadone", "antidepressant"],
                            "percent_expected_weight": 92,
                        }
                    }
                ),
                "schedule": to_tree(good_week()),
                "vignette": to_tree(
                    yaml.safe_load((FIXTURES / "evening-iop.yaml").read_text("utf-8"))
                ),
                "plan": to_tree(with_plan),
                "handin": to_tree(_handin_seed()),
            }
        )
    return SEEDS


def _handin_seed() -> dict[str, Any]:
    """A real hand-in (the sample folder's), two answers of each kind, for the hand-in fuzzer."""
    data: dict[str, Any] = json.loads(HANDIN_SEED.read_text("utf-8"))
    for table in TABLES:
        data[table] = data[table][:2]
    data["vignette_versions"] = dict(list(data["vignette_versions"].items())[:3])
    return data


# --- writing trees as text --------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    return _dumps(value)  # JSON scalars are valid YAML flow scalars


def to_yaml(tree: Any, indent: int = 0) -> str:
    """Block mappings, flow lists; strings double-quoted (so any character can be written)."""
    pad = "  " * indent
    if isinstance(tree, list):
        if not tree:
            return "{}"
        lines = []
        for key, value in tree:
            head = f"{pad}{_dumps(key)}:"
            if isinstance(value, list) and value:
                lines.append(head + "\n" + to_yaml(value, indent + 1))
            else:
                lines.append(f"{head} {to_flow(value)}")
        return "\n".join(lines)
    return pad + to_flow(tree)


def to_flow(tree: Any) -> str:
    if isinstance(tree, list):
        return "{" + ", ".join(f"{_dumps(k)}: {to_flow(v)}" for k, v in tree) + "}"
    if isinstance(tree, tuple):
        return "[" + ", ".join(to_flow(v) for v in tree) + "]"
    return _yaml_scalar(tree)


def to_json(tree: Any) -> str:
    if isinstance(tree, list):
        return "{" + ", ".join(f"{_dumps(k)}: {to_json(v)}" for k, v in tree) + "}"
    if isinstance(tree, tuple):
        return "[" + ", ".join(to_json(v) for v in tree) + "]"
    if isinstance(tree, Raw):
        return tree.text
    return _dumps(tree)


# --- mutations ----------------------------------------------------------------------------------

CORE_TAGS = (
    "str",
    "int",
    "float",
    "bool",
    "null",
    "timestamp",
    "binary",
    "map",
    "seq",
    "set",
    "omap",
    "pairs",
    "merge",
    "value",
    "yaml",
    "python/object/apply:os.system",
)

CONTROL = "".join(chr(c) for c in (*range(0, 32), 127, 0x85, 0x2028, 0x202E, 0xFEFF))

scalar_text = st.one_of(
    st.sampled_from(
        [
            "maybe",
            "x",
            "",
            "yes",
            "no",
            "on",
            "9",
            "25:00",
            "17:00",
            "9:99",
            "010",
            "0x1A",
            "0b11",
            ".inf",
            ".nan",
            "-.inf",
            "1e999",
            "2026-13-45",
            "2026-01-01 10:00:00",
            "aGVsbG8=",
            "~",
            "null",
            "[1]",
            "{a: 1}",
            "\u0660\u0669:\u0663\u0660",
            "9" * 5000,
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
)

odd_text = st.text(
    alphabet=st.one_of(st.sampled_from(list(CONTROL)), st.characters(codec="utf-8")),
    max_size=20,
)

odd_keys = st.one_of(
    odd_text,
    st.sampled_from(
        [
            "a[b]",
            "[key]",
            "function-after[x]",
            "str",
            "<<",
            "=",
            "\x1b]0;owned\x07",
            "severty",
            "risk_of_harm",  # the old names of safety and safe_alternative_accommodation
            "sober_living_available",
            "id",
            "assessment",
            "sessions",
        ]
    ),
)


def _deep(depth: int, json_style: bool) -> Raw:
    if json_style:
        return Raw("[" * depth + "]" * depth)
    return Raw("[" * min(depth, 5000) + "]" * min(depth, 5000))


new_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    odd_text,
    scalar_text.map(
        lambda s: (
            Raw(s)
            if s
            and "\n" not in s
            and not s.startswith(("#", "&", "*", "|", ">", "%", "@", "`", "'", '"', "!"))
            else s
        )
    ),
    st.builds(
        lambda tag, text: Raw(f"!!{tag} {json.dumps(text)}"),
        st.sampled_from(CORE_TAGS),
        scalar_text,
    ),
    st.builds(
        lambda tag, text: Raw(f"!!{tag} {text}"),
        st.sampled_from(CORE_TAGS),
        st.sampled_from(["maybe", "x", "1", "[1]", "{a: 1}", "2026-01-01", ""]),
    ),
    st.builds(lambda n: Raw("9" * n), st.integers(31, 6000)),
    st.builds(lambda n: Raw("1" + "0" * n + ".5"), st.integers(300, 400)),
    st.just(()),
    st.just([]),
    st.lists(st.integers(0, 5), max_size=3).map(tuple),
)


def paths_in(tree: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a tree: a mapping's pair index or a list's index."""
    yield here
    if isinstance(tree, list):
        for i, (_, value) in enumerate(tree):
            yield from paths_in(value, (*here, i))
    elif isinstance(tree, tuple):
        for i, value in enumerate(tree):
            yield from paths_in(value, (*here, i))


def _get(tree: Any, path: tuple[Any, ...]) -> Any:
    for i in path:
        tree = tree[i][1] if isinstance(tree, list) else tree[i]
    return tree


def _replace(tree: Any, path: tuple[Any, ...], fn: Callable[[Any, Any], Any]) -> Any:
    """A copy of ``tree`` with the container holding ``path[-1]`` passed through ``fn``."""
    if len(path) == 1:
        return fn(tree, path[0])
    head, rest = path[0], path[1:]
    if isinstance(tree, list):
        return [(k, _replace(v, rest, fn) if i == head else v) for i, (k, v) in enumerate(tree)]
    return tuple(_replace(v, rest, fn) if i == head else v for i, v in enumerate(tree))


def _set_value(container: Any, index: int, value: Any) -> Any:
    if isinstance(container, list):
        return [(k, value if i == index else v) for i, (k, v) in enumerate(container)]
    return tuple(value if i == index else v for i, v in enumerate(container))


def _delete(container: Any, index: int) -> Any:
    if isinstance(container, list):
        return [pair for i, pair in enumerate(container) if i != index]
    return tuple(v for i, v in enumerate(container) if i != index)


def _duplicate(container: Any, index: int, value: Any) -> Any:
    if isinstance(container, list):
        key = container[index][0]
        return [*container[: index + 1], (key, value), *container[index + 1 :]]
    return (*container[: index + 1], value, *container[index + 1 :])


def _rename(container: Any, index: int, key: str) -> Any:
    if isinstance(container, list):
        return [(key if i == index else k, v) for i, (k, v) in enumerate(container)]
    return container


@st.composite
def mutated_tree(draw: Any, tree: Any) -> Any:
    """Apply one to three structural mutations to a tree."""
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in paths_in(tree) if p]
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent = _get(tree, path[:-1])
        if not parent:
            continue
        kind = draw(st.sampled_from(["delete", "duplicate", "retype", "rename", "deep", "retype"]))
        if kind == "delete":
            tree = _replace(tree, path, _delete)
        elif kind == "duplicate":
            same = _get(tree, path)
            value = draw(st.one_of(st.just(same), new_values))
            tree = _replace(tree, path, lambda c, i, v=value: _duplicate(c, i, v))
        elif kind == "rename":
            key = draw(odd_keys)
            tree = _replace(tree, path, lambda c, i, k=key: _rename(c, i, k))
        elif kind == "deep":
            depth = draw(st.sampled_from([65, 100, 1000, 100_000]))
            value = _deep(depth, json_style=True)
            tree = _replace(tree, path, lambda c, i, v=value: _set_value(c, i, v))
        else:
            value = draw(new_values)
            tree = _replace(tree, path, lambda c, i, v=value: _set_value(c, i, v))
    return tree


@st.composite
def fuzz_input(draw: Any, kind: str) -> tuple[str, bytes]:
    """(file name, file bytes) for one mutated file of ``kind``."""
    tree = draw(mutated_tree(seeds()[kind]))
    as_json = kind == "handin" or draw(st.booleans())
    text = to_json(tree) if as_json else to_yaml(tree)
    if not as_json and "[" * 5001 in text:
        text = text.replace("[" * 100_000, "[" * 5000).replace("]" * 100_000, "]" * 5000)
    encoding = draw(st.sampled_from(["utf-8"] * 8 + ["utf-16", "latin-1", "cp1252", "bytes"]))
    if encoding == "bytes":
        data = text.encode("utf-8")
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    else:
        data = text.encode(encoding, errors="replace")
    if kind == "handin":
        name = draw(
            st.sampled_from(["handin-x.json", "\x1b]0;owned\x07.json", "<img src=x>$x$.json"])
        )
        return name, data
    return ("case.json" if as_json else "case.yaml"), data


# --- running one input --------------------------------------------------------------------------

_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Hang(Exception):
    """An input took longer than SECONDS_PER_INPUT."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


COMMANDS = {
    "assessment": (["place"], ["place", "--json"]),
    "schedule": (["schedule", "check"], ["schedule", "check", "--json"]),
    "vignette": (["validate"],),
    "plan": (["validate"],),
}


def _check_output(text: str) -> None:
    assert "Traceback" not in text, text
    assert "report this as a bug" not in text, text
    assert not _RAW_CONTROL.search(text), text


def check_handin(name: str, data: bytes, folder: Path) -> None:
    """One hostile hand-in beside a good one: the model accepts it or names the fault; the
    writer accepts what the debrief accepts; the debrief counts the good one and goes on."""
    drop = folder / "drop"
    if drop.exists():
        for old in drop.iterdir():
            old.unlink()
    drop.mkdir(exist_ok=True)
    (drop / OTHER_HANDIN.name).write_bytes(OTHER_HANDIN.read_bytes())
    path = drop / name
    path.write_bytes(data)
    with time_limit(SECONDS_PER_INPUT):
        try:
            record = parse_handin(data, str(path))
        except HandInProblem as exc:
            record = None
            assert str(exc).startswith(printable(str(path)) + ": "), str(exc)
        if record is not None:  # the writer writes what the debrief reads
            handin_text(json.loads(data))
        handins = read_exchange(drop)
        report = build_debrief(handins)
        assert report.trainees == (2 if record is not None else 1), handins.problems
        page = report.to_html()
        assert "<img src=x>" not in page and "\x1b" not in page
        if zlib.crc32(data) % 4 == 0:  # the command, figures included, for one input in four
            out, err = io.StringIO(), io.StringIO()
            code = main(["debrief", str(drop), "--out", str(folder / "report.html")], out, err)
            assert code == 0, err.getvalue()
            _check_output(out.getvalue() + err.getvalue())


def check_one(kind: str, name: str, data: bytes, folder: Path) -> None:
    """Give one input to the commands and loaders that read such files; assert the rules."""
    if kind == "handin":
        check_handin(name, data, folder)
        return
    path = folder / name
    path.write_bytes(data)
    with time_limit(SECONDS_PER_INPUT):
        for argv in COMMANDS[kind]:
            out, err = io.StringIO(), io.StringIO()
            try:
                code = main([*argv, str(path)], out, err)
            except SystemExit as exc:  # argparse
                code = int(exc.code or 0)
            text = out.getvalue() + err.getvalue()
            assert code in (0, 1, 2), (argv, code)
            _check_output(text)
            week_with_errors = argv[0] == "schedule" and (
                text.startswith("ERRORS:") or '"ok": false' in text
            )  # a well-formed week that breaks the schedule rules also exits 1
            if code != 0 and not week_with_errors:
                assert str(path) in text, (argv, code, text)
        if kind in ("vignette", "plan"):
            lib = load_library(paths=[path], include_builtin=False)
            assert all(p.file == str(path) for p in lib.problems)
            assert all(p.code != "internal-error" for p in lib.problems), lib.problems
            try:
                vignette_from_text(data.decode("utf-8", errors="replace"), name)
            except InputError as exc:
                assert all(p.file == name for p in exc.problems)


@dataclass
class Tally:
    inputs: int = 0
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


KINDS = ("assessment", "schedule", "vignette", "plan", "handin")
