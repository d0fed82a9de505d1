"""The `iopkit` command on good and bad input: exit codes, JSON contracts, clear messages."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from factories import IOP_CANDIDATE, good_week

from iopkit import __version__
from iopkit.cli import build_parser, main
from iopkit.inputs import MAX_FILE_BYTES


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(list(argv), out=out, err=err)
    except SystemExit as exc:  # argparse usage errors and --help
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def run_process(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iopkit.cli", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture
def assessment_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump({"assessment": IOP_CANDIDATE}))
    return path


@pytest.fixture
def week_file(tmp_path: Path) -> Path:
    path = tmp_path / "week.yaml"
    path.write_text(yaml.safe_dump(good_week()))
    return path


# --- levels -------------------------------------------------------------------------------


def test_levels_lists_every_level_with_hours_and_sources() -> None:
    code, out, _ = run("levels")
    assert code == 0
    assert "Intensive outpatient programme (IOP)" in out
    assert "9-19 h/week" in out and "Programme overview" in out
    assert "not a clinical decision tool" in out


def test_levels_json_is_a_list_of_levels() -> None:
    code, out, _ = run("levels", "--json")
    data = json.loads(out)
    assert code == 0
    assert [d["level"] for d in data] == [
        "outpatient",
        "iop",
        "php",
        "residential",
        "withdrawal_management",
        "inpatient",
    ]
    assert data[1]["weekly_hours_adult"]["low"] == 9


# --- place --------------------------------------------------------------------------------


def test_place_prints_the_level_and_reasons(assessment_file: Path) -> None:
    code, out, _ = run("place", str(assessment_file))
    assert code == 0
    assert "Recommended level: Intensive outpatient programme (IOP)" in out
    assert "[needs-more-than-weekly] MET" in out


def test_place_json_has_level_reasons_and_flags(assessment_file: Path) -> None:
    code, out, _ = run("place", str(assessment_file), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["level"] == "iop"
    assert data["reasons"][-1]["rule"] == "needs-more-than-weekly"
    assert isinstance(data["flags"], list)


@pytest.mark.parametrize(("risk", "setting"), [("low", "ambulatory"), ("high", "24_hour")])
def test_place_json_carries_the_withdrawal_setting_and_the_text_names_it(
    tmp_path: Path, risk: str, setting: str
) -> None:
    path = tmp_path / "case.json"
    findings = {**IOP_CANDIDATE, "withdrawal": "needs_management", "withdrawal_risk": risk}
    path.write_text(json.dumps({"assessment": findings}))
    code, out, _ = run("place", str(path), "--json")
    assert code == 0 and json.loads(out)["withdrawal_setting"] == setting
    code, out, _ = run("place", str(path))
    label = "Ambulatory" if setting == "ambulatory" else "24-hour"
    assert f"Recommended level: {label} withdrawal management" in out


def test_place_reads_json_files(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"assessment": {**IOP_CANDIDATE, "safety": "cannot_keep_safe"}}))
    code, out, _ = run("place", str(path), "--json")
    assert code == 0 and json.loads(out)["level"] == "inpatient"


def test_place_names_file_field_value_and_suggestion_for_a_misspelt_value(
    tmp_path: Path,
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump({"assessment": {**IOP_CANDIDATE, "motivation": "hgih"}}))
    code, out, err = run("place", str(path))
    assert code == 1 and out == ""
    assert str(path) in err
    assert "assessment.motivation" in err
    assert "'hgih'" in err and "low, moderate, high" in err and "Did you mean 'high'" in err


def test_place_reports_the_line_of_the_bad_field(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "assessment:\n"
        + "".join(f"  {k}: {json.dumps(v)}\n" for k, v in IOP_CANDIDATE.items()).replace(
            'withdrawal: "none"', 'withdrawl: "none"'
        )
    )
    code, _, err = run("place", str(path))
    assert code == 1
    line = 1 + list(IOP_CANDIDATE).index("withdrawal") + 1
    assert f"{path}:{line}:" in err
    assert "unknown field 'withdrawl'" in err and "Did you mean 'withdrawal'" in err


def test_place_without_an_assessment_mapping_says_so(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("title: no findings here\n")
    code, _, err = run("place", str(path))
    assert code == 1 and "no 'assessment' mapping" in err


# --- schedule check -----------------------------------------------------------------------


def test_schedule_check_of_a_good_week_exits_zero(week_file: Path) -> None:
    code, out, _ = run("schedule", "check", str(week_file))
    assert code == 0
    assert out.startswith("OK: 9 h a week on 3 days")


def test_schedule_check_json_contract(week_file: Path) -> None:
    code, out, _ = run("schedule", "check", str(week_file), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["ok"] is True
    assert data["hours_per_week"] == 9
    assert data["days_per_week"] == 3
    assert data["findings"] == []


def test_schedule_with_errors_exits_one_and_lists_them(tmp_path: Path) -> None:
    path = tmp_path / "thin.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "sessions": [
                    {"day": "mon", "start": "09:00", "minutes": 60, "activity": "skills_group"}
                ]
            }
        )
    )
    code, out, _ = run("schedule", "check", str(path), "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    assert {"code", "severity", "message"} <= set(data["findings"][0])
    assert "hours-below-iop-minimum" in {f["code"] for f in data["findings"]}


def test_schedule_bad_start_time_names_the_session_and_what_is_allowed(tmp_path: Path) -> None:
    data = good_week()
    data["sessions"][3]["start"] = "25:00"
    path = tmp_path / "week.yaml"
    path.write_text(yaml.safe_dump(data))
    code, out, err = run("schedule", "check", str(path))
    assert code == 1 and out == ""
    assert "sessions[3].start" in err and "'25:00'" in err and "00 to 23" in err


# --- hostile and broken files -------------------------------------------------------------


def test_python_object_tags_are_refused_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"assessment: !!python/object/apply:os.system ['touch {marker}']\n")
    proc = run_process("place", str(path))
    assert proc.returncode == 1
    assert not marker.exists()
    assert "tag" in proc.stderr and "Traceback" not in proc.stderr


def test_non_utf8_files_are_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("assessment:\n  note: caf\xe9\n".encode("latin-1"))
    code, _, err = run("place", str(path))
    assert code == 1 and "not valid UTF-8" in err and str(path) in err


def test_oversized_files_are_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * (MAX_FILE_BYTES // 8))
    code, _, err = run("schedule", "check", str(path))
    assert code == 1 and "limit is" in err


def test_broken_yaml_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("weeks: 8\nsessions:\n  - {day: mon, start: '09:00'\n")
    code, _, err = run("schedule", "check", str(path))
    assert code == 1 and "not valid YAML" in err and f"{path}:" in err


def test_empty_and_missing_files_are_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert "empty" in run("place", str(empty))[2]
    code, _, err = run("place", str(tmp_path / "nope.yaml"))
    assert code == 1 and "file not found" in err


def test_duplicate_keys_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("weeks: 8\nweeks: 9\nsessions: []\n")
    code, _, err = run("schedule", "check", str(path))
    assert code == 1 and "appears twice" in err and ":2:" in err


# --- usage --------------------------------------------------------------------------------


def test_version() -> None:
    code, _, _ = run("--version")
    assert code == 0
    proc = run_process("--version")
    assert proc.stdout.strip() == f"iopkit {__version__}"


def test_version_and_help_load_no_model_or_file_library() -> None:
    """``iopkit --version`` and ``--help`` stay fast: no pydantic, YAML library (PyYAML or
    ruamel.yaml) or markdown."""
    code = (
        "import sys, contextlib, io\n"
        "from iopkit.cli import main\n"
        "for argv in (['--version'], ['--help']):\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(argv)\n"
        "heavy = ('pydantic', 'yaml', 'ruamel', 'markdown_it', 'matplotlib', 'ipywidgets')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert proc.stdout.strip() == "[]", proc.stdout


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["levels"],
        ["place"],
        ["schedule"],
        ["schedule", "check"],
        ["validate"],
        ["new"],
        ["vignettes"],
        ["vignettes", "list"],
    ],
)
def test_help_everywhere(argv: list[str]) -> None:
    code, _, _ = run(*argv, "--help")
    assert code == 0


def test_usage_errors_exit_two() -> None:
    assert run()[0] == 2
    assert run("place")[0] == 2
    assert run("frobnicate")[0] == 2
    assert run("levels", "--bogus")[0] == 2


def test_installed_console_script_runs() -> None:
    script = Path(sys.executable).parent / "iopkit"
    proc = subprocess.run([str(script), "levels", "--json"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)[0]["level"] == "outpatient"


# --- one home for every command -------------------------------------------------------------


def _assigned_names(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def test_exit_codes_and_the_disclaimer_are_defined_once() -> None:
    package = Path(main.__code__.co_filename).resolve().parents[1]
    homes: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for name in _assigned_names(path):
            if name.startswith("EXIT_") or name == "DISCLAIMER":
                homes.setdefault(name, []).append(str(path.relative_to(package)))
    assert homes["DISCLAIMER"] == ["__init__.py"]
    assert {k: v for k, v in homes.items() if k != "DISCLAIMER"} == {
        name: [str(Path("cli", "common.py"))]
        for name in (
            "EXIT_OK",
            "EXIT_INVALID",
            "EXIT_USAGE",
            "EXIT_INTERRUPTED",
            "EXIT_STATUS_TEXT",
        )
    }


def test_every_command_module_lives_in_the_cli_package() -> None:
    import argparse

    package = Path(main.__code__.co_filename).resolve().parents[1]
    parser_users = [
        str(p.relative_to(package))
        for p in sorted(package.rglob("*.py"))
        if "argparse" in p.read_text(encoding="utf-8")
    ]
    assert parser_users and all(p.startswith("cli") for p in parser_users), parser_users
    assert isinstance(build_parser(), argparse.ArgumentParser)


def test_python_dash_m_iopkit_cli_runs(tmp_path: Path) -> None:
    proc = run_process("levels", "--json", cwd=tmp_path)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)[-1]["level"] == "inpatient"
