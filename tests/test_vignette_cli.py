"""The authoring commands: `iopkit validate`, `new`, `vignettes list`, `schema`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from iopkit.cli import main
from iopkit.vignettes import BUILTIN_DIR, ENV_VAR, Vignette, validate_paths
from iopkit.vignettes.schema import SCHEMA_FILE, schema_dict, schema_json

FIXTURES = Path(__file__).parent / "fixtures" / "vignettes"
VALID = FIXTURES / "evening-iop.yaml"
PACKAGE = Path(__file__).parent.parent / "iopkit" / "vignettes"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def no_env_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


def test_validate_a_clean_file_exits_0_and_says_ok() -> None:
    code, out, _ = run("validate", str(VALID))
    assert code == 0
    assert out.strip() == "OK: checked 1 file: 0 errors, 0 warnings."


def test_validate_without_paths_checks_the_built_in_library() -> None:
    code, out, _ = run("validate")
    n = len(list(BUILTIN_DIR.glob("*.yaml")))
    assert code == 0, out
    assert f"checked {n} file" in out.splitlines()[-1]


def test_validate_a_bad_file_exits_1_with_one_line_per_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        VALID.read_text(encoding="utf-8")
        .replace("expected_level: iop", "expected_level: iopp")
        .replace("version: 1", "verison: 1"),
        encoding="utf-8",
    )
    code, out, _ = run("validate", str(bad))
    assert code == 1
    lines = out.splitlines()
    assert lines[-1] == "FAILED: checked 1 file: 3 errors, 0 warnings."
    assert f"{bad}:2:1: error: version: this required field is missing" in lines
    assert any(
        line.startswith(f"{bad}:4:1: error: verison: unknown field 'verison'")
        and "Did you mean 'version'?" in line
        for line in lines
    )
    assert any("expected_level:" in line and "Did you mean 'iop'?" in line for line in lines)


def test_validate_json_is_machine_readable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.read_text(encoding="utf-8").replace("adult", "adullt", 1), "utf-8")
    code, out, _ = run("validate", "--json", str(bad), str(VALID))
    payload = json.loads(out)
    assert code == 1
    assert payload["ok"] is False
    assert payload["files"] == [str(bad), str(VALID)]
    (problem,) = payload["problems"]
    assert {k: problem[k] for k in ("file", "line", "path", "severity", "suggestion")} == {
        "file": str(bad),
        "line": 7,
        "path": "population",
        "severity": "error",
        "suggestion": "adult",
    }


def test_validate_exits_0_when_there_are_only_warnings(tmp_path: Path) -> None:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data["expected_level"] = "php"
    data["key_differs_because"] = "A deliberately cautious key, for discussion."
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 0
    assert ": warning: expected_level:" in out


def test_validate_a_missing_path_exits_1_and_names_it(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert f"{tmp_path / 'nope.yaml'}: error: no such file or folder" in out


def test_new_writes_the_template_with_the_id_filled_in(tmp_path: Path) -> None:
    code, out, err = run("new", "jordan-evening-iop", "--dir", str(tmp_path))
    target = tmp_path / "jordan-evening-iop.yaml"
    assert code == 0, err
    assert str(target) in out
    text = target.read_text(encoding="utf-8")
    assert "id: jordan-evening-iop" in text and "__ID__" not in text
    # It is schema-valid as written; what is left to do is the story and the TODOs.
    report = validate_paths([target])
    assert {p.code for p in report.problems} == {"todo-left", "presentation-length"}


def test_new_never_overwrites_a_file(tmp_path: Path) -> None:
    target = tmp_path / "my-case.yaml"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("new", "my-case", "--dir", str(tmp_path))
    assert code == 1
    assert "already exists" in err
    assert target.read_text(encoding="utf-8") == "mine"


def test_new_creates_a_missing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "my-cases" / "term-1"
    code, _, err = run("new", "my-case", "--dir", str(folder))
    assert code == 0, err
    assert (folder / "my-case.yaml").is_file()


def test_new_refuses_a_dir_that_is_a_file(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    code, _, err = run("new", "my-case", "--dir", str(not_a_folder))
    assert code == 1
    assert "not a folder" in err


@pytest.mark.parametrize("bad_id", ["My Case", "a", "case_1", "x--y", "ok/../../etc"])
def test_new_refuses_an_id_that_is_not_a_slug(tmp_path: Path, bad_id: str) -> None:
    code, _, err = run("new", bad_id, "--dir", str(tmp_path))
    assert code == 1
    assert "not a valid slug" in err
    assert list(tmp_path.iterdir()) == []


def test_the_template_explains_every_field_of_the_format() -> None:
    text = (PACKAGE / "template.yaml").read_text(encoding="utf-8")
    from iopkit.assessment import Assessment
    from iopkit.vignettes.model import DischargePlanBrief, ScheduleTask, Stage

    for model in (Vignette, Assessment, Stage, ScheduleTask, DischargePlanBrief):
        for name in model.model_fields:
            assert f"{name}:" in text, f"{model.__name__}.{name} is not in the template"


def _rows(*argv: str) -> list[dict[str, Any]]:
    code, out, err = run("vignettes", "list", "--json", *argv)
    assert code == 0, err
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def test_vignettes_list_json_has_the_promised_fields() -> None:
    rows = _rows(str(FIXTURES))
    row = next(r for r in rows if r["id"] == "fixture-evening-iop")
    assert row == row | {
        "title": "Fixture: evening IOP for a bus driver",
        "conditions": ["major_depressive_disorder"],
        "expected_level": "iop",
        "stages": 1,
        "path": str(VALID),
    }
    assert len(rows) == len(list(BUILTIN_DIR.glob("*.yaml"))) + 1


def test_vignettes_list_includes_the_environment_variable_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data["id"] = "from-the-env"
    (tmp_path / "env.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert "from-the-env" in {r["id"] for r in _rows()}


def test_vignettes_list_text_is_a_table_and_reports_broken_files(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    code, out, err = run("vignettes", "list", str(FIXTURES), str(tmp_path))
    assert code == 1
    assert out.splitlines()[0].split() == ["ID", "LEVEL", "POP", "STAGES", "CONDITIONS", "TITLE"]
    assert any(line.startswith("fixture-evening-iop ") for line in out.splitlines())
    assert "broken.yaml" in err


def test_schema_prints_the_shipped_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["$id"].endswith("vignette.schema.json")
    assert schema["title"] == "iopkit vignette"
    assert schema["additionalProperties"] is False


def test_the_shipped_schema_is_in_sync_with_the_models() -> None:
    shipped = (PACKAGE / SCHEMA_FILE).read_text(encoding="utf-8")
    assert shipped == schema_json(), (
        "iopkit/vignettes/vignette.schema.json is out of date; regenerate it with `make schema`"
    )


def test_every_field_in_the_schema_has_a_description() -> None:
    schema = schema_dict()
    for name, definition in [("Vignette", schema), *schema["$defs"].items()]:
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description") or "$ref" in spec, f"{name}.{field}"


def test_the_valid_files_also_pass_the_published_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema_dict())
    for path in [VALID, *sorted(BUILTIN_DIR.glob("*.yaml"))]:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path


def test_the_schema_rejects_a_misspelt_key() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads(json.dumps(yaml.safe_load(VALID.read_text("utf-8")), default=str))
    data["severty"] = "high"
    errors = list(jsonschema.Draft202012Validator(schema_dict()).iter_errors(data))
    assert any("severty" in e.message for e in errors)


def test_the_real_command_runs_in_a_subprocess() -> None:
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    result = subprocess.run(
        [sys.executable, "-m", "iopkit.cli", "validate", "--json", str(VALID)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ok"] is True


# The authoring guide --------------------------------------------------------------------------

GUIDE = Path(__file__).parent.parent / "docs" / "authoring-vignettes.md"


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _worked_example() -> str:
    text = _guide().split("## Worked example", 1)[1]
    return text.split("```yaml\n", 1)[1].split("\n```", 1)[0] + "\n"


def _console_block(after: str) -> list[str]:
    text = _guide().split(after, 1)[1]
    block = text.split("```console\n", 1)[1].split("\n```", 1)[0]
    return block.splitlines()[1:]  # without the "$ iopkit validate" line


def test_the_guide_lists_every_field_of_the_format() -> None:
    from iopkit.assessment import Assessment
    from iopkit.vignettes.model import DischargePlanBrief, ScheduleTask, Stage

    guide = _guide().split("## Every field", 1)[1]
    for model in (Vignette, Assessment, Stage, ScheduleTask, DischargePlanBrief):
        for name in model.model_fields:
            assert f"| `{name}` |" in guide, f"{model.__name__}.{name} is not in the guide"


def test_the_guides_worked_example_validates_and_appears_through_the_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "my-cases"
    folder.mkdir()
    (folder / "jordan-evening-iop.yaml").write_text(_worked_example(), encoding="utf-8")
    code, out, _ = run("validate", str(folder))
    assert (code, out.strip()) == (0, "OK: checked 1 file: 0 errors, 0 warnings.")
    monkeypatch.setenv(ENV_VAR, str(folder))
    rows = {r["id"]: r for r in _rows()}
    assert rows["jordan-evening-iop"]["path"] == str(folder / "jordan-evening-iop.yaml")


def _mistakes(text: str) -> str:
    for old, new in [
        ("last_reviewed: 2026-11-28", "last_reviewed: 28-11-2026"),
        ("  symptom_severity: severe", "  symtom_severity: severe"),
        ("  safety: no_concerns\n", "  safety: no\n"),
        ("expected_level: iop", "expected_level: IOP"),
        ("    decision: discharge", "    decision: discharged"),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _content_mistakes(text: str) -> str:
    for old, new in [
        ("The partner is patient", "Her GP, Dr Hollis, says the partner is patient"),
        ("expected_level: iop", "expected_level: php"),
        ("Sleep comes late", "Sleep comes late (ring 07700 900123 if worried)"),
        ("      follow_up_within_days: 7", "      follow_up_within_days: 14"),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    return "".join(line for line in text.splitlines(True) if not line.startswith("  php: "))


@pytest.mark.parametrize(
    ("heading", "mutate"),
    [
        ("of the worked example with six typical mistakes:", _mistakes),
        ("content problems gives:", _content_mistakes),
    ],
)
def test_the_error_output_shown_in_the_guide_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, heading: str, mutate: Any
) -> None:
    (tmp_path / "my-case.yaml").write_text(mutate(_worked_example()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("validate", "my-case.yaml")
    assert code == 1
    assert out.splitlines() == _console_block(heading)
