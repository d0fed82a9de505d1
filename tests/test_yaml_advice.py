"""YAML mistakes non-programmers make, reported in plain words at the line of the mistake.

Each test makes one mistake in a good case file (the test fixture) and checks, through
``iopkit validate``, the line reported and the advice: what to type, never parser jargon.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopkit.cli import main
from iopkit.inputs import InputError, parse_yaml
from iopkit.inputs.yaml_advice import advise
from iopkit.vignettes import validate_text

FIXTURE = Path(__file__).parent / "fixtures" / "vignettes" / "evening-iop.yaml"
GOOD = FIXTURE.read_text(encoding="utf-8")
JARGON = ("mapping values", "expected ':'", "indicator", "<block end>", "scalar", "not valid YAML")


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line of ``text`` starting with ``start``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def only_problem(text: str) -> tuple[int | None, str, str]:
    """(line, message, code) of the single problem ``validate`` reports for ``text``."""
    (problem,) = validate_text(text, "case.yaml", against_builtin=False).problems
    assert not any(word in problem.message for word in JARGON), problem.message
    return problem.line, problem.message, problem.code


def mistake(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def test_lost_indentation_is_reported_at_its_own_line() -> None:
    text = mistake("  in the football club", "in the football club")
    line, message, code = only_problem(text)
    assert line == line_of(text, "in the football club")
    assert message == (
        f"line {line} is not indented like the story around it: add 2 spaces at its start "
        "(every line of a text after 'presentation: |' starts with the same 2 spaces)"
    )
    assert code == "yaml-lost-indentation"


def test_lost_indentation_of_a_line_that_looks_like_a_key_is_still_lost_indentation() -> None:
    text = mistake("  At work he has had", "At work: he has had")
    line, message, _ = only_problem(text)
    assert line == line_of(text, "At work: he")
    assert "add 2 spaces at its start" in message


def test_lost_indentation_in_a_stage_update_names_the_update_and_the_spaces_missing() -> None:
    text = mistake(
        '    update: "He attends every session. His PHQ-9 is now 9 and he has gone back to '
        'coaching."',
        "    update: |\n      He attends every session.\n"
        "    His PHQ-9 is now 9.\n      He is glad.",
    )
    line, message, _ = only_problem(text)
    assert line == line_of(text, "    His PHQ-9 is now 9.")
    assert "not indented like the update around it: add 2 spaces" in message


def test_a_missing_bar_after_presentation_is_reported_at_the_key_with_what_to_type() -> None:
    text = mistake("presentation: |\n", "presentation:\n")
    line, message, code = only_problem(text)
    assert line == line_of(text, "presentation:")
    assert message.startswith(
        "keep the | after presentation: so that the story can run over several lines: write "
        f"'presentation: |' on line {line}"
    )
    assert code == "yaml-missing-block"


def test_a_story_started_on_the_key_line_without_the_bar_says_to_move_it() -> None:
    text = mistake("presentation: |\n  Tomasz is", "presentation: Tomasz is\n  a man who")
    line, message, _ = only_problem(text)
    assert line == line_of(text, "presentation:")
    assert "move 'Tomasz is' to the next line" in message


def test_an_unquoted_title_with_colon_space_says_to_use_double_quotes() -> None:
    text = mistake(
        'title: "Fixture: evening IOP for a bus driver"',
        "title: Fixture: evening IOP for a bus driver",
    )
    line, message, code = only_problem(text)
    assert line == line_of(text, "title:")
    assert message == (
        "text containing ': ' must be in double quotes: write "
        'title: "Fixture: evening IOP for a bus driver"'
    )
    assert code == "yaml-unquoted-colon"


def test_an_unquoted_feedback_with_colon_space_says_to_use_double_quotes() -> None:
    text = mistake('  php: "Too much: he is not', "  php: Too much: he is not")
    line, message, _ = only_problem(text)
    assert line == line_of(text, "  php:")
    assert message.startswith("text containing ': ' must be in double quotes: write php: \"Too")


def test_an_unquoted_list_item_with_colon_space_is_read_as_a_mapping_and_says_so() -> None:
    text = mistake(
        '  - "IOP fits when weekly therapy is not enough but daily life can continue."',
        "  - IOP fits: when weekly therapy is not enough",
    )
    line, message, _ = only_problem(text)
    assert line == line_of(text, "  - IOP fits:")
    assert message.endswith(
        "text containing ': ' must be in double quotes: write "
        '"IOP fits: when weekly therapy is not enough"'
    )


def test_a_stage_indented_by_three_spaces_is_reported_at_its_line_with_the_spaces_to_use() -> None:
    text = mistake("  - id: week-4-review", "   - id: week-4-review")
    line, message, code = only_problem(text)
    assert line == line_of(text, "   - id: week-4-review")
    assert message == (
        f"line {line} starts with 3 spaces, which lines it up with nothing above it: this file "
        "indents in steps of 2, so start it with 2 spaces"
    )
    assert code == "yaml-indentation"


def test_a_finding_indented_by_one_space_is_reported_at_its_line() -> None:
    text = mistake("  functional_impairment: moderate", " functional_impairment: moderate")
    line, message, _ = only_problem(text)
    assert line == line_of(text, " functional_impairment")
    assert "starts with 1 space" in message and "start it with 2 spaces" in message


def test_a_key_indented_more_than_the_key_above_says_to_line_it_up() -> None:
    text = mistake("  functional_impairment: moderate", "    functional_impairment: moderate")
    line, message, _ = only_problem(text)
    assert line == line_of(text, "    functional_impairment")
    assert message == (
        f"line {line} is indented more than line {line - 1} above it (4 spaces, not 2): start "
        "'functional_impairment:' with 2 spaces, like 'symptom_severity:'"
    )


def test_a_colon_without_a_space_says_to_put_one() -> None:
    text = mistake("version: 1", "version:1")
    line, message, _ = only_problem(text)
    assert (line, message) == (
        line_of(text, "version:"),
        "put a space after the colon: write 'version: 1'",
    )


def test_a_double_quote_left_open_is_reported_where_it_opens() -> None:
    text = mistake('title: "Fixture: evening IOP for a bus driver"', 'title: "Fixture: evening')
    line, message, _ = only_problem(text)
    assert line == line_of(text, "title:")
    assert 'not closed on that line: add the closing " at its end' in message


def test_a_quote_inside_a_quoted_text_says_to_escape_it() -> None:
    text = mistake('title: "Fixture: evening IOP', 'title: "Fixture: the "evening" IOP')
    line, message, _ = only_problem(text)
    assert line == line_of(text, "title:")
    assert 'ends it early: write \\" for each quote inside the text' in message


def test_a_bare_yes_in_a_text_field_says_to_quote_it() -> None:
    text = mistake(
        '  php: "Too much: he is not in an acute phase and can keep working with '
        'evening sessions."',
        "  php: no",
    )
    line, message, _ = only_problem(text)
    assert line == line_of(text, "  php:")
    assert message.endswith('put the text in double quotes ("yes")')


def test_the_advice_reaches_the_command_line_and_the_python_reader(tmp_path: Path) -> None:
    text = mistake("  in the football club", "in the football club")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(path)], out, err) == 1
    line = line_of(text, "in the football club")
    assert re.search(
        rf"{re.escape(str(path))}:{line}:1: error: line {line} is not indented", out.getvalue()
    )
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "case.yaml")
    assert caught.value.problems[0].line == line


def test_a_syntax_error_with_no_known_cause_keeps_the_parsers_words_and_line() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("a: [1, 2\n", "x.yaml")
    problem = caught.value.problems[0]
    assert problem.message.startswith("this is not valid YAML: ") and problem.line is not None


LINE_PARTS = (
    "  ",
    "   ",
    "- ",
    "key:",
    "title:",
    " |",
    " >",
    ' "',
    '"',
    ": ",
    "text",
    "#",
    "\t",
    "x",
)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(LINE_PARTS), max_size=6).map("".join), max_size=12),
    st.integers(min_value=-2, max_value=15),
)
def test_the_advice_never_fails_whatever_the_lines_and_the_error_line(
    lines: list[str], error_line: int
) -> None:
    advice = advise("\n".join(lines), error_line)
    if advice is not None:
        assert 1 <= advice.line <= max(len(lines), 1) and advice.message


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LINE_PARTS), max_size=40).map("".join))
def test_any_broken_yaml_is_reported_as_a_problem_with_a_line_never_an_exception(
    text: str,
) -> None:
    try:
        parse_yaml(text, "x.yaml")
    except InputError as exc:
        assert all(p.message for p in exc.problems)
