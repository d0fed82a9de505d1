"""The loader enforces what `iopkit validate` calls an error: such a case never reaches a trainee.

Each mistake below is one the issue saw reach the apps, `iopkit vignettes list` and the printed
packet: a phone number in the story, a key against the engine with no explanation, missing
feedback, a story far too short. Each file is refused everywhere; its problems are named.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopkit.cli import main
from iopkit.inputs import InputError
from iopkit.vignettes import ENV_VAR, load_library, load_vignette, privacy, validate_paths

FIXTURE = Path(__file__).parent / "fixtures" / "vignettes" / "evening-iop.yaml"
PHONE = "555-201-3344"

MISTAKES: dict[str, tuple[Callable[[str], str], str]] = {
    "phone-number": (
        lambda t: t.replace("He wants help and says", f"Call him on {PHONE}. He says", 1),
        "privacy-phone-number",
    ),
    "key-against-engine": (
        lambda t: t.replace("expected_level: iop\n", "expected_level: php\n", 1),
        "key-differs",
    ),
    "missing-feedback": (
        lambda t: t.replace('  php: "Too much', '  # php: "Too much', 1),
        "feedback-missing",
    ),
    "story-too-short": (
        lambda t: re.sub(
            r"presentation: \|\n(?:  .*\n|\n)*", "presentation: |\n  A short story.\n", t
        ),
        "presentation-length",
    ),
}
"""name: (the mistake made in a good file, the code ``iopkit validate`` reports as an error)."""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def case_text(vignette_id: str, mistake: str | None = None) -> str:
    good = FIXTURE.read_text(encoding="utf-8").replace("fixture-evening-iop", vignette_id, 1)
    if mistake is None:
        return good
    text = MISTAKES[mistake][0](good)
    assert text != good
    return text


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An educator's folder named in IOPKIT_VIGNETTES: one good case and one per mistake."""
    (tmp_path / "good-case.yaml").write_text(case_text("good-case"), encoding="utf-8")
    for mistake in MISTAKES:
        (tmp_path / f"{mistake}.yaml").write_text(case_text(mistake, mistake), encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_is_an_error_that_validate_reports(folder: Path, mistake: str) -> None:
    report = validate_paths([folder / f"{mistake}.yaml"])
    assert MISTAKES[mistake][1] in {p.code for p in report.errors}


def test_invalid_case_is_never_served_to_trainees(folder: Path) -> None:
    from iopkit.widgets import PlacementCasePlayer

    library = load_library()
    assert "good-case" in library
    refused = {Path(p.file).stem for p in library.problems}
    assert refused == set(MISTAKES)
    for mistake in MISTAKES:
        assert mistake not in library
    page = library._repr_html_()
    assert "4 files not loaded</b> (errors; trainees do not see them)" in page
    assert all(f"{folder / m}.yaml" in page for m in MISTAKES)
    player = PlacementCasePlayer(record=False)
    assert "good-case" in player.library
    assert not any(m in player.library for m in MISTAKES)


def test_vignettes_list_exits_1_and_names_each_refused_file(folder: Path) -> None:
    code, out, err = run("vignettes", "list")
    assert code == 1
    assert "good-case" in out
    for mistake in MISTAKES:
        assert f"{folder / mistake}.yaml" in out  # named in the closing line
        assert f"{folder / mistake}.yaml:" in err  # and each problem on standard error
        assert f"\n{mistake} " not in out  # never listed as a case
    assert "Not listed, 4 files with errors" in out


def test_a_refused_case_is_never_printed_in_a_handout(folder: Path, tmp_path: Path) -> None:
    packet = tmp_path / "packet.html"
    code, _, err = run("handout", "--out", str(packet), "--answer-key")
    assert code == 0
    page = packet.read_text(encoding="utf-8")
    assert PHONE not in page
    assert "Not in the packet, 4 case files with errors" in err
    code, _, err = run("handout", "phone-number", "--out", str(packet))
    assert code == 1
    assert f"'phone-number' (its file {folder / 'phone-number.yaml'} has errors" in err


def test_the_problems_panel_names_each_refused_file_with_its_first_problems_and_what_to_do(
    folder: Path,
) -> None:
    from iopkit.render.cases import PROBLEMS_SHOWN_PER_FILE
    from iopkit.widgets import ScheduleDesigner

    text = ScheduleDesigner(record=False).problems.value
    assert "4 case files not loaded, so trainees do not see them" in text
    for mistake in MISTAKES:
        assert f"<b>{folder / mistake}.yaml</b>" in text
    assert "this looks like a phone number" in text
    assert "feedback is missing for php" in text
    assert "What to do: fix each problem at the line shown" in text
    assert "iopkit validate FOLDER" in text
    assert PROBLEMS_SHOWN_PER_FILE == 3


def test_a_file_with_many_problems_shows_the_first_few_and_points_to_validate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = case_text("many-problems")
    for level in ("outpatient", "php", "residential", "inpatient"):
        text = text.replace(f"  {level}: ", f"  # {level}: ", 1)
    text = text.replace("He wants help", f"Phone {PHONE}, or 555-201-3345, or 555-201-3346", 1)
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    from iopkit.render.cases import problems_html

    library = load_library()
    assert len(library.problems) == 4
    html_text = problems_html(library.problems)
    assert "(4 problems)" in html_text and html_text.count("<li><code>") == 3
    assert f"... and 1 more: <code>iopkit validate {path}</code> lists them all" in html_text


def test_a_key_that_differs_with_an_explanation_is_still_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = case_text("explained-key", "key-against-engine")
    text += '\nkey_differs_because: "The panel wants day treatment for this driver."\n'
    (tmp_path / "explained.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    library = load_library()
    assert "explained-key" in library and library.problems == ()


def test_load_vignette_refuses_a_file_with_an_error_that_validate_reports(folder: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_vignette(folder / "phone-number.yaml")
    assert [p.code for p in caught.value.problems] == ["privacy-phone-number"]
    assert load_vignette(folder / "good-case.yaml").id == "good-case"


# The privacy lint's quick look (what keeps enforcing it on every load fast) ---------------

TOKENS = (
    *"0123456789",
    *" \n\t-.()+/:#,@",
    "12",
    "123",
    "2020",
    "555",
    "0161",
    "+44",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Prof",
    "Professor",
    "Smith",
    "Elm",
    "A",
    "B",
    "D",
    "Street",
    "St",
    "Road",
    "Rd",
    "Lane",
    "Way",
    "Mews",
    "patient",
    "Patient",
    "record",
    "medical",
    "MRN",
    "NHS",
    "chart",
    "number",
    "no",
    "No.",
    "num",
    "ID",
    "id",
    "policy",
    "member",
    "born",
    "Born",
    "DOB",
    "D.O.B.",
    "date of birth",
    "birth date",
    "on",
    "Jan",
    "March",
    "th",
    "www.",
    "http://",
    "ftp://",
    "mail",
    "org",
    "phone",
    "call",
    "tel",
    "text",
    "\u017f",
    "\u212a",
    "\u0130",
    "\u0131",
    "\u2019",
    "é",
    # read by the quick look's shape: a title's first letters, non-ASCII digits and spaces,
    # and the ASCII separators \s matches beyond the usual ones
    "M",
    "P",
    "\u0663",
    "\u0661\u0662",
    "\u00a0",
    "\u2003",
    "\x1c",
    "\x1f",
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=14).map("".join))
def test_the_quick_privacy_look_never_misses_what_the_full_scan_finds(text: str) -> None:
    if privacy.scan(text, fast=False):
        assert privacy.may_find(text)
    assert privacy.scan(text) == privacy.scan(text, fast=False)


@pytest.mark.parametrize(
    "text",
    [
        "Seen by Dr Patel",
        "mail a.b@c.org",
        "see www.example.org",
        "DOB: 12/03/1980",
        "born on 3rd of March 1980",
        "SSN 123-45-6789",
        "NI AB 12 34 56 C",
        "medical record number: AB-1234",
        "MRN 004512",
        "call 0161 496 0000",
        "+44 20 7946 0958",
        "account 12345678",
        "lives at 221B Baker Street",
        "hoſpital number 123",
        "call \u0660\u0661\u0666\u0661 \u0664\u0669\u0666 \u0660\u0660\u0660\u0660",
        "MRN\u00a0004512",
        "lives at 12\u00a0Elm\u2003Road",
        "Dr\u00a0Patel",
        "Prof.\x1cLee",
    ],
)
def test_every_kind_of_identifier_passes_the_quick_look(text: str) -> None:
    assert privacy.scan(text, fast=False) and privacy.may_find(text)


def test_the_quick_privacy_look_clears_every_built_in_case_so_loading_skips_the_full_scan() -> None:
    from iopkit.inputs import parse_text, read_text
    from iopkit.vignettes.loader import BUILTIN_DIR, vignette_files
    from iopkit.vignettes.texts import free_texts

    files, _ = vignette_files([BUILTIN_DIR])
    for path in files:
        texts = [value for _, value in free_texts(parse_text(read_text(path), str(path)))]
        assert not privacy.may_find("\n".join(texts)), path


def test_the_loader_refuses_for_exactly_the_errors_validate_reports(folder: Path) -> None:
    from iopkit.inputs import ProblemSeverity, read_text
    from iopkit.vignettes.checks import check_vignette
    from iopkit.vignettes.loader import library_files, read_vignette

    files, _ = library_files()
    for path in files:
        vignette, doc, _ = read_vignette(path, check=False)
        assert vignette is not None and doc is not None, path
        text = read_text(path)

        def errors(found: list[Any]) -> list[str]:
            return sorted(p.format() for p in found if p.severity is ProblemSeverity.ERROR)

        every = errors(check_vignette(vignette, doc, text))
        assert errors(check_vignette(vignette, doc, text, warnings=False)) == every, path
        assert sorted(p.format() for p in read_vignette(path)[2]) == every


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\n\x0b\x0c\r\x1c\x1fab-.é\u00a0\u2003"), max_size=40))
def test_the_quick_word_count_counts_as_str_split_does(text: str) -> None:
    from iopkit.words import word_count

    assert word_count(text) == len(text.split())
