"""Set-up a newcomer relies on: matching dependency lists, a fast and lazy import, make targets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_and_pyproject_name_the_same_dependencies() -> None:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11+")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section


def test_environment_yml_uses_conda_forge() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]


def test_import_iopkit_loads_no_heavy_library() -> None:
    code = (
        "import sys, iopkit, iopkit.placement, iopkit.schedule, iopkit.cli;"
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'jupyter_core', 'jupyterlab',"
        " 'IPython', 'nbformat') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_plain_import_iopkit_does_not_even_load_pydantic_or_yaml() -> None:
    code = "import sys, iopkit; print([m for m in ('pydantic', 'yaml') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_makefile_has_the_readme_commands() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "workshop", "notebooks", "bench"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "--allow-root" in makefile


def test_ci_runs_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_states_the_two_commands_and_the_educational_use() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "not a clinical decision tool" in readme
